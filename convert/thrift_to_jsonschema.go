package convert

import (
	"reflect"
	"strings"

	"github.com/idlconv/idlconv/internal/marker"
	"github.com/idlconv/idlconv/jsonschemaast"
	"github.com/idlconv/idlconv/schema"
)

// Thrift → JSON Schema: the JSON that encoding/json gives the Go structs
// `thrift --gen go` generates (docs/mapping.md, The JSON of a Thrift
// struct).

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
			for _, v := range decl.Values {
				if v.JSONValue != nil && v.JSONValue.Value != v.Name {
					diags.Report(v.Pos, RuleAnnotationDropped, "annotation %s = %q of %s.%s is dropped: Thrift's generated code reads and writes the string %s", marker.JSONValue, v.JSONValue.Value, decl.Name, v.Name, v.Name)
				}
			}
			d.defs.Set(decl.Name, d.enum(decl, decl.Name, func(v *schema.EnumValue) string { return v.Name }))
		case *schema.Typedef:
			if t := derefTypedef(decl.Type); t.Kind == schema.TypeNamed {
				if e, ok := t.Decl.(*schema.Enum); ok {
					// The Go type of a typedef of an enum has none of the
					// enum's methods: encoding/json writes its number.
					diags.Report(decl.Pos, RuleThriftGoJSON, "typedef %s of enum %s: Thrift's Go code writes and reads it as the enum's number, not its name", decl.Name, e.Name)
					numbers := jsonschemaast.NewArray()
					for _, v := range e.Values {
						numbers.Vals = append(numbers.Vals, jsonschemaast.NewInt(v.Value))
					}
					d.defs.Set(decl.Name, described(typed("integer").Set("enum", numbers), decl.Comments))
					continue
				}
			}
			d.defs.Set(decl.Name, described(d.thriftType(decl.Type, decl.Pos, decl.Name), decl.Comments))
		case *schema.Const:
			diags.Report(decl.Pos, RuleConstDropped, "const %s has no JSON Schema equivalent and is dropped", decl.Name)
		case *schema.Service:
			diags.Report(decl.Pos, RuleServiceDropped, "service %s has no JSON Schema equivalent and is dropped", decl.Name)
		}
	}
	return d.document(first)
}

// thriftStruct is the JSON object that Thrift's Go code writes for a
// struct (docs/mapping.md, The JSON of a Thrift struct): keys are field
// names; a field of default requiredness, or an optional one with a
// default, is always written, and null when it is a struct, container or
// binary left unset.
func (d *jsonDoc) thriftStruct(s *schema.Struct) *jsonschemaast.Value {
	v := described(typed("object"), s.Comments)
	props := jsonschemaast.NewObject()
	var required []string
	union := s.Kind == schema.KindUnion
	alwaysWritten := 0 // union members with a default, which Go always writes
	for _, f := range s.Fields {
		if !f.IDExplicit {
			d.diags.Report(s.Pos, RuleThriftGoJSON, "%s has a field without an explicit ID (%s): Thrift's Go code then tags no field for JSON, and keys each by its Go name (TicketID for ticket_id), not as the schema says", s.Name, f.Name)
			break
		}
	}
	for _, f := range s.Fields {
		what := s.Name + "." + f.Name
		p := d.thriftType(f.Type, f.Pos, what)
		_, ref := annotationValue(f.Annotations, "cpp.ref")
		if (f.Presence == schema.PresenceDefault && !union || f.Default != nil) && (ref || nilable(f.Type)) {
			// Go writes the unset field as null.
			p = orNull(p)
		}
		if union && f.Default != nil {
			alwaysWritten++
		}
		p = described(p, f.Comments)
		if f.Default != nil {
			if dv := thriftJSONDefault(f); dv != nil {
				p.Set("default", dv)
			} else {
				d.diags.Report(f.Pos, schema.RuleDefaultDropped, "default of %s has no JSON form here and is dropped", what)
			}
		}
		if f.Type.Format != nil {
			p.Set("format", jsonschemaast.NewString(f.Type.Format.Value))
		}
		if f.JSONName != nil && f.JSONName.Value != f.Name {
			d.diags.Report(f.JSONName.Pos, RuleAnnotationDropped, "annotation %s = %q of %s is dropped: Thrift's generated code reads and writes the key %s", marker.JSONName, f.JSONName.Value, what, f.Name)
		}
		for _, a := range f.Annotations {
			switch {
			case a.Key == "deprecated":
				p.Set("deprecated", jsonschemaast.NewBool(true))
			case a.Key == marker.ProtoOneof:
				p.Set(marker.KeyOneof, jsonschemaast.NewString(a.Value))
			case a.Key == "go.tag":
				// Read by goJSONKey.
			case strings.HasPrefix(a.Key, marker.JSONPrefix):
			default:
				d.diags.Report(a.Pos, RuleAnnotationDropped, "annotation %s of %s has no JSON Schema equivalent and is dropped", a.Key, what)
			}
		}
		d.checkGoJSON(f, what)
		if f.Presence == schema.PresenceDefault && !union {
			p.Set(marker.KeyPresence, jsonschemaast.NewString("default"))
		}
		if f.IDExplicit {
			p.Set(marker.KeyID, jsonschemaast.NewInt(int64(f.ID)))
		} else {
			d.diags.Report(f.Pos, RuleImplicitFieldID, "field %s has no explicit ID, so its property carries none", what)
		}
		key, written := goJSONKey(f)
		if !written {
			d.diags.Report(f.Pos, RuleAnnotationDropped, "%s has go.tag json:\"-\": Thrift's Go code never writes or reads it, and the schema has no property for it", what)
			continue
		}
		if key != f.Name {
			p.Set(marker.KeyName, jsonschemaast.NewString(f.Name))
		}
		props.Set(key, d.wrapRef(p))
		if f.Presence == schema.PresenceRequired && !union {
			required = append(required, key)
		}
	}
	v.Set("properties", props)
	if len(required) > 0 {
		v.Set("required", jsonschemaast.NewStrings(required...))
	}
	if union {
		v.Set("minProperties", jsonschemaast.NewInt(1))
		v.Set("maxProperties", jsonschemaast.NewInt(int64(1+alwaysWritten)))
		v.Set(marker.KeyUnion, jsonschemaast.NewBool(true))
	}
	v.Set("additionalProperties", jsonschemaast.NewBool(false))
	return v
}

// goJSONKey is a field's key in the JSON of Thrift's Go code: the name a
// go.tag annotation's json tag gives (`json:"key,omitempty"`), else the
// field name; written is false for json:"-".
func goJSONKey(f *schema.Field) (key string, written bool) {
	if tag, ok := annotationValue(f.Annotations, "go.tag"); ok {
		if v, ok := reflect.StructTag(tag).Lookup("json"); ok {
			name, _, _ := strings.Cut(v, ",")
			switch {
			case name == "-" && !strings.Contains(v, ","):
				return "", false
			case name != "":
				return name, true
			}
		}
	}
	return f.Name, true
}

// nilable reports whether Thrift's Go code holds a type in a pointer,
// slice or map (a struct, union or exception, a container, binary), which
// encoding/json writes as null when it is unset.
func nilable(t *schema.Type) bool {
	if _, ref := annotationValue(t.Annotations, "cpp.ref"); ref {
		// A reference (`&`) is a pointer in Go, whatever its type.
		return true
	}
	t = derefTypedef(t)
	switch t.Kind {
	case schema.TypeList, schema.TypeSet, schema.TypeMap, schema.TypeBinary:
		return true
	case schema.TypeNamed:
		_, ok := t.Decl.(*schema.Struct)
		return ok
	}
	return false
}

// orNull makes a schema allow null too.
func orNull(v *jsonschemaast.Value) *jsonschemaast.Value {
	if t := v.Get("type"); t != nil && t.Kind == jsonschemaast.String && len(v.Keys) > 0 {
		v.Set("type", jsonschemaast.NewStrings(t.Str, "null"))
		return v
	}
	return jsonschemaast.NewObject().Set("anyOf", jsonschemaast.NewArray(v, typed("null")))
}

// checkGoMapKeys reports a map in a field's type whose Go key type
// encoding/json cannot write or read (bool, double, a struct), which
// makes Thrift's Go code fail on the whole struct.
func checkGoMapKeys(f *schema.Field, what string, diags *schema.Diagnostics) {
	// Each type node is looked at once: a chain of typedefs that use each
	// other twice (map<T, T>) would otherwise take 2^n steps.
	seen := map[*schema.Type]bool{}
	var walk func(t *schema.Type)
	walk = func(t *schema.Type) {
		if t == nil {
			return
		}
		t = derefTypedef(t)
		if seen[t] {
			return
		}
		seen[t] = true
		if t.Kind == schema.TypeMap {
			key := ""
			switch k := derefTypedef(t.Key); {
			case k.Kind == schema.TypeBool, k.Kind == schema.TypeDouble, k.Kind == schema.TypeFloat:
				key = thriftTypeName(k)
			case k.Kind == schema.TypeNamed:
				if _, ok := k.Decl.(*schema.Struct); ok {
					key = "struct"
				}
			}
			if key != "" {
				diags.Report(f.Pos, RuleThriftGoJSON, "%s is a map with %s keys, which encoding/json cannot write or read: Thrift's Go code fails on the whole struct", what, key)
			}
		}
		walk(t.Key)
		walk(t.Elem)
	}
	walk(f.Type)
}

// checkGoJSON reports what Thrift's Go code cannot write or read as the
// schema describes: a map whose Go key type encoding/json refuses (bool,
// double, a struct), an unset enum field whose enum has no value 0
// (written "<UNSET>"), a typedef of an enum (written as its number).
func (d *jsonDoc) checkGoJSON(f *schema.Field, what string) {
	checkGoMapKeys(f, what, d.diags)
	// (A typedef of an enum is written as a number: no "<UNSET>".)
	if e, ok := f.Type.Decl.(*schema.Enum); ok && f.Type.Kind == schema.TypeNamed && f.Presence != schema.PresenceOptional && f.Default == nil {
		for _, v := range e.Values {
			if v.Value == 0 {
				return
			}
		}
		d.diags.Report(f.Pos, RuleThriftGoJSON, "enum %s has no value 0: Thrift's Go code writes %s as \"<UNSET>\" while it is unset, which it cannot read back", e.Name, what)
	}
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
		// Go's encoding/json reads only padded standard base64.
		return typed("string").Set("contentEncoding", jsonschemaast.NewString("base64")).
			Set("pattern", jsonschemaast.NewString(jsonschemaast.Base64Pattern))
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
