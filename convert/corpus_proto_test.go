package convert_test

import (
	"context"
	"fmt"
	"os"
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

// TestProtoCorpusToThrift converts every .proto file of the corpus: each
// converts, or fails with a positioned error; every output whose includes
// were all produced is parsed by thriftgo and, where installed, accepted
// by `thrift --gen` java, go, cpp and py. It prints the counts.
func TestProtoCorpusToThrift(t *testing.T) {
	corpus := corpustest.Load(t, "proto")
	thrift := thrifttest.ThriftPath()
	if thrift == "" && thrifttest.RequireTools() {
		t.Fatal("thrift is not installed; CI requires it")
	}
	var total, converted, failed, accepted, depFailed int
	failedBy := map[string]int{}
	global := corpus.ImportRoots(t)
	type repoOutputs struct {
		name     string
		outputs  map[string][]byte
		produced []string
	}
	var done []repoOutputs
	everyOutput := map[string][]byte{}
	for _, tree := range corpus.Trees {
		roots := tree.ProtoRoots(t, global)
		ro := repoOutputs{name: tree.Name, outputs: map[string][]byte{}}
		for _, p := range tree.Files {
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
	corpus := corpustest.Load(t, "proto")
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
			for _, name := range append(append([]string(nil), tt.trees...), tt.roots...) {
				dirs = append(dirs, corpus.Tree(t, name).Dir)
			}
			for _, name := range tt.trees {
				for _, p := range corpus.Tree(t, name).Files {
					inputs = append(inputs, convert.Input{Path: p})
				}
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
