package convert_test

import (
	"bytes"
	"context"
	"errors"
	"io/fs"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/idlconv/idlconv/convert"
	"github.com/idlconv/idlconv/internal/testkit/corpustest"
	"github.com/idlconv/idlconv/schema"
)

// TestDeterministicOverCorpus converts corpus trees twice, once as one
// group and once with the inputs in reversed order: the outputs (by path)
// and the diagnostics must be the same bytes every time.
func TestDeterministicOverCorpus(t *testing.T) {
	root := filepath.Dir(corpustest.Dir(t, "proto"))
	schemas := filepath.Join(root, "jsonschema", "SchemaStore-schemastore", "src", "schemas", "json")
	tests := []struct {
		name string
		dirs []string // trees converted together; also the -I roots
		ext  string
		to   schema.Format
		from schema.Format
		// refMap maps remote $refs; skip names files left out (their
		// $refs name documents the corpus does not hold).
		refMap []convert.RefMapping
		skip   []string
	}{
		{name: "googleapis to thrift", dirs: []string{"proto/googleapis-googleapis"}, ext: ".proto", to: schema.Thrift},
		{name: "envoy to jsonschema", dirs: []string{"proto/envoyproxy-data-plane-api", "proto/cncf-xds", "proto/bufbuild-protoc-gen-validate", "proto/googleapis-googleapis"}, ext: ".proto", to: schema.JSONSchema},
		{name: "apache thrift and kitex to proto", dirs: []string{"thrift/apache-thrift/test", "thrift/cloudwego-kitex-examples"}, ext: ".thrift", to: schema.Proto,
			skip: []string{"Identifiers.thrift"}},
		{name: "scrooge to jsonschema", dirs: []string{"thrift/twitter-scrooge"}, ext: ".thrift", to: schema.JSONSchema, skip: []string{"invalid.thrift"}},
		{name: "jaeger to jsonschema", dirs: []string{"thrift/jaegertracing-jaeger-idl"}, ext: ".thrift", to: schema.JSONSchema},
		{name: "schemastore to proto", dirs: []string{"jsonschema/SchemaStore-schemastore", "jsonschema/compose-spec-compose-spec"}, ext: ".json",
			to: schema.Proto, from: schema.JSONSchema, refMap: []convert.RefMapping{{Prefix: "https://json.schemastore.org/", Dir: schemas}},
			skip: []string{"drone.json", "eslintrc.json"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var inputs []convert.Input
			var dirs []string
			for _, d := range tt.dirs {
				dir := filepath.Join(root, d)
				dirs = append(dirs, dir)
				files, err := corpustest.Files(dir, tt.ext)
				if err != nil {
					t.Fatal(err)
				}
				for _, p := range files {
					if !slices.Contains(tt.skip, filepath.Base(p)) && len(inputs) < 400 {
						inputs = append(inputs, convert.Input{Path: p})
					}
				}
			}
			if len(inputs) == 0 {
				t.Skipf("no %s files under %v", tt.ext, tt.dirs)
			}
			opts := convert.Options{To: tt.to, From: tt.from, IncludeDirs: dirs, RefMap: tt.refMap}
			first := render(t, inputs, opts)
			outputs := strings.Count("\n"+first, "\n== ") - 1
			t.Logf("%d inputs, %d output files", len(inputs), outputs)
			if outputs == 0 {
				t.Fatalf("the set gives no output to compare:\n%s", first)
			}
			if again := render(t, inputs, opts); again != first {
				t.Errorf("two runs differ")
			}
			// Convert converts inputs that share nothing in groups apart;
			// as one group they must give the same bytes.
			oneGroup := convert.OneGroup(opts)
			if got := render(t, inputs, oneGroup); got != first {
				t.Errorf("converting the inputs as one group gives other bytes:\n%s", firstDifference(first, got))
			}
			reversed := append([]convert.Input(nil), inputs...)
			for i, j := 0, len(reversed)-1; i < j; i, j = i+1, j-1 {
				reversed[i], reversed[j] = reversed[j], reversed[i]
			}
			if got := render(t, reversed, opts); got != first {
				t.Errorf("reversed input order gives other bytes:\n%s", firstDifference(first, got))
			}
		})
	}
}

// render converts and prints the outputs, sorted by path, and the
// diagnostics as one text.
func render(t *testing.T, inputs []convert.Input, opts convert.Options) string {
	t.Helper()
	res, err := convert.Convert(context.Background(), inputs, opts)
	if err != nil {
		t.Fatal(err)
	}
	files := append([]convert.OutputFile(nil), res.Files...)
	sort.Slice(files, func(i, j int) bool { return files[i].Path < files[j].Path })
	var b bytes.Buffer
	for _, f := range files {
		b.WriteString("== " + f.Path + "\n")
		b.Write(f.Content)
	}
	b.WriteString("== diagnostics\n" + res.Diagnostics.String())
	return b.String()
}

// firstDifference shows the first line where two texts differ.
func firstDifference(a, b string) string {
	al, bl := strings.Split(a, "\n"), strings.Split(b, "\n")
	for i := 0; i < len(al) && i < len(bl); i++ {
		if al[i] != bl[i] {
			return "first: " + al[i] + "\nthen:  " + bl[i]
		}
	}
	return "one text is longer"
}

// cancellingFS cancels its context when a file is opened.
type cancellingFS struct {
	fstest.MapFS
	cancel context.CancelFunc
}

func (c cancellingFS) Open(name string) (fs.File, error) {
	c.cancel()
	return c.MapFS.Open(name)
}

// TestConvertCancelled checks that Convert returns the context's error,
// before starting and when cancelled while reading.
func TestConvertCancelled(t *testing.T) {
	files := fstest.MapFS{"a.thrift": {Data: []byte("include \"b.thrift\"\nstruct A {\n  1: b.B b\n}\n")}, "b.thrift": {Data: []byte("struct B {\n  1: i32 x\n}\n")}}
	done, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := convert.Convert(done, []convert.Input{{Path: "a.thrift"}}, convert.Options{To: schema.Proto, FS: files}); !errors.Is(err, context.Canceled) {
		t.Errorf("a cancelled context: got %v, want context.Canceled", err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	fsys := cancellingFS{MapFS: files, cancel: cancel}
	if _, err := convert.Convert(ctx, []convert.Input{{Path: "a.thrift"}}, convert.Options{To: schema.Proto, FS: fsys}); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled while reading: got %v, want context.Canceled", err)
	}
}

// TestOutputCollision checks that two inputs that would be written to one
// path are an error, and nothing is returned.
func TestOutputCollision(t *testing.T) {
	files := fstest.MapFS{"x/dup.thrift": {Data: []byte("struct A {\n  1: i32 a\n}\n")}, "y/dup.thrift": {Data: []byte("struct B {\n  1: i32 b\n}\n")}}
	res, err := convert.Convert(context.Background(), []convert.Input{{Path: "x/dup.thrift"}, {Path: "y/dup.thrift"}}, convert.Options{To: schema.Proto, FS: files})
	if err != nil {
		t.Fatal(err)
	}
	want := "y/dup.thrift:1:1: error: x/dup.thrift and y/dup.thrift would both be written to dup.proto"
	if got := res.Diagnostics.String(); !strings.Contains(got, want) || len(res.Files) != 0 {
		t.Errorf("got %d files and\n%s\nwant no file and %q", len(res.Files), got, want)
	}
}

// TestDiagnosticsIndependentOfOrder converts inputs that each fail, and a
// document with several unresolved remote $refs, many times and in both
// orders: the diagnostics must be the same every time.
func TestDiagnosticsIndependentOfOrder(t *testing.T) {
	tests := []struct {
		name  string
		files fstest.MapFS
		to    schema.Format
	}{
		{name: "two JSON Schema inputs with errors", to: schema.Proto, files: fstest.MapFS{
			"a.json": {Data: []byte(`{"type": "strnig"}`)},
			"b.json": {Data: []byte(`{"properties": {"x": {"$ref": "#/$defs/missing"}}}`)},
		}},
		{name: "unresolved remote refs", to: schema.Thrift, files: fstest.MapFS{
			"r.json": {Data: []byte(`{"type": "object", "properties": {` +
				`"a": {"$ref": "https://example.com/a.json"}, "b": {"$ref": "https://example.com/b.json"}, ` +
				`"c": {"$ref": "https://example.org/c.json#/x"}, "d": {"$ref": "http://localhost:1/d.json"}}}`)},
		}},
		{name: "two Thrift files declaring one name", to: schema.Proto, files: fstest.MapFS{
			"p/a.thrift": {Data: []byte("namespace * shared\nstruct Same {\n  1: i32 a\n}\n")},
			"q/b.thrift": {Data: []byte("namespace * shared\nstruct Same {\n  1: i32 b\n}\n")},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var names []string
			for name := range tt.files {
				names = append(names, name)
			}
			sort.Strings(names)
			var want string
			for run := 0; run < 20; run++ {
				order := append([]string(nil), names...)
				if run%2 == 1 {
					sort.Sort(sort.Reverse(sort.StringSlice(order)))
				}
				var inputs []convert.Input
				for _, n := range order {
					inputs = append(inputs, convert.Input{Path: n})
				}
				res, err := convert.Convert(context.Background(), inputs, convert.Options{To: tt.to, FS: tt.files})
				if err != nil {
					t.Fatal(err)
				}
				got := res.Diagnostics.String()
				if run == 0 {
					want = got
					if !res.Diagnostics.HasErrors() && tt.name != "two Thrift files declaring one name" {
						t.Fatalf("expected errors, got\n%s", got)
					}
					continue
				}
				if got != want {
					t.Fatalf("run %d (order %v) gave other diagnostics:\n%s\nfirst run:\n%s", run, order, got, want)
				}
			}
			t.Logf("%s", want)
		})
	}
}
