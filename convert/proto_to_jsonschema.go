package convert

import (
	"encoding/base64"
	"strconv"

	"github.com/idlconv/idlconv/internal/marker"
	"github.com/idlconv/idlconv/jsonschemaast"
	"github.com/idlconv/idlconv/protoast"
	"github.com/idlconv/idlconv/schema"
)

// proto → JSON Schema: the proto3 JSON mapping, as protojson writes.

// mapProtoToJSONSchema applies the proto → JSON Schema rules.
func mapProtoToJSONSchema(job *Job) []Output {
	names := flattenNames(job.Files, job.Diags)
	var outs []Output
	for _, f := range job.Roots() {
		d := newJSONDoc(f, job.Options, job.Diags)
		pj := &protoJSON{jsonDoc: d, flat: names.flat}
		first := pj.decls(f.Decls)
		outs = append(outs, Output{Source: f, Doc: d.document(first)})
	}
	return outs
}

type protoJSON struct {
	*jsonDoc
	flat map[schema.Decl]string
}

// decls adds messages and enums (nested ones flattened as Outer_Inner) and
// returns the name of the first message.
func (pj *protoJSON) decls(decls []schema.Decl) string {
	first := ""
	for _, decl := range decls {
		switch decl := decl.(type) {
		case *schema.Struct:
			name := pj.flat[decl]
			if first == "" {
				first = name
			}
			if _, ok := LookupWellKnown(decl.Name); ok && protoast.IsWellKnown(pj.src) {
				// A well-known file converted itself: its types have the
				// JSON form protojson gives them.
				pj.define(name, pj.wellKnown(decl.Name, decl.Pos, name), decl.Pos)
				continue
			}
			if e := enumScopeOf(decl); e != nil {
				// The enum takes the place of the message that scopes it.
				pj.define(name, pj.enum(e, name, func(v *schema.EnumValue) string { return v.Name }), decl.Pos)
				continue
			}
			pj.define(name, pj.message(decl, name), decl.Pos)
			pj.decls(decl.Nested)
		case *schema.Enum:
			pj.define(pj.flat[decl], pj.enum(decl, pj.flat[decl], func(v *schema.EnumValue) string { return v.Name }), decl.Pos)
		case *schema.Service:
			pj.diags.Report(decl.Pos, RuleServiceDropped, "service %s has no JSON Schema equivalent and is dropped", decl.Name)
		}
	}
	return first
}

// define adds a named type, reporting a flattened nested name that
// equals another type's name.
func (pj *protoJSON) define(name string, v *jsonschemaast.Value, pos schema.Pos) {
	if pj.defs.Has(name) {
		pj.diags.ReportError(pos, schema.RuleNameCollision, "%s is also the name of another message or enum; rename one", name)
		return
	}
	pj.defs.Set(name, v)
}

func (pj *protoJSON) message(m *schema.Struct, name string) *jsonschemaast.Value {
	v := described(typed("object"), m.Comments)
	props := jsonschemaast.NewObject()
	var required []string
	oneofs := map[string][]string{}
	var order []string
	for _, f := range m.Fields {
		key := protoJSONName(f)
		p := described(pj.protoType(f.Type, f.Pos, name+"."+f.Name), f.Comments)
		if f.Oneof != "" {
			p.Set(marker.KeyOneof, jsonschemaast.NewString(f.Oneof))
			if _, seen := oneofs[f.Oneof]; !seen {
				order = append(order, f.Oneof)
			}
			oneofs[f.Oneof] = append(oneofs[f.Oneof], key)
		}
		if f.Default != nil {
			if dv := protoDefault(f); dv != nil {
				p.Set("default", dv)
			}
		}
		if key != f.Name {
			p.Set(marker.KeyName, jsonschemaast.NewString(f.Name))
		}
		if f.Presence == schema.PresenceDefault && !f.Type.IsContainer() {
			p.Set(marker.KeyPresence, jsonschemaast.NewString("default"))
		}
		p.Set(marker.KeyID, jsonschemaast.NewInt(int64(f.ID)))
		props.Set(key, pj.wrapRef(p))
		if f.Presence == schema.PresenceRequired {
			required = append(required, key)
		}
	}
	v.Set("properties", props)
	if len(required) > 0 {
		v.Set("required", jsonschemaast.NewStrings(required...))
	}
	v.Set("additionalProperties", jsonschemaast.NewBool(false))
	if len(order) > 0 {
		// At most one member of each oneof is present.
		all := jsonschemaast.NewArray()
		for _, o := range order {
			var branches []*jsonschemaast.Value
			var each []*jsonschemaast.Value
			for _, k := range oneofs[o] {
				r := jsonschemaast.NewObject().Set("required", jsonschemaast.NewStrings(k))
				branches = append(branches, r)
				each = append(each, jsonschemaast.NewObject().Set("required", jsonschemaast.NewStrings(k)))
			}
			none := jsonschemaast.NewObject().Set("not", jsonschemaast.NewObject().Set("anyOf", jsonschemaast.NewArray(each...)))
			all.Vals = append(all.Vals, jsonschemaast.NewObject().Set("oneOf", jsonschemaast.NewArray(append(branches, none)...)))
		}
		v.Set("allOf", all)
	}
	return v
}

// protoDefault is a proto2 default as protojson writes the value: enum
// values by name, bytes in base64.
func protoDefault(f *schema.Field) *jsonschemaast.Value {
	switch {
	case f.Type.Kind == schema.TypeBinary && f.Default.Kind == schema.ValueString:
		return jsonschemaast.NewString(base64.StdEncoding.EncodeToString([]byte(f.Default.Str)))
	case f.Type.Kind == schema.TypeNamed:
		if f.Default.Kind == schema.ValueIdent {
			return jsonschemaast.NewString(f.Default.Str)
		}
		return nil
	case f.Type.Kind == schema.TypeI64 || f.Type.Kind == schema.TypeU64:
		if f.Default.Kind == schema.ValueInt {
			return jsonschemaast.NewString(strconv.FormatInt(f.Default.Int, 10))
		}
	}
	return jsonValue(f.Default)
}

var float64Names = jsonschemaast.NewStrings("NaN", "Infinity", "-Infinity")

func (pj *protoJSON) protoType(t *schema.Type, pos schema.Pos, what string) *jsonschemaast.Value {
	switch t.Kind {
	case schema.TypeBool:
		return typed("boolean")
	case schema.TypeI32:
		return intRange(-1<<31, 1<<31-1)
	case schema.TypeU32:
		return intRange(0, 1<<32-1)
	case schema.TypeI64, schema.TypeU64:
		// protojson writes 64-bit integers as strings, and reads numbers too.
		format, pattern := "int64", "^-?[0-9]+$"
		if t.Kind == schema.TypeU64 {
			format, pattern = "uint64", "^[0-9]+$"
		}
		return jsonschemaast.NewObject().Set("type", jsonschemaast.NewStrings("string", "integer")).
			Set("format", jsonschemaast.NewString(format)).Set("pattern", jsonschemaast.NewString(pattern))
	case schema.TypeFloat, schema.TypeDouble:
		format := "double"
		if t.Kind == schema.TypeFloat {
			format = "float"
		}
		return jsonschemaast.NewObject().Set("format", jsonschemaast.NewString(format)).Set("anyOf", jsonschemaast.NewArray(
			typed("number"), jsonschemaast.NewObject().Set("enum", float64Names)))
	case schema.TypeString:
		return typed("string")
	case schema.TypeBinary:
		return typed("string").Set("contentEncoding", jsonschemaast.NewString("base64"))
	case schema.TypeList:
		return typed("array").Set("items", pj.protoType(t.Elem, pos, what))
	case schema.TypeMap:
		v := typed("object")
		if t.Key.Kind != schema.TypeString {
			v.Set("propertyNames", mapKeyNames(t.Key))
		}
		return v.Set("additionalProperties", pj.protoType(t.Elem, pos, what))
	case schema.TypeNamed:
		if isWellKnownRef(t, pj.src) {
			return pj.wellKnown(t.Decl.DeclName(), pos, what)
		}
		return pj.ref(pj.flat[t.Decl], t.DeclFile)
	}
	return jsonschemaast.NewObject()
}

// wellKnown is the JSON form protojson gives a google.protobuf type (the
// table of wellKnownTypes).
func (pj *protoJSON) wellKnown(name string, pos schema.Pos, what string) *jsonschemaast.Value {
	w, ok := LookupWellKnown(name)
	switch {
	case !ok:
		pj.diags.Report(pos, RuleWellKnownType, "google.protobuf.%s of %s has no JSON mapping here and allows any value", name, what)
		return jsonschemaast.NewObject()
	case w.Wraps != 0:
		return pj.protoType(&schema.Type{Kind: w.Wraps}, pos, what)
	}
	return w.json()
}
