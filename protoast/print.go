package protoast

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/idlconv/idlconv/internal/linewriter"
	"github.com/idlconv/idlconv/schema"
)

// Print renders f as .proto source. header, when not empty, is written
// first as a comment (for the "Code generated ... DO NOT EDIT." line).
func Print(f *schema.File, header string) []byte {
	p := &printer{syntax: f.Syntax}
	if header != "" {
		p.Comment(header)
		p.NL()
	}
	p.Comment(f.Comments.Leading)
	syntax := f.Syntax
	if syntax == "" {
		syntax = "proto3"
	}
	if syntax == "editions" {
		// Presence is a feature option of each field, never a label.
		p.printf("edition = \"2023\";\n")
	} else {
		p.printf("syntax = %q;\n", syntax)
	}
	if f.Package != "" {
		p.printf("\npackage %s;\n", f.Package)
	}
	if len(f.Imports) > 0 {
		p.NL()
		for _, imp := range f.Imports {
			if imp.Public {
				p.printf("import public %q;\n", imp.Path)
			} else {
				p.printf("import %q;\n", imp.Path)
			}
		}
	}
	if len(f.Annotations) > 0 {
		p.NL()
		for _, a := range f.Annotations {
			p.printf("option %s = %s;\n", a.Key, a.Value)
		}
	}
	for _, d := range f.Decls {
		p.NL()
		p.decl(d)
	}
	return p.Buf.Bytes()
}

type printer struct {
	linewriter.Writer
	syntax string
}

func (p *printer) printf(format string, args ...any) {
	fmt.Fprintf(&p.Buf, format, args...)
}

func (p *printer) decl(d schema.Decl) {
	switch d := d.(type) {
	case *schema.Struct:
		p.message(d)
	case *schema.Enum:
		p.enum(d)
	case *schema.Service:
		p.service(d)
	case *schema.Comment:
		p.Comment(d.Text)
	}
}

func (p *printer) message(m *schema.Struct) {
	p.Comment(m.Comments.Leading)
	p.Line("message "+m.Name+" {", m.Comments.Trailing)
	p.Indent++
	for _, a := range m.Annotations {
		p.Line(fmt.Sprintf("option %s = %s;", a.Key, a.Value), "")
	}
	for i, n := range m.Nested {
		if i > 0 {
			p.NL()
		}
		p.decl(n)
	}
	if len(m.Nested) > 0 && len(m.Fields) > 0 {
		p.NL()
	}
	printed := map[string]bool{}
	for _, f := range m.Fields {
		if f.Oneof == "" {
			p.field(f, false)
			continue
		}
		if printed[f.Oneof] {
			continue
		}
		printed[f.Oneof] = true
		var o *schema.Oneof
		for _, cand := range m.Oneofs {
			if cand.Name == f.Oneof {
				o = cand
			}
		}
		if o == nil {
			o = &schema.Oneof{Name: f.Oneof}
		}
		p.Comment(o.Comments.Leading)
		p.Line("oneof "+o.Name+" {", o.Comments.Trailing)
		p.Indent++
		for _, of := range m.Fields {
			if of.Oneof == o.Name {
				p.field(of, true)
			}
		}
		p.Indent--
		p.Line("}", "")
	}
	p.reserved(m.Reserved)
	p.Indent--
	p.Line("}", "")
}

// reserved prints the reserved numbers (one statement, ranges as N to M)
// and then the reserved names (another).
func (p *printer) reserved(rs []schema.Reserved) {
	var nums, names []string
	for _, r := range rs {
		switch {
		case r.Name != "":
			names = append(names, Quote(r.Name))
		case r.End > r.Start:
			nums = append(nums, fmt.Sprintf("%d to %d", r.Start, r.End))
		default:
			nums = append(nums, fmt.Sprint(r.Start))
		}
	}
	if len(nums) > 0 {
		p.Line("reserved "+strings.Join(nums, ", ")+";", "")
	}
	if len(names) > 0 {
		p.Line("reserved "+strings.Join(names, ", ")+";", "")
	}
}

func (p *printer) field(f *schema.Field, inOneof bool) {
	p.Comment(f.Comments.Leading)
	var b strings.Builder
	switch {
	case inOneof:
	case f.Type.Kind == schema.TypeList || f.Type.Kind == schema.TypeSet:
		b.WriteString("repeated ")
	case f.Type.Kind == schema.TypeMap:
	case f.Presence == schema.PresenceRequired && p.syntax == "proto2":
		b.WriteString("required ")
	case f.Presence == schema.PresenceOptional:
		b.WriteString("optional ")
	case p.syntax == "proto2":
		b.WriteString("optional ")
	}
	if f.Type.Kind == schema.TypeList || f.Type.Kind == schema.TypeSet {
		b.WriteString(TypeName(f.Type.Elem))
	} else {
		b.WriteString(TypeName(f.Type))
	}
	fmt.Fprintf(&b, " %s = %d", f.Name, f.ID)
	var opts []string
	if f.Default != nil {
		opts = append(opts, "default = "+Literal(f.Default))
	}
	for _, a := range f.Annotations {
		opts = append(opts, a.Key+" = "+a.Value)
	}
	if f.JSONName != nil {
		opts = append(opts, OptionJSONName+" = "+Quote(f.JSONName.Value))
	}
	if len(opts) > 0 {
		b.WriteString(" [" + strings.Join(opts, ", ") + "]")
	}
	b.WriteString(";")
	p.Line(b.String(), f.Comments.Trailing)
}

// TypeName is the proto spelling of a singular or map type.
func TypeName(t *schema.Type) string {
	switch t.Kind {
	case schema.TypeBool:
		return "bool"
	case schema.TypeI8, schema.TypeI16, schema.TypeI32:
		return [...]string{"int32", "sint32", "sfixed32"}[t.Encoding]
	case schema.TypeI64:
		return [...]string{"int64", "sint64", "sfixed64"}[t.Encoding]
	case schema.TypeU32:
		return [...]string{"uint32", "uint32", "fixed32"}[t.Encoding]
	case schema.TypeU64:
		return [...]string{"uint64", "uint64", "fixed64"}[t.Encoding]
	case schema.TypeFloat:
		return "float"
	case schema.TypeDouble:
		return "double"
	case schema.TypeString, schema.TypeUUID:
		return "string"
	case schema.TypeBinary:
		return "bytes"
	case schema.TypeMap:
		return "map<" + TypeName(t.Key) + ", " + TypeName(t.Elem) + ">"
	case schema.TypeList, schema.TypeSet:
		return "repeated " + TypeName(t.Elem)
	}
	return t.Name
}

// Literal is the proto text of a constant value: a number, true/false, a
// quoted string or an enum value name.
func Literal(v *schema.Value) string {
	switch v.Kind {
	case schema.ValueInt:
		return strconv.FormatInt(v.Int, 10)
	case schema.ValueFloat:
		return strconv.FormatFloat(v.Float, 'g', -1, 64)
	case schema.ValueBool:
		return strconv.FormatBool(v.Bool)
	case schema.ValueString:
		return Quote(v.Str)
	case schema.ValueIdent:
		return v.Str
	}
	return ""
}

// Quote returns s as a double-quoted proto string literal, escaping what
// protoc's tokenizer requires.
func Quote(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch c {
		case '"':
			b.WriteString(`\"`)
		case '\\':
			b.WriteString(`\\`)
		case '\n':
			b.WriteString(`\n`)
		case '\r':
			b.WriteString(`\r`)
		case '\t':
			b.WriteString(`\t`)
		default:
			if c < 0x20 || c == 0x7f {
				fmt.Fprintf(&b, `\%03o`, c)
			} else {
				b.WriteByte(c)
			}
		}
	}
	b.WriteByte('"')
	return b.String()
}

func (p *printer) enum(e *schema.Enum) {
	p.Comment(e.Comments.Leading)
	p.Line("enum "+e.Name+" {", e.Comments.Trailing)
	p.Indent++
	for _, a := range e.Annotations {
		p.Line(fmt.Sprintf("option %s = %s;", a.Key, a.Value), "")
	}
	for _, v := range e.Values {
		p.Comment(v.Comments.Leading)
		opts := ""
		if len(v.Annotations) > 0 {
			var parts []string
			for _, a := range v.Annotations {
				parts = append(parts, a.Key+" = "+a.Value)
			}
			opts = " [" + strings.Join(parts, ", ") + "]"
		}
		p.Line(fmt.Sprintf("%s = %d%s;", v.Name, v.Value, opts), v.Comments.Trailing)
	}
	p.reserved(e.Reserved)
	p.Indent--
	p.Line("}", "")
}

func (p *printer) service(s *schema.Service) {
	p.Comment(s.Comments.Leading)
	p.Line("service "+s.Name+" {", s.Comments.Trailing)
	p.Indent++
	for _, a := range s.Annotations {
		p.Line(fmt.Sprintf("option %s = %s;", a.Key, a.Value), "")
	}
	for _, m := range s.Methods {
		p.Comment(m.Comments.Leading)
		req := m.Args[0].Type.Name
		if m.ClientStreaming {
			req = "stream " + req
		}
		resp := m.Result.Name
		if m.ServerStreaming {
			resp = "stream " + resp
		}
		if len(m.Annotations) == 0 {
			p.Line(fmt.Sprintf("rpc %s(%s) returns (%s);", m.Name, req, resp), m.Comments.Trailing)
			continue
		}
		p.Line(fmt.Sprintf("rpc %s(%s) returns (%s) {", m.Name, req, resp), m.Comments.Trailing)
		p.Indent++
		for _, a := range m.Annotations {
			p.Line(fmt.Sprintf("option %s = %s;", a.Key, a.Value), "")
		}
		p.Indent--
		p.Line("}", "")
	}
	p.Indent--
	p.Line("}", "")
}
