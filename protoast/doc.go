// Package protoast is idlconv's Protocol Buffers front-end and printer.
//
// # Front-end
//
// [Loader] reads .proto files, and every file they import, into the model
// of package schema; [ParseFile] parses one file with
// github.com/emicklei/proto, keeping source order, the line:col of every
// element, comments and options (as annotations whose values are proto
// text; json_name is the field's [schema.Field.JSONName] instead). A bracket check runs first, because the parser loops forever on
// some files that end inside a block; relax.go first rewrites, keeping
// every line and column, the valid proto the parser rejects (comments in
// reserved ranges, edition 2024 `import option`, `export`/`local`), and
// what it still rejects is a positioned error naming the construct
// ([RuleUnsupportedSyntax]). A oneof member whose qualified type the
// parser glues to the token before it is read again from the source.
//
// check.go first compiles the inputs and their imports with
// github.com/bufbuild/protocompile, which rejects what protoc rejects: its
// errors are the loader's, at protoc's positions ([RuleInvalidProto] for
// what is neither a syntax error, a missing import nor an unknown type).
// Files of editions after 2023, which protocompile v0.14.1 cannot read,
// are left unchecked.
//
// The loader then settles what the files mean, so that no converter
// re-derives it:
//
//   - imports: found on the import paths, then in the roots of the inputs;
//     google/protobuf/*.proto always resolves to the model built from the
//     descriptors google.golang.org/protobuf carries, even when a copy is
//     on an import path ([IsWellKnown] tells those files by name and
//     package); a missing import is [RuleImportNotFound].
//   - scoping (resolve.go): every named type points at its declaration by
//     protobuf's rules (a leading dot is fully qualified; otherwise the
//     innermost enclosing message or package scope wins), and only the
//     file itself, its imports and what they import publicly are visible.
//   - presence (presence.go): every field gets the [schema.Presence] that
//     proto2, proto3 or editions (the field_presence feature) gives it;
//     [schema.Field.Label] keeps the keyword as written, for round trips.
//
// # Printer
//
// [Print] takes a proto-shaped [schema.File]: the mapping rules in package
// convert have already turned every construct into one that proto has (a
// list field is `repeated`, a map value is never a container, enum values
// carry their prefix). The output is a pure function of the model, so the
// same model always prints the same bytes.
//
//	File.Syntax, Package       syntax = "..."; (edition = "2023"; for "editions") package ...;
//	File.Imports               import "path"; (import public when Public)
//	File.Annotations           option key = value; (Value is proto text)
//	Struct                     message, with Oneofs as oneof blocks
//	Field                      [label] type name = ID [options]; (JSONName last, as json_name)
//	Type list                  repeated Elem
//	Type map                   map<Key, Elem>
//	Type named                 Type.Name as written by the mapping
//	Enum                       enum; Annotations become `option k = v;`
//	Service, Method            service, rpc M(Args[0] type) returns (Result)
//	Comment                    // lines between declarations
//	Comments                   // lines above, and // after on the line
//
// A field's label comes from its Presence and the file's syntax: proto3
// prints `optional` for PresenceOptional and nothing otherwise; proto2
// prints `required` or `optional`. Fields in a oneof and repeated or map
// fields print no label; editions output carries presence as
// features.field_presence options, which the mapping writes.
//
// What the proto language requires, for the mapping rules in package
// convert: the printer's spellings ([TypeName], [Literal], [Quote]),
// [FullName], [IsEditions], and, in lang.go, [IsKeyword] (names a bare type
// reference cannot be), [JSONName] (protoc's default JSON name) and
// [PackageName] (a valid package of any dotted name).
// [Rules] lists the rules this front-end reports.
package protoast
