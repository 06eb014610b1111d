// Package golden holds idlconv's golden cases: one txtar archive a case,
// in one folder per direction, testdata/<from>-to-<to>/NAME.txtar, with
// <from> and <to> each thrift, proto or jsonschema:
//
//	testdata/thrift-to-proto/       Thrift → proto
//	testdata/proto-to-thrift/       proto → Thrift
//	testdata/thrift-to-jsonschema/  Thrift → JSON Schema
//	testdata/proto-to-jsonschema/   proto → JSON Schema
//	testdata/jsonschema-to-thrift/  JSON Schema → Thrift
//	testdata/jsonschema-to-proto/   JSON Schema → proto
//
// A case is named <folder>/NAME (go test ./golden -run
// 'TestGolden/proto-to-thrift/oneof_union_only'). Its direction is its "to"
// option and its "from" option, or else the extension of its input files
// (.thrift, .proto, .json); the tests fail when a case is not in the folder
// of its direction, or lies in testdata/ itself.
//
// Each archive holds the input files under in/, the expected outputs under
// out/, and the expected diagnostics in out/diagnostics. The archive's
// comment holds lines starting with # (what the case is about) and
// options, one "key: value" a line: any conversion key by its flag name,
// read through the key table of package conversion as the command reads
// its flags (the values of a list or pairs key separated by spaces), and
// inputs and roundtrip, the case's own:
//
//	from: thrift              (input format; default: from extensions)
//	to: proto                 (output format; required)
//	proto-syntax: proto2      (--proto-syntax; default proto3)
//	package: acme.v1          (--package)
//	strict: true              (--strict)
//	inputs: a.thrift b.thrift (default: every file under in/)
//	oneof: union              (--oneof)
//	jsonschema-draft: 7       (--jsonschema-draft; default 2020-12)
//	ref-map: PREFIX=in/DIR    (--ref-map; several separated by spaces)
//	roundtrip: no: REASON     (leave the case out of the round-trip test)
//
// `go test ./golden -update` rewrites the out/ sections from what idlconv
// produces now; read the diff before committing it.
package golden
