// Package protoload is idlconv's Protocol Buffers front-end: [Loader]
// reads .proto files, and every file they import, into the model of
// package schema.
//
// Each file is parsed once, by github.com/bufbuild/protocompile, which
// compiles the inputs and their imports as protoc does: what protoc
// rejects, it rejects, and its errors are the loader's, at protoc's
// positions in bytes ([protoast.RuleInvalidProto] for what is neither a
// syntax error, a missing import nor an unknown type). The model is
// built from what the compile makes (package protodesc): the
// descriptors, with their source info (positions, comments), and the
// syntax tree (options as written). The descriptors settle what the files
// mean, so that no converter re-derives it: every named type points at
// its declaration by protobuf's scoping rules, every field has the
// presence its syntax or edition gives it, custom options are resolved.
//
// Imports are found on the import paths, then in the roots of the inputs;
// google/protobuf/*.proto always resolves to the model built from the
// descriptors google.golang.org/protobuf carries, even when a copy is on
// an import path ([protoast.IsWellKnown]); a missing import is
// [protoast.RuleImportNotFound].
//
// protocompile v0.14.1 reads no edition after 2023. A file of edition
// 2024, 2026 or UNSTABLE is compiled as edition 2023, which gives the
// same meaning, and its model says the edition it declares; see
// laterEditions for what is and is not checked then.
package protoload
