package convert

import (
	"strings"

	"github.com/idlconv/idlconv/internal/marker"
	"github.com/idlconv/idlconv/jsonschemaast"
	"github.com/idlconv/idlconv/schema"
)

// Thrift → JSON Schema: the plain JSON object of a Thrift struct.

// mapThriftToJSONSchema applies the Thrift → JSON Schema rules.
func mapThriftToJSONSchema(job *Job) []Output {
	var outs []Output
	for _, f := range job.Roots() {
		outs = append(outs, Output{Source: f, Doc: thriftFileToJSON(f, job.Options, job.Diags)})
	}
	return outs
}

func thriftFileToJSON(f *schema.File, opts Options, diags *schema.Diagnostics) *jsonschemaast.Value {
	d := newJSONDoc(f, opts, diags)
	first := ""
	for _, decl := range f.Decls {
		switch decl := decl.(type) {
		case *schema.Struct:
			if first == "" {
				first = decl.Name
			}
			d.defs.Set(decl.Name, d.thriftStruct(decl))
		case *schema.Enum:
			d.defs.Set(decl.Name, d.enum(decl, decl.Name, func(v *schema.EnumValue) string {
				if s, ok := annotationValue(v.Annotations, jsonschemaast.AnnValue); ok {
					return s
				}
				return v.Name
			}))
		case *schema.Typedef:
			d.defs.Set(decl.Name, described(d.thriftType(decl.Type, decl.Pos, decl.Name), decl.Comments))
		case *schema.Const:
			diags.Report(decl.Pos, RuleConstDropped, "const %s has no JSON Schema equivalent and is dropped", decl.Name)
		case *schema.Service:
			diags.Report(decl.Pos, RuleServiceDropped, "service %s has no JSON Schema equivalent and is dropped", decl.Name)
		}
	}
	return d.document(first)
}

func (d *jsonDoc) thriftStruct(s *schema.Struct) *jsonschemaast.Value {
	v := described(typed("object"), s.Comments)
	props := jsonschemaast.NewObject()
	var required []string
	for _, f := range s.Fields {
		key := f.Name
		if n, ok := annotationValue(f.Annotations, jsonschemaast.AnnName); ok {
			key = n
		}
		p := d.thriftType(f.Type, f.Pos, s.Name+"."+f.Name)
		p = described(p, f.Comments)
		if f.Default != nil {
			if dv := thriftJSONDefault(f); dv != nil {
				p.Set("default", dv)
			} else {
				d.diags.Report(f.Pos, schema.RuleDefaultDropped, "default of %s.%s has no JSON form here and is dropped", s.Name, f.Name)
			}
		}
		for _, a := range f.Annotations {
			switch {
			case a.Key == "deprecated":
				p.Set("deprecated", jsonschemaast.NewBool(true))
			case a.Key == marker.ProtoOneof:
				p.Set(marker.KeyOneof, jsonschemaast.NewString(a.Value))
			case a.Key == jsonschemaast.AnnFormat:
				p.Set("format", jsonschemaast.NewString(a.Value))
			case strings.HasPrefix(a.Key, "json."):
			default:
				d.diags.Report(a.Pos, RuleAnnotationDropped, "annotation %s of %s.%s has no JSON Schema equivalent and is dropped", a.Key, s.Name, f.Name)
			}
		}
		if f.Presence == schema.PresenceDefault && s.Kind != schema.KindUnion {
			p.Set(marker.KeyPresence, jsonschemaast.NewString("default"))
		}
		if f.IDExplicit {
			p.Set(marker.KeyID, jsonschemaast.NewInt(int64(f.ID)))
		} else {
			d.diags.Report(f.Pos, RuleImplicitFieldID, "field %s.%s has no explicit ID, so its property carries none", s.Name, f.Name)
		}
		props.Set(key, d.wrapRef(p))
		if f.Presence == schema.PresenceRequired {
			required = append(required, key)
		}
	}
	v.Set("properties", props)
	if len(required) > 0 {
		v.Set("required", jsonschemaast.NewStrings(required...))
	}
	if s.Kind == schema.KindUnion {
		v.Set("minProperties", jsonschemaast.NewInt(1))
		v.Set("maxProperties", jsonschemaast.NewInt(1))
		v.Set(marker.KeyUnion, jsonschemaast.NewBool(true))
	}
	v.Set("additionalProperties", jsonschemaast.NewBool(false))
	return v
}

func (d *jsonDoc) thriftType(t *schema.Type, pos schema.Pos, what string) *jsonschemaast.Value {
	switch t.Kind {
	case schema.TypeBool:
		return typed("boolean")
	case schema.TypeI8:
		return intRange(-128, 127)
	case schema.TypeI16:
		return intRange(-32768, 32767)
	case schema.TypeI32:
		return typed("integer").Set("format", jsonschemaast.NewString("int32"))
	case schema.TypeI64:
		return typed("integer").Set("format", jsonschemaast.NewString("int64"))
	case schema.TypeDouble:
		return typed("number")
	case schema.TypeString:
		return typed("string")
	case schema.TypeBinary:
		return typed("string").Set("contentEncoding", jsonschemaast.NewString("base64"))
	case schema.TypeUUID:
		return typed("string").Set("format", jsonschemaast.NewString("uuid"))
	case schema.TypeList, schema.TypeSet:
		v := typed("array").Set("items", d.thriftType(t.Elem, pos, what))
		if t.Kind == schema.TypeSet {
			v.Set("uniqueItems", jsonschemaast.NewBool(true))
		}
		return v
	case schema.TypeMap:
		v := typed("object")
		if k := derefTypedef(t.Key); k.Kind == schema.TypeNamed {
			if _, isEnum := k.Decl.(*schema.Enum); isEnum {
				v.Set("propertyNames", d.ref(k.Decl.DeclName(), k.DeclFile))
			}
		} else if names := mapKeyNames(k); len(names.Keys) > 0 {
			v.Set("propertyNames", names)
		}
		return v.Set("additionalProperties", d.thriftType(t.Elem, pos, what))
	case schema.TypeNamed:
		return d.ref(t.Decl.DeclName(), t.DeclFile)
	}
	return jsonschemaast.NewObject()
}

// thriftJSONDefault is a Thrift default as the plain JSON object has it:
// scalars as they are, enum values by their JSON name; nil when it has
// no JSON form (a const reference, a list or map).
func thriftJSONDefault(f *schema.Field) *jsonschemaast.Value {
	t := derefTypedef(f.Type)
	v := f.Default
	if e, ok := t.Decl.(*schema.Enum); ok && t.Kind == schema.TypeNamed {
		for _, ev := range e.Values {
			if v.Kind == schema.ValueInt && ev.Value == v.Int ||
				v.Kind == schema.ValueIdent && (v.Str == ev.Name || strings.HasSuffix(v.Str, "."+ev.Name)) {
				if s, ok := annotationValue(ev.Annotations, jsonschemaast.AnnValue); ok {
					return jsonschemaast.NewString(s)
				}
				return jsonschemaast.NewString(ev.Name)
			}
		}
		return nil
	}
	if v.Kind == schema.ValueIdent || v.Kind == schema.ValueList || v.Kind == schema.ValueMap {
		return nil
	}
	return jsonValue(v)
}
