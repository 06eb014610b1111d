package robustness

import (
	"errors"
	"math"
)

// Series is one growth series: inputs of growing size, each converted in
// one direction, whose time and memory must grow no faster than about
// linearly (docs/robustness.md).
type Series struct {
	// Name names the series, as docs/robustness.md lists it.
	Name string
	// Unit is what a size counts: "depth", "bytes", "properties".
	Unit string
	// File is the input's file name; its extension gives its format.
	File string
	// To is the output format, as the CLI's --to reads it.
	To string
	// Sizes are the sizes measured, ascending.
	Sizes []int
	// Gen generates the input of a size.
	Gen func(n int) []byte
	// Gate is whether the series' exponents must be at most the limit:
	// the series issue 10 names gate; the others are measured for
	// information.
	Gate bool
}

// MB is a megabyte, the unit of the file-size series.
const MB = 1 << 20

// Builtin returns the series scripts/robustness.sh measures: the five of
// issue 10 (Thrift container depth, JSON Schema object and array depth,
// Thrift file size, JSON Schema properties count), each over six sizes
// that span at least 16 times, and two for information.
func Builtin() []Series {
	return []Series{
		// The deepest a Thrift file may nest is thriftast.MaxNesting
		// (1000) brackets, the struct's braces included: deeper is
		// refused by the scan, so the series stays below it.
		{Name: "thrift-container-depth", Unit: "depth", File: "depth.thrift", To: "proto",
			Sizes: []int{60, 100, 180, 320, 560, 960}, Gen: ThriftNestedList, Gate: true},
		{Name: "thrift-container-depth", Unit: "depth", File: "depth.thrift", To: "jsonschema",
			Sizes: []int{60, 100, 180, 320, 560, 960}, Gen: ThriftNestedList},
		{Name: "thrift-file-size", Unit: "bytes", File: "big.thrift", To: "proto",
			Sizes: []int{MB / 2, MB, 2 * MB, 4 * MB, 8 * MB, 16 * MB}, Gen: ThriftStructs, Gate: true},
		// Each object level is two JSON levels (the object and its
		// "properties"); jsonschemaast.MaxJSONDepth is 10000, so the
		// series stay below it.
		{Name: "jsonschema-object-depth", Unit: "depth", File: "object.json", To: "thrift",
			Sizes: []int{125, 250, 500, 1000, 2000, 4000}, Gen: JSONSchemaObjectDepth, Gate: true},
		// Thrift reads at most 999 nested containers (deeper is the
		// error nesting-too-deep), so the deep array series goes to
		// proto, whose wrapper messages have no such limit, and the one
		// to Thrift stays below it.
		{Name: "jsonschema-array-depth", Unit: "depth", File: "array.json", To: "proto",
			Sizes: []int{250, 500, 1000, 2000, 4000, 8000}, Gen: JSONSchemaArrayPropertyDepth, Gate: true},
		{Name: "jsonschema-array-depth", Unit: "depth", File: "array.json", To: "thrift",
			Sizes: []int{60, 120, 240, 480, 720, 960}, Gen: JSONSchemaArrayDepth},
		{Name: "jsonschema-properties", Unit: "properties", File: "props.json", To: "thrift",
			Sizes: []int{2500, 5000, 10000, 20000, 40000, 80000}, Gen: JSONSchemaProperties, Gate: true},
		{Name: "jsonschema-properties", Unit: "properties", File: "props.json", To: "proto",
			Sizes: []int{2500, 5000, 10000, 20000, 40000, 80000}, Gen: JSONSchemaProperties},
	}
}

// ErrTooFewPoints is Fit's error when fewer than two points have
// different positive sizes.
var ErrTooFewPoints = errors.New("fewer than two points to fit")

// Fit returns the exponent b of y ≈ a·n^b: the slope of the least-squares
// line through (log n, log y). Points with n or y not positive are left
// out.
func Fit(ns, ys []float64) (float64, error) {
	var xs, ls []float64
	for i := range ns {
		if ns[i] > 0 && ys[i] > 0 {
			xs = append(xs, math.Log(ns[i]))
			ls = append(ls, math.Log(ys[i]))
		}
	}
	if len(xs) < 2 {
		return 0, ErrTooFewPoints
	}
	var mx, my float64
	for i := range xs {
		mx += xs[i]
		my += ls[i]
	}
	mx /= float64(len(xs))
	my /= float64(len(xs))
	var sxy, sxx float64
	for i := range xs {
		sxy += (xs[i] - mx) * (ls[i] - my)
		sxx += (xs[i] - mx) * (xs[i] - mx)
	}
	if sxx == 0 {
		return 0, ErrTooFewPoints
	}
	return sxy / sxx, nil
}
