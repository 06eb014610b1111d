// Package protodesc builds the model of proto files (package schema) from
// their descriptors: the FileDescriptorProtos, with source info, that
// protocompile makes when it compiles .proto sources and that protoc and
// buf hand a plugin in a CodeGeneratorRequest. One front-end for both, so
// that the same descriptors give the same model, and the same outputs:
// package protoload compiles sources and builds with it, the plugins
// (internal/protoplugin) build the request's files with it.
//
// [Build] turns a set of files into []*schema.File: the inputs first, in order, then the
// files they import, in the order first imported; each named type
// resolved (Type.Decl, Type.DeclFile); every field's Presence settled.
//
//	descriptor                    model
//	syntax, edition               File.Syntax ("proto2", "proto3", "editions 2023")
//	package, dependency           File.Package, File.Imports (Public for public ones)
//	options (every element)       Annotations: Key as proto writes the option's name
//	                              ((ext.name).field for a custom option), Value as
//	                              proto text, one per option written, in source order
//	extension (file, message)     File.Annotations "extend" = extendee, one per block
//	message_type, nested_type     Struct, Nested in source order (messages and enums);
//	                              map entries are map types; a group is a nested
//	                              Struct and a field annotated group = true
//	field                         Field: ID, Type (scalar kind and encoding, list, map,
//	                              named with a leading dot), Label as written,
//	                              Presence from the descriptor (HasPresence,
//	                              required), Default from default_value, json_name
//	                              (when written) as an annotation
//	oneof_decl                    Oneofs (synthetic ones left out), Field.Oneof; a
//	                              oneof's options are its message's annotations
//	                              (no mapping reads Oneof.Annotations)
//	reserved_range, _name         Reserved, one per range or name, at its statement
//	extension_range               Annotation "extensions" = the statement's ranges
//	enum_type, value              Enum, EnumValue
//	service, method               Service, Method (request argument, result,
//	                              streaming flags)
//	source info                   positions (the start of each element's span),
//	                              comments: leading and trailing, and the detached
//	                              comments of top-level statements as free-standing
//	                              schema.Comment declarations
//
// With the file's syntax tree ([File.AST], from protocompile's parser;
// a plugin's request has none), what the descriptors do not keep comes
// from the tree: an option's name as written (a custom option relative
// to the package), a message literal's fields in the order written, the
// message an extend block names as written, and the free-standing
// comments the source info holds nowhere (on the line of a top-level
// block's closing brace, after the last statement). Without it, names
// are full, a literal's fields are in field-number order and those
// comments are lost.
//
// Positions count bytes when the file's text is given ([File.Source]):
// protocompile's columns count characters, a tab to the next multiple of
// 8, and are converted; without the text (a plugin's request) they are
// used as the descriptors give them. Comments are the source info's, as
// protoc attributes them; a trailing comment on a line of its own after
// a top-level statement that ends with ; stands free, as it does in the
// source.
//
// The well-known files (google/protobuf/*.proto, protoast.IsWellKnown)
// that are imported and not inputs are built by protoast.WellKnownFile:
// from the descriptors google.golang.org/protobuf carries, without
// positions or options.
package protodesc
