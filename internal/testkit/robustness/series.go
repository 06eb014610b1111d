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
	// Files, when set instead of Gen, generates the input of a size as
	// several files by name (File among them, the one converted): the
	// series of includes and imports.
	Files func(n int) map[string][]byte
	// Gate is whether the series' exponents must be at most the limit:
	// the series issue 10 names gate; the others are measured for
	// information.
	Gate bool
}

// MB is a megabyte, the unit of the file-size series.
const MB = 1 << 20

// Builtin returns the series scripts/robustness.sh measures, each over
// sizes whose largest is at least 64 times the smallest: the five of
// issue 10 (Thrift container depth, JSON Schema object and array depth,
// Thrift file size, JSON Schema properties count), the shapes of issue
// 25 (annotations per declaration, includes and imports, $ref chains,
// allOf ladders, $defs, messages per file, depth in every direction but
// from proto, which nests at most 31 messages, proto option literal
// depth), and some for information.
func Builtin() []Series {
	doubling := func(first int) []int {
		var sizes []int
		for n := first; len(sizes) < 7; n *= 2 {
			sizes = append(sizes, n)
		}
		return sizes
	}
	return []Series{
		// The deepest a Thrift file may nest is thriftast.MaxNesting
		// (1000) brackets, the struct's braces included: deeper is
		// refused by the scan, so the series stays below it.
		{Name: "thrift-container-depth", Unit: "depth", File: "depth.thrift", To: "proto",
			Sizes: []int{15, 30, 60, 120, 240, 480, 960}, Gen: ThriftNestedList, Gate: true},
		{Name: "thrift-container-depth", Unit: "depth", File: "depth.thrift", To: "jsonschema",
			Sizes: []int{15, 30, 60, 120, 240, 480, 960}, Gen: ThriftNestedList},
		{Name: "thrift-file-size", Unit: "bytes", File: "big.thrift", To: "proto",
			Sizes: doubling(MB / 4), Gen: ThriftStructs, Gate: true},
		{Name: "thrift-annotations", Unit: "annotations", File: "anns.thrift", To: "proto",
			Sizes: doubling(1000), Gen: ThriftAnnotations, Gate: true},
		{Name: "thrift-includes", Unit: "includes", File: "main.thrift", To: "proto",
			Sizes: doubling(50), Files: ThriftIncludes, Gate: true},
		{Name: "thrift-includes", Unit: "includes", File: "main.thrift", To: "jsonschema",
			Sizes: doubling(50), Files: ThriftIncludes, Gate: true},
		// The proto front-end is being replaced: its series are measured
		// for information.
		{Name: "proto-imports", Unit: "imports", File: "main.proto", To: "thrift",
			Sizes: doubling(50), Files: ProtoImports},
		{Name: "proto-option-depth", Unit: "depth", File: "option.proto", To: "thrift",
			Sizes: doubling(100), Gen: ProtoOptionDepth},
		{Name: "proto-messages", Unit: "messages", File: "msgs.proto", To: "thrift",
			Sizes: doubling(250), Gen: ProtoMessages, Gate: true},
		{Name: "proto-messages", Unit: "messages", File: "msgs.proto", To: "jsonschema",
			Sizes: doubling(250), Gen: ProtoMessages, Gate: true},
		// Proto nests messages at most 31 deep (protoc's and
		// protocompile's rule: deeper is the error invalid-proto), so
		// proto has no depth series of 64 times; a nested message's
		// Thrift and JSON Schema name is Outer_Inner.
		// Each object level is two JSON levels (the object and its
		// "properties"); jsonschemaast.MaxJSONDepth is 10000, so the
		// series stay below it.
		{Name: "jsonschema-object-depth", Unit: "depth", File: "object.json", To: "thrift",
			Sizes: doubling(62), Gen: JSONSchemaObjectDepth, Gate: true},
		// Thrift reads at most 999 nested containers (deeper is the
		// error nesting-too-deep), so the deep array series goes to
		// proto, whose wrapper messages have no such limit, and the one
		// to Thrift stays below it.
		{Name: "jsonschema-array-depth", Unit: "depth", File: "array.json", To: "proto",
			Sizes: doubling(125), Gen: JSONSchemaArrayPropertyDepth, Gate: true},
		{Name: "jsonschema-array-depth", Unit: "depth", File: "array.json", To: "thrift",
			Sizes: []int{15, 30, 60, 120, 240, 480, 960}, Gen: JSONSchemaArrayDepth},
		{Name: "jsonschema-properties", Unit: "properties", File: "props.json", To: "thrift",
			Sizes: doubling(1250), Gen: JSONSchemaProperties, Gate: true},
		{Name: "jsonschema-properties", Unit: "properties", File: "props.json", To: "proto",
			Sizes: doubling(1250), Gen: JSONSchemaProperties},
		{Name: "jsonschema-defs", Unit: "defs", File: "defs.json", To: "thrift",
			Sizes: doubling(312), Gen: JSONSchemaDefs, Gate: true},
		{Name: "jsonschema-ref-chain", Unit: "links", File: "chain.json", To: "thrift",
			Sizes: doubling(312), Gen: JSONSchemaRefChain, Gate: true},
		{Name: "jsonschema-ref-chain", Unit: "links", File: "chain.json", To: "proto",
			Sizes: doubling(312), Gen: JSONSchemaRefChain, Gate: true},
		{Name: "jsonschema-allof-ladder", Unit: "levels", File: "ladder.json", To: "thrift",
			Sizes: doubling(40), Gen: JSONSchemaAllOfLadder, Gate: true},
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
