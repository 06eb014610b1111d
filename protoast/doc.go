// Package protoast is idlconv's Protocol Buffers front-end and printer.
//
// # Front-end
//
// [Loader] reads .proto files, and every file they import, into the model
// of package schema; [ParseFile] parses one file with
// github.com/emicklei/proto, keeping source order, the line:col of every
// element, comments and options (as annotations whose values are proto
// text). A bracket check runs first, because the parser loops forever on
// some files that end inside a block; valid proto that the parser rejects
// is a positioned error naming the construct ([RuleUnsupportedSyntax]).
//
// The loader then settles what the files mean, so that no converter
// re-derives it:
//
//   - imports: found on the import paths, then in the roots of the inputs;
//     google/protobuf/*.proto resolves without being on a path, built from
//     the descriptors google.golang.org/protobuf carries (a file of that
//     name on an import path wins); a missing import is
//     [RuleImportNotFound].
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
//	Field                      [label] type name = ID [options];
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
// reference cannot be) and [JSONName] (protoc's default JSON name).
// [Rules] lists the rules this front-end reports.
package protoast
