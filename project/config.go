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
	"os"
	"path/filepath"
	"strings"

	"go.yaml.in/yaml/v3"

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
// where, and how.
type Conversion struct {
	// Pos is where the entry starts in the file.
	Pos schema.Pos
	// Name names the conversion in messages; by default "conversion N"
	// (from 1).
	Name string
	// Sources are files, folders or glob patterns (path.Match syntax,
	// per path element), relative to Config.Dir.
	Sources []string
	// From is the input format when the extensions do not say it.
	From schema.Format
	// To is the output format.
	To schema.Format
	// Output is the output file (one input) or folder.
	Output string
	// Options are the conversion's options; IncludeDirs and RefMap
	// folders are already resolved against Config.Dir.
	Options convert.Options
}

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
		return nil, fmt.Errorf("reading %s: %w", path, err)
	}
	return Parse(path, src, reg)
}

// Parse reads a project file's contents; path names it in messages and
// gives the folder relative paths resolve against.
func Parse(path string, src []byte, reg *convert.Registry) (*Config, error) {
	cfg := &Config{Path: path, Dir: filepath.Dir(path)}
	p := &parser{path: path, reg: reg, dir: cfg.Dir}
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

// conversionKeys are the keys of a conversion, in the order README.md
// lists them.
var conversionKeys = []string{"name", "sources", "from", "to", "output", "include", "strict", "proto_syntax",
	"package", "package_map", "go_package_prefix", "oneof", "jsonschema_draft", "ref_map", "rules"}

// parser reads one project file.
type parser struct {
	path, dir string
	reg       *convert.Registry
}

func (p *parser) conversion(n *yaml.Node, index int) (*Conversion, error) {
	if n.Kind != yaml.MappingNode {
		return nil, p.errorf(n, "a conversion is a mapping (keys: %s)", strings.Join(conversionKeys, ", "))
	}
	c := &Conversion{Pos: p.pos(n), Name: fmt.Sprintf("conversion %d", index),
		Options: convert.Options{ProtoSyntax: "proto3", Oneof: convert.OneofAnnotation, JSONSchemaDraft: "2020-12"}}
	o := &c.Options
	var haveTo, haveSources, haveOutput bool
	err := p.mapping(n, func(key string, k, v *yaml.Node) error {
		var err error
		switch key {
		case "name":
			c.Name, err = p.str(v)
		case "sources":
			haveSources = true
			c.Sources, err = p.strs(v)
			if err == nil && len(c.Sources) == 0 {
				err = p.errorf(v, "sources must name at least one file, folder or pattern")
			}
		case "from":
			c.From, err = p.format(v)
		case "to":
			haveTo = true
			c.To, err = p.format(v)
		case "output":
			haveOutput = true
			c.Output, err = p.str(v)
		case "include":
			var dirs []string
			dirs, err = p.strs(v)
			for _, d := range dirs {
				o.IncludeDirs = append(o.IncludeDirs, p.rel(d))
			}
		case "strict":
			o.Strict, err = p.boolean(v)
		case "proto_syntax":
			o.ProtoSyntax, err = p.oneOf(v, "proto3", "proto2", "editions")
		case "package":
			o.Package, err = p.str(v)
		case "go_package_prefix":
			o.GoPackagePrefix, err = p.str(v)
		case "oneof":
			var s string
			s, err = p.oneOf(v, string(convert.OneofAnnotation), string(convert.OneofUnion))
			o.Oneof = convert.OneofStyle(s)
		case "jsonschema_draft":
			o.JSONSchemaDraft, err = p.oneOf(v, "2020-12", "7")
		case "package_map":
			err = p.pairs(v, func(from, to string, _, _ *yaml.Node) error {
				o.PackageMap = append(o.PackageMap, convert.PackageMapping{From: from, To: to})
				return nil
			})
		case "ref_map":
			err = p.pairs(v, func(prefix, dir string, _, _ *yaml.Node) error {
				o.RefMap = append(o.RefMap, convert.RefMapping{Prefix: prefix, Dir: p.rel(dir)})
				return nil
			})
		case "rules":
			err = p.pairs(v, func(id, level string, kn, vn *yaml.Node) error {
				return p.rule(o, id, level, kn, vn)
			})
		default:
			err = p.errorf(k, "unknown key %q in a conversion (known: %s)", key, strings.Join(conversionKeys, ", "))
		}
		return err
	})
	if err != nil {
		return nil, err
	}
	switch {
	case !haveSources:
		return nil, p.errorf(n, "%s has no sources", c.Name)
	case !haveTo:
		return nil, p.errorf(n, "%s has no to (the output format: %s)", c.Name, p.reg.Names())
	case !haveOutput || c.Output == "":
		return nil, p.errorf(n, "%s has no output (a file, or a folder ending in /)", c.Name)
	}
	o.To, o.From = c.To, c.From
	return c, nil
}

// rule sets a rule level, checking the rule exists and is not an error
// rule being lowered.
func (p *parser) rule(o *convert.Options, id, level string, kn, vn *yaml.Node) error {
	l, err := p.reg.ParseRuleLevel(id, level)
	if err != nil {
		var unknown *convert.UnknownRuleError
		if errors.As(err, &unknown) {
			return p.errorf(kn, "%v", err)
		}
		return p.errorf(vn, "%v", err)
	}
	o.SetRuleLevel(id, l)
	return nil
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

func (p *parser) oneOf(n *yaml.Node, allowed ...string) (string, error) {
	s, err := p.str(n)
	if err != nil {
		return "", err
	}
	for _, a := range allowed {
		if s == a {
			return s, nil
		}
	}
	return "", p.errorf(n, "%q is not one of %s", s, strings.Join(allowed, ", "))
}

func (p *parser) format(n *yaml.Node) (schema.Format, error) {
	s, err := p.str(n)
	if err != nil {
		return "", err
	}
	f, err := p.reg.ParseFormat(s)
	if err != nil {
		return "", p.errorf(n, "%v", err)
	}
	return f, nil
}

// rel resolves a path of the file against its folder.
func (p *parser) rel(s string) string { return inDir(p.dir, s) }

func (p *parser) pos(n *yaml.Node) schema.Pos {
	if n == nil {
		return schema.Pos{File: p.path, Line: 1, Col: 1}
	}
	return schema.Pos{File: p.path, Line: n.Line, Col: n.Column}
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
