// Command idlconv converts schemas between Apache Thrift IDL, Protocol
// Buffers and JSON Schema.
//
//	idlconv convert FILE|DIR... --to proto [--from thrift] [-o FILE|DIR] [-I DIR]... [--strict]
//
// Exit codes: 0 converted (warnings are printed to stderr), 1 the input had
// errors (or warnings under --strict), an output was refused (outside -o,
// two outputs on one file, an output replacing an input), writing failed,
// or SIGINT/SIGTERM arrived (at any stage); then nothing was written. 2 usage.
package main

import (
	"os"
	"strconv"
	"time"
)

func main() {
	// Test seam, see pauseBeforeRename: unset in normal runs.
	if ms, err := strconv.Atoi(os.Getenv("IDLCONV_TEST_PAUSE_BEFORE_RENAME")); err == nil && ms > 0 {
		pauseBeforeRename = time.Duration(ms) * time.Millisecond
	}
	applyMemoryLimit = true
	os.Exit(Main(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}
