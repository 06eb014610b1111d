package golden

import (
	"path"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"google.golang.org/protobuf/reflect/protoreflect"

	"github.com/idlconv/idlconv/convert"
	"github.com/idlconv/idlconv/internal/testkit/meaningtest"
	"github.com/idlconv/idlconv/internal/testkit/prototest"
	"github.com/idlconv/idlconv/internal/testkit/thrifttest"
	"github.com/idlconv/idlconv/schema"
)

// TestMeaningGolden checks that every golden Thrift → proto and proto →
// Thrift case that converts keeps the meaning of its inputs, as the
// reference compilers read both sides: `thrift --gen json` (Apache Thrift)
// reads the Thrift files, protocompile (which reads as protoc does) the
// proto files. Every struct, message, enum and service is compared field
// by field: field numbers, types, presence, enum value numbers, method
// arguments, results and exceptions. A difference that docs/mapping.md
// documents is counted (see meaningtest.Rules); any other fails the test.
func TestMeaningGolden(t *testing.T) {
	thrift := thrifttest.ThriftPath()
	if thrift == "" {
		if thrifttest.RequireTools() {
			t.Fatal("thrift is not installed; CI requires it (apt-get install -y thrift-compiler)")
		}
		t.Skip("thrift is not installed: the Thrift side cannot be read")
	}
	start := time.Now()
	th := meaningtest.NewThrift(thrift)
	report := meaningtest.NewReport()
	cases, back := 0, 0
	var unread []string // inputs thrift cannot read
	for _, c := range loadCases(t) {
		thriftToProto := c.from == schema.Thrift && c.to == schema.Proto
		protoToThrift := c.from == schema.Proto && c.to == schema.Thrift
		if !thriftToProto && !protoToThrift {
			continue
		}
		res := c.run(t)
		if res.Diagnostics.HasErrors() || len(res.Files) == 0 {
			continue
		}
		cases++
		t.Run(c.name, func(t *testing.T) {
			var diffs []meaningtest.Difference
			if protoToThrift {
				diffs = c.meaningProtoToThrift(t, th, report, res.Files)
			} else {
				outputs := c.allOutputs(t, res.Files)
				var names []string
				for _, f := range res.Files {
					names = append(names, f.Path)
				}
				fds, err := prototest.Descriptors(outputs, names...)
				if err != nil {
					t.Fatalf("protocompile cannot read the outputs: %v", err)
				}
				var rejected []string
				diffs, rejected = c.meaningThriftToProto(t, th, report, res.Files, fds)
				unread = append(unread, rejected...)
				// Where Apache Thrift rejects the input, it rejects the
				// output converted back for the same reason.
				if len(rejected) == 0 && !strings.HasPrefix(c.options["roundtrip"], "no:") {
					back++
					diffs = append(diffs, c.meaningBack(t, th, report, res.Files, outputs, fds)...)
				}
			}
			for _, d := range diffs {
				t.Errorf("undocumented difference: %s", d)
			}
		})
	}
	if len(unread) > 0 {
		sort.Strings(unread)
		t.Logf("meaning: %d Thrift inputs not compared, because thrift --gen json rejects them:\n\t%s", len(unread), strings.Join(unread, "\n\t"))
	}
	t.Logf("meaning: documented differences by rule: %s", report.ByRule())
	t.Logf("meaning: %d Thrift → proto cases also converted back to Thrift and compared; %d file pairs (%s)",
		back, report.Files(), time.Since(start).Round(time.Millisecond))
	t.Logf("meaning: %d cases, %d declarations compared, %d documented differences, %d undocumented",
		cases, report.Declarations(), report.Documented(), len(report.Undocumented()))
}

// allOutputs is what the case's outputs may need besides themselves:
// with an inputs option, the outputs of every file under in/.
func (c *goldenCase) allOutputs(t *testing.T, files []convert.OutputFile) map[string][]byte {
	t.Helper()
	out := map[string][]byte{}
	if c.options["inputs"] != "" {
		for _, f := range c.convert(t, "").Files {
			out[f.Path] = f.Content
		}
	}
	for _, f := range files {
		out[f.Path] = f.Content
	}
	return out
}

// meaningThriftToProto compares each Thrift input (thrift's reading) with
// its proto output (protocompile's reading, fds). It returns the
// undocumented differences, and the inputs thrift rejects.
func (c *goldenCase) meaningThriftToProto(t *testing.T, th *meaningtest.Thrift, report *meaningtest.Report, files []convert.OutputFile, fds []protoreflect.FileDescriptor) ([]meaningtest.Difference, []string) {
	dir := t.TempDir()
	inputs := map[string][]byte{}
	var paths []string
	for name, data := range c.inputs {
		inputs["in/"+name] = data
		if path.Ext(name) == ".thrift" {
			paths = append(paths, filepath.Join(dir, "in", filepath.FromSlash(name)))
		}
	}
	if err := prototest.WriteTree(dir, inputs); err != nil {
		t.Fatal(err)
	}
	inDir := []string{filepath.Join(dir, "in")}
	progs, errs := th.ReadAll(paths, func(string) []string { return inDir })
	var diffs []meaningtest.Difference
	var unread []string
	for _, f := range files {
		p := filepath.Join(dir, filepath.FromSlash(f.Source))
		prog := progs[p]
		if prog == nil {
			unread = append(unread, c.name+": "+f.Source+": "+errs[p].Error())
			continue
		}
		diffs = append(diffs, report.ThriftToProto(c.name+": "+f.Source, prog, descriptor(fds, f.Path), progs)...)
	}
	return diffs, unread
}

// meaningBack converts a Thrift → proto case's proto outputs back to
// Thrift, as TestGoldenRoundTrip does, and compares them (protocompile's
// reading: fds, compiled from outputs) with the Thrift they give
// (thrift's reading): the proto → Thrift direction on the messages
// idlconv generates, whose folding back (requests, responses, wrappers,
// entries) no proto-to-thrift case covers. It returns the undocumented
// differences.
func (c *goldenCase) meaningBack(t *testing.T, th *meaningtest.Thrift, report *meaningtest.Report, files []convert.OutputFile, outputs map[string][]byte, fds []protoreflect.FileDescriptor) []meaningtest.Difference {
	back := c.roundTrip(t, files, "thrift")
	if back.Diagnostics.HasErrors() {
		return []meaningtest.Difference{report.Failed(c.name+" (back)", back.Diagnostics.Err())}
	}
	thriftFiles := map[string][]byte{}
	if c.options["inputs"] != "" {
		// The Thrift outputs may include those of files that are not
		// inputs of the case.
		for _, f := range c.roundTrip(t, c.convert(t, "").Files, "thrift").Files {
			thriftFiles[f.Path] = f.Content
		}
	}
	for _, f := range back.Files {
		thriftFiles[f.Path] = f.Content
	}
	dir := t.TempDir()
	if err := prototest.WriteTree(dir, thriftFiles); err != nil {
		t.Fatal(err)
	}
	opts := meaningtest.ProtoToThriftOptions{OneofUnion: c.options["oneof"] == "union"}
	var diffs []meaningtest.Difference
	for _, f := range back.Files {
		// f.Source is the proto output's path: roundTrip reads it there.
		label := c.name + " (back): " + f.Source
		prog, err := th.Read(filepath.Join(dir, filepath.FromSlash(f.Path)), []string{dir})
		if err != nil {
			diffs = append(diffs, report.Rejected(label, f.Path, err))
			continue
		}
		diffs = append(diffs, report.ProtoToThrift(label, descriptor(fds, f.Source), outputs[f.Source], prog, opts)...)
	}
	return diffs
}

// meaningProtoToThrift compares each proto input (protocompile's reading)
// with its Thrift output (thrift's reading), and returns the undocumented
// differences.
func (c *goldenCase) meaningProtoToThrift(t *testing.T, th *meaningtest.Thrift, report *meaningtest.Report, files []convert.OutputFile) []meaningtest.Difference {
	sources := map[string][]byte{}
	for name, data := range c.inputs {
		sources[name] = data
	}
	var names []string
	for _, f := range files {
		names = append(names, strings.TrimPrefix(f.Source, "in/"))
	}
	fds, err := prototest.Descriptors(sources, names...)
	if err != nil {
		t.Fatalf("protocompile cannot read the inputs: %v", err)
	}
	dir := t.TempDir()
	if err := prototest.WriteTree(dir, c.allOutputs(t, files)); err != nil {
		t.Fatal(err)
	}
	var paths []string
	for _, f := range files {
		paths = append(paths, filepath.Join(dir, filepath.FromSlash(f.Path)))
	}
	progs, errs := th.ReadAll(paths, func(string) []string { return []string{dir} })
	opts := meaningtest.ProtoToThriftOptions{OneofUnion: c.options["oneof"] == "union"}
	var diffs []meaningtest.Difference
	for i, f := range files {
		p := paths[i]
		if progs[p] == nil {
			diffs = append(diffs, report.Rejected(c.name+": "+f.Source, f.Path, errs[p]))
			continue
		}
		name := names[i]
		diffs = append(diffs, report.ProtoToThrift(c.name+": "+f.Source, descriptor(fds, name), sources[name], progs[p], opts)...)
	}
	return diffs
}

// descriptor picks the file of a path among compiled files.
func descriptor(fds []protoreflect.FileDescriptor, name string) protoreflect.FileDescriptor {
	for _, fd := range fds {
		if fd.Path() == name {
			return fd
		}
	}
	return nil
}
