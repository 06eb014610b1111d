package meaningtest

import (
	"github.com/idlconv/idlconv/convert"
	"github.com/idlconv/idlconv/schema"
)

// Rule is one documented difference between the two readings: what
// differs, and the table of docs/mapping.md that documents it (with the
// rule ID idlconv reports, when the mapping has one).
type Rule struct {
	RuleID string // the mapping.md rule ID where there is one
	Doc    string // the docs/mapping.md table (section) and row
	What   string // the difference the rule allows
}

// Rules are the documented differences: every difference the comparison
// accepts names one of them. A difference that no rule names is a
// failure. The keys are what [Report] counts.
var Rules = map[string]Rule{
	// --- Reading: what `thrift --gen json` cannot show. ---

	// Apache Thrift's json generator writes an enum type as i32 (its
	// type name, without the enum), so an enum on the proto side can only
	// be compared with an i32 on the Thrift side. Not an idlconv rule: a
	// limit of the reading.
	"reader-enum-as-i32": {Doc: "(reading) thrift --gen json writes enum types as i32",
		What: "Thrift i32 ↔ proto enum"},

	// --- Thrift → proto ---

	convert.RuleNarrowInt.ID: {RuleID: convert.RuleNarrowInt.ID, Doc: "Thrift → proto, Base types: byte, i8, i16 → int32",
		What: "i8/i16 ↔ int32"},
	convert.RuleUUIDToString.ID: {RuleID: convert.RuleUUIDToString.ID, Doc: "Thrift → proto, Base types: uuid → string",
		What: "uuid ↔ string"},
	convert.RuleSetToRepeated.ID: {RuleID: convert.RuleSetToRepeated.ID, Doc: "Thrift → proto, Containers: set<T> → repeated T",
		What: "set ↔ repeated"},
	convert.RuleContainerWrapper.ID: {RuleID: convert.RuleContainerWrapper.ID, Doc: "Thrift → proto, Containers: a container inside a container, a container union member, a container result with throws → wrapper message (items/entries = 1), nested in the message that uses it",
		What: "nested container ↔ wrapper message"},
	convert.RuleMapKeyToEntries.ID: {RuleID: convert.RuleMapKeyToEntries.ID, Doc: "Thrift → proto, Containers: map<K, V> with a key proto maps cannot have → repeated entry message (key = 1, value = 2), nested in the message that uses it",
		What: "map ↔ repeated entries"},
	convert.RuleRequiredField.ID: {RuleID: convert.RuleRequiredField.ID, Doc: "Thrift → proto, Presence: required T f, proto3 → T f; required container → repeated/map",
		What: "required ↔ no required in proto"},
	convert.RuleOptionalContainer.ID: {RuleID: convert.RuleOptionalContainer.ID, Doc: "Thrift → proto, Presence: optional container → repeated/map field",
		What: "optional container ↔ repeated/map without presence"},
	"message-presence": {Doc: "Thrift → proto, Presence: a proto3 (and editions) message field always has presence (optional row; editions default-requiredness row: \"Not for message types\")",
		What: "default requiredness struct field ↔ explicit presence"},
	"proto2-default-optional": {Doc: "Thrift → proto, Presence: T f (default requiredness), proto2 → optional T f",
		What: "default requiredness ↔ explicit presence"},
	"editions-default-explicit": {Doc: "Thrift → proto, Presence: T f (default requiredness), editions: fields with a default are kept explicit",
		What: "default requiredness with a default ↔ explicit presence"},
	"oneof-annotation": {Doc: "Thrift → proto, Presence: T f with (proto.oneof = \"NAME\") → a member of oneof NAME",
		What: "(proto.oneof) field ↔ oneof member"},
	"union-to-oneof": {Doc: "Thrift → proto, Structs, exceptions and unions: union U → message U { oneof u { … } }; a union member (which Apache Thrift reads as optional) is a oneof member (union-field-presence)",
		What: "union member ↔ oneof member"},
	convert.RuleExceptionToMessage.ID: {RuleID: convert.RuleExceptionToMessage.ID, Doc: "Thrift → proto, Structs, exceptions and unions: exception X → message X",
		What: "exception ↔ message"},
	"enum-prefix": {Doc: "Thrift → proto, Enums: each value name is prefixed with the enum name in UPPER_SNAKE",
		What: "V ↔ E_V"},
	convert.RuleEnumZeroValue.ID: {RuleID: convert.RuleEnumZeroValue.ID, Doc: "Thrift → proto, Enums: no value 0 (proto3), or no value at all (proto2) → <PREFIX>_UNSPECIFIED = 0 added",
		What: "no value 0 ↔ UNSPECIFIED = 0"},
	"enum-value-renamed": {RuleID: convert.RuleEnumValueConflict.ID, Doc: "Thrift → proto, Enums (enum-value-conflict) and Names in a proto package (name-collision): the later value gets _2 (_3, …)",
		What: "V ↔ E_V_2"},
	schema.RuleNameCollision.ID: {RuleID: schema.RuleNameCollision.ID, Doc: "Thrift → proto, Names in a proto package: a name declared in two files of one package → NAME_FILE in the later file",
		What: "S ↔ S_file"},
	"proto-name": {Doc: "proto → Thrift, Messages and fields (reserved words) and Round trip: (proto.name = \"NAME\") keeps the proto name, which Thrift → proto restores",
		What: "name_ (proto.name) ↔ name"},
	convert.RuleJSONNameConflict.ID: {RuleID: convert.RuleJSONNameConflict.ID, Doc: "Thrift → proto, Structs, exceptions and unions: two fields protoc cannot tell apart → the later renamed NAME_ID",
		What: "field ↔ field_ID"},
	"method-messages": {Doc: "Thrift → proto, Services: arguments → <M>Request, result and throws → <M>Response (success = 1), no arguments or void → .google.protobuf.Empty",
		What: "method arguments/result ↔ request/response messages"},
	"throws-plus-one": {Doc: "Thrift → proto, Services: throws (N: X x) → X x = N+1 in oneof result",
		What: "throws ID N ↔ response field N+1"},
	convert.RuleOnewayMethod.ID: {RuleID: convert.RuleOnewayMethod.ID, Doc: "Thrift → proto, Services: oneway void m(…) → rpc returning .google.protobuf.Empty",
		What: "oneway ↔ unary"},
	convert.RuleServiceExtends.ID: {RuleID: convert.RuleServiceExtends.ID, Doc: "Thrift → proto, Services: service S extends P → methods of P copied into S",
		What: "inherited method ↔ copied rpc"},

	// --- proto → Thrift ---

	"nested-flattened": {Doc: "proto → Thrift, Messages and fields: nested message or enum M.N → top-level M_N",
		What: "M.N ↔ M_N"},
	convert.RuleThriftReserved.ID: {RuleID: convert.RuleThriftReserved.ID, Doc: "proto → Thrift, Messages and fields: a Thrift reserved word gets _ appended and (proto.name = \"NAME\")",
		What: "name ↔ name_"},
	"enum-prefix-stripped": {Doc: "proto → Thrift, Enums: values all prefixed E_ → prefix stripped",
		What: "E_V ↔ V"},
	"sized-int": {Doc: "proto → Thrift, Messages and fields: int32, sint32, sfixed32 → i32; int64, sint64, sfixed64 → i64",
		What: "sint/sfixed ↔ i32/i64"},
	"uint32-widened": {Doc: "proto → Thrift, Messages and fields: uint32, fixed32 → i64 (widened so that every value fits)",
		What: "uint32/fixed32 ↔ i64"},
	convert.RuleUint64ToI64.ID: {RuleID: convert.RuleUint64ToI64.ID, Doc: "proto → Thrift, Messages and fields: uint64, fixed64 → i64",
		What: "uint64/fixed64 ↔ i64"},
	"float-to-double": {Doc: "proto → Thrift, Messages and fields: float, double → double",
		What: "float ↔ double"},
	convert.RuleGroupToStruct.ID: {RuleID: convert.RuleGroupToStruct.ID, Doc: "proto → Thrift, Messages and fields: group → struct plus field",
		What: "group ↔ struct field"},
	"oneof-to-optional": {Doc: "proto → Thrift, Messages and fields: oneof member → optional field with (proto.oneof = \"NAME\"), keeping its number",
		What: "oneof member ↔ optional (proto.oneof) field"},
	"oneof-union": {Doc: "proto → Thrift, Messages and fields, with --oneof union: a message that is one oneof → union; otherwise each oneof → union M_Oneof and a field with the number of its first member",
		What: "oneof ↔ union"},
	convert.RuleWellKnownType.ID: {RuleID: convert.RuleWellKnownType.ID, Doc: "proto → Thrift, Well-known types: Timestamp, Duration, Struct, Value, ListValue → optional string; NullValue → i32; FieldMask → list<string>",
		What: "google.protobuf type ↔ string/i32/list<string>"},
	"wkt-wrapper": {Doc: "proto → Thrift, Well-known types: wrappers (StringValue, …) → optional of the scalar (UInt32Value → i64, FloatValue → double)",
		What: "wrapper message ↔ optional scalar"},
	"wkt-helper": {Doc: "proto → Thrift, Well-known types: Empty and Any as a field type → helper struct Empty {} / Any {1: type_url, 2: value} (Empty_ where the file declares an Empty of its own)",
		What: "google.protobuf.Empty/Any ↔ helper struct"},
	"rpc-request-response": {Doc: "proto → Thrift, Services: rpc M(Req) returns (Resp) → Resp M(1: Req req); Empty request: no arguments; Empty response: void",
		What: "rpc ↔ method with one argument"},
	"optional-argument": {Doc: "Thrift → proto, Services: an argument written optional (which Apache Thrift ignores in argument lists) is an explicit-presence field of the request message; proto → Thrift writes such a field as an optional argument",
		What: "default-requiredness argument written optional ↔ explicit presence"},
	"exception-restored": {Doc: "proto → Thrift, Messages and fields: a message tagged idlconv:exception (a Thrift exception that Thrift → proto made a message) is an exception again",
		What: "message ↔ exception"},
	"request-response-folding": {Doc: "proto → Thrift, Services: request/response messages idlconv generated (idlconv:request/response) are folded back: arguments, success = 1, throws at ID − 1",
		What: "request/response messages ↔ arguments/result/throws"},
	"wrapper-unfolded": {Doc: "proto → Thrift, Services: wrapper and entry messages idlconv generated for Thrift containers → the container again",
		What: "wrapper/entry message ↔ container"},
	"extend-dropped": {RuleID: convert.RuleExtensionsComment.ID, Doc: "proto → Thrift, File: extend X { … } → dropped, with the groups it declares",
		What: "group extension's message ↔ no struct"},
	convert.RuleStreamingDropped.ID: {RuleID: convert.RuleStreamingDropped.ID, Doc: "proto → Thrift, Services: streaming rpc → left out",
		What: "streaming rpc ↔ no method"},
	"inherited-left-out": {Doc: "proto → Thrift, Services: thrift: inherited from P on a method → service S extends P, inherited methods left out",
		What: "inherited rpc ↔ no method"},
}
