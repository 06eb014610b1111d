package thriftjson

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"testing"
	"time"
)

// testFiles cover the constructs the harness must handle: every base type
// and container under each requiredness, defaults, typedefs, enums with
// an enum-keyed map, a union, an exception, a recursive struct, an include
// between two files and two files sharing a namespace.
var testFiles = map[string]string{
	"common/common.thrift": `
namespace go common

enum Color { RED = 1, GREEN = 2, BLUE = 5 }
typedef Color Shade

struct Point {
  1: i32 x
  2: i32 y
}
`,
	"shop.thrift": `
namespace go shop
include "common/common.thrift"

typedef i64 Cents
typedef string Sku
typedef binary Blob
typedef list<string> Tags

enum Status { DRAFT = 0, OPEN = 1, CLOSED = 2 }

struct Item {
  1: required Sku sku
  2: required bool in_stock
  3: optional i8 tiny
  4: i16 small
  5: i32 medium
  6: Cents price
  7: double weight
  8: optional string note
  9: Blob image
  10: list<i32> counts
  11: set<string> labels
  12: map<string, i32> by_name
  13: map<i32, string> by_id
  14: map<i64, double> by_big
  15: map<common.Color, string> by_color
  16: common.Point where
  17: common.Color color
  18: optional common.Shade shade
  19: Tags tags
  20: optional map<string, list<common.Point>> nested
  21: i32 quantity = 5
  22: Status status
  23: optional Status last_status
  24: map<string, i32> defaults = {"a": 1}
  25: list<string> names = ["x"]
  26: optional binary raw
}

struct Tree {
  1: required string name
  2: list<Tree> children
  3: optional Tree parent
}

union Payment {
  1: string card
  2: i64 cents
  3: common.Point location
  4: list<string> vouchers
}

exception OutOfStock {
  1: required string sku
  2: optional i32 available
  3: common.Color color
}

struct BadKeys {
  1: optional map<bool, string> flags
  2: optional map<double, string> ratios
}
`,
	"more.thrift": `
namespace go shop
include "shop.thrift"

struct Basket {
  1: list<shop.Item> items
  2: optional shop.Payment payment
}
`,
}

// buildTestHarness writes testFiles to a temporary folder and builds a
// harness on more.thrift and shop.thrift.
func buildTestHarness(t *testing.T) *Harness {
	t.Helper()
	if _, err := exec.LookPath("thrift"); err != nil {
		t.Skip("thrift compiler not on PATH: install thrift 0.17 (Debian: thrift-compiler) to run the thriftjson harness tests")
	}
	dir := t.TempDir()
	for name, src := range testFiles {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	start := time.Now()
	h, err := Build(context.Background(), dir, []string{"more.thrift", "shop.thrift"}, t.TempDir())
	if err != nil {
		t.Fatalf("Build: %v", err)
	}
	t.Logf("Build took %v", time.Since(start))
	t.Cleanup(h.Close)
	return h
}

func TestHarness(t *testing.T) {
	h := buildTestHarness(t)
	ctx := context.Background()

	t.Run("Structs", func(t *testing.T) {
		want := []StructRef{
			{"common/common.thrift", "Point", "struct"},
			{"more.thrift", "Basket", "struct"},
			{"shop.thrift", "Item", "struct"},
			{"shop.thrift", "Tree", "struct"},
			{"shop.thrift", "Payment", "union"},
			{"shop.thrift", "OutOfStock", "exception"},
			{"shop.thrift", "BadKeys", "struct"},
		}
		if got := h.Structs(); !reflect.DeepEqual(got, want) {
			t.Errorf("Structs() =\n%v\nwant\n%v", got, want)
		}
	})

	t.Run("RoundTrip", func(t *testing.T) {
		tests := []struct {
			name, file, strct, doc string
			out                    string // want Out exactly, when errPrefix is ""
			errPrefix              string // want Err to start with this
		}{
			{name: "point", file: "common/common.thrift", strct: "Point",
				doc: `{"x":1,"y":-2}`, out: `{"x":1,"y":-2}`},
			{name: "unknown keys ignored, absent zero", file: "common/common.thrift", strct: "Point",
				doc: `{"z":1,"x":3}`, out: `{"x":3,"y":0}`},
			{name: "wrong type", file: "common/common.thrift", strct: "Point",
				doc: `{"x":"1"}`, errPrefix: "unmarshal: json: cannot unmarshal string"},
			{name: "not JSON", file: "common/common.thrift", strct: "Point",
				doc: `{"x":`, errPrefix: "unmarshal: "},
			{name: "enum by name", file: "shop.thrift", strct: "OutOfStock",
				doc: `{"sku":"a","color":"BLUE"}`, out: `{"sku":"a","color":"BLUE"}`},
			{name: "enum by number refused", file: "shop.thrift", strct: "OutOfStock",
				doc: `{"sku":"a","color":5}`, errPrefix: "unmarshal: json: cannot unmarshal number"},
			{name: "unset enum written as <UNSET> and refused", file: "shop.thrift", strct: "OutOfStock",
				doc: `{"sku":"a","color":"<UNSET>"}`, errPrefix: "unmarshal: not a valid Color string"},
			{name: "enum zero written as <UNSET>", file: "shop.thrift", strct: "OutOfStock",
				doc: `{"sku":"a","available":3}`, out: `{"sku":"a","available":3,"color":"\u003cUNSET\u003e"}`},
			{name: "union member", file: "shop.thrift", strct: "Payment",
				doc: `{"cents":9007199254740993}`, out: `{"cents":9007199254740993}`},
			{name: "union takes two members", file: "shop.thrift", strct: "Payment",
				doc: `{"card":"x","cents":1}`, out: `{"card":"x","cents":1}`},
			{name: "recursive", file: "shop.thrift", strct: "Tree",
				doc: `{"name":"r","children":[{"name":"c","children":[]}]}`,
				out: `{"name":"r","children":[{"name":"c","children":[]}]}`},
			{name: "optional map with bool keys omitted while nil", file: "shop.thrift", strct: "BadKeys",
				doc: `{}`, out: `{}`},
			{name: "map with bool keys never decodes", file: "shop.thrift", strct: "BadKeys",
				doc: `{"flags":{}}`, errPrefix: "unmarshal: json: cannot unmarshal object"},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				res, err := h.RoundTrip(ctx, tt.file, tt.strct, [][]byte{[]byte(tt.doc)})
				if err != nil {
					t.Fatal(err)
				}
				got := res[0]
				if tt.errPrefix != "" {
					if !strings.HasPrefix(got.Err, tt.errPrefix) || got.Out != nil {
						t.Errorf("RoundTrip(%s) = %q, %q; want error starting %q", tt.doc, got.Out, got.Err, tt.errPrefix)
					}
					return
				}
				if got.Err != "" || string(got.Out) != tt.out {
					t.Errorf("RoundTrip(%s) = %s, %q; want %s", tt.doc, got.Out, got.Err, tt.out)
				}
			})
		}
	})

	t.Run("ItemDefaults", func(t *testing.T) {
		res, err := h.RoundTrip(ctx, "shop.thrift", "Item", [][]byte{
			[]byte(`{}`),
			[]byte(`{"quantity":null,"defaults":{"b":2},"names":[]}`),
			[]byte(`{"image":"aGk=","by_id":{"-1":"m"},"by_color":{"RED":"r"},"shade":5}`),
			[]byte(`{"image":"aGk"}`),
		})
		if err != nil {
			t.Fatal(err)
		}
		const zero = `"sku":"","in_stock":false,"small":0,"medium":0,"price":0,"weight":0,"image":null,"counts":null,"labels":null,"by_name":null,"by_id":null,"by_big":null,"by_color":null,"where":null,"color":"\u003cUNSET\u003e","tags":null,`
		want := []Result{
			{Out: []byte(`{` + zero + `"quantity":5,"status":"DRAFT","defaults":{"a":1},"names":["x"]}`)},
			{Out: []byte(`{` + zero + `"quantity":5,"status":"DRAFT","defaults":{"a":1,"b":2},"names":[]}`)},
			{Out: []byte(`{` + strings.NewReplacer(`"image":null`, `"image":"aGk="`, `"by_id":null`, `"by_id":{"-1":"m"}`,
				`"by_color":null`, `"by_color":{"RED":"r"}`, `"tags":null,`, `"shade":5,"tags":null,`).Replace(zero) +
				`"quantity":5,"status":"DRAFT","defaults":{"a":1},"names":["x"]}`)},
			{Err: "unmarshal: illegal base64 data at input byte 0"},
		}
		if !reflect.DeepEqual(res, want) {
			for i := range res {
				t.Errorf("doc %d:\n got %s %q\nwant %s %q", i, res[i].Out, res[i].Err, want[i].Out, want[i].Err)
			}
		}
	})

	t.Run("SamplesRoundTrip", func(t *testing.T) {
		const n = 8
		for _, s := range h.Structs() {
			if s.Name == "BadKeys" {
				continue
			}
			t.Run(s.Name, func(t *testing.T) {
				docs, err := h.Samples(ctx, s.File, s.Name, n)
				if err != nil {
					t.Fatal(err)
				}
				if len(docs) != n {
					t.Fatalf("%d samples, want %d", len(docs), n)
				}
				res, err := h.RoundTrip(ctx, s.File, s.Name, docs)
				if err != nil {
					t.Fatal(err)
				}
				for i, r := range res {
					if r.Err != "" || !bytes.Equal(r.Out, docs[i]) {
						t.Errorf("sample %d did not round-trip:\n  in %s\n out %s %s", i, docs[i], r.Out, r.Err)
					}
				}
				again, err := h.Samples(ctx, s.File, s.Name, n)
				if err != nil || !reflect.DeepEqual(again, docs) {
					t.Errorf("Samples is not deterministic (err %v)", err)
				}
			})
		}
	})

	t.Run("SamplesCoverage", func(t *testing.T) {
		docs, err := h.Samples(ctx, "shop.thrift", "Item", 8)
		if err != nil {
			t.Fatal(err)
		}
		colors, statuses := map[string]bool{}, map[string]bool{}
		var unsetNote bool
		for _, d := range docs {
			var m map[string]json.RawMessage
			if err := json.Unmarshal(d, &m); err != nil {
				t.Fatal(err)
			}
			var c, s string
			json.Unmarshal(m["color"], &c)
			json.Unmarshal(m["status"], &s)
			colors[c], statuses[s] = true, true
			if _, ok := m["note"]; !ok {
				unsetNote = true
			}
		}
		if want := map[string]bool{"RED": true, "GREEN": true, "BLUE": true}; !reflect.DeepEqual(colors, want) {
			t.Errorf("colors %v, want %v", colors, want)
		}
		if want := map[string]bool{"DRAFT": true, "OPEN": true, "CLOSED": true}; !reflect.DeepEqual(statuses, want) {
			t.Errorf("statuses %v, want %v", statuses, want)
		}
		if !unsetNote || !bytes.Contains(docs[0], []byte(`"note":`)) {
			t.Errorf("optional note not both set and unset:\n%s", bytes.Join(docs, []byte("\n")))
		}

		docs, err = h.Samples(ctx, "shop.thrift", "Payment", 4)
		if err != nil {
			t.Fatal(err)
		}
		var members []string
		for _, d := range docs {
			var m map[string]json.RawMessage
			if err := json.Unmarshal(d, &m); err != nil {
				t.Fatal(err)
			}
			for k := range m {
				members = append(members, k)
			}
		}
		sort.Strings(members)
		if want := []string{"card", "cents", "location", "vouchers"}; !reflect.DeepEqual(members, want) {
			t.Errorf("union members chosen %v, want each of %v once", members, want)
		}
	})

	t.Run("SampleError", func(t *testing.T) {
		docs, err := h.Samples(ctx, "shop.thrift", "BadKeys", 4)
		var se *SampleError
		if !errors.As(err, &se) {
			t.Fatalf("Samples(BadKeys) error = %v, want a *SampleError", err)
		}
		if se.Failed+len(docs) != 4 || se.Failed == 0 || !strings.Contains(se.First, "unsupported type") {
			t.Errorf("SampleError %+v with %d samples", se, len(docs))
		}
		for _, d := range docs {
			if string(d) != `{}` {
				t.Errorf("encoded sample %s, want {}", d)
			}
		}
	})

	t.Run("Errors", func(t *testing.T) {
		if _, err := h.RoundTrip(ctx, "shop.thrift", "Nope", nil); err == nil {
			t.Error("RoundTrip of an unknown struct: no error")
		}
		if _, err := h.Samples(ctx, "other.thrift", "Item", 1); err == nil {
			t.Error("Samples of a struct in an unknown file: no error")
		}
	})

	t.Run("Timing", func(t *testing.T) {
		const calls = 20
		start := time.Now()
		for i := 0; i < calls; i++ {
			if _, err := h.RoundTrip(ctx, "common/common.thrift", "Point", [][]byte{[]byte(`{"x":1}`)}); err != nil {
				t.Fatal(err)
			}
		}
		t.Logf("RoundTrip: %v per call", time.Since(start)/calls)
		start = time.Now()
		for i := 0; i < calls; i++ {
			if _, err := h.Samples(ctx, "more.thrift", "Basket", 8); err != nil {
				t.Fatal(err)
			}
		}
		t.Logf("Samples(Basket, 8): %v per call", time.Since(start)/calls)
	})
}

// TestBuildRefusesUncompilable shows that Build reports generated code that
// does not compile: thrift 0.17's Go generator writes a typedef of a
// struct as a pointer type and then calls methods on it.
func TestBuildRefusesUncompilable(t *testing.T) {
	if _, err := exec.LookPath("thrift"); err != nil {
		t.Skip("thrift compiler not on PATH: install thrift 0.17 (Debian: thrift-compiler) to run the thriftjson harness tests")
	}
	dir := t.TempDir()
	src := "struct A { 1: i32 x }\ntypedef A B\nstruct C { 1: B b }\n"
	if err := os.WriteFile(filepath.Join(dir, "td.thrift"), []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err := Build(context.Background(), dir, []string{"td.thrift"}, t.TempDir())
	if err == nil || !strings.Contains(err.Error(), "building the generated Go code") {
		t.Fatalf("Build = %v, want a build error", err)
	}
}
