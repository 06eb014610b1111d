package convert

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/idlconv/idlconv/internal/marker"
	"github.com/idlconv/idlconv/jsonschemaast"
	"github.com/idlconv/idlconv/schema"
	"github.com/idlconv/idlconv/thriftast"
)

// mapJSONSchemaToThrift applies the JSON Schema → Thrift rules.
func mapJSONSchemaToThrift(job *Job) []Output {
	paths := thriftPaths(job.Files, job.Roots(), job.Diags)
	var outs []Output
	for _, f := range job.Roots() {
		outs = append(outs, Output{Source: f, Path: paths[f], Doc: jsonModelToThrift(f, paths, job.Options, job.Diags)})
	}
	checkThriftNesting(outs, job.Diags)
	return outs
}

// jsonModelToThrift makes the Thrift file of a JSON Schema model file:
// references to other documents are qualified by their include name, and
// names Thrift reserves get '_' (the JSON name kept in the field's
// JSONName, which the printer writes as json.name).
func jsonModelToThrift(f *schema.File, paths map[*schema.File]string, opts Options, diags *schema.Diagnostics) *schema.File {
	out := &schema.File{Path: paths[f], Format: schema.Thrift, Comments: f.Comments}
	if opts.Package != "" {
		out.Namespaces = append(out.Namespaces, &schema.Namespace{Lang: "*", Name: opts.Package})
	}
	included := map[string]bool{}
	var ref func(t *schema.Type, what *usePlace) *schema.Type
	ref = func(t *schema.Type, what *usePlace) *schema.Type {
		if t == nil {
			return nil
		}
		switch {
		case t.IsJSON():
			return thriftFreeForm(t, what, diags)
		case t.Kind == schema.TypeU32 || t.Kind == schema.TypeU64:
			// Every uint32 fits i64.
			if t.Kind == schema.TypeU64 {
				diags.Report(t.Pos, RuleUint64ToI64, "uint64 %s becomes i64: values over 2^63-1 do not fit", what)
			}
			return &schema.Type{Pos: t.Pos, Kind: ThriftKind(t.Kind), Annotations: t.Annotations}
		}
		c := *t
		elems := &usePlace{part: "each item of ", in: what}
		if t.Kind == schema.TypeMap {
			elems.part = "each value of "
		}
		c.Key, c.Elem = ref(t.Key, &usePlace{part: "each key of ", in: what}), ref(t.Elem, elems)
		if t.Kind == schema.TypeNamed {
			c.Name = thriftDeclName(t.Decl)
			if t.DeclFile != nil && t.DeclFile != f {
				inc := paths[t.DeclFile]
				if !included[inc] {
					included[inc] = true
					out.Imports = append(out.Imports, &schema.Import{Path: inc})
				}
				c.Name = thriftast.IncludeName(inc) + "." + c.Name
			}
		}
		return &c
	}
	for _, d := range f.Decls {
		switch d := d.(type) {
		case *schema.Struct:
			s := &schema.Struct{Name: thriftDeclName(d), Kind: d.Kind, Comments: d.Comments, Annotations: d.Annotations}
			for _, fl := range d.Fields {
				c := *fl
				c.Type = ref(fl.Type, &usePlace{part: d.Name + "." + fl.Name})
				if thriftast.IsReserved(c.Name) {
					if c.JSONName == nil {
						c.JSONName = &schema.Text{Pos: fl.Pos, Value: c.Name}
					}
					diags.Report(fl.Pos, RuleThriftReserved, "%s is a reserved word in Thrift and becomes %s_ (its JSON name kept in %s); Thrift's generated code reads and writes the key %s_", c.Name, c.Name, marker.JSONName, c.Name)
					c.Name += "_"
				} else if c.JSONName != nil && c.JSONName.Value != c.Name {
					diags.Report(fl.Pos, RuleThriftJSONName, "property %q of %s becomes field %s: Thrift's generated code reads and writes the key %s (no Thrift generator reads %s)", c.JSONName.Value, d.Name, c.Name, c.Name, marker.JSONName)
				}
				if strings.HasPrefix(c.Name, "_") {
					diags.Report(fl.Pos, RuleThriftJSONName, "field %s of %s starts with _: Thrift's Go code makes it an unexported field, which encoding/json neither reads nor writes", c.Name, d.Name)
				}
				if c.Default != nil && !defaultFits(&c) {
					diags.Report(fl.Pos, schema.RuleDefaultDropped, "default of %s.%s does not fit its type and is dropped", d.Name, fl.Name)
					c.Default = nil
				}
				jsonPresence(&c, d, diags)
				checkGoMapKeys(&c, d.Name+"."+c.Name, diags)
				s.Fields = append(s.Fields, &c)
			}
			s.Comments.Leading = withRetired(s.Comments.Leading, marker.RetiredFieldIDs, d.Reserved)
			out.Decls = append(out.Decls, s)
		case *schema.Enum:
			e := &schema.Enum{Name: thriftDeclName(d), Comments: d.Comments, Annotations: d.Annotations}
			e.Comments.Leading = withRetired(e.Comments.Leading, marker.RetiredValues, d.Reserved)
			for _, v := range d.Values {
				c := *v
				if thriftast.IsReserved(c.Name) {
					if c.JSONValue == nil {
						c.JSONValue = &schema.Text{Pos: v.Pos, Value: c.Name}
					}
					diags.Report(v.Pos, RuleThriftReserved, "enum value %s of %s is a reserved word in Thrift and becomes %s_ (its JSON string kept in %s); Thrift's generated code reads and writes the string %s_", c.Name, d.Name, c.Name, marker.JSONValue, c.Name)
					c.Name += "_"
				} else if c.JSONValue != nil && c.JSONValue.Value != c.Name {
					diags.Report(v.Pos, RuleThriftJSONName, "enum string %q of %s becomes value %s: Thrift's generated code reads and writes the string %s (no Thrift generator reads %s)", c.JSONValue.Value, d.Name, c.Name, c.Name, marker.JSONValue)
				}
				e.Values = append(e.Values, &c)
			}
			out.Decls = append(out.Decls, e)
		case *schema.Typedef:
			out.Decls = append(out.Decls, &schema.Typedef{Pos: d.Pos, Name: thriftDeclName(d), Type: ref(d.Type, &usePlace{part: d.Name}), Comments: d.Comments, Annotations: d.Annotations})
		}
	}
	out.Decls = thriftast.DeclareBeforeUse(out.Decls)
	return out
}

// jsonPresence reports what Thrift's Go code writes for a field that a
// document leaves out or holds empty, unlike the document: a field of
// default requiredness, or an optional field with a default, is always
// written; an optional list, set, map or binary that is empty is left out.
func jsonPresence(f *schema.Field, owner *schema.Struct, diags *schema.Diagnostics) {
	switch {
	case owner.Kind == schema.KindUnion:
	case f.Presence == schema.PresenceDefault:
		diags.Report(f.Pos, RuleImplicitPresence, "%s.%s has default requiredness (%q: \"default\"): Thrift's Go code writes it when a document leaves it out (its zero value, or null)", owner.Name, f.Name, marker.KeyPresence)
	case f.Presence == schema.PresenceOptional && f.Default != nil:
		diags.Report(f.Pos, RuleDefaultWritten, "optional %s.%s has a default: Thrift's Go code writes it when a document leaves it out", owner.Name, f.Name)
	case f.Presence == schema.PresenceOptional:
		switch t := derefTypedef(f.Type); t.Kind {
		case schema.TypeList, schema.TypeSet, schema.TypeMap, schema.TypeBinary:
			diags.Report(f.Pos, RuleOptionalContainer, "optional %s.%s: Thrift's Go code leaves it out when it is empty (omitempty)", owner.Name, f.Name)
		}
	}
}

// thriftFreeForm maps a free-form JSON type, which Thrift has no type
// for, to a string holding JSON text (a list of them for an array),
// reporting what allowed any value (the type's FreeFormWhy).
func thriftFreeForm(t *schema.Type, what fmt.Stringer, diags *schema.Diagnostics) *schema.Type {
	rule, why := jsonschemaast.RuleAnyType, "any JSON value"
	if t.FreeFormWhy != "" {
		why = t.FreeFormWhy
	}
	if t.FreeFormMixed {
		rule = jsonschemaast.RuleMixedUnion
	}
	str := &schema.Type{Pos: t.Pos, Kind: schema.TypeString}
	if t.Kind == schema.TypeJSONArray {
		diags.Report(t.Pos, rule, "%s (%s) becomes a list of strings holding JSON text: Thrift has no type for any JSON value", what, why)
		return &schema.Type{Pos: t.Pos, Kind: schema.TypeList, Elem: str}
	}
	diags.Report(t.Pos, rule, "%s (%s) becomes a string holding JSON text: Thrift has no type for any JSON value", what, why)
	return str
}

// thriftDeclName is a declaration's name, with '_' when Thrift reserves it.
func thriftDeclName(d schema.Decl) string {
	if thriftast.IsReserved(d.DeclName()) {
		return d.DeclName() + "_"
	}
	return d.DeclName()
}

// defaultFits reports whether a JSON default suits a Thrift field type.
func defaultFits(f *schema.Field) bool {
	t := derefTypedef(f.Type)
	v := f.Default
	switch t.Kind {
	case schema.TypeBool:
		return v.Kind == schema.ValueBool
	case schema.TypeI32:
		return v.Kind == schema.ValueInt && v.Int >= -1<<31 && v.Int < 1<<31
	case schema.TypeI64:
		return v.Kind == schema.ValueInt
	case schema.TypeDouble:
		return v.Kind == schema.ValueInt || v.Kind == schema.ValueFloat
	case schema.TypeString, schema.TypeBinary:
		return v.Kind == schema.ValueString && thriftast.CanQuote(v.Str)
	case schema.TypeNamed:
		if e, ok := t.Decl.(*schema.Enum); ok && v.Kind == schema.ValueString {
			for _, ev := range e.Values {
				// The default names the value, or is the JSON string the
				// schema gave it (an empty string only when it gave one).
				if ev.Name == v.Str || ev.JSONValue != nil && ev.JSONValue.Value == v.Str {
					value := ev.Name
					if thriftast.IsReserved(value) {
						value += "_"
					}
					v.Kind, v.Str = schema.ValueIdent, thriftDeclName(e)+"."+value
					return true
				}
			}
		}
	}
	return false
}

// usePlace says where a type is used ("each item of each value of S.f"),
// spelled only when a message needs it: a type nested d deep has d
// places, and spelling each would take time quadratic in d.
type usePlace struct {
	part string    // "each item of ", or the field ("S.f") at the top
	in   *usePlace // the place this one is inside, nil at the top
}

func (p *usePlace) String() string {
	var b strings.Builder
	for ; p != nil; p = p.in {
		b.WriteString(p.part)
	}
	return b.String()
}

// withRetired adds a line naming the IDs the ID lock retired (idlock) to
// a comment: Thrift has no reserved statement.
func withRetired(comment, lead string, rs []schema.Reserved) string {
	if len(rs) == 0 {
		return comment
	}
	var ids []string
	for _, r := range rs {
		if r.Name == "" {
			ids = append(ids, strconv.FormatInt(r.Start, 10))
		}
	}
	line := lead + strings.Join(ids, ", ") + "."
	return strings.TrimPrefix(comment+"\n"+line, "\n")
}
