package convert

import (
	"context"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/idlconv/idlconv/internal/robustness"
	"github.com/idlconv/idlconv/schema"
)

// together converts the inputs as one group: an ID lock hook, even one
// that does nothing, keeps Convert from splitting them.
func together(opts Options) Options {
	opts.BeforeMap = func([]*schema.File, *schema.Diagnostics) {}
	return opts
}

// groupCount is how many groups Convert splits the inputs into.
func groupCount(t *testing.T, inputs []Input, opts Options) int {
	t.Helper()
	r := Builtin()
	from, err := r.prepare(context.Background(), inputs, &opts)
	if err != nil {
		t.Fatal(err)
	}
	d := r.Direction(from, opts.To)
	base := NewRequest(inputs, opts)
	return len(r.groups(base, from, d))
}

// sameAsTogether converts the inputs in groups and together and fails
// unless the outputs and diagnostics are the same.
func sameAsTogether(t *testing.T, inputs []Input, opts Options) *Result {
	t.Helper()
	grouped, err := Convert(context.Background(), inputs, opts)
	if err != nil {
		t.Fatal(err)
	}
	whole, err := Convert(context.Background(), inputs, together(opts))
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(grouped.Diagnostics, whole.Diagnostics) {
		t.Errorf("diagnostics differ:\ngrouped:\n%s\ntogether:\n%s", grouped.Diagnostics, whole.Diagnostics)
	}
	if len(grouped.Files) != len(whole.Files) {
		t.Fatalf("%d outputs in groups, %d together", len(grouped.Files), len(whole.Files))
	}
	for i := range grouped.Files {
		if !reflect.DeepEqual(grouped.Files[i], whole.Files[i]) {
			t.Errorf("output %d differs: %s in groups, %s together", i, grouped.Files[i].Path, whole.Files[i].Path)
		}
	}
	return grouped
}

// TestGroupsConvertAsTogether converts every Thrift tree of the corpus,
// and all of them at once, to proto and to JSON Schema in the groups
// Convert splits them into and as one group: the outputs and diagnostics
// (errors included: some files are invalid on purpose) must be the same.
func TestGroupsConvertAsTogether(t *testing.T) {
	root := filepath.Join("..", "..", "shared", "corpus", "thrift")
	if st, err := os.Stat(root); err != nil || !st.IsDir() {
		t.Skipf("corpus not found at %s (it lives beside the project root as ../shared/corpus); skipping", root)
	}
	entries, err := os.ReadDir(root)
	if err != nil {
		t.Fatal(err)
	}
	dirs := []string{root}
	for _, e := range entries {
		if e.IsDir() {
			dirs = append(dirs, filepath.Join(root, e.Name()))
		}
	}
	split := 0
	for _, dir := range dirs {
		var inputs []Input
		_ = filepath.WalkDir(dir, func(p string, e fs.DirEntry, err error) error {
			if err == nil && !e.IsDir() && strings.HasSuffix(p, ".thrift") {
				inputs = append(inputs, Input{Path: p})
			}
			return nil
		})
		for _, to := range []schema.Format{schema.Proto, schema.JSONSchema} {
			t.Run(filepath.Base(dir)+"/"+string(to), func(t *testing.T) {
				opts := Options{To: to, IncludeDirs: []string{dir}}
				n := groupCount(t, inputs, opts)
				res := sameAsTogether(t, inputs, opts)
				t.Logf("%d inputs in %d groups: %d outputs, %d diagnostics", len(inputs), n, len(res.Files), len(res.Diagnostics))
				if n > 1 {
					split++
				}
			})
		}
	}
	if split == 0 {
		t.Errorf("no tree was split into groups")
	}
}

// TestGroups checks which inputs convert apart, on small trees.
func TestGroups(t *testing.T) {
	files := fstest.MapFS{
		"a/one.thrift":    {Data: []byte("namespace * shared\nstruct One { 1: string name }\n")},
		"b/two.thrift":    {Data: []byte("namespace * shared\nstruct One { 1: i32 id }\n")},
		"c/three.thrift":  {Data: []byte("namespace * three\ninclude \"common.thrift\"\nstruct Three { 1: common.Common c }\n")},
		"d/common.thrift": {Data: []byte("namespace * common\nstruct Common { 1: string name }\n")},
		"e/four.thrift":   {Data: []byte("namespace * four\ninclude \"common.thrift\"\nstruct Four { 1: common.Common c }\n")},
		"f/five.thrift":   {Data: []byte("namespace * five\nstruct Five { 1: string name }\n")},
		"g/six.thrift":    {Data: []byte("namespace * six\nstruct Six { 1: string name }\n")},
		"h/bad.thrift":    {Data: []byte("namespace * bad\nstruct {\n")},
		// An error a light scan does not see, and warnings in another file.
		"i/unknown.thrift": {Data: []byte("namespace * unknown\nstruct U { 1: Unknown u }\n")},
		"j/warn.thrift":    {Data: []byte("namespace * warn\nconst i32 C = 1\nstruct W { 1: set<string> s, 2: i16 n = 3 }\nservice S { void ping() }\n")},
		// A mapping error, and two outputs on one path.
		"k/x.thrift": {Data: robustness.ThriftTypedefChain(25)},
		"l/x.thrift": {Data: []byte("struct X { 1: string name }\n")},
	}
	in := func(names ...string) []Input {
		var ins []Input
		for _, n := range names {
			ins = append(ins, Input{Path: n})
		}
		return ins
	}
	tests := []struct {
		name   string
		inputs []Input
		opts   Options
		groups int
		// rules must be reported; unreported must not be.
		rules, unreported []string
	}{
		// one and two share the proto package shared: its names are kept
		// apart across both (One and One_), so they map together.
		{"one package", in("a/one.thrift", "b/two.thrift", "f/five.thrift"), Options{To: schema.Proto}, 2, nil, nil},
		// To JSON Schema, each file maps alone.
		{"one package to JSON Schema", in("a/one.thrift", "b/two.thrift", "f/five.thrift"), Options{To: schema.JSONSchema}, 3, nil, nil},
		// three and four include one file.
		{"one include", in("c/three.thrift", "e/four.thrift", "f/five.thrift"), Options{To: schema.Proto, IncludeDirs: []string{"d"}}, 2, nil, nil},
		{"an input included", in("c/three.thrift", "d/common.thrift", "f/five.thrift"), Options{To: schema.Proto, IncludeDirs: []string{"d"}}, 2, nil, nil},
		{"an include not found", in("c/three.thrift", "e/four.thrift", "f/five.thrift"), Options{To: schema.Proto}, 3, nil, nil},
		// --package puts every file in one package.
		{"--package", in("f/five.thrift", "g/six.thrift"), Options{To: schema.Proto, Package: "all"}, 1, nil, nil},
		// --package-map can put two namespaces in one package.
		{"--package-map", in("f/five.thrift", "g/six.thrift", "a/one.thrift"), Options{To: schema.Proto, PackageMap: []PackageMapping{{From: "five", To: "x"}, {From: "six", To: "x"}}}, 2, nil, nil},
		// A file that does not scan: what it includes is not known.
		{"a syntax error", in("f/five.thrift", "g/six.thrift", "h/bad.thrift"), Options{To: schema.Proto}, 1, nil, nil},
		{"an ID lock", in("f/five.thrift", "g/six.thrift"), together(Options{To: schema.Proto}), 1, nil, nil},
		// Together, the unknown type stops the conversion before anything
		// is mapped: the groups convert again as one.
		{"an error", in("i/unknown.thrift", "j/warn.thrift"), Options{To: schema.Proto}, 2,
			[]string{"unknown-type"}, []string{"set-to-repeated", "narrow-int", "const-as-comment"}},
		{"an error to JSON Schema", in("i/unknown.thrift", "j/warn.thrift"), Options{To: schema.JSONSchema}, 2,
			[]string{"unknown-type"}, []string{"service-dropped", "const-dropped"}},
		// The collision is reported beside the mapping's error.
		{"a mapping error and a collision", in("k/x.thrift", "l/x.thrift"), Options{To: schema.Proto}, 1,
			[]string{"type-expansion", "output-collision"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.opts.FS = files
			if n := groupCount(t, tt.inputs, tt.opts); n != tt.groups {
				t.Errorf("%d groups, want %d", n, tt.groups)
			}
			if tt.opts.BeforeMap != nil {
				return
			}
			res := sameAsTogether(t, tt.inputs, tt.opts)
			reported := map[string]bool{}
			for _, d := range res.Diagnostics {
				reported[d.Rule] = true
			}
			for _, r := range tt.rules {
				if !reported[r] {
					t.Errorf("no %s reported:\n%s", r, res.Diagnostics)
				}
			}
			for _, r := range tt.unreported {
				if reported[r] {
					t.Errorf("%s reported:\n%s", r, res.Diagnostics)
				}
			}
		})
	}
}

// FuzzGroups converts three Thrift files, two of them fuzzed (each may
// include the others, share a namespace, or fail), in groups and as one:
// the outputs and diagnostics must be the same, to proto and to JSON
// Schema.
func FuzzGroups(f *testing.F) {
	f.Add("namespace * a\nstruct A { 1: string s }", "namespace * b\ninclude \"c.thrift\"\nstruct B { 1: c.C c }")
	f.Add("namespace * shared\nstruct X { 1: i32 x }", "namespace * shared\nstruct X { 1: set<string> y }")
	f.Add("include \"b.thrift\"\nstruct A { 1: b.B b }", "include \"a.thrift\"\nstruct B { 1: i16 n = 3 }")
	f.Add("struct A { 1: Unknown u }", "const i32 C = 1\nservice S { void ping() }")
	f.Fuzz(func(t *testing.T, a, b string) {
		files := fstest.MapFS{
			"a.thrift":   {Data: []byte(a)},
			"d/b.thrift": {Data: []byte(b)},
			"c.thrift":   {Data: []byte("namespace * c\nstruct C { 1: list<string> names; 2: optional i64 id }\n")},
		}
		inputs := []Input{{Path: "a.thrift"}, {Path: "d/b.thrift"}, {Path: "c.thrift"}}
		for _, to := range []schema.Format{schema.Proto, schema.JSONSchema} {
			sameAsTogether(t, inputs, Options{To: to, FS: files, IncludeDirs: []string{".", "d"}})
		}
	})
}
