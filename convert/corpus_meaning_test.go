package convert_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"google.golang.org/protobuf/reflect/protoreflect"

	"github.com/idlconv/idlconv/convert"
	"github.com/idlconv/idlconv/internal/testkit/corpustest"
	"github.com/idlconv/idlconv/internal/testkit/meaningtest"
	"github.com/idlconv/idlconv/internal/testkit/prototest"
	"github.com/idlconv/idlconv/internal/testkit/thrifttest"
	"github.com/idlconv/idlconv/schema"
)

// TestMeaningCorpus checks that the corpus files that convert keep their
// meaning, as the reference compilers read both sides: each Thrift file
// (read by `thrift --gen json`) against its proto output (read by
// protocompile), and each proto file (read by protocompile) against its
// Thrift output (read by `thrift --gen json`). Files are converted as
// TestThriftCorpusToProto and TestProtoCorpusToThrift convert them. A
// difference docs/mapping.md documents is counted (meaningtest.Rules); any
// other fails the test, grouped by kind.
func TestMeaningCorpus(t *testing.T) {
	thriftCorpus, protoCorpus := corpustest.Load(t, "thrift"), corpustest.Load(t, "proto")
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
	t2p := meaningThriftCorpus(t, th, report, thriftCorpus)
	p2t := meaningProtoCorpus(t, th, report, protoCorpus)
	groups := report.Groups()
	for _, g := range groups {
		t.Errorf("undocumented difference: %s", g)
	}
	if os.Getenv("IDLCONV_CORPUS_VERBOSE") != "" {
		for _, d := range report.Undocumented() {
			t.Logf("%s", d)
		}
	}
	t.Logf("meaning corpus: documented differences by rule: %s", report.ByRule())
	t.Logf("meaning corpus: thrift → proto %s; proto → thrift %s", t2p, p2t)
	t.Logf("meaning corpus: %d file pairs, %d declarations compared, %d documented differences, %d undocumented in %d groups (%s)",
		report.Files(), report.Declarations(), report.Documented(), len(report.Undocumented()), len(groups), time.Since(start).Round(time.Millisecond))
}

// corpusCounts counts one direction's files.
type corpusCounts struct {
	files, converted, compared int
	back                       int            // outputs converted back and compared
	unread                     map[string]int // why a file was not compared → count
}

func (c corpusCounts) String() string {
	var why []string
	for w, n := range c.unread {
		why = append(why, fmt.Sprintf("%s: %d", w, n))
	}
	sort.Strings(why)
	s := fmt.Sprintf("%d files, %d converted, %d compared", c.files, c.converted, c.compared)
	if c.back > 0 {
		s += fmt.Sprintf(", %d outputs converted back to Thrift and compared", c.back)
	}
	if len(why) > 0 {
		s += " (not compared: " + strings.Join(why, "; ") + ")"
	}
	return s
}

// meaningThriftCorpus compares every Thrift file of the corpus that
// converts with its proto output.
func meaningThriftCorpus(t *testing.T, th *meaningtest.Thrift, report *meaningtest.Report, corpus *corpustest.Kind) corpusCounts {
	counts := corpusCounts{unread: map[string]int{}}
	root := corpus.Root
	for _, tree := range corpus.Trees {
		// Every file of the repository is read once (the included ones
		// too, for the services they declare), in parallel.
		progs, errs := th.ReadAll(tree.Files, tree.IncludeDirs)
		outputs := map[string][]byte{}
		type pair struct{ input, output string }
		var pairs []pair
		for _, p := range tree.Files {
			counts.files++
			res, err := convert.Convert(context.Background(), []convert.Input{{Path: p}},
				convert.Options{To: schema.Proto, IncludeDirs: tree.IncludeDirs(p)})
			if err != nil {
				t.Errorf("%s: %v", p, err)
				continue
			}
			if res.Diagnostics.HasErrors() {
				continue
			}
			counts.converted++
			for _, f := range res.Files {
				outputs[f.Path] = f.Content
				pairs = append(pairs, pair{p, f.Path})
			}
		}
		fds := map[string]protoreflect.FileDescriptor{}
		for _, pr := range pairs {
			rel, _ := filepath.Rel(root, pr.input)
			prog := progs[pr.input]
			if prog == nil {
				counts.unread[thriftRejection(errs[pr.input])]++
				if os.Getenv("IDLCONV_CORPUS_VERBOSE") != "" {
					t.Logf("%s: not compared: %v", rel, errs[pr.input])
				}
				continue
			}
			compiled, err := prototest.Descriptors(outputs, pr.output)
			if err != nil {
				t.Errorf("%s: protocompile cannot read the output %s: %v", rel, pr.output, err)
				continue
			}
			fds[pr.output] = fileOf(compiled, pr.output)
			counts.compared++
			report.ThriftToProto(rel, prog, fds[pr.output], progs)
		}
		counts.back += meaningBack(t, th, report, tree.Dir, outputs, fds)
	}
	return counts
}

// meaningBack converts the proto outputs of a repository's Thrift files
// back to Thrift, as a round trip would, and compares each (read by
// protocompile, fds by output path; inputs thrift rejected are left out)
// with the Thrift it gives (read by thrift): the proto → Thrift direction
// on the messages idlconv generates (requests, responses, wrappers,
// entries), which no corpus proto file has. It returns how many files it
// compared.
func meaningBack(t *testing.T, th *meaningtest.Thrift, report *meaningtest.Report, repoDir string, outputs map[string][]byte, fds map[string]protoreflect.FileDescriptor) int {
	protoDir, thriftDir := t.TempDir(), t.TempDir()
	if err := prototest.WriteTree(protoDir, outputs); err != nil {
		t.Fatal(err)
	}
	var names []string
	for name := range fds {
		names = append(names, name)
	}
	sort.Strings(names)
	// Every output is converted back (a compared one may include the
	// others'), each alone as the corpus tests convert.
	var all []string
	for name := range outputs {
		all = append(all, name)
	}
	sort.Strings(all)
	back := map[string]string{} // proto output → its Thrift
	thriftFiles := map[string][]byte{}
	for _, name := range all {
		res, err := convert.Convert(context.Background(), []convert.Input{{Path: filepath.Join(protoDir, filepath.FromSlash(name))}},
			convert.Options{To: schema.Thrift, IncludeDirs: []string{protoDir}})
		if err != nil {
			t.Fatal(err)
		}
		if res.Diagnostics.HasErrors() {
			if fds[name] != nil {
				report.Failed(filepath.Base(repoDir)+" (back): "+name, res.Diagnostics.Err())
			}
			continue
		}
		for _, f := range res.Files {
			thriftFiles[f.Path] = f.Content
			back[name] = f.Path
		}
	}
	if err := prototest.WriteTree(thriftDir, thriftFiles); err != nil {
		t.Fatal(err)
	}
	var paths []string
	for _, name := range names {
		if b, ok := back[name]; ok {
			paths = append(paths, filepath.Join(thriftDir, filepath.FromSlash(b)))
		}
	}
	progs, errs := th.ReadAll(paths, func(string) []string { return []string{thriftDir} })
	compared := 0
	for _, name := range names {
		b, ok := back[name]
		if !ok {
			continue
		}
		label := filepath.Base(repoDir) + " (back): " + name
		p := filepath.Join(thriftDir, filepath.FromSlash(b))
		if progs[p] == nil {
			report.Rejected(label, b, errs[p])
			continue
		}
		compared++
		report.ProtoToThrift(label, fds[name], outputs[name], progs[p], meaningtest.ProtoToThriftOptions{})
	}
	return compared
}

// thriftRejection sorts thrift's reasons to reject an input the corpus
// tests convert into a few kinds.
func thriftRejection(err error) string {
	msg := err.Error()
	for _, k := range []struct{ match, kind string }{
		{"reserved language keyword", "a reserved word"},
		{`Type "uuid" not defined`, "uuid (Thrift 0.19 and later)"},
		{"is already defined", "a method redefined in an extending service"},
		{"Throws clause may not contain non-exception types", "a throws entry that is not an exception"},
	} {
		if strings.Contains(msg, k.match) {
			return "thrift --gen json rejects " + k.kind
		}
	}
	return "thrift --gen json: other error"
}

// protocompileRejection sorts protocompile's reasons to reject an input
// idlconv converts into a few kinds.
func protocompileRejection(err error) string {
	msg := err.Error()
	switch {
	case strings.Contains(msg, "edition value"):
		return "protocompile: an edition after 2023"
	case strings.Contains(msg, "syntax error"):
		return "protocompile: syntax newer than edition 2023 (import option, export, local)"
	}
	return "protocompile: other error"
}

// meaningProtoCorpus compares every proto file of the corpus that converts
// with its Thrift output.
func meaningProtoCorpus(t *testing.T, th *meaningtest.Thrift, report *meaningtest.Report, corpus *corpustest.Kind) corpusCounts {
	counts := corpusCounts{unread: map[string]int{}}
	root := corpus.Root
	global := corpus.ImportRoots(t)
	type pair struct {
		input, name, output string // input path, its name under its root, output path
	}
	type repoPairs struct {
		dir     string
		roots   []string
		outputs map[string][]byte
		pairs   []pair
	}
	var done []repoPairs
	everyOutput := map[string][]byte{}
	for _, tree := range corpus.Trees {
		// The roots of TestProtoCorpusToThrift.
		roots := tree.ProtoRoots(t, global)
		rp := repoPairs{dir: tree.Dir, roots: roots, outputs: map[string][]byte{}}
		for _, p := range tree.Files {
			counts.files++
			res, err := convert.Convert(context.Background(), []convert.Input{{Path: p}},
				convert.Options{To: schema.Thrift, IncludeDirs: roots})
			if err != nil {
				t.Errorf("%s: %v", p, err)
				continue
			}
			if res.Diagnostics.HasErrors() {
				continue
			}
			counts.converted++
			for _, f := range res.Files {
				rp.outputs[f.Path] = f.Content
				if _, ok := everyOutput[f.Path]; !ok {
					everyOutput[f.Path] = f.Content
				}
				rp.pairs = append(rp.pairs, pair{input: p, name: nameUnder(p, roots), output: f.Path})
			}
		}
		done = append(done, rp)
	}
	for _, rp := range done {
		// Thrift reads each output with the outputs it includes: the
		// repository's, and the other repositories' for what it includes
		// from them (as TestProtoCorpusToThrift checks them).
		outputs := map[string][]byte{}
		for k, v := range everyOutput {
			outputs[k] = v
		}
		for k, v := range rp.outputs {
			outputs[k] = v
		}
		dir := t.TempDir()
		if err := prototest.WriteTree(dir, outputs); err != nil {
			t.Fatal(err)
		}
		var paths []string
		for _, pr := range rp.pairs {
			if missingIncludes(pr.output, outputs) == "" {
				paths = append(paths, filepath.Join(dir, filepath.FromSlash(pr.output)))
			}
		}
		progs, errs := th.ReadAll(paths, func(string) []string { return []string{dir} })
		sources := protoSources(t, rp.roots)
		for _, pr := range rp.pairs {
			rel, _ := filepath.Rel(root, pr.input)
			if miss := missingIncludes(pr.output, outputs); miss != "" {
				counts.unread["an included output was not produced"]++
				continue
			}
			p := filepath.Join(dir, filepath.FromSlash(pr.output))
			if progs[p] == nil {
				report.Rejected(rel, pr.output, errs[p])
				continue
			}
			fds, err := prototest.Descriptors(sources, pr.name)
			if err != nil {
				// idlconv reads some inputs protocompile v0.14 cannot:
				// editions after 2023, `import option`.
				counts.unread[protocompileRejection(err)]++
				if os.Getenv("IDLCONV_CORPUS_VERBOSE") != "" {
					t.Logf("%s: not compared: %v", rel, err)
				}
				continue
			}
			counts.compared++
			report.ProtoToThrift(rel, fileOf(fds, pr.name), sources[pr.name], progs[p], meaningtest.ProtoToThriftOptions{})
		}
	}
	return counts
}

// nameUnder names a file as idlconv does: relative to the first root
// that holds it.
func nameUnder(p string, roots []string) string {
	for _, r := range roots {
		if rel, err := filepath.Rel(r, p); err == nil && !strings.HasPrefix(rel, "..") {
			return filepath.ToSlash(rel)
		}
	}
	return filepath.Base(p)
}

// protoSources maps every .proto file under the roots to its content, by
// its path relative to the first root that holds it (the import path
// protocompile resolves).
func protoSources(t *testing.T, roots []string) map[string][]byte {
	t.Helper()
	out := map[string][]byte{}
	for _, r := range roots {
		files, err := corpustest.Files(r, ".proto")
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range files {
			rel, _ := filepath.Rel(r, p)
			name := filepath.ToSlash(rel)
			if _, ok := out[name]; ok {
				continue
			}
			data, err := os.ReadFile(p)
			if err != nil {
				t.Fatal(err)
			}
			out[name] = data
		}
	}
	return out
}

// fileOf picks the file of a path among compiled files.
func fileOf(fds []protoreflect.FileDescriptor, name string) protoreflect.FileDescriptor {
	for _, fd := range fds {
		if fd.Path() == name {
			return fd
		}
	}
	return nil
}
