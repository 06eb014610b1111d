// Package protoast is the Protocol Buffers language for idlconv: its
// printer, its spellings and facts, and the well-known files. The
// front-end that reads .proto files is package protoload (protocompile's
// compile, then package protodesc's model of the descriptors); both use
// what is here: [Tokens] and [TokenEnd] (a token's end, for positions'
// ends), [Unescape] (string literals), [TypeOf] (a field descriptor's
// model type), [WellKnownFile] and [IsWellKnown], [FullName], and the
// front-end's rules ([Rules]).
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
// [FullName], and, in lang.go, [IsKeyword] (names a bare type
// reference cannot be), [JSONName] (protoc's default JSON name) and
// [PackageName] (a valid package of any dotted name).
// [Rules] lists the rules the proto front-end reports.
package protoast
