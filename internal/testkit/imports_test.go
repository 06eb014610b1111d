package testkit

import (
	"bytes"
	"os/exec"
	"slices"
	"strings"
	"testing"
)

// module is the import path of the idlconv module.
const module = "github.com/idlconv/idlconv"

// testOnly reports whether a package of the module is test code: the
// helpers under internal/testkit and golden (its tests and
// golden/internal).
func testOnly(pkg string) bool {
	rel, ok := strings.CutPrefix(pkg, module+"/")
	if !ok {
		return false
	}
	for _, root := range []string{"internal/testkit", "golden"} {
		if rel == root || strings.HasPrefix(rel, root+"/") {
			return true
		}
	}
	return false
}

// goList runs `go list` with args in the module's root and returns one
// line per package: its import path, then its imports, space-separated.
func goList(t *testing.T, args ...string) [][]string {
	t.Helper()
	cmd := exec.Command("go", append([]string{"list", "-f", "{{.ImportPath}} {{join .Imports \" \"}}"}, args...)...)
	cmd.Dir = "../.."
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("go list %s: %v\n%s", strings.Join(args, " "), err, stderr.String())
	}
	var pkgs [][]string
	for line := range strings.Lines(string(out)) {
		if f := strings.Fields(line); len(f) > 0 {
			pkgs = append(pkgs, f)
		}
	}
	return pkgs
}

// TestProductImportsNoTestCode checks that the command and every library
// package of the module (each package outside internal/testkit and golden)
// depend on no test-only package: what tests share is never built into
// idlconv.
func TestProductImportsNoTestCode(t *testing.T) {
	var product []string
	for _, p := range goList(t, "./...") {
		if !testOnly(p[0]) {
			product = append(product, p[0])
		}
	}
	for _, want := range []string{"cmd/idlconv", "convert", "schema", "project", "idlock", "breaking", "thriftast", "protoast", "jsonschemaast"} {
		if !slices.Contains(product, module+"/"+want) {
			t.Fatalf("%s is not among the product packages %v", want, product)
		}
	}
	cases := []struct {
		name string
		pkgs []string
		// bad tells that the packages do import test code: a check that
		// the check sees an import.
		bad bool
	}{
		{"the command and library", product, false},
		{"thrifttest, which imports prototest", []string{module + "/internal/testkit/thrifttest"}, true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var found []string
			for _, p := range goList(t, append([]string{"-deps"}, tc.pkgs...)...) {
				for _, imp := range p[1:] {
					if testOnly(imp) {
						found = append(found, p[0]+" imports the test-only package "+imp)
					}
				}
			}
			if tc.bad != (len(found) > 0) {
				t.Errorf("test-only imports: %d, want some: %v\n%s", len(found), tc.bad, strings.Join(found, "\n"))
			}
		})
	}
}
