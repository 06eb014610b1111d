// Package demoformat is a toy IDL that shows, and tests, what adding a
// format to idlconv takes: a front-end, a printer and the rules of its
// directions, registered in a convert.Registry with no edit anywhere else.
// Tests of package convert and of the CLI register it.
//
// Test-only: used by the tests of convert and cmd/idlconv; never imported
// by the command or the library (internal/testkit's
// TestProductImportsNoTestCode checks it).
//
// A demo file (extension .demo) declares one struct, a field a line:
//
//	struct Person {
//	  1 name string
//	  2 age int
//	}
//
// Field types are string, int (64 bits) and bool.
package demoformat

import (
	"bufio"
	"bytes"
	"fmt"
	"strconv"
	"strings"

	"github.com/idlconv/idlconv/convert"
	"github.com/idlconv/idlconv/schema"
)

// Name is the demo format's name.
const Name schema.Format = "demo"

// types maps demo type names to model kinds.
var types = map[string]schema.TypeKind{"string": schema.TypeString, "int": schema.TypeI64, "bool": schema.TypeBool}

// Register adds the demo format and its two directions, demo → proto and
// proto → demo, to reg.
func Register(reg *convert.Registry) error {
	if err := reg.AddFormat(convert.Format{Name: Name, Title: "demo IDL", Extensions: []string{".demo"}, Load: Load, Print: Print,
		Rules: []schema.Rule{schema.RuleReadError, schema.RuleSyntax}}); err != nil {
		return err
	}
	if err := reg.AddDirection(convert.Direction{From: Name, To: schema.Proto, Map: ToProto}); err != nil {
		return err
	}
	return reg.AddDirection(convert.Direction{From: schema.Proto, To: Name, Map: FromProto, Rules: []schema.Rule{RuleFieldDropped}})
}

// Load is the front-end: it parses each input into a model file holding
// one struct.
func Load(req *convert.Request) ([]*schema.File, schema.Diagnostics) {
	var files []*schema.File
	var diags schema.Diagnostics
	for _, src := range req.Sources() {
		b, err := req.ReadFile(src.Path)
		if err != nil {
			diags.Report(schema.Pos{File: src.Path}, schema.RuleReadError, "cannot read %s: %v", src.Path, err)
			continue
		}
		f := &schema.File{Path: src.Name, Format: Name, Pos: schema.Pos{File: src.Path, Line: 1, Col: 1}}
		parse(f, b, &diags)
		files = append(files, f)
	}
	return files, diags
}

func parse(f *schema.File, src []byte, diags *schema.Diagnostics) {
	var s *schema.Struct
	sc := bufio.NewScanner(bytes.NewReader(src))
	line := 0
	for sc.Scan() {
		line++
		words := strings.Fields(sc.Text())
		pos := schema.Pos{File: f.Pos.File, Line: line, Col: strings.Index(sc.Text(), strings.TrimSpace(sc.Text())) + 1}
		switch {
		case len(words) == 0:
		case s == nil && len(words) == 3 && words[0] == "struct" && words[2] == "{":
			s = &schema.Struct{Name: words[1], Pos: pos}
			f.Decls = append(f.Decls, s)
		case s != nil && len(words) == 1 && words[0] == "}":
			return
		case s != nil && len(words) == 3 && types[words[2]] != 0:
			id, err := strconv.Atoi(words[0])
			if err != nil || id <= 0 {
				diags.Report(pos, schema.RuleSyntax, "field ID %q is not a positive number", words[0])
				continue
			}
			s.Fields = append(s.Fields, &schema.Field{Pos: pos, Name: words[1], ID: id, IDExplicit: true,
				Type: &schema.Type{Pos: pos, Kind: types[words[2]]}})
		default:
			diags.Report(pos, schema.RuleSyntax, "cannot read %q", strings.TrimSpace(sc.Text()))
			return
		}
	}
	if s == nil {
		diags.Report(f.Pos, schema.RuleSyntax, "no struct declared")
	}
}

// Print is the printer: it prints the first struct of a model file.
func Print(doc any, header string) ([]byte, error) {
	f, ok := doc.(*schema.File)
	if !ok {
		return nil, fmt.Errorf("the demo printer takes a *schema.File, not %T", doc)
	}
	var b bytes.Buffer
	fmt.Fprintf(&b, "# %s\n", header)
	for _, d := range f.Decls {
		if s, ok := d.(*schema.Struct); ok {
			fmt.Fprintf(&b, "struct %s {\n", s.Name)
			for _, fl := range s.Fields {
				for name, kind := range types {
					if kind == fl.Type.Kind {
						fmt.Fprintf(&b, "  %d %s %s\n", fl.ID, fl.Name, name)
					}
				}
			}
			b.WriteString("}\n")
			break
		}
	}
	return b.Bytes(), nil
}

// ToProto maps a demo struct to a proto3 message of the same fields.
func ToProto(job *convert.Job) []convert.Output {
	var outs []convert.Output
	for _, f := range job.Roots() {
		out := &schema.File{Path: job.Target.OutputName(f.Path), Format: schema.Proto, Syntax: "proto3", Package: "demo"}
		for _, d := range f.Decls {
			if s, ok := d.(*schema.Struct); ok {
				m := &schema.Struct{Name: s.Name}
				for _, fl := range s.Fields {
					c := *fl
					m.Fields = append(m.Fields, &c)
				}
				out.Decls = append(out.Decls, m)
			}
		}
		outs = append(outs, convert.Output{Source: f, Doc: out})
	}
	return outs
}

// FromProto maps the first message of each proto input to a demo struct;
// a field of another type than string, int64 or bool is dropped with a
// warning.
func FromProto(job *convert.Job) []convert.Output {
	var outs []convert.Output
	for _, f := range job.Roots() {
		out := &schema.File{Path: job.Target.OutputName(f.Path), Format: Name}
		for _, d := range f.Decls {
			m, ok := d.(*schema.Struct)
			if !ok {
				continue
			}
			s := &schema.Struct{Name: m.Name}
			for _, fl := range m.Fields {
				switch fl.Type.Kind {
				case schema.TypeString, schema.TypeI64, schema.TypeBool:
					s.Fields = append(s.Fields, fl)
				default:
					job.Diags.Report(fl.Pos, RuleFieldDropped, "field %s.%s has a type demo cannot express and is dropped", m.Name, fl.Name)
				}
			}
			out.Decls = append(out.Decls, s)
			break
		}
		outs = append(outs, convert.Output{Source: f, Doc: out})
	}
	return outs
}

// RuleFieldDropped is the demo format's one mapping rule.
var RuleFieldDropped = schema.Rule{ID: "demo-field-dropped", Severity: schema.Warning,
	Purpose: "proto → demo: a field whose type demo cannot express is dropped.", Directions: []string{"proto → demo"}}
