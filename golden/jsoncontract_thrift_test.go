package golden

import (
	"context"
	"fmt"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/idlconv/idlconv/golden/internal/thriftjson"
	"github.com/idlconv/idlconv/internal/ident"
	"github.com/idlconv/idlconv/internal/testkit/thrifttest"
	"github.com/idlconv/idlconv/schema"
	"github.com/idlconv/idlconv/thriftast"
)

// The JSON contract of JSON Schema → Thrift: the Thrift client is the Go
// code `thrift --gen go` generates, with encoding/json (docs/mapping.md,
// The JSON of a Thrift struct).

// TestJSONContractThrift checks JSON Schema → Thrift: each document goes
// through encoding/json.Unmarshal into a struct of the Go code generated
// from idlconv's Thrift and encoding/json.Marshal back; it must equal the
// input unless a warning names the construct where they differ.
func TestJSONContractThrift(t *testing.T) {
	runContract(t, schema.Thrift, "JSON Schema → Thrift", thriftClients)
}

// thriftClient round-trips documents through one built harness.
type thriftClient struct {
	h    *thriftjson.Harness
	file string // the Thrift file of the source, as given to Build
}

func (c *thriftClient) roundTrips(decl schema.Decl, docs [][]byte) ([][]byte, []error, bool) {
	name := decl.DeclName()
	if thriftast.IsReserved(name) {
		name += "_"
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	res, err := c.h.RoundTrip(ctx, c.file, name, docs)
	if err != nil {
		return nil, nil, false
	}
	outs, errs := make([][]byte, len(docs)), make([]error, len(docs))
	for i, r := range res {
		outs[i] = r.Out
		if r.Err != "" {
			errs[i] = fmt.Errorf("%s", r.Err)
		}
	}
	return outs, errs, true
}

// thriftClients writes every job's Thrift output into one tree, each file
// in a Go package of its own, and builds one harness for all of them; a
// build that fails is split in halves until the jobs whose Go code does
// not build are found.
func thriftClients(t *testing.T, jobs []*contractJob) ([]jsonClient, []string) {
	clients, whys := make([]jsonClient, len(jobs)), make([]string, len(jobs))
	if thrifttest.ThriftPath() == "" {
		if thrifttest.RequireTools() {
			t.Fatal("thrift is required in CI")
		}
		for i := range whys {
			whys[i] = "thrift not installed"
		}
		return clients, whys
	}
	dir := t.TempDir()
	files := make([][]string, len(jobs))
	inputs := make([]string, len(jobs))
	for i, job := range jobs {
		for _, f := range job.res.Files {
			name := writeUnitFile(t, dir, i, f.Path, f.Content)
			files[i] = append(files[i], name)
			if f.Path == thriftast.OutputPath(contractName(job.src.input, job.src.input)) {
				inputs[i] = name
			}
		}
	}
	harnesses, errs := buildBatched(t, dir, files)
	for i, h := range harnesses {
		if h == nil {
			whys[i] = "Thrift's Go code does not build"
			if os.Getenv("IDLCONV_CONTRACT_ALL") != "" {
				t.Logf("%s: %v", jobs[i].src.name, errs[i])
			}
			continue
		}
		clients[i] = &thriftClient{h: h, file: inputs[i]}
	}
	return clients, whys
}

// buildBatched builds one harness for the Thrift files of every unit
// (paths relative to dir), splitting the units in halves while a build
// fails, so that only the units whose Go code does not build go without:
// each gets its harness, or the error of its own build.
func buildBatched(t *testing.T, dir string, units [][]string) ([]*thriftjson.Harness, []error) {
	harnesses, errs := make([]*thriftjson.Harness, len(units)), make([]error, len(units))
	var build func(idx []int)
	build = func(idx []int) {
		var all []string
		for _, i := range idx {
			all = append(all, units[i]...)
		}
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
		defer cancel()
		h, err := thriftjson.Build(ctx, dir, all, t.TempDir())
		switch {
		case err == nil:
			t.Cleanup(h.Close)
			for _, i := range idx {
				harnesses[i] = h
			}
		case len(idx) == 1:
			errs[idx[0]] = err
		default:
			build(idx[:len(idx)/2])
			build(idx[len(idx)/2:])
		}
	}
	var idx []int
	for i := range units {
		idx = append(idx, i)
	}
	if len(idx) > 0 {
		build(idx)
	}
	return harnesses, errs
}

// namespaceLine matches a Thrift namespace line.
var namespaceLine = regexp.MustCompile(`(?m)^namespace .*$`)

// writeUnitFile writes Thrift file p of unit i under dir/i, with a Go
// namespace of its own (withGoNamespace), and returns its path relative to
// dir, slash-separated.
func writeUnitFile(t *testing.T, dir string, i int, p string, content []byte) string {
	t.Helper()
	name := path.Join(fmt.Sprint(i), p)
	full := filepath.Join(dir, filepath.FromSlash(name))
	if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(full, withGoNamespace(content, i, p), 0o644); err != nil {
		t.Fatal(err)
	}
	return name
}

// withGoNamespace gives a Thrift file a Go namespace of its own (unit i,
// file p) in place of its namespaces, so that files of different units
// (and of one unit) never share a Go package.
func withGoNamespace(content []byte, i int, p string) []byte {
	text := namespaceLine.ReplaceAllString(string(content), "")
	ns := fmt.Sprintf("namespace go c%d_%s", i, strings.ToLower(ident.Sanitize(strings.TrimSuffix(p, ".thrift"))))
	return []byte(ns + "\n" + text)
}
