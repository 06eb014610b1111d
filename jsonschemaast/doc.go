// Package jsonschemaast is idlconv's JSON Schema front-end, and the JSON
// value type its JSON Schema back-end prints.
//
// The front-end reads JSON Schema documents (drafts 4 to 2020-12) into the
// common model of package schema:
//
//   - json.go: one ordered token pass over a JSON document ([ParseJSON]),
//     giving a [Value] that keeps object keys in order and the position of
//     every value, which the JSON Schema library (built on Go maps) does
//     not; nesting deeper than [MaxJSONDepth] is a positioned error.
//   - load.go: [Loader] reads each input and the documents its $refs name
//     (local files, and remote URLs only through [RefMapping]; never the
//     network), and validates each document against its metaschema with
//     github.com/santhosh-tekuri/jsonschema/v6, reporting problems at
//     their place in the source.
//   - refs.go: $ref resolution (JSON pointers, $id, $anchor, other
//     documents) and the imports a reference to another document makes.
//   - keywords.go: the table of JSON Schema keywords and what the
//     front-end does with each (mapped, ignored, kept as a comment,
//     dropped constraint, unsupported).
//   - decode.go, types.go, fields.go: the decoder. [Loader.Load] returns
//     one Thrift-shaped model file per document (structs, unions, enums
//     and typedefs); types.go maps type, format, enum, oneOf, anyOf and
//     allOf to model types, fields.go maps properties to fields (names,
//     IDs, presence, defaults). The JSON facts the IDLs have no syntax
//     for are model fields: a property key that is not the field name is
//     [schema.Field.JSONName], an enum string that is not the value name
//     [schema.EnumValue.JSONValue], a string's format [schema.Type.Format],
//     what made a type free-form JSON [schema.Type.FreeFormWhy]. Its
//     diagnostics report the rule records of rules.go, which
//     docs/mapping.md describes.
//
// The JSON Schema back-end (package convert) builds documents from
// [Value]s ([NewObject], [NewString], ...) and writes them with [Print].
package jsonschemaast
