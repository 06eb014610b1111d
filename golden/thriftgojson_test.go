package golden

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/idlconv/idlconv/internal/jsonschema"

	"github.com/idlconv/idlconv/convert"
	"github.com/idlconv/idlconv/golden/internal/thriftjson"
	"github.com/idlconv/idlconv/internal/testkit/corpustest"
	"github.com/idlconv/idlconv/internal/testkit/thrifttest"
	"github.com/idlconv/idlconv/schema"
	"github.com/idlconv/idlconv/thriftast"
)

// The Thrift → JSON Schema real-client test: values of the Go structs
// that `thrift --gen go` makes of a Thrift file, written with
// encoding/json, validate against the JSON Schema idlconv writes for that
// file; and a document that the Go code refuses to read (a property of the
// wrong type, an unknown enum name) the schema rejects too.

// thriftJSONUnit is one set of Thrift files converted together.
type thriftJSONUnit struct {
	name  string
	files map[string][]byte // path → content, the converted inputs
	json  map[string][]byte // idlconv's JSON Schema output, by path
	// warned holds the structs (by name) that a thrift-go-json warning
	// says Thrift's Go code writes otherwise than the schema.
	warned map[string]bool
}

// samplesPerStruct is how many values are written for each struct.
const samplesPerStruct = 6

// TestThriftJSONGoClient checks the golden Thrift inputs that convert to
// JSON Schema.
func TestThriftJSONGoClient(t *testing.T) {
	if thrifttest.ThriftPath() == "" {
		if thrifttest.RequireTools() {
			t.Fatal("thrift is required in CI")
		}
		t.Skip("thrift not installed; skipping")
	}
	var units []thriftJSONUnit
	for _, c := range loadCases(t) {
		if c.from != schema.Thrift || bytes.Contains(c.archiveFile("out/diagnostics"), []byte(": error: ")) {
			continue
		}
		u := thriftJSONUnit{name: c.name, files: map[string][]byte{}}
		for name, data := range c.inputs {
			if path.Ext(name) == ".thrift" {
				u.files[name] = data
			}
		}
		if json, warned := thriftToJSONSchema(u.files); json != nil {
			u.warned = warned
			// The unit's files go under a folder of their own.
			u.json = map[string][]byte{}
			for p, data := range json {
				u.json[path.Join(fmt.Sprint(len(units)), p)] = data
			}
			units = append(units, u)
		}
	}
	counts := checkThriftJSON(t, units)
	t.Logf("thrift go json golden: %s", counts)
}

// archiveFile returns a file of the case's archive, or nil.
func (c *goldenCase) archiveFile(name string) []byte {
	for _, f := range c.archive.Files {
		if f.Name == name {
			return f.Data
		}
	}
	return nil
}

// thriftToJSONSchema converts Thrift files to JSON Schema with idlconv, or
// returns nil when they do not convert; it also returns the structs a
// thrift-go-json warning is about.
func thriftToJSONSchema(files map[string][]byte) (map[string][]byte, map[string]bool) {
	fsys := fstest.MapFS{}
	var inputs []convert.Input
	var names []string
	for name := range files {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		fsys[name] = &fstest.MapFile{Data: files[name]}
		inputs = append(inputs, convert.Input{Path: name, Name: name})
	}
	res, err := convert.Convert(context.Background(), inputs, convert.Options{To: schema.JSONSchema, FS: fsys, IncludeDirs: []string{"."}})
	if err != nil || res.Diagnostics.HasErrors() {
		return nil, nil
	}
	out := map[string][]byte{}
	for _, f := range res.Files {
		out[f.Path] = f.Content
	}
	return out, goJSONWarned(fsys, inputs, res.Diagnostics)
}

// goJSONWarned returns the structs of Thrift files that a thrift-go-json
// warning is about: at the struct or at one of its fields.
func goJSONWarned(fsys fstest.MapFS, inputs []convert.Input, diags schema.Diagnostics) map[string]bool {
	at := map[string]bool{}
	for _, d := range diags {
		if d.Rule == convert.RuleThriftGoJSON.ID {
			at[fmt.Sprintf("%s:%d:%d", path.Base(d.Pos.File), d.Pos.Line, d.Pos.Col)] = true
		}
	}
	warned := map[string]bool{}
	if len(at) == 0 {
		return warned
	}
	l := &thriftast.Loader{ReadFile: func(p string) ([]byte, error) { return fs.ReadFile(fsys, p) }, IncludeDirs: []string{"."}}
	var ins []thriftast.Input
	for _, in := range inputs {
		ins = append(ins, thriftast.Input{Path: in.Path, Name: in.Name})
	}
	files, _ := l.Load(ins)
	key := func(p schema.Pos) string { return fmt.Sprintf("%s:%d:%d", path.Base(p.File), p.Line, p.Col) }
	for _, f := range files {
		for _, d := range f.Decls {
			s, ok := d.(*schema.Struct)
			if !ok {
				continue
			}
			if at[key(s.Pos)] {
				warned[s.Name] = true
			}
			for _, fl := range s.Fields {
				if at[key(fl.Pos)] {
					warned[s.Name] = true
				}
			}
		}
	}
	return warned
}

// thriftJSONCounts are the outcomes of the Go-client test.
type thriftJSONCounts struct {
	units, structs, samples, rejected int
	// warned counts the documents of structs a thrift-go-json warning is
	// about that the schema rejects.
	warned int
	// noMarshal counts structs whose values encoding/json refuses to
	// write (a map with bool, double or struct keys).
	noMarshal int
	skipped   map[string]int
}

func (c *thriftJSONCounts) String() string {
	var skipped []string
	for why, n := range c.skipped {
		skipped = append(skipped, fmt.Sprintf("%s: %d", why, n))
	}
	sort.Strings(skipped)
	return fmt.Sprintf("%d units, %d structs: %d documents written by Thrift's Go code validate against idlconv's schemas, %d do not under a thrift-go-json warning; %d documents the Go code refuses are rejected; %d structs encoding/json cannot write; not checked: %s",
		c.units, c.structs, c.samples, c.warned, c.rejected, c.noMarshal, strings.Join(skipped, ", "))
}

// checkThriftJSON builds the Go code of every unit (one harness, split
// where a build fails), validates samples of each struct against the
// unit's JSON Schema, and checks that the schema rejects the mutated
// documents the Go code refuses.
func checkThriftJSON(t *testing.T, units []thriftJSONUnit) *thriftJSONCounts {
	t.Helper()
	dir := t.TempDir()
	files := make([][]string, len(units))
	for i, u := range units {
		for name, data := range u.files {
			files[i] = append(files[i], writeUnitFile(t, dir, i, name, data))
		}
		sort.Strings(files[i])
	}
	return checkThriftJSONBuilt(t, dir, units, files)
}

// checkThriftJSONBuilt builds the Go code of the units' files (paths in
// dir), one harness split where a build fails, and checks each unit's
// structs against its JSON Schema (u.json, by the Thrift files' paths in
// dir with .json).
func checkThriftJSONBuilt(t *testing.T, dir string, units []thriftJSONUnit, files [][]string) *thriftJSONCounts {
	t.Helper()
	counts := &thriftJSONCounts{skipped: map[string]int{}}
	harnesses, errs := buildBatched(t, dir, files)
	for i, u := range units {
		h := harnesses[i]
		if h == nil {
			counts.skipped["Thrift's Go code does not build"]++
			if os.Getenv("IDLCONV_CONTRACT_ALL") != "" {
				t.Logf("%s: %v", u.name, errs[i])
			}
			continue
		}
		schemas, err := compileDefs(u.json)
		if err != nil {
			t.Errorf("%s: idlconv's JSON Schema does not compile: %v", u.name, err)
			continue
		}
		counts.units++
		for _, ref := range h.Structs() {
			if ref.File != files[i][0] && !(len(files[i]) > 1 && slices.Contains(files[i], ref.File)) {
				continue
			}
			sch := schemas[strings.TrimSuffix(ref.File, ".thrift")+".json#"+ref.Name]
			if sch == nil {
				t.Errorf("%s: no schema for %s %s", u.name, ref.File, ref.Name)
				continue
			}
			counts.structs++
			checkStructJSON(t, u.name, h, ref, sch, u.warned[ref.Name], counts)
		}
	}
	return counts
}

// checkStructJSON validates the samples of one struct and its mutations.
func checkStructJSON(t *testing.T, unit string, h *thriftjson.Harness, ref thriftjson.StructRef, sch *jsonschema.Schema, warned bool, counts *thriftJSONCounts) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	samples, err := h.Samples(ctx, ref.File, ref.Name, samplesPerStruct)
	var se *thriftjson.SampleError
	switch {
	case errors.As(err, &se):
		counts.noMarshal++
	case err != nil:
		t.Errorf("%s: samples of %s: %v", unit, ref.Name, err)
		return
	}
	for k, doc := range samples {
		v, err := jsonschema.UnmarshalJSON(bytes.NewReader(doc))
		if err != nil {
			t.Fatal(err)
		}
		err = sch.Validate(v)
		switch {
		case err != nil && strings.Contains(err.Error(), "minProperties: got 0, want 1"):
			// A union with no member set, where no finite value can set
			// one (a union of itself only): no Thrift value.
			counts.skipped["a union that no finite value sets"]++
			continue
		case err != nil && warned:
			counts.warned++
			continue
		}
		if err != nil {
			t.Errorf("%s: %s: Thrift's Go code wrote %s, which idlconv's schema rejects: %v", unit, ref.Name, doc, err)
			continue
		}
		counts.samples++
		if k != 0 {
			continue
		}
		mutants := goMutants(doc)
		if len(mutants) == 0 {
			continue
		}
		res, err := h.RoundTrip(ctx, ref.File, ref.Name, mutants)
		if err != nil {
			t.Errorf("%s: %s: %v", unit, ref.Name, err)
			continue
		}
		for j, r := range res {
			if !strings.HasPrefix(r.Err, "unmarshal:") {
				continue // the Go code reads it: nothing to reject
			}
			mv, _ := jsonschema.UnmarshalJSON(bytes.NewReader(mutants[j]))
			if sch.Validate(mv) == nil {
				t.Errorf("%s: %s: idlconv's schema accepts %s, which Thrift's Go code refuses: %s", unit, ref.Name, mutants[j], r.Err)
				continue
			}
			counts.rejected++
		}
	}
}

// goMutants changes one property of a document at a time to a value of
// another kind (and an enum-like string to a name no enum has).
func goMutants(doc []byte) [][]byte {
	v, err := decodeJSON(doc)
	obj, ok := v.(map[string]any)
	if err != nil || !ok {
		return nil
	}
	keys := make([]string, 0, len(obj))
	for k := range obj {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var out [][]byte
	for _, k := range keys {
		var bad []any
		switch obj[k].(type) {
		case string:
			bad = []any{json.Number("12345"), "NOT_A_VALUE_OF_ANY_ENUM"}
		case json.Number, bool:
			bad = []any{"not a number"}
		case map[string]any, []any:
			bad = []any{"not a container"}
		}
		for _, b := range bad {
			c := make(map[string]any, len(obj))
			for kk, vv := range obj {
				c[kk] = vv
			}
			c[k] = b
			out = append(out, marshalJSON(c))
		}
	}
	return out
}

// compileDefs compiles every $defs entry of JSON Schema documents, by
// "FILE#NAME".
func compileDefs(files map[string][]byte) (map[string]*jsonschema.Schema, error) {
	c := jsonschema.NewCompiler()
	for p, content := range files {
		doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(content))
		if err != nil {
			return nil, err
		}
		if err := c.AddResource("file:///"+p, doc); err != nil {
			return nil, err
		}
	}
	out := map[string]*jsonschema.Schema{}
	for p, content := range files {
		var doc struct {
			Defs map[string]json.RawMessage `json:"$defs"`
		}
		_ = json.Unmarshal(content, &doc)
		for name := range doc.Defs {
			sch, err := c.Compile("file:///" + p + "#/$defs/" + name)
			if err != nil {
				return nil, fmt.Errorf("%s#/$defs/%s: %w", p, name, err)
			}
			out[p+"#"+name] = sch
		}
	}
	return out, nil
}

// TestThriftJSONGoClientCorpus does the same for the Thrift corpus: each
// file that idlconv converts to JSON Schema and whose Go code thrift
// generates.
func TestThriftJSONGoClientCorpus(t *testing.T) {
	if testing.Short() {
		t.Skip("the corpus is left out in -short mode")
	}
	corpus := corpustest.Load(t, "thrift")
	thrift := thrifttest.ThriftPath()
	if thrift == "" {
		if thrifttest.RequireTools() {
			t.Fatal("thrift is required in CI")
		}
		t.Skip("thrift not installed; skipping")
	}
	dir := t.TempDir()
	var units []thriftJSONUnit
	var unitFiles [][]string
	skipped := map[string]int{}
	for k, tree := range corpus.Trees {
		var names []string
		files := map[string][]byte{}
		for _, p := range tree.Files {
			rel, err := filepath.Rel(tree.Dir, p)
			if err != nil {
				t.Fatal(err)
			}
			rel = filepath.ToSlash(rel)
			data, err := os.ReadFile(p)
			if err != nil {
				t.Fatal(err)
			}
			files[rel] = data
			names = append(names, rel)
		}
		sort.Strings(names)
		// The repository's tree, each file in a Go package of its own.
		for _, rel := range names {
			writeUnitFile(t, dir, k, rel, files[rel])
		}
		fsys := mapFS(files)
		for _, rel := range names {
			// The file and the files it includes, so that every $ref of
			// its schema has its document.
			inputs := []convert.Input{{Path: rel, Name: rel}}
			l := &thriftast.Loader{ReadFile: func(p string) ([]byte, error) { return fs.ReadFile(fsys, p) }, IncludeDirs: []string{".", path.Dir(rel)}}
			model, _ := l.Load([]thriftast.Input{{Path: rel, Name: rel}})
			for _, f := range model {
				if f.Path != rel {
					inputs = append(inputs, convert.Input{Path: f.Path, Name: f.Path})
				}
			}
			res, err := convert.Convert(context.Background(), inputs,
				convert.Options{To: schema.JSONSchema, FS: fsys, IncludeDirs: []string{".", path.Dir(rel)}})
			if err != nil || res.Diagnostics.HasErrors() {
				skipped["does not convert"]++
				continue
			}
			name := path.Join(fmt.Sprint(k), rel)
			if err := thriftGenGo(thrift, dir, name); err != nil {
				skipped["thrift --gen go refuses it"]++
				continue
			}
			u := thriftJSONUnit{name: tree.Name + "/" + rel, json: map[string][]byte{},
				warned: goJSONWarned(fsys, inputs, res.Diagnostics)}
			for _, f := range res.Files {
				u.json[path.Join(fmt.Sprint(k), f.Path)] = f.Content
			}
			units = append(units, u)
			unitFiles = append(unitFiles, []string{name})
		}
	}
	counts := checkThriftJSONBuilt(t, dir, units, unitFiles)
	for why, n := range skipped {
		counts.skipped[why] += n
	}
	t.Logf("thrift go json corpus: %s", counts)
}

// mapFS makes a file system of files by path.
func mapFS(files map[string][]byte) fstest.MapFS {
	fsys := fstest.MapFS{}
	for p, data := range files {
		fsys[p] = &fstest.MapFile{Data: data}
	}
	return fsys
}

// thriftGenGo checks that `thrift -r --gen go` accepts a file of dir.
func thriftGenGo(thrift, dir, name string) error {
	out, err := os.MkdirTemp("", "idlconv-gengo-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(out)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, thrift, "-r", "--gen", "go", "-I", dir, "-out", out, filepath.Join(dir, filepath.FromSlash(name)))
	if b, err := cmd.CombinedOutput(); err != nil {
		return fmt.Errorf("%v\n%s", err, b)
	}
	return nil
}
