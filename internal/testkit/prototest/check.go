// Package prototest checks generated .proto files with independent
// compilers: github.com/bufbuild/protocompile always, and protoc when it is
// installed (required when the CI environment variable is "true").
//
// Test-only: used by the tests of convert and golden, and by
// internal/testkit/meaningtest and internal/testkit/thrifttest; never
// imported by the command or the library (internal/testkit's
// TestProductImportsNoTestCode checks it).
package prototest

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"

	"github.com/bufbuild/protocompile"
	"github.com/bufbuild/protocompile/reporter"
	"google.golang.org/protobuf/reflect/protoreflect"
)

// Compile compiles the named files (all of them when names is empty) with
// protocompile; files (path → content) holds them and everything they
// import, and the standard imports (google/protobuf/...) are built in. It
// returns the compiler's errors, one per line, or nil.
func Compile(files map[string][]byte, names ...string) error {
	_, err := Descriptors(files, names...)
	return err
}

// Descriptors compiles like [Compile] and returns the compiled files'
// descriptors, as protoc would read them.
func Descriptors(files map[string][]byte, names ...string) ([]protoreflect.FileDescriptor, error) {
	if len(names) == 0 {
		for name := range files {
			names = append(names, name)
		}
		sort.Strings(names)
	}
	var errs []string
	c := protocompile.Compiler{
		// Comments are kept: idlconv's tags mark some messages.
		SourceInfoMode: protocompile.SourceInfoStandard,
		Resolver: protocompile.WithStandardImports(&protocompile.SourceResolver{
			Accessor: protocompile.SourceAccessorFromMap(toStrings(files)),
		}),
		Reporter: reporter.NewReporter(func(err reporter.ErrorWithPos) error {
			errs = append(errs, err.Error())
			return nil
		}, nil),
	}
	compiled, err := c.Compile(context.Background(), names...)
	if len(errs) > 0 {
		return nil, fmt.Errorf("protocompile:\n%s", strings.Join(errs, "\n"))
	}
	if err != nil {
		return nil, fmt.Errorf("protocompile: %w", err)
	}
	var out []protoreflect.FileDescriptor
	for _, f := range compiled {
		out = append(out, f)
	}
	return out, nil
}

func toStrings(files map[string][]byte) map[string]string {
	out := make(map[string]string, len(files))
	for k, v := range files {
		out[k] = string(v)
	}
	return out
}

// ProtocPath returns the protoc binary, or "" when it is not installed.
func ProtocPath() string {
	p, err := exec.LookPath("protoc")
	if err != nil {
		return ""
	}
	return p
}

// Protoc writes files to a temporary folder and compiles the named ones
// (all when names is empty) with protoc. Standard imports come from
// protoc's own include folder.
func Protoc(protoc string, files map[string][]byte, names ...string) error {
	dir, err := os.MkdirTemp("", "idlconv-protoc-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	if err := WriteTree(dir, files); err != nil {
		return err
	}
	if len(names) == 0 {
		for name := range files {
			names = append(names, name)
		}
		sort.Strings(names)
	}
	return ProtocIn(protoc, dir, names...)
}

// RequireTools reports whether a missing reference compiler must fail the
// test run: in CI it must.
func RequireTools() bool { return os.Getenv("CI") == "true" }

// WriteTree writes files (path → content) under dir.
func WriteTree(dir string, files map[string][]byte) error {
	for name, content := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(p, content, 0o644); err != nil {
			return err
		}
	}
	return nil
}

// ProtocIn compiles the named files of a tree written by WriteTree.
func ProtocIn(protoc, dir string, names ...string) error {
	args := append([]string{"-I", dir, "--descriptor_set_out=" + os.DevNull}, names...)
	cmd := exec.Command(protoc, args...)
	cmd.Dir = dir
	out, err := cmd.CombinedOutput()
	if err != nil {
		return fmt.Errorf("protoc: %v\n%s", err, out)
	}
	return nil
}
