package convert_test

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"testing"

	"github.com/idlconv/idlconv/convert"
	"github.com/idlconv/idlconv/internal/testkit/corpustest"
	"github.com/idlconv/idlconv/internal/testkit/prototest"
	"github.com/idlconv/idlconv/schema"
)

// TestThriftCorpusToProto converts every Thrift file of the corpus: each
// converts, or fails with a positioned error; every output compiles with
// protocompile and, where installed, protoc. It prints the counts.
func TestThriftCorpusToProto(t *testing.T) {
	corpus := corpustest.Load(t, "thrift")
	protoc := prototest.ProtocPath()
	if protoc == "" && prototest.RequireTools() {
		t.Fatal("protoc is not installed; CI requires it")
	}
	var total, converted, failed, compiledProtoc int
	failedBy := map[string]int{}
	for _, tree := range corpus.Trees {
		outputs := map[string][]byte{}
		var produced []string
		for _, p := range tree.Files {
			total++
			res, err := convert.Convert(context.Background(), []convert.Input{{Path: p}},
				convert.Options{To: schema.Proto, IncludeDirs: tree.IncludeDirs(p)})
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
					break
				}
				continue
			}
			converted++
			for _, f := range res.Files {
				outputs[f.Path] = f.Content
				produced = append(produced, f.Path)
			}
		}
		// Compile each output with the outputs of its imports.
		for _, name := range produced {
			if err := prototest.Compile(outputs, name); err != nil {
				t.Errorf("%s/%s does not compile: %v", tree.Name, name, err)
			}
		}
		if protoc != "" && len(produced) > 0 {
			dir := t.TempDir()
			if err := prototest.WriteTree(dir, outputs); err != nil {
				t.Fatal(err)
			}
			for _, name := range produced {
				if err := prototest.ProtocIn(protoc, dir, name); err != nil {
					t.Errorf("%s/%s: %v", tree.Name, name, err)
				} else {
					compiledProtoc++
				}
			}
		}
	}
	var rules []string
	for r, n := range failedBy {
		rules = append(rules, fmt.Sprintf("%s=%d", r, n))
	}
	sort.Strings(rules)
	t.Logf("thrift corpus: %d files, %d converted, %d failed with a positioned error (%s); %d outputs accepted by protocompile and protoc",
		total, converted, failed, strings.Join(rules, ", "), compiledProtoc)
}

// BenchmarkThriftCorpus converts every Thrift file of the corpus once per
// iteration (go test -bench ThriftCorpus ./convert).
func BenchmarkThriftCorpus(b *testing.B) {
	corpus := corpustest.Load(b, "thrift")
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		for _, tree := range corpus.Trees {
			for _, p := range tree.Files {
				_, _ = convert.Convert(context.Background(), []convert.Input{{Path: p}},
					convert.Options{To: schema.Proto, IncludeDirs: tree.IncludeDirs(p)})
			}
		}
	}
}
