// Package convert is idlconv's library API and holds the mapping rules of
// all six directions between Apache Thrift IDL, Protocol Buffers and JSON
// Schema.
//
// [Convert] converts [Input] files under [Options] with the built-in
// formats: it reads the inputs (from disk, or from Options.FS), decodes
// them with the front-end of their format into the model of package
// schema, with their meaning settled, applies the mapping rules of the
// requested direction and prints each output with the target's printer.
// The [Result] holds the outputs ([OutputFile]) and every diagnostic;
// Convert returns an error only for a bad request (unknown format or
// option). It never prints, never exits, keeps no state between calls and
// is safe for concurrent use.
//
// The formats and directions live in a [Registry]: each [Format] once
// (names, extensions, front-end, printer, the rules its front-end
// reports) and each [Direction] once (its Map function and the rules it
// reports). [Builtin] returns a fresh registry with Thrift, proto and JSON
// Schema and the six directions between them; [Registry.AddFormat] and
// [Registry.AddDirection] extend it, and [Registry.Convert] converts with
// it. [FormatOf] and [ParseFormat] read format names and extensions from
// the built-in registry.
//
// Each direction's rules are in this package, in files named by the
// direction, or by the stage two directions share:
// thriftmodel_to_proto*.go maps the Thrift-shaped model into proto, for
// Thrift → proto and JSON Schema → proto (JSON Schema decodes into
// Thrift's model); proto_to_thrift*.go, jsonschema_to_thrift.go,
// thrift_to_jsonschema.go and proto_to_jsonschema.go hold one direction
// each; thrift_output.go (output paths, nesting) and jsonschema_output.go
// (the document) what both directions into Thrift or JSON Schema share;
// flatnames.go the flattened names of proto's nested declarations (proto →
// Thrift, proto → JSON Schema); vocab.go the vocabulary several
// directions share. Their rule records are in rules.go, the registry in
// registry.go and formats.go. docs/mapping.md has the mapping tables, one
// per construct and direction, and the index of every rule ID.
//
// A fact that several directions use is written once, and read by
// whatever else needs it: the well-known types (wellknown.go,
// [LookupWellKnown]), the kinds one IDL lacks ([ProtoKind], [ThriftKind]),
// and the names a declaration gets in the other IDL ([ThriftNames],
// [ThriftEnumValueName], [ProtoEnumValueName], [ProtoZeroValueName]),
// which `idlconv check` (package breaking) matches two versions by.
package convert
