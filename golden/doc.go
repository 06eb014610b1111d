// Package golden holds idlconv's golden cases: testdata/*.txtar, one
// archive a case. Each archive holds the input files under in/, the
// expected outputs under out/, and the expected diagnostics in
// out/diagnostics. The archive's comment holds options, one "key: value" a
// line:
//
//	from: thrift              (input format; default: from extensions)
//	to: proto                 (output format; required)
//	proto-syntax: proto2      (default proto3)
//	package: acme.v1          (--package)
//	strict: true              (--strict)
//	inputs: a.thrift b.thrift (default: every file under in/)
//	oneof: union              (--oneof)
//	roundtrip: no: REASON     (leave the case out of the round-trip test)
//
// `go test ./golden -update` rewrites the out/ sections from what idlconv
// produces now; read the diff before committing it.
package golden
