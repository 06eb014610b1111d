package jsonschemaast

import "github.com/idlconv/idlconv/internal/marker"

// keywordAction says what the front-end does with a JSON Schema keyword
// that the type mapping does not consume.
type keywordAction int

const (
	// kwMapped: the type mapping reads it.
	kwMapped keywordAction = iota
	// kwIgnored: it has no meaning for the model and loses nothing
	// (identifiers, metadata the output regenerates).
	kwIgnored
	// kwConstraint: a validation constraint no IDL can express; the node
	// gets one constraint-dropped warning listing them.
	kwConstraint
	// kwUnsupported: an applicator without a mapping; a warning each.
	kwUnsupported
	// kwComment: an annotation kept as a comment line.
	kwComment
)

// keywords is the one table of JSON Schema keywords (drafts 4 to
// 2020-12) and what the front-end does with each; docs/mapping.md has the
// same table.
var keywords = map[string]keywordAction{
	"type": kwMapped, "properties": kwMapped, "required": kwMapped, "items": kwMapped,
	"additionalProperties": kwMapped, "patternProperties": kwMapped, "enum": kwMapped,
	"oneOf": kwMapped, "anyOf": kwMapped, "allOf": kwMapped, "$ref": kwMapped, "$defs": kwMapped,
	"definitions": kwMapped, "description": kwMapped, "title": kwMapped, "default": kwMapped,
	"format": kwMapped, "contentEncoding": kwMapped, "uniqueItems": kwMapped, "nullable": kwMapped,
	"deprecated": kwMapped, "minimum": kwMapped, "maximum": kwMapped,
	marker.KeyID: kwMapped, "x-proto-tag": kwMapped, "x-protobuf-index": kwMapped,
	marker.KeyEnumValues: kwMapped, marker.KeyUnion: kwMapped, marker.KeyOneof: kwMapped,
	marker.KeyPresence: kwMapped, marker.KeyName: kwMapped,
	"propertyNames": kwMapped,

	"$schema": kwIgnored, "$id": kwIgnored, "id": kwIgnored, "$anchor": kwIgnored, "$dynamicAnchor": kwIgnored,
	"$vocabulary": kwIgnored, "$recursiveAnchor": kwIgnored,

	"$comment": kwComment, "const": kwComment, "examples": kwComment, "example": kwComment, "readOnly": kwComment,
	"writeOnly": kwComment, "contentMediaType": kwComment, "contentSchema": kwComment,

	"pattern": kwConstraint, "minLength": kwConstraint, "maxLength": kwConstraint,
	"exclusiveMinimum": kwConstraint, "exclusiveMaximum": kwConstraint, "multipleOf": kwConstraint,
	"minItems": kwConstraint, "maxItems": kwConstraint, "minProperties": kwConstraint,
	"maxProperties": kwConstraint, "minContains": kwConstraint, "maxContains": kwConstraint,

	"not": kwUnsupported, "if": kwUnsupported, "then": kwUnsupported, "else": kwUnsupported,
	"dependentSchemas": kwUnsupported, "dependencies": kwUnsupported, "dependentRequired": kwUnsupported,
	"prefixItems": kwUnsupported, "additionalItems": kwUnsupported, "contains": kwUnsupported,
	"unevaluatedProperties": kwUnsupported, "unevaluatedItems": kwUnsupported,
	"$dynamicRef": kwUnsupported, "$recursiveRef": kwUnsupported,
}
