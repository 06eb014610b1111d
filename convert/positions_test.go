package convert_test

import (
	"context"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"testing/fstest"

	"golang.org/x/tools/txtar"

	"github.com/idlconv/idlconv/convert"
	"github.com/idlconv/idlconv/schema"
)

// TestDiagnosticsHaveEnds converts the inputs of every golden case and
// checks that each diagnostic with a line and column also has the end
// of the token there, as the front-end set it (the CLI reads no file to
// find it): after the start, on its line or a later one. A diagnostic
// about a whole file (one that cannot be read, an output name two files
// share) is at the file's position, 1:1 without an end (schema.File.Pos).
func TestDiagnosticsHaveEnds(t *testing.T) {
	paths, err := filepath.Glob(filepath.Join("..", "golden", "testdata", "*", "*.txtar"))
	if err != nil || len(paths) == 0 {
		t.Fatalf("no golden cases (%v)", err)
	}
	checked := 0
	for _, p := range paths {
		name := filepath.Base(filepath.Dir(p)) + "/" + strings.TrimSuffix(filepath.Base(p), ".txtar")
		t.Run(name, func(t *testing.T) {
			res := convertGoldenInputs(t, p)
			for _, d := range res.Diagnostics {
				if d.Pos.Line <= 0 || d.Pos.Col <= 0 || d.Pos == (schema.Pos{File: d.Pos.File, Line: 1, Col: 1}) {
					continue
				}
				checked++
				end := schema.Pos{Line: d.Pos.EndLine, Col: d.Pos.EndCol}
				if !d.Pos.HasEnd() || end.Line < d.Pos.Line || end.Line == d.Pos.Line && end.Col <= d.Pos.Col {
					t.Errorf("%s: end %d:%d, want one after the start", d, d.Pos.EndLine, d.Pos.EndCol)
				}
			}
		})
	}
	if checked == 0 {
		t.Error("no positioned diagnostic in the golden cases")
	}
	t.Logf("%d diagnostics with a line and column, each with its end", checked)
}

// convertGoldenInputs converts the inputs of the golden case in the
// archive at path with the options of its header that change what is
// reported (a subset of what golden/golden_test.go reads).
func convertGoldenInputs(t *testing.T, path string) *convert.Result {
	t.Helper()
	a, err := txtar.ParseFile(path)
	if err != nil {
		t.Fatal(err)
	}
	options := map[string]string{}
	for _, ln := range strings.Split(string(a.Comment), "\n") {
		if k, v, ok := strings.Cut(ln, ":"); ok && !strings.HasPrefix(strings.TrimSpace(ln), "#") {
			options[strings.TrimSpace(k)] = strings.TrimSpace(v)
		}
	}
	fsys := fstest.MapFS{}
	var names []string
	for _, f := range a.Files {
		if rest, ok := strings.CutPrefix(f.Name, "in/"); ok {
			fsys[f.Name] = &fstest.MapFile{Data: f.Data}
			names = append(names, rest)
		}
	}
	sort.Strings(names)
	if list := strings.Fields(options["inputs"]); len(list) > 0 {
		names = list
	}
	to, err := convert.ParseFormat(options["to"])
	if err != nil {
		t.Fatal(err)
	}
	opts := convert.Options{To: to, FS: fsys, IncludeDirs: []string{"in"}, ProtoSyntax: options["proto-syntax"],
		JSONSchemaDraft: options["jsonschema-draft"], Oneof: convert.OneofStyle(options["oneof"]), Package: options["package"]}
	if f := options["from"]; f != "" {
		if opts.From, err = convert.ParseFormat(f); err != nil {
			t.Fatal(err)
		}
	}
	for _, m := range strings.Fields(options["ref-map"]) {
		prefix, dir, _ := strings.Cut(m, "=")
		opts.RefMap = append(opts.RefMap, convert.RefMapping{Prefix: prefix, Dir: dir})
	}
	var inputs []convert.Input
	for _, n := range names {
		inputs = append(inputs, convert.Input{Path: "in/" + n})
	}
	res, err := convert.Convert(context.Background(), inputs, opts)
	if err != nil {
		t.Fatal(err)
	}
	return res
}
