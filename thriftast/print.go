package thriftast

import (
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/idlconv/idlconv/internal/ident"
	"github.com/idlconv/idlconv/internal/linewriter"
	"github.com/idlconv/idlconv/internal/marker"
	"github.com/idlconv/idlconv/schema"
)

// Print renders a Thrift-shaped model as Thrift IDL, in one canonical
// layout: header comment, includes, namespaces, then declarations in model
// order, one blank line between them; fields one a line as
// `ID: [required|optional] type name [= default] [(annotations)]`. header,
// when not empty, is written first as a comment.
func Print(f *schema.File, header string) []byte {
	p := &thriftPrinter{}
	if header != "" {
		p.Comment(header)
		p.NL()
	}
	p.Comment(f.Comments.Leading)
	if len(f.Imports) > 0 {
		for _, imp := range f.Imports {
			p.Line(fmt.Sprintf("include %s", strconv.Quote(imp.Path)), "")
		}
		p.NL()
	}
	if len(f.Namespaces) > 0 {
		for _, ns := range f.Namespaces {
			p.Line(fmt.Sprintf("namespace %s %s", ns.Lang, ns.Name), "")
		}
		p.NL()
	}
	for i, d := range f.Decls {
		if i > 0 {
			p.NL()
		}
		p.decl(d)
	}
	return p.Buf.Bytes()
}

type thriftPrinter struct {
	linewriter.Writer
}

func (p *thriftPrinter) decl(d schema.Decl) {
	switch d := d.(type) {
	case *schema.Struct:
		p.Comment(d.Comments.Leading)
		p.Line(fmt.Sprintf("%s %s {", d.Kind, d.Name), d.Comments.Trailing)
		p.Indent++
		for _, f := range d.Fields {
			p.field(f)
		}
		p.Indent--
		p.Line("}"+Annotations(d.Annotations), "")
	case *schema.Enum:
		p.Comment(d.Comments.Leading)
		p.Line(fmt.Sprintf("enum %s {", d.Name), d.Comments.Trailing)
		p.Indent++
		for _, v := range d.Values {
			p.Comment(v.Comments.Leading)
			p.Line(fmt.Sprintf("%s = %d%s", v.Name, v.Value, Annotations(valueAnnotations(v))), v.Comments.Trailing)
		}
		p.Indent--
		p.Line("}"+Annotations(d.Annotations), "")
	case *schema.Typedef:
		p.Comment(d.Comments.Leading)
		p.Line(fmt.Sprintf("typedef %s %s%s", TypeName(d.Type), d.Name, Annotations(d.Annotations)), d.Comments.Trailing)
	case *schema.Const:
		p.Comment(d.Comments.Leading)
		p.Line(fmt.Sprintf("const %s %s = %s", TypeName(d.Type), d.Name, Value(d.Value)), d.Comments.Trailing)
	case *schema.Comment:
		p.Comment(d.Text)
	case *schema.Service:
		p.Comment(d.Comments.Leading)
		head := "service " + d.Name
		if d.Extends != "" {
			head += " extends " + d.Extends
		}
		p.Line(head+" {", d.Comments.Trailing)
		p.Indent++
		for _, m := range d.Methods {
			p.method(m)
		}
		p.Indent--
		p.Line("}"+Annotations(d.Annotations), "")
	}
}

func (p *thriftPrinter) field(f *schema.Field) {
	p.Comment(f.Comments.Leading)
	p.Line(fieldText(f), f.Comments.Trailing)
}

func fieldText(f *schema.Field) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%d: ", f.ID)
	if f.Presence != schema.PresenceDefault {
		b.WriteString(f.Presence.String() + " ")
	}
	b.WriteString(TypeName(f.Type) + " " + f.Name)
	if f.Default != nil {
		b.WriteString(" = " + Value(f.Default))
	}
	b.WriteString(Annotations(fieldAnnotations(f)))
	return b.String()
}

// fieldAnnotations are the annotations a field prints with: the JSON facts
// the model holds as fields (its type's format, its JSON name), then its
// own annotations.
func fieldAnnotations(f *schema.Field) []schema.Annotation {
	var anns []schema.Annotation
	if f.Type != nil && f.Type.Format != nil {
		anns = append(anns, schema.Annotation{Key: marker.JSONFormat, Value: f.Type.Format.Value})
	}
	if f.JSONName != nil {
		anns = append(anns, schema.Annotation{Key: marker.JSONName, Value: f.JSONName.Value})
	}
	if anns == nil {
		return f.Annotations
	}
	return append(anns, f.Annotations...)
}

// valueAnnotations are the annotations an enum value prints with: its
// JSON string, then its own annotations.
func valueAnnotations(v *schema.EnumValue) []schema.Annotation {
	if v.JSONValue == nil {
		return v.Annotations
	}
	return append([]schema.Annotation{{Key: marker.JSONValue, Value: v.JSONValue.Value}}, v.Annotations...)
}

func (p *thriftPrinter) method(m *schema.Method) {
	p.Comment(m.Comments.Leading)
	result := "void"
	if m.Result != nil {
		result = TypeName(m.Result)
	}
	if m.Oneway {
		result = "oneway " + result
	}
	var args, throws []string
	for _, a := range m.Args {
		args = append(args, fieldText(a))
	}
	for _, t := range m.Throws {
		throws = append(throws, fieldText(t))
	}
	text := fmt.Sprintf("%s %s(%s)", result, m.Name, strings.Join(args, ", "))
	if len(throws) > 0 {
		text += " throws (" + strings.Join(throws, ", ") + ")"
	}
	p.Line(text+Annotations(m.Annotations), m.Comments.Trailing)
}

// Annotations prints a Thrift annotation list with a leading space, or ""
// when there are none.
func Annotations(anns []schema.Annotation) string {
	if len(anns) == 0 {
		return ""
	}
	var parts []string
	for _, a := range anns {
		parts = append(parts, fmt.Sprintf("%s = %s", a.Key, Quote(a.Value)))
	}
	return " (" + strings.Join(parts, ", ") + ")"
}

// Quote returns s as a Thrift string literal. Apache Thrift unescapes
// \\ \" \' \n \r \t; other control bytes are written as they are.
func Quote(s string) string {
	r := strings.NewReplacer(`\`, `\\`, `"`, `\"`, "\n", `\n`, "\r", `\r`, "\t", `\t`)
	return `"` + r.Replace(s) + `"`
}

// CanQuote reports whether Quote can write s: valid UTF-8 without control
// bytes other than \n, \r and \t.
func CanQuote(s string) bool {
	if !utf8.ValidString(s) {
		return false
	}
	for _, r := range s {
		if r < 0x20 && r != '\n' && r != '\r' && r != '\t' || r == 0x7f {
			return false
		}
	}
	return true
}

// TypeName spells a type in Thrift. It writes into one buffer, so that
// the time is linear in the length of the result however deeply the type
// nests.
func TypeName(t *schema.Type) string {
	var b strings.Builder
	writeTypeName(&b, t)
	return b.String()
}

// baseTypeName spells a base type.
func baseTypeName(k schema.TypeKind) string {
	switch k {
	case schema.TypeBool:
		return "bool"
	case schema.TypeI8:
		return "i8"
	case schema.TypeI16:
		return "i16"
	case schema.TypeI32:
		return "i32"
	case schema.TypeI64:
		return "i64"
	case schema.TypeDouble:
		return "double"
	case schema.TypeString:
		return "string"
	case schema.TypeBinary:
		return "binary"
	case schema.TypeUUID:
		return "uuid"
	}
	return ""
}

// TypeNameUpTo spells a type in Thrift as TypeName does, but stops once
// the spelling is longer than max bytes: it then returns the first max
// bytes followed by "...". The time is linear in max, not in the type.
func TypeNameUpTo(t *schema.Type, max int) string {
	b := strings.Builder{}
	writeTypeNameUpTo(&b, t, max+1)
	if b.Len() <= max {
		return b.String()
	}
	return ident.CutUTF8(b.String(), max) + "..."
}

// writeTypeName writes TypeName(t) to b.
func writeTypeName(b *strings.Builder, t *schema.Type) {
	writeTypeNameUpTo(b, t, -1)
}

// writeTypeNameUpTo writes TypeName(t) to b, stopping once b holds at
// least limit bytes (never when limit is negative).
func writeTypeNameUpTo(b *strings.Builder, t *schema.Type, limit int) {
	if limit >= 0 && b.Len() >= limit {
		return
	}
	switch t.Kind {
	case schema.TypeList:
		b.WriteString("list<")
		writeTypeNameUpTo(b, t.Elem, limit)
		b.WriteString(">")
	case schema.TypeSet:
		b.WriteString("set<")
		writeTypeNameUpTo(b, t.Elem, limit)
		b.WriteString(">")
	case schema.TypeMap:
		b.WriteString("map<")
		writeTypeNameUpTo(b, t.Key, limit)
		b.WriteString(", ")
		writeTypeNameUpTo(b, t.Elem, limit)
		b.WriteString(">")
	case schema.TypeNamed:
		b.WriteString(t.Name)
	default:
		b.WriteString(baseTypeName(t.Kind))
	}
}

// Value prints a constant value in Thrift syntax.
func Value(v *schema.Value) string {
	if v == nil {
		return ""
	}
	switch v.Kind {
	case schema.ValueInt:
		return strconv.FormatInt(v.Int, 10)
	case schema.ValueFloat:
		s := strconv.FormatFloat(v.Float, 'g', -1, 64)
		if !strings.ContainsAny(s, ".eEn") {
			s += ".0"
		}
		return s
	case schema.ValueBool:
		return strconv.FormatBool(v.Bool)
	case schema.ValueString:
		return Quote(v.Str)
	case schema.ValueIdent:
		return v.Str
	case schema.ValueList:
		var parts []string
		for _, e := range v.List {
			parts = append(parts, Value(e))
		}
		return "[" + strings.Join(parts, ", ") + "]"
	case schema.ValueMap:
		var parts []string
		for _, e := range v.Map {
			parts = append(parts, Value(e.Key)+": "+Value(e.Value))
		}
		return "{" + strings.Join(parts, ", ") + "}"
	}
	return ""
}
