package convert_test

import (
	"context"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/idlconv/idlconv/convert"
	"github.com/idlconv/idlconv/internal/testkit/corpustest"
	"github.com/idlconv/idlconv/internal/testkit/prototest"
	"github.com/idlconv/idlconv/internal/testkit/thrifttest"
	"github.com/idlconv/idlconv/schema"
)

var importRe = regexp.MustCompile(`(?m)^\s*import\s+(?:public\s+|weak\s+)?"([^"]+)"`)

// importRoots finds the import roots of a tree of .proto files: every
// folder F such that F/X is a file of the tree for some imported path X.
// Longest first, so that a file is named relative to its innermost root.
func importRoots(t *testing.T, dir string, files []string) []string {
	t.Helper()
	rels := map[string]bool{}
	for _, p := range files {
		rel, _ := filepath.Rel(dir, p)
		rels[filepath.ToSlash(rel)] = true
	}
	roots := map[string]bool{dir: true}
	for _, p := range files {
		src, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range importRe.FindAllStringSubmatch(string(src), -1) {
			for rel := range rels {
				if prefix, ok := strings.CutSuffix(rel, m[1]); ok && (prefix == "" || strings.HasSuffix(prefix, "/")) {
					roots[filepath.Join(dir, filepath.FromSlash(prefix))] = true
				}
			}
		}
	}
	var out []string
	for r := range roots {
		out = append(out, filepath.Clean(r))
	}
	sort.Slice(out, func(i, j int) bool {
		if len(out[i]) != len(out[j]) {
			return len(out[i]) > len(out[j])
		}
		return out[i] < out[j]
	})
	return out
}

// TestProtoCorpusToThrift converts every .proto file of the corpus: each
// converts, or fails with a positioned error; every output whose includes
// were all produced is parsed by thriftgo and, where installed, accepted
// by `thrift --gen` java, go, cpp and py. It prints the counts.
func TestProtoCorpusToThrift(t *testing.T) {
	root := corpustest.Dir(t, "proto")
	thrift := thrifttest.ThriftPath()
	if thrift == "" && thrifttest.RequireTools() {
		t.Fatal("thrift is not installed; CI requires it")
	}
	repos, err := os.ReadDir(root)
	if err != nil {
		t.Fatal(err)
	}
	var total, converted, failed, accepted, depFailed int
	failedBy := map[string]int{}
	// Imports cross repositories (envoy imports validate/ and udpa/), so
	// the roots of the whole corpus are searched after the repository's.
	var all []string
	_ = filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(p, ".proto") {
			all = append(all, p)
		}
		return nil
	})
	global := importRoots(t, root, all)
	type repoOutputs struct {
		name     string
		outputs  map[string][]byte
		produced []string
	}
	var done []repoOutputs
	everyOutput := map[string][]byte{}
	for _, repo := range repos {
		if !repo.IsDir() {
			continue
		}
		repoDir := filepath.Join(root, repo.Name())
		var files []string
		_ = filepath.WalkDir(repoDir, func(p string, d fs.DirEntry, err error) error {
			if err == nil && !d.IsDir() && strings.HasSuffix(p, ".proto") {
				files = append(files, p)
			}
			return nil
		})
		sort.Strings(files)
		roots := importRoots(t, repoDir, files)
		for _, g := range global {
			if !strings.HasPrefix(g+string(filepath.Separator), repoDir+string(filepath.Separator)) {
				roots = append(roots, g)
			}
		}
		ro := repoOutputs{name: repo.Name(), outputs: map[string][]byte{}}
		for _, p := range files {
			total++
			res, err := convert.Convert(context.Background(), []convert.Input{{Path: p}},
				convert.Options{To: schema.Thrift, IncludeDirs: roots})
			if err != nil {
				t.Errorf("%s: %v", p, err)
				continue
			}
			if res.Diagnostics.HasErrors() {
				failed++
				for _, d := range res.Diagnostics {
					if d.Severity != schema.Error {
						continue
					}
					if d.Pos.Line == 0 || d.Pos.Col == 0 {
						t.Errorf("%s: error without line:col: %s", p, d)
					}
					failedBy[d.Rule]++
					if os.Getenv("IDLCONV_CORPUS_VERBOSE") != "" {
						t.Logf("%s", d)
					}
					break
				}
				continue
			}
			converted++
			for _, f := range res.Files {
				ro.outputs[f.Path] = f.Content
				ro.produced = append(ro.produced, f.Path)
				if _, ok := everyOutput[f.Path]; !ok {
					everyOutput[f.Path] = f.Content
				}
			}
		}
		done = append(done, ro)
	}
	// Check each output with the repository's outputs, and those of the
	// other repositories for what it includes from them.
	for _, ro := range done {
		outputs := map[string][]byte{}
		for k, v := range everyOutput {
			outputs[k] = v
		}
		for k, v := range ro.outputs {
			outputs[k] = v
		}
		dir := t.TempDir()
		if err := prototest.WriteTree(dir, outputs); err != nil {
			t.Fatal(err)
		}
		for _, name := range ro.produced {
			if missing := missingIncludes(name, outputs); missing != "" {
				depFailed++
				t.Logf("%s/%s is not checked: it includes %s, whose source failed to convert", ro.name, name, missing)
				continue
			}
			if err := thrifttest.Parse(outputs, name); err != nil {
				t.Errorf("%s/%s: %v", ro.name, name, err)
				continue
			}
			if thrift != "" {
				if err := thrifttest.CompileIn(thrift, dir, name); err != nil {
					t.Errorf("%s/%s: %v", ro.name, name, err)
					continue
				}
			}
			accepted++
		}
	}
	var rules []string
	for r, n := range failedBy {
		rules = append(rules, fmt.Sprintf("%s=%d", r, n))
	}
	sort.Strings(rules)
	t.Logf("proto corpus: %d files, %d converted, %d failed with a positioned error (%s); of the outputs, %d accepted by thriftgo and thrift --gen java, go, cpp and py, %d not checked because an included output was not produced",
		total, converted, failed, strings.Join(rules, ", "), accepted, depFailed)
}

var includeRe = regexp.MustCompile(`(?m)^include "([^"]+)"`)

// missingIncludes returns an include of name (transitively) that has no
// output, or "".
func missingIncludes(name string, outputs map[string][]byte) string {
	seen := map[string]bool{}
	var visit func(n string) string
	visit = func(n string) string {
		if seen[n] {
			return ""
		}
		seen[n] = true
		src, ok := outputs[n]
		if !ok {
			return n
		}
		for _, m := range includeRe.FindAllStringSubmatch(string(src), -1) {
			if miss := visit(m[1]); miss != "" {
				return miss
			}
		}
		return ""
	}
	return visit(name)
}

// TestProtoCorpusTreesToThrift converts the googleapis tree, and the envoy
// tree with the trees it imports from (cncf-xds, protoc-gen-validate), each
// in one invocation, as a migration would; every output must be accepted
// by thriftgo and by `thrift --gen` java, go, cpp and py.
func TestProtoCorpusTreesToThrift(t *testing.T) {
	root := corpustest.Dir(t, "proto")
	thrift := thrifttest.ThriftPath()
	if thrift == "" && thrifttest.RequireTools() {
		t.Fatal("thrift is not installed; CI requires it")
	}
	tests := []struct {
		name  string
		trees []string // converted; the first ones' roots are also -I
		roots []string // -I only
	}{
		{name: "googleapis", trees: []string{"googleapis-googleapis"}},
		{name: "envoy", trees: []string{"envoyproxy-data-plane-api", "cncf-xds", "bufbuild-protoc-gen-validate"}, roots: []string{"googleapis-googleapis"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var inputs []convert.Input
			var dirs []string
			for _, tree := range append(append([]string(nil), tt.trees...), tt.roots...) {
				dirs = append(dirs, filepath.Join(root, tree))
			}
			for _, tree := range tt.trees {
				dir := filepath.Join(root, tree)
				_ = filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
					if err == nil && !d.IsDir() && strings.HasSuffix(p, ".proto") {
						inputs = append(inputs, convert.Input{Path: p})
					}
					return nil
				})
			}
			res, err := convert.Convert(context.Background(), inputs, convert.Options{To: schema.Thrift, IncludeDirs: dirs})
			if err != nil {
				t.Fatal(err)
			}
			if res.Diagnostics.HasErrors() {
				t.Fatalf("%s does not convert in one invocation:\n%s", tt.name, res.Diagnostics.Err())
			}
			outputs := map[string][]byte{}
			for _, f := range res.Files {
				outputs[f.Path] = f.Content
			}
			dir := t.TempDir()
			if err := prototest.WriteTree(dir, outputs); err != nil {
				t.Fatal(err)
			}
			accepted := 0
			for _, f := range res.Files {
				if err := thrifttest.Parse(outputs, f.Path); err != nil {
					t.Errorf("%s: %v", f.Path, err)
					continue
				}
				if thrift != "" {
					if err := thrifttest.CompileIn(thrift, dir, f.Path); err != nil {
						t.Errorf("%s: %v", f.Path, err)
						continue
					}
				}
				accepted++
			}
			t.Logf("proto tree %s: %d files in one invocation, %d outputs accepted by thriftgo and thrift --gen java, go, cpp and py", tt.name, len(inputs), accepted)
		})
	}
}
