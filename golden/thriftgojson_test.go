package golden

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/idlconv/idlconv/convert"
	"github.com/idlconv/idlconv/internal/thriftjson"
	"github.com/idlconv/idlconv/internal/thrifttest"
	"github.com/idlconv/idlconv/schema"
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
		if u.json = thriftToJSONSchema(u.files); u.json != nil {
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
// returns nil when they do not convert.
func thriftToJSONSchema(files map[string][]byte) map[string][]byte {
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
		return nil
	}
	out := map[string][]byte{}
	for _, f := range res.Files {
		out[f.Path] = f.Content
	}
	return out
}

// thriftJSONCounts are the outcomes of the Go-client test.
type thriftJSONCounts struct {
	units, structs, samples, rejected int
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
	return fmt.Sprintf("%d units, %d structs: %d documents written by Thrift's Go code validate against idlconv's schemas; %d documents the Go code refuses are rejected; %d structs encoding/json cannot write; not checked: %s",
		c.units, c.structs, c.samples, c.rejected, c.noMarshal, strings.Join(skipped, ", "))
}

// checkThriftJSON builds the Go code of every unit (one harness, split
// where a build fails), validates samples of each struct against the
// unit's JSON Schema, and checks that the schema rejects the mutated
// documents the Go code refuses.
func checkThriftJSON(t *testing.T, units []thriftJSONUnit) *thriftJSONCounts {
	t.Helper()
	counts := &thriftJSONCounts{skipped: map[string]int{}}
	dir := t.TempDir()
	files := make([][]string, len(units))
	for i, u := range units {
		for name, data := range u.files {
			p := path.Join(fmt.Sprint(i), name)
			if err := os.MkdirAll(filepath.Join(dir, filepath.Dir(p)), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(filepath.Join(dir, p), withGoNamespace(data, i, name), 0o644); err != nil {
				t.Fatal(err)
			}
			files[i] = append(files[i], p)
		}
		sort.Strings(files[i])
	}
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
		prefix := fmt.Sprint(i) + "/"
		for _, ref := range h.Structs() {
			rel, ok := strings.CutPrefix(ref.File, prefix)
			if !ok {
				continue
			}
			sch := schemas[strings.TrimSuffix(rel, ".thrift")+".json#"+ref.Name]
			if sch == nil {
				t.Errorf("%s: no schema for %s %s", u.name, ref.File, ref.Name)
				continue
			}
			counts.structs++
			checkStructJSON(t, u.name, h, ref, sch, counts)
		}
	}
	return counts
}

// checkStructJSON validates the samples of one struct and its mutations.
func checkStructJSON(t *testing.T, unit string, h *thriftjson.Harness, ref thriftjson.StructRef, sch *jsonschema.Schema, counts *thriftJSONCounts) {
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
		if err := sch.Validate(v); err != nil {
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
