package convert_test

import (
	"context"
	"fmt"
	"io/fs"
	"os"
	"path"
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

// TestJSONSchemaCorpus converts every schema of the corpus to Thrift and to
// proto: each converts, or fails with a positioned error; every output is
// accepted by thriftgo and `thrift --gen java|go|cpp|py`, and by protocompile and protoc. It
// prints the counts.
func TestJSONSchemaCorpus(t *testing.T) {
	root := corpustest.Dir(t, "jsonschema")
	protoc, thrift := prototest.ProtocPath(), thrifttest.ThriftPath()
	if (protoc == "" || thrift == "") && prototest.RequireTools() {
		t.Fatal("protoc and thrift are required in CI")
	}
	fsys, cases, err := corpustest.JSONSchema(root)
	if err != nil {
		t.Fatal(err)
	}
	refMap := corpustest.JSONRefMap[convert.RefMapping]()
	type counts struct{ converted, failed, accepted int }
	results := map[schema.Format]*counts{schema.Thrift: {}, schema.Proto: {}}
	failedBy := map[string]int{}
	thriftDir, protoDir := t.TempDir(), t.TempDir()
	var thriftOut, protoOut []string
	protoFiles := map[string][]byte{}
	for _, to := range []schema.Format{schema.Thrift, schema.Proto} {
		for _, c := range cases {
			res, err := convert.Convert(context.Background(), []convert.Input{{Path: c.Path, Name: c.Path}},
				convert.Options{To: to, FS: fsys, RefMap: refMap})
			if err != nil {
				t.Fatalf("%s: %v", c.Name, err)
			}
			if res.Diagnostics.HasErrors() {
				results[to].failed++
				for _, d := range res.Diagnostics {
					if d.Severity != schema.Error {
						continue
					}
					if d.Pos.Line == 0 || d.Pos.Col == 0 {
						t.Errorf("%s: error without line:col: %s", c.Name, d)
					}
					failedBy[string(to)+":"+d.Rule]++
					if os.Getenv("IDLCONV_CORPUS_VERBOSE") != "" {
						t.Logf("%s: %s", c.Name, d)
					}
					break
				}
				continue
			}
			results[to].converted++
			for _, f := range res.Files {
				dir := thriftDir
				if to == schema.Proto {
					dir = protoDir
					protoFiles[f.Path] = f.Content
					protoOut = append(protoOut, f.Path)
				} else {
					thriftOut = append(thriftOut, f.Path)
				}
				p := filepath.Join(dir, filepath.FromSlash(f.Path))
				if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(p, f.Content, 0o644); err != nil {
					t.Fatal(err)
				}
			}
		}
	}
	// Outputs that include or import the outputs of other documents need
	// those converted too.
	for _, to := range []schema.Format{schema.Thrift, schema.Proto} {
		dir, out := thriftDir, &thriftOut
		if to == schema.Proto {
			dir, out = protoDir, &protoOut
		}
		for i := 0; i < len(*out); i++ {
			content, _ := os.ReadFile(filepath.Join(dir, (*out)[i]))
			for _, m := range dependencyRe.FindAllStringSubmatch(string(content), -1) {
				dep := m[1]
				if _, err := os.Stat(filepath.Join(dir, filepath.FromSlash(dep))); err == nil {
					continue
				}
				src := strings.TrimSuffix(dep, path.Ext(dep)) + ".json"
				res, err := convert.Convert(context.Background(), []convert.Input{{Path: src, Name: src}},
					convert.Options{To: to, FS: fsys, RefMap: refMap})
				if err != nil || len(res.Files) == 0 {
					continue
				}
				for _, f := range res.Files {
					p := filepath.Join(dir, filepath.FromSlash(f.Path))
					if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
						t.Fatal(err)
					}
					if err := os.WriteFile(p, f.Content, 0o644); err != nil {
						t.Fatal(err)
					}
					if to == schema.Proto {
						protoFiles[f.Path] = f.Content
					}
				}
			}
		}
	}
	for _, name := range thriftOut {
		if err := thrifttest.Parse(readTree(t, thriftDir), name); err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		if thrift != "" {
			if err := thrifttest.CompileIn(thrift, thriftDir, name); err != nil {
				t.Errorf("%s: %v", name, err)
				continue
			}
		}
		results[schema.Thrift].accepted++
	}
	for _, name := range protoOut {
		if err := prototest.Compile(protoFiles, name); err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		results[schema.Proto].accepted++
	}
	if protoc != "" {
		// One protoc run for all outputs; on failure, find the culprits.
		if err := prototest.ProtocIn(protoc, protoDir, protoOut...); err != nil {
			for _, name := range protoOut {
				if err := prototest.ProtocIn(protoc, protoDir, name); err != nil {
					t.Errorf("%s: %v", name, err)
				}
			}
		}
	}
	var rules []string
	for r, n := range failedBy {
		rules = append(rules, fmt.Sprintf("%s=%d", r, n))
	}
	sort.Strings(rules)
	t.Logf("jsonschema corpus: %d schemas (%d files and test-suite groups); to thrift: %d converted, %d failed with a positioned error, %d outputs accepted by thriftgo and thrift --gen java, go, cpp and py; to proto: %d converted, %d failed, %d outputs accepted by protocompile and protoc; errors by rule: %s",
		len(cases), len(cases), results[schema.Thrift].converted, results[schema.Thrift].failed, results[schema.Thrift].accepted,
		results[schema.Proto].converted, results[schema.Proto].failed, results[schema.Proto].accepted, strings.Join(rules, ", "))
}

var dependencyRe = regexp.MustCompile(`(?m)^(?:include|import) "([^"]+)"`)

// readTree reads every file under dir, by slash path.
func readTree(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	out := map[string][]byte{}
	_ = filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			rel, _ := filepath.Rel(dir, p)
			out[filepath.ToSlash(rel)], _ = os.ReadFile(p)
		}
		return nil
	})
	return out
}
