// Package thrifttest checks generated .thrift files with independent
// parsers: thriftgo always, and the Apache thrift compiler when it is
// installed (required when the CI environment variable is "true").
//
// Test-only: used by the tests of convert, golden and
// internal/testkit/meaningtest; never imported by the command or the
// library (internal/testkit's TestProductImportsNoTestCode checks it).
package thrifttest

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"

	"github.com/cloudwego/thriftgo/parser"

	"github.com/cloudwego/thriftgo/semantic"
	"github.com/idlconv/idlconv/internal/testkit/prototest"
)

// Parse parses and resolves the named file of files (path → content) with
// thriftgo, its includes taken from files.
func Parse(files map[string][]byte, name string) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("thriftgo panicked: %v", r)
		}
	}()
	contents := map[string]string{}
	for k, v := range files {
		contents[k] = string(v)
	}
	ast, err := parser.ParseBatchString(name, contents, nil)
	if err != nil {
		return fmt.Errorf("thriftgo: %w", err)
	}
	if err := semantic.ResolveSymbols(ast); err != nil {
		return fmt.Errorf("thriftgo: %w", err)
	}
	return nil
}

// ThriftPath returns the thrift compiler, or "" when it is not installed.
func ThriftPath() string {
	p, err := exec.LookPath("thrift")
	if err != nil {
		return ""
	}
	return p
}

// Generators are the thrift generators every Thrift output must pass:
// all but Python's reject Thrift's reserved language keywords, and Python's
// rejects Python's.
var Generators = []string{"java", "go", "cpp", "py"}

// Compile writes files to a temporary folder and runs `thrift --gen G`,
// for each of [Generators], on each named file (all when names is empty).
func Compile(thrift string, files map[string][]byte, names ...string) error {
	dir, err := os.MkdirTemp("", "idlconv-thrift-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	if err := prototest.WriteTree(dir, files); err != nil {
		return err
	}
	if len(names) == 0 {
		for name := range files {
			names = append(names, name)
		}
		sort.Strings(names)
	}
	return CompileIn(thrift, dir, names...)
}

// CompileIn runs `thrift --gen G`, for each of [Generators], on named
// files of a folder.
func CompileIn(thrift, dir string, names ...string) error {
	out := filepath.Join(dir, ".gen")
	if err := os.MkdirAll(out, 0o755); err != nil {
		return err
	}
	for _, name := range names {
		for _, gen := range Generators {
			genOut := filepath.Join(out, gen)
			if err := os.MkdirAll(genOut, 0o755); err != nil {
				return err
			}
			cmd := exec.Command(thrift, "--gen", gen, "-I", dir, "-out", genOut, filepath.Join(dir, filepath.FromSlash(name)))
			if b, err := cmd.CombinedOutput(); err != nil {
				return fmt.Errorf("thrift --gen %s %s: %v\n%s", gen, name, err, b)
			}
		}
	}
	return nil
}

// RequireTools reports whether a missing thrift compiler must fail the
// test run: in CI it must.
func RequireTools() bool { return os.Getenv("CI") == "true" }
