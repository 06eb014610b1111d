package convert_test

import (
	"context"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
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
	root := corpustest.Dir(t, "thrift")
	protoc := prototest.ProtocPath()
	if protoc == "" && prototest.RequireTools() {
		t.Fatal("protoc is not installed; CI requires it")
	}
	repos, err := os.ReadDir(root)
	if err != nil {
		t.Fatal(err)
	}
	var total, converted, failed, compiledProtoc int
	failedBy := map[string]int{}
	for _, repo := range repos {
		if !repo.IsDir() {
			continue
		}
		repoDir := filepath.Join(root, repo.Name())
		var files []string
		_ = filepath.WalkDir(repoDir, func(p string, d fs.DirEntry, err error) error {
			if err == nil && !d.IsDir() && strings.HasSuffix(p, ".thrift") {
				files = append(files, p)
			}
			return nil
		})
		sort.Strings(files)
		outputs := map[string][]byte{}
		var produced []string
		for _, p := range files {
			total++
			res, err := convert.Convert(context.Background(), []convert.Input{{Path: p}},
				convert.Options{To: schema.Proto, IncludeDirs: []string{repoDir, filepath.Dir(p)}})
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
				t.Errorf("%s/%s does not compile: %v", repo.Name(), name, err)
			}
		}
		if protoc != "" && len(produced) > 0 {
			dir := t.TempDir()
			if err := prototest.WriteTree(dir, outputs); err != nil {
				t.Fatal(err)
			}
			for _, name := range produced {
				if err := prototest.ProtocIn(protoc, dir, name); err != nil {
					t.Errorf("%s/%s: %v", repo.Name(), name, err)
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
	root, err := filepath.Abs(filepath.Join("..", "..", "shared", "corpus", "thrift"))
	if err != nil {
		b.Fatal(err)
	}
	var files []string
	_ = filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(p, ".thrift") {
			files = append(files, p)
		}
		return nil
	})
	if len(files) == 0 {
		b.Skipf("corpus not found at %s; skipping", root)
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		for _, p := range files {
			repo := filepath.Join(root, strings.SplitN(strings.TrimPrefix(p, root+string(filepath.Separator)), string(filepath.Separator), 2)[0])
			_, _ = convert.Convert(context.Background(), []convert.Input{{Path: p}},
				convert.Options{To: schema.Proto, IncludeDirs: []string{repo, filepath.Dir(p)}})
		}
	}
}
