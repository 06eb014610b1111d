package conversion

import (
	"errors"
	"fmt"
	"path"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/idlconv/idlconv/convert"
)

// Kind is the shape of a key's value.
type Kind int

// The kinds of key.
const (
	// Text is one string: a flag given once (the last one counts), a
	// scalar in YAML.
	Text Kind = iota
	// Bool is true or false: a flag without a value, a YAML boolean.
	Bool
	// List is strings: a flag given once for each, a YAML list (or one
	// string), the words of an option line.
	List
	// Pairs are NAME: VALUE entries in order: a flag given as NAME=VALUE
	// once for each, a YAML mapping, NAME=VALUE words of an option line.
	Pairs
)

// Key is one setting of a conversion.
type Key struct {
	// Name is the key in idlconv.yaml and in a --config file.
	Name string
	// Flag is the `idlconv convert` flag without its dashes; empty when
	// the key has none (Short is its one-letter form).
	Flag, Short string
	// Kind is the shape of its value.
	Kind Kind
	// Help says what it does, for the flag's help and messages; the
	// flag's help adds Values (or the registry's format names).
	Help string
	// Default is the value of a conversion that does not give it, as
	// written; empty means none.
	Default string
	// Values are the values it takes when they are fixed, the default
	// first (for help and completion; the effect checks them).
	Values []string
	// PairShape names a Pairs key's entries in messages: "FROM=TO".
	PairShape string
	// Formats is true when the values are the registry's format names.
	Formats bool
	// set is its effect on a spec.
	set func(s *Spec, v Value) error
}

// Keys returns the table of conversion keys, in the order README.md
// lists them. Adding a key is a row here plus its effect (the field of
// convert.Options or Spec it sets, and the code that reads that field).
func Keys() []*Key {
	return []*Key{
		{Name: "name", Kind: Text, Help: `names the conversion in messages (default "conversion N")`,
			set: func(s *Spec, v Value) error { s.Name = v.Text; return nil }},
		{Name: "sources", Kind: List, Help: "files, folders or patterns to convert (the command's arguments)",
			set: func(s *Spec, v Value) error {
				if len(v.List) == 0 {
					return errors.New("sources must name at least one file, folder or pattern")
				}
				s.Sources = append(s.Sources, v.List...)
				return nil
			}},
		{Name: "exclude", Flag: "exclude", Kind: List, Help: "leave out the files of the sources that match PATTERN (path.Match, against the path relative to the sources' folder or any of its trailing parts; repeatable)",
			set: func(s *Spec, v Value) error {
				for _, p := range v.List {
					if _, err := path.Match(p, ""); err != nil {
						return fmt.Errorf("exclude pattern %q: %v", p, err)
					}
				}
				s.Exclude = append(s.Exclude, v.List...)
				return nil
			}},
		{Name: "from", Flag: "from", Kind: Text, Formats: true, Help: "input format (default: from the file extension)",
			set: func(s *Spec, v Value) (err error) { s.Options.From, err = v.Reg.ParseFormat(v.Text); return err }},
		{Name: "to", Flag: "to", Kind: Text, Formats: true, Help: "output format",
			set: func(s *Spec, v Value) (err error) { s.Options.To, err = v.Reg.ParseFormat(v.Text); return err }},
		{Name: "output", Flag: "output", Short: "o", Kind: Text, Help: `output file, or output folder for several inputs ("-" or none: standard output)`,
			set: func(s *Spec, v Value) error {
				if v.Text == "-" || v.Text == "" {
					s.Output, s.OutputDir = "", false // standard output
					return nil
				}
				s.Output, s.OutputDir = resolve(v.Dir, v.Text), hasSlash(v.Text)
				return nil
			}},
		{Name: "include", Flag: "include", Short: "I", Kind: List, Help: "import root, searched for includes (repeatable)",
			set: func(s *Spec, v Value) error {
				for _, d := range v.List {
					s.Options.IncludeDirs = append(s.Options.IncludeDirs, resolve(v.Dir, d))
				}
				return nil
			}},
		{Name: "strict", Flag: "strict", Kind: Bool, Help: "treat warnings as errors",
			set: func(s *Spec, v Value) error { s.Options.Strict = v.Text == "true"; return nil }},
		{Name: "proto_syntax", Flag: "proto-syntax", Kind: Text, Default: convert.ProtoSyntaxes[0], Values: convert.ProtoSyntaxes,
			Help: "proto output syntax (editions: edition 2023)",
			set: func(s *Spec, v Value) (err error) {
				s.Options.ProtoSyntax, err = convert.ParseProtoSyntax(v.Text)
				return err
			}},
		{Name: "package", Flag: "package", Kind: Text, Help: "package of the output files (default: from the input's namespaces)",
			set: func(s *Spec, v Value) error { s.Options.Package = v.Text; return nil }},
		{Name: "package_map", Flag: "package-map", Kind: Pairs, PairShape: "FROM=TO",
			Help: "output package TO for the source package FROM and those under it: FROM=TO (repeatable; --package wins)",
			set: func(s *Spec, v Value) error {
				for _, p := range v.Pairs {
					s.Options.PackageMap = append(s.Options.PackageMap, convert.PackageMapping{From: p.Name, To: p.Value})
				}
				return nil
			}},
		{Name: "go_package_prefix", Flag: "go-package-prefix", Kind: Text,
			Help: "Go import path prefix that Thrift's namespace go leaves out (thrift --gen go:package_prefix=...), e.g. github.com/acme/gen/",
			set:  func(s *Spec, v Value) error { s.Options.GoPackagePrefix = v.Text; return nil }},
		{Name: "oneof", Flag: "oneof", Kind: Text, Default: convert.OneofStyles[0], Values: convert.OneofStyles,
			Help: "how proto oneofs become Thrift (annotation: optional fields marked proto.oneof)",
			set: func(s *Spec, v Value) (err error) {
				s.Options.Oneof, err = convert.ParseOneofStyle(v.Text)
				return err
			}},
		{Name: "jsonschema_draft", Flag: "jsonschema-draft", Kind: Text, Default: convert.JSONSchemaDrafts[0], Values: convert.JSONSchemaDrafts,
			Help: "JSON Schema output draft",
			set: func(s *Spec, v Value) (err error) {
				s.Options.JSONSchemaDraft, err = convert.ParseJSONSchemaDraft(v.Text)
				return err
			}},
		{Name: "ref_map", Flag: "ref-map", Kind: Pairs, PairShape: "PREFIX=DIR",
			Help: "resolve remote JSON Schema $refs under PREFIX from local folder DIR: PREFIX=DIR (repeatable)",
			set: func(s *Spec, v Value) error {
				for _, p := range v.Pairs {
					s.Options.RefMap = append(s.Options.RefMap, convert.RefMapping{Prefix: p.Name, Dir: resolve(v.Dir, p.Value)})
				}
				return nil
			}},
		{Name: "max_file_size", Flag: "max-file-size", Kind: Text, Default: strconv.Itoa(convert.DefaultMaxFileSize), Help: "the largest file read, in bytes",
			set: func(s *Spec, v Value) error {
				n, err := strconv.ParseInt(v.Text, 10, 64)
				if err != nil || n <= 0 {
					return fmt.Errorf("want a number of bytes above 0, not %q", v.Text)
				}
				s.Options.MaxFileSize = n
				return nil
			}},
		{Name: "rules", Flag: "rule", Kind: Pairs, PairShape: "RULE-ID=LEVEL",
			Help: "what a rule's warnings become: RULE-ID=LEVEL, LEVEL one of " + strings.Join(convert.RuleLevelNames, ", ") + " (repeatable; see idlconv rules)",
			set: func(s *Spec, v Value) error {
				for i, p := range v.Pairs {
					l, err := v.Reg.ParseRuleLevel(p.Name, p.Value)
					if err != nil {
						var unknown *convert.UnknownRuleError
						return &PairError{Index: i, OnName: errors.As(err, &unknown), Err: err}
					}
					s.Options.SetRuleLevel(p.Name, l)
				}
				return nil
			}},
	}
}

// KeyNamed returns the key with the name, or nil.
func KeyNamed(name string) *Key {
	for _, k := range Keys() {
		if k.Name == name {
			return k
		}
	}
	return nil
}

// KeyOfFlag returns the key whose flag is flag, or nil.
func KeyOfFlag(flag string) *Key {
	for _, k := range Keys() {
		if k.Flag != "" && k.Flag == flag {
			return k
		}
	}
	return nil
}

// KeyNames lists the keys' names, in order.
func KeyNames() []string {
	var names []string
	for _, k := range Keys() {
		names = append(names, k.Name)
	}
	return names
}

// hasSlash reports whether a path is written as a folder: it ends in a
// slash, or the system's separator.
func hasSlash(p string) bool {
	return strings.HasSuffix(p, "/") || strings.HasSuffix(p, string(filepath.Separator))
}

// FlagHelp is the help of a key's flag: Help, and the values it takes
// (formats names the registry's formats).
func (k *Key) FlagHelp(formats string) string {
	switch {
	case k.Formats:
		return k.Help + ": " + formats
	case k.Values != nil:
		return k.Help + ": " + strings.Join(k.Values, ", ")
	}
	return k.Help
}
