// Package project reads idlconv.yaml, the file that says what a project
// generates from what: a list of conversions, each with its sources,
// target format, output and options. `idlconv sync` regenerates every
// output it lists, and `idlconv sync --check` says which are stale.
//
// A conversion's relative paths (sources, output, include, ref_map
// folders) are relative to the folder of the file. Unknown keys and bad
// values are errors that name the file, line and column.
package project

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"

	"github.com/idlconv/idlconv/conversion"
	"github.com/idlconv/idlconv/convert"
	"github.com/idlconv/idlconv/schema"
)

// FileName is the name of the project file.
const FileName = "idlconv.yaml"

// Config is a project file.
type Config struct {
	// Path is the file read; Dir its folder, against which the relative
	// paths in it resolve.
	Path, Dir string
	// Conversions are the conversions it lists, in its order.
	Conversions []*Conversion
}

// Conversion is one entry of conversions: what to convert, to what,
// where, and how. Its Dir is the project file's folder; its Options'
// IncludeDirs and RefMap folders and its Output are resolved against it.
type Conversion = conversion.Spec

// Find returns the project file in dir or the nearest folder above it.
func Find(dir string) (string, error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return "", fmt.Errorf("finding %s: %w", FileName, err)
	}
	for d := abs; ; d = filepath.Dir(d) {
		p := filepath.Join(d, FileName)
		if info, err := os.Stat(p); err == nil && info.Mode().IsRegular() {
			return p, nil
		}
		if filepath.Dir(d) == d {
			return "", fmt.Errorf("no %s in %s or a folder above it (give --config FILE)", FileName, abs)
		}
	}
}

// Load reads a project file; reg checks the format names and rule IDs.
// A problem in the file is an *Error, which names its line and column.
func Load(path string, reg *convert.Registry) (*Config, error) {
	src, err := os.ReadFile(path)
	if err != nil {
		return nil, readError(path, err)
	}
	return Parse(path, src, reg)
}

// Parse reads a project file's contents; path names it in messages and
// gives the folder relative paths resolve against.
func Parse(path string, src []byte, reg *convert.Registry) (*Config, error) {
	cfg := &Config{Path: path, Dir: filepath.Dir(path)}
	p := &parser{path: path, reg: reg, dir: cfg.Dir, src: src, lines: schema.NewLines(path, src)}
	var doc yaml.Node
	if err := yaml.Unmarshal(src, &doc); err != nil {
		return nil, p.yamlError(err)
	}
	if doc.Kind == 0 || len(doc.Content) == 0 {
		return nil, p.errorf(nil, "the file is empty: it needs a conversions list")
	}
	root := doc.Content[0]
	if root.Kind != yaml.MappingNode {
		return nil, p.errorf(root, "the file must be a mapping with the key conversions")
	}
	var convs *yaml.Node
	if err := p.mapping(root, func(key string, k, v *yaml.Node) error {
		switch key {
		case "version":
			if v.Kind != yaml.ScalarNode || v.Value != "1" {
				return p.errorf(v, "version must be 1")
			}
		case "conversions":
			convs = v
		default:
			return p.errorf(k, "unknown key %q (known: version, conversions)", key)
		}
		return nil
	}); err != nil {
		return nil, err
	}
	if convs == nil {
		return nil, p.errorf(root, "no conversions key")
	}
	if convs.Kind != yaml.SequenceNode || len(convs.Content) == 0 {
		return nil, p.errorf(convs, "conversions must be a list of one or more conversions")
	}
	names := map[string]bool{}
	for i, n := range convs.Content {
		c, err := p.conversion(n, i+1)
		if err != nil {
			return nil, err
		}
		if names[c.Name] {
			return nil, p.errorf(n, "two conversions are named %q", c.Name)
		}
		names[c.Name] = true
		cfg.Conversions = append(cfg.Conversions, c)
	}
	return cfg, nil
}

// parser reads one project file.
type parser struct {
	path, dir string
	reg       *convert.Registry
	// src is the file's text and lines its line index, which turn the
	// YAML library's positions (columns counting characters) into byte
	// columns with the end of the token there.
	src   []byte
	lines *schema.Lines
	// known are the keys a conversion may have here (nil: all), for
	// messages; given, when set, is what the command line gave, which a
	// settings file leaves (see LoadSettings).
	known []string
	given func(k *conversion.Key, entry string) bool
}

func (p *parser) conversion(n *yaml.Node, index int) (*Conversion, error) {
	keys := strings.Join(conversion.KeyNames(), ", ")
	if n.Kind != yaml.MappingNode {
		return nil, p.errorf(n, "a conversion is a mapping (keys: %s)", keys)
	}
	c := conversion.New(p.reg)
	c.Pos, c.Name, c.Dir = p.pos(n), fmt.Sprintf("conversion %d", index), p.dir
	given, err := p.settings(n, c, func(k *conversion.Key, kn *yaml.Node) error { return nil })
	if err != nil {
		return nil, err
	}
	switch {
	case !given["sources"]:
		return nil, p.errorf(n, "%s has no sources", c.Name)
	case !given["to"]:
		return nil, p.errorf(n, "%s has no to (the output format: %s)", c.Name, p.reg.Names())
	case !given["output"] || c.Output == "":
		return nil, p.errorf(n, "%s has no output (a file, or a folder ending in /)", c.Name)
	}
	// sync writes only inside the project folder, and never over the
	// project's own files (see bounds, in sync.go).
	if msg := newBounds(p.dir, p.path).problem(c.Output); msg != "" {
		for i := 0; i+1 < len(n.Content); i += 2 {
			if k, v := n.Content[i], n.Content[i+1]; k.Value == "output" {
				return nil, p.errorf(v, "output %s %s", v.Value, msg)
			}
		}
	}
	return c, nil
}

// settings sets the keys of a mapping node on c through the key table,
// each error at the node it is about; allow may refuse a key. It returns
// the names of the keys given.
func (p *parser) settings(n *yaml.Node, c *conversion.Spec, allow func(k *conversion.Key, kn *yaml.Node) error) (map[string]bool, error) {
	given := map[string]bool{}
	err := p.mapping(n, func(key string, kn, vn *yaml.Node) error {
		k := conversion.KeyNamed(key)
		if k == nil {
			known := p.known
			if known == nil {
				known = conversion.KeyNames()
			}
			return p.errorf(kn, "unknown key %q in a conversion (known: %s)", key, strings.Join(known, ", "))
		}
		if err := allow(k, kn); err != nil {
			return err
		}
		given[key] = true
		if p.given != nil && (k.Kind == conversion.Text || k.Kind == conversion.Bool) && p.given(k, "") {
			return nil // the command line gave it
		}
		v := conversion.Value{Dir: p.dir, Reg: p.reg}
		var pairNodes [][2]*yaml.Node
		var err error
		switch k.Kind {
		case conversion.Text:
			v.Text, err = p.str(vn)
		case conversion.Bool:
			var b bool
			b, err = p.boolean(vn)
			v.Text = fmt.Sprint(b)
		case conversion.List:
			v.List, err = p.strs(vn)
		case conversion.Pairs:
			err = p.pairs(vn, func(name, value string, pkn, pvn *yaml.Node) error {
				if p.given != nil && p.given(k, name) {
					return nil // the command line gave it
				}
				v.Pairs = append(v.Pairs, conversion.Pair{Name: name, Value: value})
				pairNodes = append(pairNodes, [2]*yaml.Node{pkn, pvn})
				return nil
			})
		}
		if err != nil {
			return err
		}
		if err := c.Set(k, v); err != nil {
			var pe *conversion.PairError
			if errors.As(err, &pe) {
				at := pairNodes[pe.Index][1]
				if pe.OnName {
					at = pairNodes[pe.Index][0]
				}
				return p.errorf(at, "%v", pe.Err)
			}
			return p.errorf(vn, "%v", err)
		}
		return nil
	})
	return given, err
}

// mapping calls fn for each key of a mapping node, in order, refusing a
// key given twice.
func (p *parser) mapping(n *yaml.Node, fn func(key string, k, v *yaml.Node) error) error {
	seen := map[string]bool{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		if k.Kind != yaml.ScalarNode {
			return p.errorf(k, "a key must be a plain name")
		}
		if seen[k.Value] {
			return p.errorf(k, "key %q is given twice", k.Value)
		}
		seen[k.Value] = true
		if err := fn(k.Value, k, v); err != nil {
			return err
		}
	}
	return nil
}

// pairs reads a mapping of strings to strings, in order.
func (p *parser) pairs(n *yaml.Node, fn func(k, v string, kn, vn *yaml.Node) error) error {
	if n.Kind != yaml.MappingNode {
		return p.errorf(n, "expected a mapping of names to values")
	}
	return p.mapping(n, func(key string, k, v *yaml.Node) error {
		s, err := p.str(v)
		if err != nil {
			return err
		}
		return fn(key, s, k, v)
	})
}

func (p *parser) str(n *yaml.Node) (string, error) {
	if n.Kind != yaml.ScalarNode || n.Tag == "!!null" {
		return "", p.errorf(n, "expected a string")
	}
	return n.Value, nil
}

// strs reads a string or a list of strings.
func (p *parser) strs(n *yaml.Node) ([]string, error) {
	if n.Kind == yaml.ScalarNode {
		s, err := p.str(n)
		return []string{s}, err
	}
	if n.Kind != yaml.SequenceNode {
		return nil, p.errorf(n, "expected a string or a list of strings")
	}
	var out []string
	for _, item := range n.Content {
		s, err := p.str(item)
		if err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, nil
}

func (p *parser) boolean(n *yaml.Node) (bool, error) {
	if n.Kind == yaml.ScalarNode && n.Tag == "!!bool" {
		return n.Value == "true", nil
	}
	return false, p.errorf(n, "expected true or false")
}

func (p *parser) pos(n *yaml.Node) schema.Pos {
	if n == nil {
		return schema.Pos{File: p.path, Line: 1, Col: 1}
	}
	start := p.lines.LineStart(n.Line)
	if start < 0 {
		return schema.Pos{File: p.path, Line: n.Line, Col: n.Column}
	}
	// The YAML library counts characters: walk them to the byte.
	off := start
	for i := 1; i < n.Column && off < len(p.src) && p.src[off] != '\n'; i++ {
		_, size := utf8.DecodeRune(p.src[off:])
		off += size
	}
	return p.lines.Pos(off, off+yamlTokenLen(p.src[off:]))
}

// yamlTokenLen is the length of the YAML token at the start of b: a
// quoted string, a bracket or brace, or a plain scalar up to the end of
// the line, a flow indicator, a comment or a key's colon.
func yamlTokenLen(b []byte) int {
	if len(b) == 0 {
		return 0
	}
	switch b[0] {
	case '"', '\'':
		for i := 1; i < len(b) && b[i] != '\n'; i++ {
			if b[0] == '"' && b[i] == '\\' {
				i++
				continue
			}
			if b[i] == b[0] {
				return i + 1
			}
		}
		return 1
	case '[', ']', '{', '}', '-', ',':
		return 1
	}
	n := 0
	for n < len(b) && b[n] != '\n' && b[n] != ',' && b[n] != ']' && b[n] != '}' &&
		!(b[n] == ':' && (n+1 == len(b) || b[n+1] == ' ' || b[n+1] == '\n')) && !(b[n] == '#' && n > 0 && b[n-1] == ' ') {
		n++
	}
	for n > 0 && (b[n-1] == ' ' || b[n-1] == '\t' || b[n-1] == '\r') {
		n--
	}
	return n
}

// Error is a problem in a project file, at a place in it.
type Error struct {
	Pos schema.Pos
	Msg string
}

func (e *Error) Error() string { return e.Pos.String() + ": " + e.Msg }

func (p *parser) errorf(n *yaml.Node, format string, args ...any) error {
	return &Error{Pos: p.pos(n), Msg: fmt.Sprintf(format, args...)}
}

// yamlError places a YAML syntax error ("yaml: line N: ...") at its line.
func (p *parser) yamlError(err error) error {
	msg := err.Error()
	var te *yaml.TypeError
	if errors.As(err, &te) && len(te.Errors) > 0 {
		msg = te.Errors[0]
	}
	line := 1
	if rest, ok := strings.CutPrefix(msg, "yaml: line "); ok {
		if n, after, ok := strings.Cut(rest, ": "); ok {
			if _, err := fmt.Sscanf(n, "%d", &line); err == nil {
				msg = after
			}
		}
	} else {
		msg = strings.TrimPrefix(msg, "yaml: ")
	}
	return &Error{Pos: schema.Pos{File: p.path, Line: line, Col: 1}, Msg: "not valid YAML: " + msg}
}

// LoadSettings reads a settings file, `idlconv convert --config FILE`: a
// YAML (or JSON) mapping with the keys of a conversion of idlconv.yaml
// but name and sources (the command's arguments), which it sets on c.
// Relative paths in it are relative to its folder. A problem in the file
// is an *Error at its line and column.
//
// given, when set, names what the command line already gave: a key it
// reports (entry "") is left as it is, and so is an entry of a pairs key
// it reports by name.
func LoadSettings(path string, reg *convert.Registry, c *conversion.Spec, given func(k *conversion.Key, entry string) bool) error {
	src, err := os.ReadFile(path)
	if err != nil {
		return readError(path, err)
	}
	p := &parser{path: path, reg: reg, dir: filepath.Dir(path), src: src, lines: schema.NewLines(path, src)}
	var doc yaml.Node
	if err := yaml.Unmarshal(src, &doc); err != nil {
		return p.yamlError(err)
	}
	if doc.Kind == 0 || len(doc.Content) == 0 {
		return nil
	}
	root := doc.Content[0]
	if root.Kind != yaml.MappingNode {
		return p.errorf(root, "the file must be a mapping with the keys of a conversion (%s)", strings.Join(conversion.KeyNames(), ", "))
	}
	p.known, p.given = settingsKeys(), given
	_, err = p.settings(root, c, func(k *conversion.Key, kn *yaml.Node) error {
		if !slices.Contains(p.known, k.Name) {
			return p.errorf(kn, "%s belongs to a conversion of %s; on the command line the sources are the arguments", k.Name, FileName)
		}
		return nil
	})
	return err
}

// settingsKeys are the keys of a settings file: those of a conversion
// but name and sources.
func settingsKeys() []string {
	var keys []string
	for _, k := range conversion.KeyNames() {
		if k != "name" && k != "sources" {
			keys = append(keys, k)
		}
	}
	return keys
}

// readError says that a file could not be read, naming it once.
func readError(path string, err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		err = pe.Err
	}
	return fmt.Errorf("reading %s: %w", path, err)
}
