package convert_test

import (
	"context"
	"os"
	"path/filepath"
	"runtime/debug"
	"sort"
	"strings"
	"testing"

	"github.com/idlconv/idlconv/convert"
	"github.com/idlconv/idlconv/internal/memlimit"
	"github.com/idlconv/idlconv/internal/testkit/corpustest"
	"github.com/idlconv/idlconv/schema"
)

// benchSet is a set of corpus files converted in one invocation, as the
// benchmarks measure it.
type benchSet struct {
	name     string
	from, to schema.Format
	inputs   []convert.Input
	opts     convert.Options
}

// benchSets are the corpus sets of the benchmarks: googleapis (81 proto
// files, one invocation, as scripts/bench.sh compares with protoc), Apache
// Thrift's test IDL, and SchemaStore's schemas, each to the other two
// formats.
func benchSets(b *testing.B) []benchSet {
	b.Helper()
	var sets []benchSet
	proto := filepath.Join(corpustest.Dir(b, "proto"), "googleapis-googleapis")
	thrift := filepath.Join(corpustest.Dir(b, "thrift"), "apache-thrift", "test")
	json := filepath.Join(corpustest.Dir(b, "jsonschema"), "SchemaStore-schemastore")
	files := func(dir, ext string, recursive bool) []convert.Input {
		var ins []convert.Input
		_ = filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if d.IsDir() && p != dir && !recursive {
				return filepath.SkipDir
			}
			if !d.IsDir() && strings.HasSuffix(p, ext) {
				ins = append(ins, convert.Input{Path: p})
			}
			return nil
		})
		sort.Slice(ins, func(i, j int) bool { return ins[i].Path < ins[j].Path })
		return ins
	}
	for _, to := range []schema.Format{schema.Thrift, schema.JSONSchema} {
		sets = append(sets, benchSet{name: "googleapis", from: schema.Proto, to: to, inputs: files(proto, ".proto", true),
			opts: convert.Options{IncludeDirs: []string{proto}}})
	}
	// Apache Thrift's test IDL: the files that convert (some are invalid
	// on purpose, or include what is not there).
	var good []convert.Input
	for _, in := range files(thrift, ".thrift", false) {
		res, err := convert.Convert(context.Background(), []convert.Input{in}, convert.Options{To: schema.Proto, IncludeDirs: []string{thrift}})
		if err == nil && !res.Diagnostics.HasErrors() {
			good = append(good, in)
		}
	}
	for _, to := range []schema.Format{schema.Proto, schema.JSONSchema} {
		sets = append(sets, benchSet{name: "apache-thrift-test", from: schema.Thrift, to: to, inputs: good,
			opts: convert.Options{IncludeDirs: []string{thrift}}})
	}
	var schemas []convert.Input
	for _, in := range files(json, ".json", true) {
		res, err := convert.Convert(context.Background(), []convert.Input{in}, convert.Options{From: schema.JSONSchema, To: schema.Proto})
		if err == nil && !res.Diagnostics.HasErrors() {
			schemas = append(schemas, in)
		}
	}
	for _, to := range []schema.Format{schema.Proto, schema.Thrift} {
		sets = append(sets, benchSet{name: "schemastore", from: schema.JSONSchema, to: to, inputs: schemas,
			opts: convert.Options{From: schema.JSONSchema}})
	}
	return sets
}

// BenchmarkPhases measures each direction over a corpus set, phase by
// phase: parse (Registry.Load), map (the direction's Map on a model just
// loaded), print (the target's Print of every output), and all (Convert),
// with the collector's percent (GOGC) the idlconv command would set for
// the set (package memlimit): at Go's default of 100, the small live heap
// of these sets makes the collector run so often that it takes a third of
// the time or more. go test -run '^$' -bench Phases -benchmem ./convert
func BenchmarkPhases(b *testing.B) {
	reg := convert.Builtin()
	ctx := context.Background()
	for _, set := range benchSets(b) {
		var size int64
		for _, in := range set.inputs {
			if st, err := os.Stat(in.Path); err == nil {
				size += st.Size()
			}
		}
		defer debug.SetGCPercent(debug.SetGCPercent(memlimit.GCPercent(size)))
		opts := set.opts
		opts.To = set.to
		prefix := set.name + "/" + string(set.from) + "-to-" + string(set.to)
		load := func(b *testing.B) []*schema.File {
			files, diags, err := reg.Load(ctx, set.inputs, opts)
			if err != nil || diags.HasErrors() {
				b.Fatalf("loading: %v %v", err, diags)
			}
			return files
		}
		mapOnce := func(files []*schema.File) []convert.Output {
			var diags schema.Diagnostics
			job := &convert.Job{Files: files, Inputs: min(len(set.inputs), len(files)), Options: opts, Diags: &diags, Target: reg.Format(set.to)}
			return reg.Direction(set.from, set.to).Map(job)
		}
		b.Run(prefix+"/parse", func(b *testing.B) {
			for b.Loop() {
				load(b)
			}
		})
		b.Run(prefix+"/map", func(b *testing.B) {
			for b.Loop() {
				b.StopTimer()
				files := load(b)
				b.StartTimer()
				mapOnce(files)
			}
		})
		b.Run(prefix+"/print", func(b *testing.B) {
			outs := mapOnce(load(b))
			for b.Loop() {
				for _, o := range outs {
					if _, err := reg.Format(set.to).Print(o.Doc, "header"); err != nil {
						b.Fatal(err)
					}
				}
			}
		})
		b.Run(prefix+"/all", func(b *testing.B) {
			for b.Loop() {
				if _, err := reg.Convert(ctx, set.inputs, opts); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
