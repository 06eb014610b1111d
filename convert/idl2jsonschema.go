package convert

import (
	"encoding/base64"
	"math"
	"path"
	"strconv"
	"strings"

	"github.com/idlconv/idlconv/internal/marker"
	"github.com/idlconv/idlconv/jsonschemaast"
	"github.com/idlconv/idlconv/protoast"
	"github.com/idlconv/idlconv/schema"
)

// jsonPath is the output path of a schema converted to JSON Schema.
func jsonPath(p string) string {
	return strings.TrimSuffix(p, path.Ext(p)) + ".json"
}

// jsonDoc builds one JSON Schema document.
type jsonDoc struct {
	opts    Options
	diags   *schema.Diagnostics
	src     *schema.File
	defs    *jsonschemaast.Value
	defsKey string
}

func newJSONDoc(src *schema.File, opts Options, diags *schema.Diagnostics) *jsonDoc {
	d := &jsonDoc{opts: opts, diags: diags, src: src, defs: jsonschemaast.NewObject(), defsKey: "$defs"}
	if opts.JSONSchemaDraft == "7" {
		d.defsKey = "definitions"
	}
	return d
}

// document assembles the root: it refers to the first declared type and
// holds every named type under $defs (definitions in draft 7).
func (d *jsonDoc) document(first string) *jsonschemaast.Value {
	root := jsonschemaast.NewObject()
	if d.opts.JSONSchemaDraft == "7" {
		root.Set("$schema", jsonschemaast.NewString("http://json-schema.org/draft-07/schema#"))
	} else {
		root.Set("$schema", jsonschemaast.NewString("https://json-schema.org/draft/2020-12/schema"))
	}
	base := path.Base(d.src.Path)
	root.Set("title", jsonschemaast.NewString(strings.TrimSuffix(base, path.Ext(base))))
	if first != "" {
		ref := jsonschemaast.NewObject().Set("$ref", jsonschemaast.NewString("#/"+d.defsKey+"/"+first))
		if d.opts.JSONSchemaDraft == "7" {
			// In draft 7, keywords beside $ref are ignored.
			root.Set("allOf", jsonschemaast.NewArray(ref))
		} else {
			root.Set("$ref", ref.Get("$ref"))
		}
	}
	if len(d.defs.Keys) > 0 {
		root.Set(d.defsKey, d.defs)
	}
	return root
}

// ref is the $ref to a named type, in this document or another.
func (d *jsonDoc) ref(name string, file *schema.File) *jsonschemaast.Value {
	target := "#/" + d.defsKey + "/" + name
	if file != nil && file != d.src {
		rel := relPath(path.Dir(d.src.Path), jsonPath(file.Path))
		target = rel + target
	}
	return jsonschemaast.NewObject().Set("$ref", jsonschemaast.NewString(target))
}

// wrapRef moves a $ref into allOf when other keywords stand beside it:
// draft 7 ignores the siblings of $ref.
func (d *jsonDoc) wrapRef(v *jsonschemaast.Value) *jsonschemaast.Value {
	if d.opts.JSONSchemaDraft != "7" || !v.Has("$ref") || len(v.Keys) == 1 {
		return v
	}
	out := jsonschemaast.NewObject().Set("allOf", jsonschemaast.NewArray(jsonschemaast.NewObject().Set("$ref", v.Get("$ref"))))
	for i, k := range v.Keys {
		if k != "$ref" {
			out.Set(k, v.Vals[i])
		}
	}
	return out
}

// relPath is target relative to dir, slash-separated.
func relPath(dir, target string) string {
	if dir == "." || dir == "" {
		return target
	}
	up := ""
	for d := dir; d != "." && d != "/" && d != ""; d = path.Dir(d) {
		if strings.HasPrefix(target, d+"/") {
			return up + strings.TrimPrefix(target, d+"/")
		}
		up += "../"
	}
	return up + target
}

func described(v *jsonschemaast.Value, c schema.Comments) *jsonschemaast.Value {
	text := c.Leading
	if c.Trailing != "" {
		if text != "" {
			text += "\n"
		}
		text += c.Trailing
	}
	if text != "" {
		v.Set("description", jsonschemaast.NewString(text))
	}
	return v
}

func intRange(lo, hi int64) *jsonschemaast.Value {
	return jsonschemaast.NewObject().Set("type", jsonschemaast.NewString("integer")).
		Set("minimum", jsonschemaast.NewInt(lo)).Set("maximum", jsonschemaast.NewInt(hi))
}

func typed(t string) *jsonschemaast.Value {
	return jsonschemaast.NewObject().Set("type", jsonschemaast.NewString(t))
}

func jsonValue(v *schema.Value) *jsonschemaast.Value {
	switch v.Kind {
	case schema.ValueInt:
		return jsonschemaast.NewInt(v.Int)
	case schema.ValueFloat:
		switch {
		case math.IsNaN(v.Float):
			return jsonschemaast.NewString("NaN")
		case math.IsInf(v.Float, 1):
			return jsonschemaast.NewString("Infinity")
		case math.IsInf(v.Float, -1):
			return jsonschemaast.NewString("-Infinity")
		}
		return jsonschemaast.NewNumber(strconv.FormatFloat(v.Float, 'g', -1, 64))
	case schema.ValueBool:
		return jsonschemaast.NewBool(v.Bool)
	case schema.ValueString, schema.ValueIdent:
		return jsonschemaast.NewString(v.Str)
	}
	return nil
}

// ---- Thrift → JSON Schema: the plain JSON object of a Thrift struct.

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

func (d *jsonDoc) enum(e *schema.Enum, what string, name func(*schema.EnumValue) string) *jsonschemaast.Value {
	v := described(typed("string"), e.Comments)
	names := jsonschemaast.NewArray()
	numbers := jsonschemaast.NewArray()
	for _, ev := range e.Values {
		names.Vals = append(names.Vals, jsonschemaast.NewString(name(ev)))
		numbers.Vals = append(numbers.Vals, jsonschemaast.NewInt(ev.Value))
	}
	v.Set("enum", names)
	v.Set(marker.KeyEnumValues, numbers)
	return v
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

// mapKeyNames constrains the JSON keys of a map whose key is not a string.
func mapKeyNames(k *schema.Type) *jsonschemaast.Value {
	switch k.Kind {
	case schema.TypeBool:
		return jsonschemaast.NewObject().Set("enum", jsonschemaast.NewStrings("true", "false"))
	case schema.TypeU32, schema.TypeU64:
		return jsonschemaast.NewObject().Set("pattern", jsonschemaast.NewString("^[0-9]+$"))
	case schema.TypeI8, schema.TypeI16, schema.TypeI32, schema.TypeI64:
		return jsonschemaast.NewObject().Set("pattern", jsonschemaast.NewString("^-?[0-9]+$"))
	}
	return jsonschemaast.NewObject() // no constraint
}

// ---- proto → JSON Schema: the proto3 JSON mapping, as protojson writes.

// mapProtoToJSONSchema applies the proto → JSON Schema rules.
func mapProtoToJSONSchema(job *Job) []Output {
	c := &protoToThrift{flat: map[schema.Decl]string{}, parent: map[schema.Decl]*schema.Struct{}}
	for _, f := range job.Files {
		c.flatten(f, "", f.Decls, nil)
	}
	var outs []Output
	for _, f := range job.Roots() {
		d := newJSONDoc(f, job.Options, job.Diags)
		pj := &protoJSON{jsonDoc: d, flat: c.flat}
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
		pj.diags.ReportError(pos, schema.RuleNameCollision, "%s (a flattened nested name) is also the name of another message or enum; rename one", name)
		return
	}
	pj.defs.Set(name, v)
}

// protoJSONName is the JSON name protojson writes for a field.
func protoJSONName(f *schema.Field) string {
	for _, a := range f.Annotations {
		if a.Key == "json_name" {
			return unquoteProto(a.Value)
		}
	}
	return protoast.JSONName(f.Name)
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
		if protoast.IsWellKnown(t.DeclFile) {
			return pj.wellKnown(t.Decl.DeclName(), pos, what)
		}
		return pj.ref(pj.flat[t.Decl], t.DeclFile)
	}
	return jsonschemaast.NewObject()
}

// wellKnown is the JSON form protojson gives a google.protobuf type.
func (pj *protoJSON) wellKnown(name string, pos schema.Pos, what string) *jsonschemaast.Value {
	switch name {
	case "Timestamp":
		return typed("string").Set("format", jsonschemaast.NewString("date-time"))
	case "Duration":
		return typed("string").Set("pattern", jsonschemaast.NewString(`^-?[0-9]+(\.[0-9]{1,9})?s$`))
	case "FieldMask":
		return typed("string")
	case "Struct":
		return typed("object")
	case "ListValue":
		return typed("array")
	case "Value":
		return jsonschemaast.NewObject()
	case "NullValue":
		return typed("null")
	case "Empty":
		return typed("object").Set("additionalProperties", jsonschemaast.NewBool(false))
	case "Any":
		// protojson writes an empty Any as {}, else "@type" and the packed
		// message's fields.
		return typed("object").Set("properties", jsonschemaast.NewObject().Set("@type", typed("string")))
	case "DoubleValue":
		return pj.protoType(&schema.Type{Kind: schema.TypeDouble}, pos, what)
	case "FloatValue":
		return pj.protoType(&schema.Type{Kind: schema.TypeFloat}, pos, what)
	case "Int64Value":
		return pj.protoType(&schema.Type{Kind: schema.TypeI64}, pos, what)
	case "UInt64Value":
		return pj.protoType(&schema.Type{Kind: schema.TypeU64}, pos, what)
	case "Int32Value":
		return pj.protoType(&schema.Type{Kind: schema.TypeI32}, pos, what)
	case "UInt32Value":
		return pj.protoType(&schema.Type{Kind: schema.TypeU32}, pos, what)
	case "BoolValue":
		return typed("boolean")
	case "StringValue":
		return typed("string")
	case "BytesValue":
		return pj.protoType(&schema.Type{Kind: schema.TypeBinary}, pos, what)
	}
	pj.diags.Report(pos, RuleWellKnownType, "google.protobuf.%s of %s has no JSON mapping here and allows any value", name, what)
	return jsonschemaast.NewObject()
}
