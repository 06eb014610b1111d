package convert

import (
	"github.com/idlconv/idlconv/jsonschemaast"
	"github.com/idlconv/idlconv/protoast"
	"github.com/idlconv/idlconv/schema"
)

// WellKnownType is how idlconv maps one of protobuf's well-known types,
// google.protobuf.Name, that has a mapping (docs/mapping.md, Well-known
// types). The table of them is the one place these mappings are written:
// proto → Thrift, proto → JSON Schema and JSON Schema → proto map by it,
// and [LookupWellKnown] gives it to `idlconv check` and the tests.
type WellKnownType struct {
	// Name is the type's name in package google.protobuf.
	Name string
	// Wraps is the scalar kind that a wrapper type (DoubleValue, …,
	// BytesValue) holds: its JSON form is that scalar's, and its Thrift
	// type the scalar's Thrift kind ([ThriftKind]). Zero for the others.
	Wraps schema.TypeKind
	// Helper says that the Thrift type is a struct of the same name that
	// the Thrift output declares (Empty, Any).
	Helper bool
	// Optional says that a field of the type becomes an optional Thrift
	// field: the proto field has presence, which the Thrift base type
	// has only so.
	Optional bool
	// Warned says that proto → Thrift reports the mapping
	// (well-known-type), which loses the type.
	Warned bool
	// note ends the well-known-type warning: what the Thrift type holds.
	note string
	// thrift is the kind of the Thrift type, unless Wraps or Helper says
	// it; thriftElem that of a list's elements.
	thrift, thriftElem schema.TypeKind
	// freeForm is the kind of free-form JSON the type holds
	// (schema.TypeJSONValue, …), which JSON Schema → proto maps to it;
	// zero for the others.
	freeForm schema.TypeKind
	// json is the JSON Schema of the form protojson gives the type; nil
	// for a wrapper (that of Wraps).
	json func() *jsonschemaast.Value
}

// wellKnownTypes are the well-known types with a mapping. Any other type
// of a well-known file has none: an error into Thrift, a warning into
// JSON Schema.
var wellKnownTypes = []WellKnownType{
	{Name: "Timestamp", thrift: schema.TypeString, Optional: true, Warned: true, note: ` (its JSON form: RFC 3339, e.g. "1972-01-01T10:00:20.021Z")`,
		json: func() *jsonschemaast.Value {
			return typed("string").Set("format", jsonschemaast.NewString("date-time"))
		}},
	{Name: "Duration", thrift: schema.TypeString, Optional: true, Warned: true, note: ` (its JSON form: seconds with an s suffix, e.g. "1.5s")`,
		json: func() *jsonschemaast.Value {
			return typed("string").Set("pattern", jsonschemaast.NewString(`^-?[0-9]+(\.[0-9]{1,9})?s$`))
		}},
	{Name: "Struct", thrift: schema.TypeString, Optional: true, Warned: true, note: " holding its JSON text", freeForm: schema.TypeJSONObject,
		json: func() *jsonschemaast.Value { return typed("object") }},
	{Name: "Value", thrift: schema.TypeString, Optional: true, Warned: true, note: " holding its JSON text", freeForm: schema.TypeJSONValue,
		json: jsonschemaast.NewObject},
	{Name: "ListValue", thrift: schema.TypeString, Optional: true, Warned: true, note: " holding its JSON text", freeForm: schema.TypeJSONArray,
		json: func() *jsonschemaast.Value { return typed("array") }},
	{Name: "NullValue", thrift: schema.TypeI32, Warned: true,
		json: func() *jsonschemaast.Value { return typed("null") }},
	{Name: "FieldMask", thrift: schema.TypeList, thriftElem: schema.TypeString, Warned: true, note: " (its paths)",
		json: func() *jsonschemaast.Value { return typed("string") }},
	{Name: "Empty", Helper: true,
		json: func() *jsonschemaast.Value {
			return typed("object").Set("additionalProperties", jsonschemaast.NewBool(false))
		}},
	// protojson writes an empty Any as {}, else "@type" and the packed
	// message's fields.
	{Name: "Any", Helper: true,
		json: func() *jsonschemaast.Value {
			return typed("object").Set("properties", jsonschemaast.NewObject().Set("@type", typed("string")))
		}},
	{Name: "DoubleValue", Wraps: schema.TypeDouble, Optional: true},
	{Name: "FloatValue", Wraps: schema.TypeFloat, Optional: true},
	{Name: "Int64Value", Wraps: schema.TypeI64, Optional: true},
	{Name: "UInt64Value", Wraps: schema.TypeU64, Optional: true},
	{Name: "Int32Value", Wraps: schema.TypeI32, Optional: true},
	{Name: "UInt32Value", Wraps: schema.TypeU32, Optional: true},
	{Name: "BoolValue", Wraps: schema.TypeBool, Optional: true},
	{Name: "StringValue", Wraps: schema.TypeString, Optional: true},
	{Name: "BytesValue", Wraps: schema.TypeBinary, Optional: true},
}

// LookupWellKnown returns the mapping of google.protobuf.name, or false
// when idlconv has none for it.
func LookupWellKnown(name string) (WellKnownType, bool) {
	for _, w := range wellKnownTypes {
		if w.Name == name {
			return w, true
		}
	}
	return WellKnownType{}, false
}

// ThriftType returns a new Thrift type that the well-known type becomes:
// a base type, a list, or for a helper a reference to the struct of its
// name.
func (w WellKnownType) ThriftType() *schema.Type {
	switch {
	case w.Wraps != 0:
		return &schema.Type{Kind: ThriftKind(w.Wraps)}
	case w.Helper:
		return &schema.Type{Kind: schema.TypeNamed, Name: w.Name}
	case w.thrift == schema.TypeList:
		return &schema.Type{Kind: schema.TypeList, Elem: &schema.Type{Kind: w.thriftElem}}
	}
	return &schema.Type{Kind: w.thrift}
}

// isWellKnownRef reports whether t names a type of one of protobuf's
// well-known files, other than src (a well-known file converted itself
// keeps its declarations).
func isWellKnownRef(t *schema.Type, src *schema.File) bool {
	return protoast.IsWellKnown(t.DeclFile) && t.DeclFile != src
}

// freeFormType is the well-known message, fully qualified, that holds
// free-form JSON of kind k, so that no package named like google can
// shadow it.
func freeFormType(k schema.TypeKind) string {
	for _, w := range wellKnownTypes {
		if w.freeForm == k {
			return ".google.protobuf." + w.Name
		}
	}
	return ""
}
