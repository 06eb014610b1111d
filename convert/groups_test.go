package convert

import (
	"context"
	"fmt"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/idlconv/idlconv/internal/testkit/corpustest"
	"github.com/idlconv/idlconv/internal/testkit/robustness"
	"github.com/idlconv/idlconv/schema"
)

// together converts the inputs as one group.
func together(opts Options) Options { return OneGroup(opts) }

// groupsOf is the groups Convert splits the inputs into.
func groupsOf(t *testing.T, inputs []Input, opts Options) [][]int {
	t.Helper()
	r := Builtin()
	from, err := r.prepare(context.Background(), inputs, &opts)
	if err != nil {
		t.Fatal(err)
	}
	d := r.Direction(from, opts.To)
	base := NewRequest(distinctInputs(inputs), opts)
	return r.groups(base, from, d)
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
	corpus := corpustest.Load(t, "thrift")
	// The whole corpus first, then each tree.
	trees := append([]corpustest.Tree{{Name: filepath.Base(corpus.Root), Dir: corpus.Root, Files: corpus.Files()}}, corpus.Trees...)
	split := 0
	for _, tree := range trees {
		var inputs []Input
		for _, p := range tree.Files {
			inputs = append(inputs, Input{Path: p})
		}
		for _, to := range []schema.Format{schema.Proto, schema.JSONSchema} {
			t.Run(tree.Name+"/"+string(to), func(t *testing.T) {
				opts := Options{To: to, IncludeDirs: []string{tree.Dir}}
				n := len(groupsOf(t, inputs, opts))
				res := sameAsTogether(t, inputs, opts)
				t.Logf("%d inputs in %d groups: %d outputs, %d diagnostics", len(inputs), n, len(res.Files), len(res.Diagnostics))
				// With an error, the groups convert again as one: only a
				// tree without one compares the groups with the whole.
				if n > 1 && !res.Diagnostics.HasErrors() {
					split++
				}
			})
		}
	}
	if split == 0 {
		t.Errorf("no tree without errors was split into groups")
	}
}

// TestGroups checks which inputs convert apart, on small trees.
func TestGroups(t *testing.T) {
	files := fstest.MapFS{
		"a/one.thrift":     {Data: []byte("namespace * shared\nstruct One { 1: string name }\n")},
		"b/two.thrift":     {Data: []byte("namespace * shared\nstruct One { 1: i32 id }\n")},
		"c/three.thrift":   {Data: []byte("namespace * three\ninclude \"common.thrift\"\nstruct Three { 1: common.Common c }\n")},
		"d/common.thrift":  {Data: []byte("namespace * common\nstruct Common { 1: string name }\n")},
		"e/four.thrift":    {Data: []byte("namespace * four\ninclude \"common.thrift\"\nstruct Four { 1: common.Common c }\n")},
		"f/five.thrift":    {Data: []byte("namespace * five\nstruct Five { 1: string name }\n")},
		"g/six.thrift":     {Data: []byte("namespace * six\nstruct Six { 1: string name }\n")},
		"h/bad.thrift":     {Data: []byte("namespace * bad\nstruct {\n")},
		"h/badhead.thrift": {Data: []byte("namespace * bad\ninclude 42\nstruct B { 1: string b }\n")},
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
		// groups are the groups, as indexes into inputs.
		groups [][]int
		// rules must be reported; unreported must not be.
		rules, unreported []string
	}{
		// one and two share the proto package shared: its names are kept
		// apart across both (One and One_), so they map together.
		{"one package", in("a/one.thrift", "b/two.thrift", "f/five.thrift"), Options{To: schema.Proto}, [][]int{{0, 1}, {2}}, nil, nil},
		// To JSON Schema, each file maps alone.
		{"one package to JSON Schema", in("a/one.thrift", "b/two.thrift", "f/five.thrift"), Options{To: schema.JSONSchema}, [][]int{{0}, {1}, {2}}, nil, nil},
		// three and four include one file.
		{"one include", in("c/three.thrift", "e/four.thrift", "f/five.thrift"), Options{To: schema.Proto, IncludeDirs: []string{"d"}}, [][]int{{0, 1}, {2}}, nil, nil},
		{"an input included", in("c/three.thrift", "d/common.thrift", "f/five.thrift"), Options{To: schema.Proto, IncludeDirs: []string{"d"}}, [][]int{{0, 1}, {2}}, nil, nil},
		{"an include not found", in("c/three.thrift", "e/four.thrift", "f/five.thrift"), Options{To: schema.Proto}, [][]int{{0}, {1}, {2}}, nil, nil},
		// --package puts every file in one package.
		{"--package", in("f/five.thrift", "g/six.thrift"), Options{To: schema.Proto, Package: "all"}, [][]int{{0, 1}}, nil, nil},
		// --package-map can put two namespaces in one package.
		{"--package-map", in("f/five.thrift", "g/six.thrift", "a/one.thrift"), Options{To: schema.Proto, PackageMap: []PackageMapping{{From: "five", To: "x"}, {From: "six", To: "x"}}}, [][]int{{0, 1}, {2}}, nil, nil},
		// A header that does not scan: what the file includes is not
		// known.
		{"a header that does not scan", in("f/five.thrift", "g/six.thrift", "h/badhead.thrift"), Options{To: schema.Proto}, [][]int{{0, 1, 2}},
			[]string{"syntax"}, nil},
		// An error past the header is found when the groups convert, and
		// they convert again as one.
		{"a syntax error past the header", in("f/five.thrift", "g/six.thrift", "h/bad.thrift"), Options{To: schema.Proto}, [][]int{{0}, {1}, {2}},
			[]string{"syntax"}, nil},
		{"one group asked for", in("f/five.thrift", "g/six.thrift"), together(Options{To: schema.Proto}), [][]int{{0, 1}}, nil, nil},
		{"an ID lock hook splits as without it", in("f/five.thrift", "g/six.thrift"), Options{To: schema.Proto, BeforeMap: func([]*schema.File, *schema.Diagnostics) {}}, [][]int{{0}, {1}}, nil, nil},
		// Together, the unknown type stops the conversion before anything
		// is mapped: the groups convert again as one.
		{"an error", in("i/unknown.thrift", "j/warn.thrift"), Options{To: schema.Proto}, [][]int{{0}, {1}},
			[]string{"unknown-type"}, []string{"set-to-repeated", "narrow-int", "const-as-comment"}},
		{"an error to JSON Schema", in("i/unknown.thrift", "j/warn.thrift"), Options{To: schema.JSONSchema}, [][]int{{0}, {1}},
			[]string{"unknown-type"}, []string{"service-dropped", "const-dropped"}},
		// The collision is reported beside the mapping's error (one
		// group: neither file has a namespace, so both are package x),
		// and between outputs of two groups.
		{"a mapping error and a collision", in("k/x.thrift", "l/x.thrift"), Options{To: schema.Proto}, [][]int{{0, 1}},
			[]string{"type-expansion", "output-collision"}, nil},
		{"a collision between groups", in("k/x.thrift", "l/x.thrift"), Options{To: schema.JSONSchema}, [][]int{{0}, {1}},
			[]string{"output-collision"}, nil},
		// An input given twice is one input; what it includes is no
		// input, and gets no output.
		{"an input given twice", in("c/three.thrift", "f/five.thrift", "./c/three.thrift"), Options{To: schema.Proto, IncludeDirs: []string{"d"}}, [][]int{{0}, {1}},
			nil, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.opts.FS = files
			if got := groupsOf(t, tt.inputs, tt.opts); !reflect.DeepEqual(got, tt.groups) {
				t.Errorf("groups %v, want %v", got, tt.groups)
			}
			if tt.opts.together {
				return
			}
			res := sameAsTogether(t, tt.inputs, tt.opts)
			if distinct := len(distinctInputs(tt.inputs)); !res.Diagnostics.HasErrors() && len(res.Files) != distinct {
				t.Errorf("%d outputs for %d inputs", len(res.Files), distinct)
			}
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

// FuzzGroups converts four Thrift files, built from the fuzzer's bytes
// (their namespaces, which files each includes, their fields' types, now
// and then an unknown type or a bad token), in groups and as one: the
// outputs and diagnostics must be the same, to proto and to JSON Schema.
// Most inputs are valid, so that the groups are converted apart; every
// run also adds a file of raw fuzzed text.
func FuzzGroups(f *testing.F) {
	f.Add([]byte{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15}, "struct R { 1: string r }")
	f.Add([]byte{1, 1, 1, 1, 3, 3, 3, 3, 200, 201, 202, 203}, "include \"f0.thrift\"\nstruct R { 1: f0.S0 s }")
	f.Add([]byte{2, 5, 9, 255, 17, 33, 65, 129}, "")
	f.Fuzz(func(t *testing.T, spec []byte, raw string) {
		files, inputs := fuzzTree(spec, raw)
		for _, to := range []schema.Format{schema.Proto, schema.JSONSchema} {
			sameAsTogether(t, inputs, Options{To: to, FS: files, IncludeDirs: []string{"."}})
		}
	})
}

// fuzzTree builds FuzzGroups' files from its bytes: raw/r.thrift of raw
// text, and f0…f3.thrift whose namespaces, includes and field types the
// bytes of spec choose.
func fuzzTree(spec []byte, raw string) (fstest.MapFS, []Input) {
	at := func(i int) byte {
		if len(spec) == 0 {
			return 0
		}
		return spec[i%len(spec)]
	}
	namespaces := []string{"", "namespace * a\n", "namespace * shared\n", "namespace * b\n"}
	types := []string{"string", "i16", "list<string>", "set<i32>", "map<string, i64>", "optional binary", "double", "bool"}
	files := fstest.MapFS{"raw/r.thrift": {Data: []byte(raw)}}
	inputs := []Input{{Path: "raw/r.thrift"}}
	const n = 4
	for i := range n {
		var b strings.Builder
		b.WriteString(namespaces[at(i)%4])
		var included []int
		for j := range n {
			// A file includes those before it (now and then one after
			// it, which may make a cycle).
			if bit := at(n + i); bit&(1<<j) != 0 && (j < i || bit == 255) && j != i {
				fmt.Fprintf(&b, "include \"f%d.thrift\"\n", j)
				included = append(included, j)
			}
		}
		fmt.Fprintf(&b, "struct S%d {\n", i)
		for k := range 3 {
			c := at(2*n + 3*i + k)
			typ := types[int(c)%len(types)]
			switch {
			case c == 254:
				typ = "Unknown"
			case c == 253:
				typ = "list<"
			case c%5 == 0 && len(included) > 0:
				typ = fmt.Sprintf("f%d.S%d", included[0], included[0])
			}
			fmt.Fprintf(&b, "  %d: %s f%d\n", k+1, typ, k)
		}
		b.WriteString("}\n")
		if at(i)%7 == 6 {
			b.WriteString("service V { void ping() }\nconst i32 C = 1\n")
		}
		name := fmt.Sprintf("f%d.thrift", i)
		files[name] = &fstest.MapFile{Data: []byte(b.String())}
		inputs = append(inputs, Input{Path: name})
	}
	return files, inputs
}
