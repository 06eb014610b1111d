// Package testkit holds, in its sub-packages, the helpers that the tests of
// several packages share; nothing in it ships:
//
//	corpustest   finding ../shared/corpus, walking its trees and files, the
//	             JSON Schema part laid out as one file system (convert, golden,
//	             internal/jsonschema, golden/internal/jsondocs)
//	prototest    checking .proto outputs with protocompile and protoc
//	thrifttest   checking .thrift outputs with thriftgo and thrift
//	meaningtest  comparing what the reference compilers read from an input
//	             and from its output (convert, golden)
//	postest      where a position must be, in byte columns (thriftast,
//	             jsonschemaast, protoload)
//	demoformat   a toy format that tests register (convert, cmd/idlconv)
//	robustness   hostile and large inputs (convert's tests, and the program
//	             scripts/robustness.sh runs)
//
// Helpers that one package's tests use alone live with that package
// (golden/internal/jsondocs, golden/internal/thriftjson).
// TestProductImportsNoTestCode checks that neither the command nor any
// library package imports one of them.
package testkit
