// Package protoast prints the model as a Protocol Buffers (.proto) file.
//
// [Print] takes a proto-shaped [schema.File]: the mapping rules in package
// convert have already turned every construct into one that proto has (a
// list field is `repeated`, a map value is never a container, enum values
// carry their prefix). Print has no options that change layout: the output
// is a pure function of the model, so the same model always prints the same
// bytes.
//
// What each part of the model prints as:
//
//	File.Syntax, Package       syntax = "..."; package ...;
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
// fields print no label.
package protoast
