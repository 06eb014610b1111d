package schema

// Format names an IDL that idlconv reads or writes.
type Format string

// The formats idlconv knows.
const (
	Thrift     Format = "thrift"
	Proto      Format = "proto"
	JSONSchema Format = "jsonschema"
)

// Comments holds the documentation attached to an element, without comment
// markers; lines are joined by "\n".
type Comments struct {
	// Leading is the comment block directly above the element.
	Leading string
	// Trailing is the comment on the same line, after the element.
	Trailing string
}

// IsEmpty reports whether there is no comment at all.
func (c Comments) IsEmpty() bool { return c.Leading == "" && c.Trailing == "" }

// Annotation is an IDL-specific key/value pair that the model has no field
// for: a Thrift annotation `(key = "value")`, a proto option, a JSON Schema
// keyword.
type Annotation struct {
	Pos   Pos
	Key   string
	Value string
}

// Text is a string that the source states about an element, and where it
// states it: a JSON Schema property key, enum string or format, a Thrift
// annotation's value, a proto option's string. A nil *Text is a fact the
// source leaves unsaid; a Text whose Value is "" says the empty string.
type Text struct {
	Pos   Pos
	Value string
}

// File is one schema file.
type File struct {
	// Path is the file's path as idlconv names it: relative to its import
	// root when it has one, slash-separated.
	Path   string
	Format Format
	// Syntax is the proto syntax ("proto2", "proto3") or edition
	// ("editions 2023"); empty for other formats.
	Syntax string
	// Package is the file's package (proto) or the namespace chosen as the
	// package; empty when the file has none.
	Package     string
	Namespaces  []*Namespace
	Imports     []*Import
	Decls       []Decl
	Comments    Comments
	Annotations []Annotation
	// Pos stands for the whole file: its 1:1, without an end.
	Pos Pos
}

// Namespace is a Thrift `namespace LANG NAME` line or a proto file option
// that plays the same role (java_package, go_package, ...).
type Namespace struct {
	Pos Pos
	// Lang is the Thrift language scope ("*", "java", "py", ...).
	Lang string
	Name string
}

// Import is an include (Thrift) or import (proto) of another file.
type Import struct {
	Pos Pos
	// Path is the path literal as written in the source.
	Path string
	// Public marks a proto `import public`.
	Public bool
	// File is the resolved file, set by the front-end.
	File *File
}

// Decl is a top-level (or, for proto, nested) declaration.
type Decl interface {
	// DeclName is the declaration's name, unqualified.
	DeclName() string
	// DeclPos is where the declaration's name starts.
	DeclPos() Pos
}

// StructKind says what a [Struct] was declared as.
type StructKind int

// The kinds of struct-like declarations.
const (
	// KindStruct is a Thrift struct or a proto message.
	KindStruct StructKind = iota
	// KindException is a Thrift exception.
	KindException
	// KindUnion is a Thrift union: at most one field is set.
	KindUnion
)

// String returns the Thrift keyword for k.
func (k StructKind) String() string {
	switch k {
	case KindException:
		return "exception"
	case KindUnion:
		return "union"
	}
	return "struct"
}

// Struct is a record type: a Thrift struct, exception or union, or a proto
// message.
type Struct struct {
	Pos    Pos
	Name   string
	Kind   StructKind
	Fields []*Field
	// Oneofs lists the proto oneof groups in declaration order; a field
	// belongs to one when its Oneof names it.
	Oneofs []*Oneof
	// Nested holds declarations scoped inside this one (proto nested
	// messages and enums).
	Nested []Decl
	// Reserved lists reserved field numbers and names (proto reserved).
	Reserved    []Reserved
	Comments    Comments
	Annotations []Annotation
}

// Reserved is one reserved range (Start..End, inclusive; End equals Start
// for a single number) or, when Name is set, one reserved name.
type Reserved struct {
	Pos   Pos
	Start int64
	End   int64
	Name  string
}

// Covers reports whether r is a range that holds the number n.
func (r Reserved) Covers(n int64) bool { return r.Name == "" && r.Start <= n && n <= r.End }

// IsReserved reports whether rs reserves the number n, or the name when it
// is not empty.
func IsReserved(rs []Reserved, n int64, name string) bool {
	for _, r := range rs {
		if r.Covers(n) || name != "" && r.Name == name {
			return true
		}
	}
	return false
}

// DeclName returns s.Name.
func (s *Struct) DeclName() string { return s.Name }

// DeclPos returns s.Pos.
func (s *Struct) DeclPos() Pos { return s.Pos }

// Oneof is a proto oneof group.
type Oneof struct {
	Pos         Pos
	Name        string
	Comments    Comments
	Annotations []Annotation
}

// Presence is a field's requiredness.
type Presence int

// The presences a field can have.
const (
	// PresenceDefault is Thrift's default requiredness and proto3's
	// implicit presence.
	PresenceDefault Presence = iota
	// PresenceRequired must be set.
	PresenceRequired
	// PresenceOptional may be unset, and its absence is observable.
	PresenceOptional
)

// String returns the Thrift keyword for p, or "default".
func (p Presence) String() string {
	switch p {
	case PresenceRequired:
		return "required"
	case PresenceOptional:
		return "optional"
	}
	return "default"
}

// Field is a struct field, a method argument or a declared exception.
type Field struct {
	Pos  Pos
	Name string
	// ID is the field ID (Thrift) or number (proto).
	ID int
	// IDExplicit is false when the source left the ID out and the
	// front-end assigned one (Thrift assigns -1, -2, ...).
	IDExplicit bool
	// IDFromOrder is true when the source gave no ID and the front-end
	// numbered the field by its place (a JSON Schema property without
	// x-idlconv-id): an ID lock may replace it.
	IDFromOrder bool
	Type        *Type
	// Presence is the field's presence as the source language's rules
	// settle it (a proto3 message field is optional without a label).
	// Mapping rules read Presence.
	Presence Presence
	// Label is the presence keyword as the source wrote it ("optional",
	// "required", or empty). It carries no meaning of its own: only round
	// trips read it, where two spellings of one meaning map to different
	// targets.
	Label string
	// Default is the declared default value, or nil.
	Default *Value
	// Oneof names the proto oneof the field belongs to, or is empty.
	Oneof string
	// JSONName is the field's name in JSON documents when the source
	// states it, nil when it leaves the format's own rule (the field name;
	// protoc's lowerCamelCase for proto). The front-ends set it from a
	// JSON Schema property key that differs from the field name, a Thrift
	// json.name annotation (which is then no annotation of the field) and
	// a proto json_name option (its string as written between the quotes,
	// escapes undecoded). The Thrift printer writes it as json.name, the
	// proto printer as json_name.
	JSONName    *Text
	Comments    Comments
	Annotations []Annotation
}

// TypeKind says what a [Type] is.
type TypeKind int

// The kinds of types.
const (
	// TypeBool is a boolean.
	TypeBool TypeKind = iota + 1
	// TypeI8 is a signed 8-bit integer (Thrift byte, i8).
	TypeI8
	// TypeI16 is a signed 16-bit integer.
	TypeI16
	// TypeI32 is a signed 32-bit integer.
	TypeI32
	// TypeI64 is a signed 64-bit integer.
	TypeI64
	// TypeU32 is an unsigned 32-bit integer.
	TypeU32
	// TypeU64 is an unsigned 64-bit integer.
	TypeU64
	// TypeFloat is a 32-bit float.
	TypeFloat
	// TypeDouble is a 64-bit float.
	TypeDouble
	// TypeString is a text string.
	TypeString
	// TypeBinary is a byte string.
	TypeBinary
	// TypeUUID is a 16-byte UUID (Thrift uuid).
	TypeUUID
	// TypeList is an ordered sequence of Elem.
	TypeList
	// TypeSet is a set of Elem.
	TypeSet
	// TypeMap maps Key to Elem.
	TypeMap
	// TypeNamed refers to a declaration by name.
	TypeNamed
	// TypeJSONValue is any JSON value (JSON Schema `{}`, a type list that
	// mixes kinds): google.protobuf.Value in proto.
	TypeJSONValue
	// TypeJSONObject is any JSON object (an object schema that declares
	// no properties): google.protobuf.Struct in proto.
	TypeJSONObject
	// TypeJSONArray is any JSON array (an array schema without items):
	// google.protobuf.ListValue in proto.
	TypeJSONArray
)

// IsJSON reports whether t is one of the free-form JSON kinds
// (TypeJSONValue, TypeJSONObject, TypeJSONArray).
func (t *Type) IsJSON() bool {
	return t.Kind == TypeJSONValue || t.Kind == TypeJSONObject || t.Kind == TypeJSONArray
}

// Encoding is a proto wire-encoding hint for integer types.
type Encoding int

// The integer encodings.
const (
	// EncodingVarint is the plain varint (int32, int64, uint32, uint64).
	EncodingVarint Encoding = iota
	// EncodingZigZag is sint32 and sint64.
	EncodingZigZag
	// EncodingFixed is fixed32, fixed64, sfixed32 and sfixed64.
	EncodingFixed
)

// Type is a type expression.
type Type struct {
	Pos  Pos
	Kind TypeKind
	// Encoding is a proto integer encoding hint; zero elsewhere.
	Encoding Encoding
	// Key is the map key type.
	Key *Type
	// Elem is the list or set element, or the map value.
	Elem *Type
	// Name is the reference as written in the source ("Foo", "shared.Foo").
	Name string
	// Decl is the declaration Name resolves to, set by the front-end.
	Decl Decl
	// DeclFile is the file that declares Decl.
	DeclFile *File
	// Format is the JSON Schema format of the values (a string's "date",
	// "uri", ...), or nil. jsonschemaast sets it from "format", thriftast
	// from a json.format annotation of the type or of the field whose type
	// this is (which is then no annotation). The Thrift printer writes a
	// field's as the field's json.format annotation.
	Format *Text
	// FreeFormWhy says, for a free-form JSON kind (IsJSON), what in the
	// source allows any value ("the schema true", "type string, integer"),
	// for the targets that cannot hold one; empty when the source says
	// nothing. Set by jsonschemaast.
	FreeFormWhy string
	// FreeFormMixed marks a free-form JSON type whose source lists kinds
	// of values that no one type holds (a type list, a oneOf whose
	// branches differ), rather than leaving the value open. Set by
	// jsonschemaast.
	FreeFormMixed bool
	// Annotations are annotations written on the type itself.
	Annotations []Annotation
}

// IsContainer reports whether t is a list, set or map.
func (t *Type) IsContainer() bool {
	return t.Kind == TypeList || t.Kind == TypeSet || t.Kind == TypeMap
}

// ValueKind says what a [Value] is.
type ValueKind int

// The kinds of constant values.
const (
	// ValueInt is an integer.
	ValueInt ValueKind = iota + 1
	// ValueFloat is a floating-point number.
	ValueFloat
	// ValueString is a string literal.
	ValueString
	// ValueBool is true or false.
	ValueBool
	// ValueIdent is a reference to a constant or an enum value.
	ValueIdent
	// ValueList is a list literal.
	ValueList
	// ValueMap is a map literal.
	ValueMap
)

// Value is a constant value: a default or a const's value.
type Value struct {
	Pos   Pos
	Kind  ValueKind
	Int   int64
	Float float64
	// Str is a string literal's contents or an identifier's name.
	Str  string
	Bool bool
	List []*Value
	Map  []*MapEntry
}

// MapEntry is one key/value pair of a map literal.
type MapEntry struct {
	Key   *Value
	Value *Value
}

// Enum is an enumeration.
type Enum struct {
	Pos    Pos
	Name   string
	Values []*EnumValue
	// Reserved lists reserved values and names (proto reserved).
	Reserved    []Reserved
	Comments    Comments
	Annotations []Annotation
}

// DeclName returns e.Name.
func (e *Enum) DeclName() string { return e.Name }

// DeclPos returns e.Pos.
func (e *Enum) DeclPos() Pos { return e.Pos }

// EnumValue is one named value of an enum.
type EnumValue struct {
	Pos   Pos
	Name  string
	Value int64
	// ValueFromOrder is true when the source gave no number and the
	// front-end numbered the value by its place (a JSON Schema enum
	// string without x-idlconv-enum-values): an ID lock may replace it.
	ValueFromOrder bool
	// JSONValue is the string JSON documents use for the value when the
	// source states it, nil when it is the value's name: a JSON Schema
	// enum string that differs from the name made of it, or a Thrift
	// json.value annotation (which is then no annotation of the value).
	// The Thrift printer writes it as json.value.
	JSONValue   *Text
	Comments    Comments
	Annotations []Annotation
}

// Typedef gives a new name to a type.
type Typedef struct {
	Pos         Pos
	Name        string
	Type        *Type
	Comments    Comments
	Annotations []Annotation
}

// DeclName returns t.Name.
func (t *Typedef) DeclName() string { return t.Name }

// DeclPos returns t.Pos.
func (t *Typedef) DeclPos() Pos { return t.Pos }

// Const is a named constant.
type Const struct {
	Pos         Pos
	Name        string
	Type        *Type
	Value       *Value
	Comments    Comments
	Annotations []Annotation
}

// DeclName returns c.Name.
func (c *Const) DeclName() string { return c.Name }

// DeclPos returns c.Pos.
func (c *Const) DeclPos() Pos { return c.Pos }

// Comment is a free-standing comment between declarations, kept in its
// place.
type Comment struct {
	Pos  Pos
	Text string
}

// DeclName returns "": a comment declares nothing.
func (c *Comment) DeclName() string { return "" }

// DeclPos returns c.Pos.
func (c *Comment) DeclPos() Pos { return c.Pos }

// Service is an RPC service.
type Service struct {
	Pos  Pos
	Name string
	// Extends names the parent service as written, or is empty.
	Extends string
	// ExtendsService is the resolved parent, set by the front-end.
	ExtendsService *Service
	Methods        []*Method
	Comments       Comments
	Annotations    []Annotation
}

// DeclName returns s.Name.
func (s *Service) DeclName() string { return s.Name }

// DeclPos returns s.Pos.
func (s *Service) DeclPos() Pos { return s.Pos }

// Method is one RPC.
type Method struct {
	Pos  Pos
	Name string
	// Result is the return type; nil means void.
	Result *Type
	Args   []*Field
	Throws []*Field
	Oneway bool
	// ClientStreaming and ServerStreaming mark proto streaming RPCs.
	ClientStreaming bool
	ServerStreaming bool
	Comments        Comments
	Annotations     []Annotation
}
