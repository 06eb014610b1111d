// Command idlconv converts schemas between Apache Thrift IDL, Protocol
// Buffers and JSON Schema.
//
//	idlconv convert FILE|DIR... --to proto [--from thrift] [-o FILE|DIR] [-I DIR]... [--strict]
//
// Exit codes: 0 converted (warnings are printed to stderr), 1 the input had
// errors (or warnings under --strict) and nothing was written, 2 usage.
package main

import (
	"os"
)

func main() {
	os.Exit(Main(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}
