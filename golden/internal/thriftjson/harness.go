package thriftjson

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"strings"
	"sync"

	"github.com/idlconv/idlconv/golden/internal/thriftjson/driver"
)

// Harness runs encoding/json on the Go structs that `thrift --gen go`
// generated from a set of Thrift files. It holds only what [Build] found
// and is safe for concurrent use: calls are served one at a time by a driver
// process it keeps running until [Harness.Close].
type Harness struct {
	tmpDir  string
	created bool // Build created tmpDir, so Close removes it
	driver  string
	structs []StructRef
	index   map[StructRef]int
	// mu guards proc, the driver process that serves the calls one at a
	// time; it is started on the first call and kept until Close.
	mu   sync.Mutex
	proc *driverProc
}

// StructRef names a Thrift struct, union or exception.
type StructRef struct {
	// File is the Thrift file as given to [Build], or, for a file reached
	// through includes, its path relative to Build's dir, with slashes.
	File string
	// Name is the name declared in the Thrift file.
	Name string
	// Kind is "struct", "union" or "exception".
	Kind string
}

// Result is the outcome of round-tripping one document.
type Result struct {
	// Out is what encoding/json.Marshal wrote after the document was
	// decoded; nil when Err is set.
	Out []byte
	// Err is encoding/json.Unmarshal's error, prefixed "unmarshal: ", or
	// encoding/json.Marshal's, prefixed "marshal: "; empty on success.
	Err string
}

// SampleError reports the samples that encoding/json.Marshal refused
// (a map whose Go key type is bool, float64 or a struct pointer, or a
// NaN): [Harness.Samples] returns it with the samples that did encode.
type SampleError struct {
	// Struct is the struct sampled.
	Struct StructRef
	// Failed and Total count the refused samples and all samples.
	Failed, Total int
	// First is the error of the first refused sample.
	First string
}

// Error implements error.
func (e *SampleError) Error() string {
	return fmt.Sprintf("thriftjson: %s %s: %d of %d samples did not marshal; first: %s",
		e.Struct.File, e.Struct.Name, e.Failed, e.Total, e.First)
}

// Build runs `thrift --gen go` on the given Thrift files (paths relative
// to dir; includes resolve against the including file's folder, then
// dir), writes a throwaway Go module in tmpDir holding the generated
// packages plus a driver program, and builds the driver once.
//
// The files reached through includes are generated too, and their structs
// are listed by [Harness.Structs]. When tmpDir is "", Build creates a
// temporary folder that [Harness.Close] removes. Build writes nowhere
// else. The module builds offline (GOPROXY=off, GOFLAGS=-mod=mod,
// GOWORK=off, GOTOOLCHAIN=local) with the github.com/apache/thrift version
// and go.sum hashes of the module the current folder is in, which must
// match the compiler's version. When the thrift compiler is not on PATH
// the error wraps [exec.ErrNotFound]. Generated code that does not
// compile (thrift 0.17 generates such code for a typedef of a struct, for
// two fields whose Go names are equal, or for a field named like a
// generated method) makes Build fail with the compiler's output.
func Build(ctx context.Context, dir string, files []string, tmpDir string) (*Harness, error) {
	if len(files) == 0 {
		return nil, errors.New("thriftjson: no Thrift files given")
	}
	thrift, err := exec.LookPath("thrift")
	if err != nil {
		return nil, fmt.Errorf("thriftjson: thrift compiler: %w", err)
	}
	lib, err := thriftModule(ctx)
	if err != nil {
		return nil, err
	}
	if err := checkCompilerVersion(ctx, thrift, lib.Version); err != nil {
		return nil, err
	}
	h := &Harness{tmpDir: tmpDir}
	if tmpDir == "" {
		h.tmpDir, err = os.MkdirTemp("", "thriftjson-")
		if err != nil {
			return nil, fmt.Errorf("thriftjson: %w", err)
		}
		h.created = true
	}
	if err := h.build(ctx, thrift, dir, files, lib); err != nil {
		h.Close()
		return nil, err
	}
	return h, nil
}

// build does Build's work in h.tmpDir.
func (h *Harness) build(ctx context.Context, thrift, dir string, files []string, lib module) error {
	progs, err := generate(ctx, thrift, dir, files, h.tmpDir)
	if err != nil {
		return err
	}
	reg, err := scan(progs)
	if err != nil {
		return err
	}
	h.structs = make([]StructRef, len(reg.structs))
	h.index = make(map[StructRef]int, len(reg.structs))
	for i, s := range reg.structs {
		h.structs[i] = s.ref
		h.index[StructRef{File: s.ref.File, Name: s.ref.Name}] = i
	}
	if err := writeModule(h.tmpDir, lib, reg); err != nil {
		return err
	}
	h.driver = filepath.Join(h.tmpDir, "bin", "driver")
	cmd := exec.CommandContext(ctx, "go", "build", "-o", h.driver, "./cmd/driver")
	cmd.Dir = h.tmpDir
	cmd.Env = goEnv()
	if out, err := cmd.CombinedOutput(); err != nil {
		return fmt.Errorf("thriftjson: building the generated Go code: %w\n%s", err, trim(out))
	}
	return nil
}

// Close stops the driver the harness keeps running between calls, and
// removes the temporary folder that Build created when it was given none.
// The Harness must not be used after.
func (h *Harness) Close() {
	h.mu.Lock()
	h.stop()
	h.mu.Unlock()
	if h.created {
		os.RemoveAll(h.tmpDir)
	}
}

// Structs lists the structs, unions and exceptions (Thrift file, Thrift
// name) the harness can reach, ordered by file and then as declared.
func (h *Harness) Structs() []StructRef {
	return append([]StructRef(nil), h.structs...)
}

// RoundTrip decodes each document with encoding/json.Unmarshal into a
// value made by the generated NewX() constructor of the struct declared as
// structName in Thrift file file (a path as given to Build, or as
// [Harness.Structs] names it), then encodes it again with
// encoding/json.Marshal. A document that Unmarshal refuses (or whose value
// Marshal refuses) gives a Result with Err set; the error return is for
// failures of the harness itself.
func (h *Harness) RoundTrip(ctx context.Context, file, structName string, docs [][]byte) ([]Result, error) {
	i, err := h.lookup(file, structName)
	if err != nil {
		return nil, err
	}
	resp, err := h.call(ctx, driver.Request{Op: driver.OpRoundTrip, Struct: i, Docs: docs})
	if err != nil {
		return nil, fmt.Errorf("thriftjson: round trip of %s %s: %w", file, structName, err)
	}
	if len(resp.Results) != len(docs) {
		return nil, fmt.Errorf("thriftjson: round trip of %s %s: %d results for %d documents",
			file, structName, len(resp.Results), len(docs))
	}
	out := make([]Result, len(docs))
	for j, r := range resp.Results {
		out[j] = Result{Out: r.Out, Err: r.Err}
	}
	return out, nil
}

// Samples fills n values of the struct declared as structName in Thrift
// file file and returns what encoding/json.Marshal writes for each, in
// order. Variants 0 to n-2 set every field, the last (when n ≥ 2) leaves
// optional and default fields as NewX() made them; an enum field takes
// every declared value and a union chooses every member once when n
// exceeds their count; lists, sets and maps get 0 to 2 distinct entries;
// recursion stops at [driver.MaxDepth]; numbers include the extremes of
// each width. [driver.Filler.Sample] gives the details. The same
// arguments always give the same samples. Samples that Marshal refuses
// are left out and counted in a returned *[SampleError], alongside the
// samples that did encode.
func (h *Harness) Samples(ctx context.Context, file, structName string, n int) ([][]byte, error) {
	i, err := h.lookup(file, structName)
	if err != nil {
		return nil, err
	}
	resp, err := h.call(ctx, driver.Request{Op: driver.OpSamples, Struct: i, N: n})
	if err != nil {
		return nil, fmt.Errorf("thriftjson: samples of %s %s: %w", file, structName, err)
	}
	if resp.Failed > 0 {
		return resp.Samples, &SampleError{Struct: h.structs[i], Failed: resp.Failed, Total: n, First: resp.FirstFailure}
	}
	return resp.Samples, nil
}

func (h *Harness) lookup(file, structName string) (int, error) {
	key := StructRef{File: path.Clean(filepath.ToSlash(file)), Name: structName}
	i, ok := h.index[key]
	if !ok {
		return 0, fmt.Errorf("thriftjson: no struct, union or exception %s in %s", structName, file)
	}
	return i, nil
}

// call runs the driver on one request.
func (h *Harness) call(ctx context.Context, req driver.Request) (*driver.Response, error) {
	line, err := json.Marshal(req)
	if err != nil {
		return nil, err
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.proc == nil {
		if err := h.start(); err != nil {
			return nil, err
		}
	}
	p := h.proc
	// A call that outlives ctx kills the driver; the next call starts
	// another. The watcher is gone before call returns.
	done, watched := make(chan struct{}), make(chan struct{})
	killed := false
	go func() {
		defer close(watched)
		select {
		case <-ctx.Done():
			killed = true
			_ = p.cmd.Process.Kill()
		case <-done:
		}
	}()
	defer func() {
		close(done)
		<-watched
		if killed && h.proc == p {
			h.stop()
		}
	}()
	if _, err := p.stdin.Write(append(line, '\n')); err != nil {
		h.stop()
		return nil, fmt.Errorf("driver: %w\n%s", err, trim(p.stderr.Bytes()))
	}
	answer, err := p.stdout.ReadBytes('\n')
	if err != nil {
		h.stop()
		if ctx.Err() != nil {
			return nil, fmt.Errorf("driver: %w", ctx.Err())
		}
		return nil, fmt.Errorf("driver: %w\n%s", err, trim(p.stderr.Bytes()))
	}
	var resp driver.Response
	if err := json.Unmarshal(answer, &resp); err != nil {
		h.stop()
		return nil, fmt.Errorf("driver response: %w", err)
	}
	if resp.Error != "" {
		return nil, fmt.Errorf("driver: %s", resp.Error)
	}
	return &resp, nil
}

// driverProc is a running driver, which answers one request line with one
// response line for as long as it runs.
type driverProc struct {
	cmd    *exec.Cmd
	stdin  io.WriteCloser
	stdout *bufio.Reader
	stderr *bytes.Buffer
}

// start runs the driver; h.mu is held.
func (h *Harness) start() error {
	cmd := exec.Command(h.driver)
	stdin, err := cmd.StdinPipe()
	if err != nil {
		return fmt.Errorf("driver: %w", err)
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return fmt.Errorf("driver: %w", err)
	}
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		return fmt.Errorf("driver: %w", err)
	}
	h.proc = &driverProc{cmd: cmd, stdin: stdin, stdout: bufio.NewReaderSize(stdout, 1<<20), stderr: &stderr}
	return nil
}

// stop ends the driver, if one runs; h.mu is held.
func (h *Harness) stop() {
	if h.proc == nil {
		return
	}
	_ = h.proc.stdin.Close()
	_ = h.proc.cmd.Process.Kill()
	_ = h.proc.cmd.Wait()
	h.proc = nil
}

// goEnv is the environment of the go command that builds the throwaway
// module: offline, outside any workspace, with the user's caches.
func goEnv() []string {
	return append(os.Environ(),
		"GOFLAGS=-mod=mod -buildvcs=false",
		"GOPROXY=off",
		"GOWORK=off",
		"GOTOOLCHAIN=local",
	)
}

// trim shortens tool output kept in an error.
func trim(b []byte) string {
	s := strings.TrimSpace(string(b))
	const max = 4000
	if len(s) > max {
		s = s[:max] + "\n…"
	}
	return s
}
