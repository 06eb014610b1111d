package robustness

import (
	"bytes"
	"encoding/json"
	"errors"
	"math"
	"testing"

	"github.com/idlconv/idlconv/thriftast"
)

func TestFit(t *testing.T) {
	ns := []float64{1, 2, 4, 8, 16}
	pow := func(b float64) []float64 {
		var ys []float64
		for _, n := range ns {
			ys = append(ys, 3*math.Pow(n, b))
		}
		return ys
	}
	tests := []struct {
		name    string
		ns, ys  []float64
		want    float64
		wantErr error
	}{
		{name: "linear", ns: ns, ys: pow(1), want: 1},
		{name: "quadratic", ns: ns, ys: pow(2), want: 2},
		{name: "constant", ns: ns, ys: pow(0), want: 0},
		{name: "zeros left out", ns: []float64{0, 1, 2, 4}, ys: []float64{5, 1, 2, 4}, want: 1},
		{name: "one point", ns: []float64{4}, ys: []float64{1}, wantErr: ErrTooFewPoints},
		{name: "one size", ns: []float64{4, 4}, ys: []float64{1, 2}, wantErr: ErrTooFewPoints},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Fit(tt.ns, tt.ys)
			if !errors.Is(err, tt.wantErr) {
				t.Fatalf("error %v, want %v", err, tt.wantErr)
			}
			if err == nil && math.Abs(got-tt.want) > 1e-9 {
				t.Errorf("got %g, want %g", got, tt.want)
			}
		})
	}
}

// TestGenerators checks that each generator makes what it says: JSON
// that parses, Thrift that the front-end reads, sizes as asked.
func TestGenerators(t *testing.T) {
	tests := []struct {
		name string
		src  []byte
		kind string // "json" or "thrift"
	}{
		{"object depth", JSONSchemaObjectDepth(50), "json"},
		{"array depth", JSONSchemaArrayDepth(50), "json"},
		{"default depth", JSONSchemaDefaultDepth(50), "json"},
		{"properties", JSONSchemaProperties(50), "json"},
		{"nested list", ThriftNestedList(50), "thrift"},
		{"typedef chain", ThriftTypedefChain(5), "thrift"},
		{"structs", ThriftStructs(10000), "thrift"},
		{"annotations", ThriftAnnotations(50), "thrift"},
		{"ref chain", JSONSchemaRefChain(50), "json"},
		{"allOf ladder", JSONSchemaAllOfLadder(50), "json"},
		{"defs", JSONSchemaDefs(50), "json"},
		{"includes", ThriftIncludes(5)["main.thrift"], "thrift"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			switch tt.kind {
			case "json":
				if !json.Valid(tt.src) {
					t.Errorf("not valid JSON: %.200s", tt.src)
				}
			case "thrift":
				if _, diags := thriftast.ParseFile("x.thrift", tt.src); diags.HasErrors() {
					t.Errorf("does not parse: %s", diags)
				}
			}
		})
	}
	if n := len(ThriftStructs(MB)); n < MB || n > MB+4096 {
		t.Errorf("ThriftStructs(1 MB) has %d bytes", n)
	}
	if got := ThriftTypedefChain(25); len(got) > 700 {
		t.Errorf("the typedef chain of 25 has %d bytes, want about 633", len(got))
	}
	if got := JSONOpenBrackets(7); !bytes.Equal(got, []byte("[[[[[[[")) {
		t.Errorf("JSONOpenBrackets(7) = %q", got)
	}
}

// TestSeriesSpan checks that every series spans at least 64 times, in
// ascending sizes, with one generator.
func TestSeriesSpan(t *testing.T) {
	for _, s := range Builtin() {
		if len(s.Sizes) < 2 || s.Sizes[len(s.Sizes)-1] < 64*s.Sizes[0] {
			t.Errorf("%s → %s: sizes %v span less than 64 times", s.Name, s.To, s.Sizes)
		}
		for i := 1; i < len(s.Sizes); i++ {
			if s.Sizes[i] <= s.Sizes[i-1] {
				t.Errorf("%s → %s: sizes %v not ascending", s.Name, s.To, s.Sizes)
			}
		}
		if (s.Gen == nil) == (s.Files == nil) {
			t.Errorf("%s → %s: want exactly one of Gen and Files", s.Name, s.To)
		}
		if s.Files != nil {
			if _, ok := s.Files(2)[s.File]; !ok {
				t.Errorf("%s → %s: Files makes no %s", s.Name, s.To, s.File)
			}
		}
	}
}
