package convert_test

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/idlconv/idlconv/convert"
	"github.com/idlconv/idlconv/internal/testkit/corpustest"
	"github.com/idlconv/idlconv/schema"
)

// TestSnapshotCorpus writes what every file of the corpus converts to, in
// every direction, with its diagnostics (as --error-format json prints
// them), under the folder IDLCONV_SNAPSHOT names: a refactor that must not
// change any output is checked with `diff -r` of a snapshot taken before
// and one taken after. Without IDLCONV_SNAPSHOT it is skipped.
//
//	IDLCONV_SNAPSHOT=/tmp/before go test -run TestSnapshotCorpus ./convert
func TestSnapshotCorpus(t *testing.T) {
	out := os.Getenv("IDLCONV_SNAPSHOT")
	if out == "" {
		t.Skip("IDLCONV_SNAPSHOT is not set")
	}
	write := func(name string, res *convert.Result) {
		dir := filepath.Join(out, filepath.FromSlash(name))
		if err := os.MkdirAll(dir, 0o755); err != nil {
			t.Fatal(err)
		}
		var diags strings.Builder
		for _, d := range res.Diagnostics {
			b, err := json.Marshal(d)
			if err != nil {
				t.Fatal(err)
			}
			diags.Write(b)
			diags.WriteByte('\n')
		}
		if err := os.WriteFile(filepath.Join(dir, "diagnostics"), []byte(diags.String()), 0o644); err != nil {
			t.Fatal(err)
		}
		for _, f := range res.Files {
			p := filepath.Join(dir, "out", filepath.FromSlash(f.Path))
			if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(p, f.Content, 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	convertOne := func(name string, inputs []convert.Input, opts convert.Options) {
		res, err := convert.Convert(context.Background(), inputs, opts)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		write(name, res)
	}
	for _, kind := range []struct {
		dir  string
		from schema.Format
	}{{"thrift", schema.Thrift}, {"proto", schema.Proto}} {
		corpus := corpustest.Load(t, kind.dir)
		for _, tree := range corpus.Trees {
			var roots []string
			if kind.from == schema.Proto {
				roots = tree.ImportRoots(t)
			}
			for _, to := range []schema.Format{schema.Thrift, schema.Proto, schema.JSONSchema} {
				if to == kind.from {
					continue
				}
				for _, p := range tree.Files {
					rel, _ := filepath.Rel(corpus.Root, p)
					dirs := roots
					if kind.from == schema.Thrift {
						dirs = tree.IncludeDirs(p)
					}
					convertOne(filepath.Join(string(to), kind.dir, rel), []convert.Input{{Path: p}}, convert.Options{To: to, IncludeDirs: dirs})
				}
			}
		}
	}
	root := corpustest.Dir(t, "jsonschema")
	fsys, cases, err := corpustest.JSONSchema(root)
	if err != nil {
		t.Fatal(err)
	}
	for _, to := range []schema.Format{schema.Thrift, schema.Proto} {
		for _, c := range cases {
			convertOne(filepath.Join(string(to), "jsonschema", c.Path), []convert.Input{{Path: c.Path, Name: c.Path}},
				convert.Options{To: to, FS: fsys, RefMap: corpustest.JSONRefMap[convert.RefMapping]()})
		}
	}
}
