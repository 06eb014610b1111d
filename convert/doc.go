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
// Each direction's rules are in this package, a file per concern:
// toproto*.go (Thrift → proto, which also serves JSON Schema → proto),
// tothrift*.go (proto → Thrift; tothrift_jsonschema.go: JSON Schema →
// Thrift), tojsonschema_*.go over jsonschema_doc.go (Thrift and proto →
// JSON Schema), vocab.go for what several directions share; their rule
// records are in rules.go, the registry in registry.go and formats.go. docs/mapping.md
// has the mapping tables, one per construct and direction, and the index
// of every rule ID.
package convert
