// Package driver is the runtime of the program that [thriftjson.Build]
// compiles: it decodes and encodes values of the Go types that
// `thrift --gen go` generated, with encoding/json, and fills such values
// with samples.
//
// The package imports only the standard library: Build copies its source
// into a throwaway module, next to the generated packages and a main
// program that hands [Main] a [Registry]. It is also an ordinary package of
// this module, so that it is formatted, vetted and tested with the rest.
//
// The protocol is one JSON [Request] per line on standard input, answered
// by one JSON [Response] per line on standard output.
//
// [thriftjson.Build]: github.com/idlconv/idlconv/golden/internal/thriftjson.Build
package driver

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"reflect"
)

// Registry is what a generated main program knows about the generated
// packages.
type Registry struct {
	// Structs holds one function per reachable Thrift struct, union or
	// exception, in the harness's order; each returns what the generated
	// NewX() constructor returns (a pointer to the Go struct).
	Structs []func() any
	// Enums holds the declared values of each generated enum type and of
	// each Go type that a typedef of an enum generated.
	Enums map[reflect.Type][]int64
}

// Request is one call of the harness.
type Request struct {
	// Op is OpRoundTrip or OpSamples.
	Op string `json:"op"`
	// Struct is the index of the struct in [Registry.Structs].
	Struct int `json:"struct"`
	// Docs are the documents to round-trip (OpRoundTrip).
	Docs [][]byte `json:"docs,omitempty"`
	// N is the number of samples (OpSamples).
	N int `json:"n,omitempty"`
}

// The operations of a [Request].
const (
	// OpRoundTrip decodes each of Request.Docs into a fresh NewX() value
	// and encodes it again.
	OpRoundTrip = "roundtrip"
	// OpSamples fills Request.N values and encodes each.
	OpSamples = "samples"
)

// Response answers one [Request].
type Response struct {
	// Results holds one entry per document of an OpRoundTrip request.
	Results []Result `json:"results,omitempty"`
	// Samples holds the encoded samples that encoding/json accepted.
	Samples [][]byte `json:"samples,omitempty"`
	// Failed counts the samples that encoding/json refused to encode.
	Failed int `json:"failed,omitempty"`
	// FirstFailure is the error of the first refused sample.
	FirstFailure string `json:"firstFailure,omitempty"`
	// Error is set when the request itself could not be served.
	Error string `json:"error,omitempty"`
}

// Result is the outcome of round-tripping one document.
type Result struct {
	// Out is what encoding/json.Marshal wrote, when Err is empty.
	Out []byte `json:"out,omitempty"`
	// Err is the error of encoding/json.Unmarshal ("unmarshal: ...") or of
	// encoding/json.Marshal ("marshal: ...").
	Err string `json:"err,omitempty"`
}

// Main serves the requests on standard input and exits; a generated main
// program calls it.
func Main(reg Registry) {
	if err := Serve(reg, os.Stdin, os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "thriftjson driver:", err)
		os.Exit(1)
	}
}

// Serve answers each request line read from r with one response line on
// w, until r ends.
func Serve(reg Registry, r io.Reader, w io.Writer) error {
	f := NewFiller(reg)
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64*1024), 1<<30)
	bw := bufio.NewWriter(w)
	enc := json.NewEncoder(bw)
	for sc.Scan() {
		var req Request
		var resp Response
		if err := json.Unmarshal(sc.Bytes(), &req); err != nil {
			resp.Error = fmt.Sprintf("decoding request: %v", err)
		} else {
			resp = serveOne(reg, f, req)
		}
		if err := enc.Encode(resp); err != nil {
			return fmt.Errorf("writing response: %w", err)
		}
		if err := bw.Flush(); err != nil {
			return fmt.Errorf("writing response: %w", err)
		}
	}
	if err := sc.Err(); err != nil {
		return fmt.Errorf("reading request: %w", err)
	}
	return nil
}

func serveOne(reg Registry, f *Filler, req Request) (resp Response) {
	defer func() {
		if r := recover(); r != nil {
			resp = Response{Error: fmt.Sprintf("panic: %v", r)}
		}
	}()
	if req.Struct < 0 || req.Struct >= len(reg.Structs) {
		return Response{Error: fmt.Sprintf("no struct %d (have %d)", req.Struct, len(reg.Structs))}
	}
	ctor := reg.Structs[req.Struct]
	switch req.Op {
	case OpRoundTrip:
		resp.Results = make([]Result, len(req.Docs))
		for i, doc := range req.Docs {
			resp.Results[i] = RoundTrip(ctor, doc)
		}
	case OpSamples:
		for k := 0; k < req.N; k++ {
			out, err := json.Marshal(f.Sample(ctor, k, req.N))
			if err != nil {
				if resp.Failed == 0 {
					resp.FirstFailure = fmt.Sprintf("sample %d: %v", k, err)
				}
				resp.Failed++
				continue
			}
			resp.Samples = append(resp.Samples, out)
		}
	default:
		resp.Error = fmt.Sprintf("unknown op %q", req.Op)
	}
	return resp
}

// RoundTrip decodes doc with encoding/json.Unmarshal into the value ctor
// returns and encodes that value again with encoding/json.Marshal.
func RoundTrip(ctor func() any, doc []byte) Result {
	v := ctor()
	if err := json.Unmarshal(doc, v); err != nil {
		return Result{Err: "unmarshal: " + err.Error()}
	}
	out, err := json.Marshal(v)
	if err != nil {
		return Result{Err: "marshal: " + err.Error()}
	}
	return Result{Out: out}
}
