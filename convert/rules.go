package convert

import "github.com/idlconv/idlconv/schema"

// The rules of the mapping into proto (from Thrift, and from JSON
// Schema, whose model is shaped like Thrift's). docs/mapping.md describes
// each.
var (
	// RuleImplicitFieldID reports a Thrift field without an ID.
	RuleImplicitFieldID = schema.Rule{ID: "implicit-field-id", Severity: schema.Warning, AlsoError: true,
		Purpose: "A field, argument or `throws` entry has no explicit ID: an error into proto (the message suggests the next free one), a warning into JSON Schema (the property carries no ID)."}
	// RuleInvalidFieldID reports an ID proto cannot use as a number.
	RuleInvalidFieldID = schema.Rule{ID: "invalid-field-id", Severity: schema.Error,
		Purpose: "A field ID (JSON Schema: an `x-idlconv-id`) is ≤ 0 or in 19000–19999, or a `throws` ID becomes a response field number in 19000–19999."}
	// RuleRequiredField reports requiredness proto does not enforce.
	RuleRequiredField = schema.Rule{ID: "required-field", Severity: schema.Warning,
		Purpose: "`required` is not enforced (proto3, or any container)."}
	// RuleOptionalContainer reports an optional container.
	RuleOptionalContainer = schema.Rule{ID: "optional-container", Severity: schema.Warning,
		Purpose: "An `optional` container cannot tell unset from empty (into Thrift: Thrift's Go code leaves out an empty optional list, set, map or binary)."}
	// RuleNarrowInt reports a widened integer.
	RuleNarrowInt = schema.Rule{ID: "narrow-int", Severity: schema.Warning,
		Purpose: "`byte`/`i8`/`i16` widened to `int32`."}
	// RuleUUIDToString reports a uuid written as a string.
	RuleUUIDToString = schema.Rule{ID: "uuid-to-string", Severity: schema.Warning,
		Purpose: "`uuid` becomes `string`."}
	// RuleSetToRepeated reports a set that loses uniqueness.
	RuleSetToRepeated = schema.Rule{ID: "set-to-repeated", Severity: schema.Warning,
		Purpose: "`set` becomes `repeated`; uniqueness lost."}
	// RuleMapKeyToEntries reports a map whose key proto maps cannot have.
	RuleMapKeyToEntries = schema.Rule{ID: "map-key-to-entries", Severity: schema.Warning,
		Purpose: "A map whose key proto does not allow becomes repeated entry messages."}
	// RuleContainerWrapper reports a nested container wrapped in a message.
	RuleContainerWrapper = schema.Rule{ID: "container-wrapper", Severity: schema.Warning,
		Purpose: "A nested container becomes a wrapper message (reported at each use)."}
	// RuleEnumZeroValue reports an added zero value.
	RuleEnumZeroValue = schema.Rule{ID: "enum-zero-value", Severity: schema.Warning,
		Purpose: "An enum without 0 (proto3), or an empty enum (proto2), gets `<PREFIX>_UNSPECIFIED = 0`."}
	// RuleEnumValueRange reports an enum value outside int32.
	RuleEnumValueRange = schema.Rule{ID: "enum-value-range", Severity: schema.Error,
		Purpose: "Enum value outside int32."}
	// RuleEnumValueConflict reports enum value names protoc confuses.
	RuleEnumValueConflict = schema.Rule{ID: "enum-value-conflict", Severity: schema.Warning,
		Purpose: "proto3 and editions: two enum values map to names protoc cannot tell apart (prefix stripped, PascalCase); the later one gets `_2` (`_3`, …)."}
	// RuleExceptionToMessage reports an exception made a message.
	RuleExceptionToMessage = schema.Rule{ID: "exception-to-message", Severity: schema.Warning,
		Purpose: "An exception becomes a plain message."}
	// RuleTypedefInlined reports a typedef replaced by its type.
	RuleTypedefInlined = schema.Rule{ID: "typedef-inlined", Severity: schema.Warning,
		Purpose: "A typedef is replaced by its target type."}
	// RuleConstAsComment reports a const kept as a comment.
	RuleConstAsComment = schema.Rule{ID: "const-as-comment", Severity: schema.Warning,
		Purpose: "A const is kept as a comment."}
	// RuleAnnotationComment reports an annotation kept as a comment.
	RuleAnnotationComment = schema.Rule{ID: "annotation-as-comment", Severity: schema.Warning,
		Purpose: "An annotation becomes a comment (on a typedef: is dropped)."}
	// RuleOnewayMethod reports a oneway method made unary.
	RuleOnewayMethod = schema.Rule{ID: "oneway-method", Severity: schema.Warning,
		Purpose: "A oneway method becomes a unary rpc."}
	// RuleServiceExtends reports inherited methods copied.
	RuleServiceExtends = schema.Rule{ID: "service-extends", Severity: schema.Warning,
		Purpose: "Inherited methods are copied into the service."}
	// RuleNamespaceDropped reports a namespace proto cannot keep.
	RuleNamespaceDropped = schema.Rule{ID: "namespace-dropped", Severity: schema.Warning,
		Purpose: "A namespace with no proto equivalent, or whose option is already set, is dropped."}
	// RuleUnionFieldPresence reports requiredness dropped from a union
	// member.
	RuleUnionFieldPresence = schema.Rule{ID: "union-field-presence", Severity: schema.Warning,
		Purpose: "`required` or `optional` on a union member is dropped."}
	// RuleJSONNameConflict reports fields whose JSON names clash.
	RuleJSONNameConflict = schema.Rule{ID: "json-name-conflict", Severity: schema.Warning,
		Purpose: "proto3 and editions: two fields protoc cannot tell apart (the same name lower-cased without underscores); the later one is renamed NAME_ID and keeps its own JSON name in `json_name` where no other field has it."}
	// RuleIncludeCycle reports includes that form a cycle.
	RuleIncludeCycle = schema.Rule{ID: "include-cycle", Severity: schema.Error,
		Purpose: "Includes (JSON Schema: `$ref`s between files) form a cycle, which proto imports cannot."}
	// RuleTypeExpansion reports a type too large once its typedefs are
	// inlined.
	RuleTypeExpansion = schema.Rule{ID: "type-expansion", Severity: schema.Error,
		Purpose: "A type has more than 10,000 parts once its typedefs are inlined (typedefs that nest containers in each other grow exponentially); proto has no typedefs."}
	// RuleNestingTooDeep reports a Thrift output type or value that nests
	// deeper than Thrift input may.
	RuleNestingTooDeep = schema.Rule{ID: "nesting-too-deep", Severity: schema.Error,
		Purpose: "A type or constant value would nest more than 999 containers (JSON Schema arrays, proto wrapper messages), deeper than Thrift input may (`thriftast.MaxNesting` brackets, the struct's braces included)."}
	// RuleImplicitPresence reports a JSON Schema property that proto3
	// gives implicit presence.
	RuleImplicitPresence = schema.Rule{ID: "implicit-presence", Severity: schema.Warning,
		Purpose: "A property marked `\"x-idlconv-presence\": \"default\"` becomes a proto3 field without presence (protojson leaves it out at its zero value), or a Thrift field of default requiredness (Thrift's Go code writes it when a document leaves it out)."}
	// RuleInt64String reports a JSON Schema integer that protojson
	// writes as a string.
	RuleInt64String = schema.Rule{ID: "int64-as-string", Severity: schema.Warning,
		Purpose: "An integer without bounds that fit 32 bits (or with `format` `int64`/`uint64`) becomes int64/uint64, which protojson writes as a JSON string (`\"42\"`)."}
	// RuleEnumJSONName reports a json.value that protojson cannot use.
	RuleEnumJSONName = schema.Rule{ID: "enum-json-name", Severity: schema.Warning,
		Purpose: "An enum value's `json.value` is dropped; protojson uses the proto value name."}
)

// The rules of the mapping into Thrift.
var (
	// RuleFieldIDRange reports a proto number Thrift IDs cannot hold.
	RuleFieldIDRange = schema.Rule{ID: "field-id-range", Severity: schema.Error,
		Purpose: "A field number above 32767."}
	// RuleUint64ToI64 reports unsigned 64-bit integers made signed.
	RuleUint64ToI64 = schema.Rule{ID: "uint64-to-i64", Severity: schema.Warning,
		Purpose: "uint64/fixed64 (JSON Schema: `\"format\": \"uint64\"`) become i64."}
	// RuleGroupToStruct reports a group made a struct.
	RuleGroupToStruct = schema.Rule{ID: "group-to-struct", Severity: schema.Warning,
		Purpose: "A group becomes a struct and a field."}
	// RuleStreamingDropped reports a streaming rpc left out.
	RuleStreamingDropped = schema.Rule{ID: "streaming-dropped", Severity: schema.Warning,
		Purpose: "A streaming rpc is left out."}
	// RuleReservedAsComment reports reserved ranges kept as a comment.
	RuleReservedAsComment = schema.Rule{ID: "reserved-as-comment", Severity: schema.Warning,
		Purpose: "Reserved numbers and names become a comment."}
	// RuleOptionAsAnnotation reports a field option kept as an annotation.
	RuleOptionAsAnnotation = schema.Rule{ID: "option-as-annotation", Severity: schema.Warning,
		Purpose: "A built-in field option becomes a `proto.` annotation."}
	// RuleOptionAsComment reports an option kept as a comment.
	RuleOptionAsComment = schema.Rule{ID: "option-as-comment", Severity: schema.Warning,
		Purpose: "An option without a Thrift meaning becomes a comment."}
	// RuleExtensionsComment reports extensions kept as a comment.
	RuleExtensionsComment = schema.Rule{ID: "extensions-as-comment", Severity: schema.Warning,
		Purpose: "Extension ranges and extend blocks become a comment."}
	// RuleWellKnownType reports a google.protobuf type's mapping.
	RuleWellKnownType = schema.Rule{ID: "well-known-type", Severity: schema.Warning, AlsoError: true,
		Purpose: "proto → Thrift: a google.protobuf type mapped to a Thrift type, or one without a mapping (error). proto → JSON Schema: a google.protobuf type without a JSON form."}
	// RuleIncludeNameClash reports two includes with one base name.
	RuleIncludeNameClash = schema.Rule{ID: "include-name-clash", Severity: schema.Warning,
		Purpose: "Loaded files whose Thrift outputs would share a base name (which names included types), imported together by one file, are named from the end of their path: `matcher_v3_metadata.thrift`."}
	// RuleGoPackage reports a go_package that namespace go does not
	// carry alone.
	RuleGoPackage = schema.Rule{ID: "go-package", Severity: schema.Warning,
		Purpose: "A go_package whose import path `thrift --gen go` gives back only with `package_prefix=` (named in the message; `--go-package-prefix` makes it silent), or not at all (path elements that are not identifiers, a Go package name other than the last element)."}
	// RuleThriftReserved reports a name Thrift reserves.
	RuleThriftReserved = schema.Rule{ID: "thrift-reserved-word", Severity: schema.Warning,
		Purpose: "A name Thrift reserves gets `_` appended."}
	// RuleThriftJSONName reports a JSON key or enum string that Thrift's
	// generated code spells otherwise.
	RuleThriftJSONName = schema.Rule{ID: "thrift-json-name", Severity: schema.Warning,
		Purpose: "A property key or enum string that is not a Thrift name (`first-name`, `in-progress`) becomes one; Thrift's generated code reads and writes that name (`json.name`/`json.value` keep the JSON one for JSON Schema and proto, but no Thrift generator reads them). Also a field starting with `_`, which Thrift's Go code does not export."}
	// RuleDefaultWritten reports an optional field with a default, which
	// Thrift's Go code always writes.
	RuleDefaultWritten = schema.Rule{ID: "default-written", Severity: schema.Warning,
		Purpose: "An optional property with a `default`: Thrift's Go code writes the field (its default) when a document leaves it out."}
)

// The rules of the mapping into JSON Schema.
var (
	// RuleServiceDropped reports a service JSON Schema cannot hold.
	RuleServiceDropped = schema.Rule{ID: "service-dropped", Severity: schema.Warning,
		Purpose: "A service is dropped."}
	// RuleConstDropped reports a const JSON Schema cannot hold.
	RuleConstDropped = schema.Rule{ID: "const-dropped", Severity: schema.Warning,
		Purpose: "A const is dropped."}
	// RuleAnnotationDropped reports an annotation without a JSON Schema
	// meaning.
	RuleAnnotationDropped = schema.Rule{ID: "annotation-dropped", Severity: schema.Warning,
		Purpose: "A field annotation without a JSON Schema meaning is dropped; so are `json.name` and `json.value`, which Thrift's generated code does not read (the key is the field name, the string the value name)."}
	// RuleThriftGoJSON reports what Thrift's Go code cannot write or read
	// as the schema describes.
	RuleThriftGoJSON = schema.Rule{ID: "thrift-go-json", Severity: schema.Warning,
		Purpose: "Thrift's Go code (encoding/json) does not write what the schema says: a map with `bool`, `double` or struct keys (the whole struct fails to encode or decode), an unset enum field whose enum has no value 0 (written `\"<UNSET>\"`), a typedef of an enum (a number)."}
)

// The rules each direction reports, which its registry entry lists: a
// rule's directions, in the rule index, are those whose lists hold it
// (Registry.Rules).

// thriftToProtoRules are the rules of Thrift → proto.
func thriftToProtoRules() []schema.Rule {
	return []schema.Rule{RuleImplicitFieldID, RuleInvalidFieldID, RuleRequiredField, RuleOptionalContainer, RuleNarrowInt,
		RuleUUIDToString, RuleSetToRepeated, RuleMapKeyToEntries, RuleContainerWrapper, RuleEnumZeroValue, RuleEnumValueRange,
		RuleEnumValueConflict, RuleExceptionToMessage, RuleTypedefInlined, RuleConstAsComment, RuleAnnotationComment,
		RuleOnewayMethod, RuleServiceExtends, RuleNamespaceDropped, RuleUnionFieldPresence, RuleJSONNameConflict,
		RuleIncludeCycle, RuleEnumJSONName, RuleTypeExpansion, schema.RuleNameCollision, schema.RuleDefaultDropped}
}

// jsonSchemaToProtoRules are the rules of JSON Schema → proto: the
// Thrift → proto rules that its model (Thrift-shaped, with no consts,
// services, exceptions, namespaces, narrow integers or uuids, and an ID for
// every field) meets, and those that keep its JSON.
func jsonSchemaToProtoRules() []schema.Rule {
	return []schema.Rule{RuleInvalidFieldID, RuleRequiredField, RuleOptionalContainer, RuleSetToRepeated, RuleMapKeyToEntries,
		RuleContainerWrapper, RuleEnumZeroValue, RuleEnumValueRange, RuleEnumValueConflict, RuleTypedefInlined, RuleAnnotationComment,
		RuleJSONNameConflict, RuleIncludeCycle, RuleEnumJSONName, RuleImplicitPresence, RuleInt64String, RuleTypeExpansion,
		schema.RuleNameCollision, schema.RuleDefaultDropped}
}

// protoToThriftRules are the rules of proto → Thrift.
func protoToThriftRules() []schema.Rule {
	return []schema.Rule{RuleFieldIDRange, RuleUint64ToI64, RuleGroupToStruct, RuleStreamingDropped, RuleReservedAsComment,
		RuleOptionAsAnnotation, RuleOptionAsComment, RuleExtensionsComment, RuleWellKnownType, RuleIncludeNameClash,
		RuleThriftReserved, RuleGoPackage, RuleNestingTooDeep, schema.RuleNameCollision, schema.RuleDefaultDropped}
}

// jsonSchemaToThriftRules are the rules of JSON Schema → Thrift.
func jsonSchemaToThriftRules() []schema.Rule {
	return []schema.Rule{RuleThriftReserved, RuleThriftJSONName, RuleThriftGoJSON, RuleDefaultWritten, RuleOptionalContainer, RuleImplicitPresence,
		RuleIncludeNameClash, RuleUint64ToI64, RuleNestingTooDeep, schema.RuleDefaultDropped}
}

// thriftToJSONSchemaRules are the rules of Thrift → JSON Schema.
func thriftToJSONSchemaRules() []schema.Rule {
	return []schema.Rule{RuleServiceDropped, RuleConstDropped, RuleAnnotationDropped, RuleThriftGoJSON, RuleImplicitFieldID,
		schema.RuleDefaultDropped}
}

// protoToJSONSchemaRules are the rules of proto → JSON Schema.
func protoToJSONSchemaRules() []schema.Rule {
	return []schema.Rule{RuleServiceDropped, RuleWellKnownType, schema.RuleNameCollision}
}
