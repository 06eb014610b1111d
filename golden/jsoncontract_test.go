package golden

import (
	"context"
	"encoding/json"
	"fmt"
	"io/fs"
	"os"
	"path"
	"regexp"
	"sort"
	"strings"
	"testing"
	"testing/fstest"

	"google.golang.org/protobuf/encoding/protojson"
	"google.golang.org/protobuf/reflect/protoreflect"
	"google.golang.org/protobuf/types/dynamicpb"

	"github.com/idlconv/idlconv/convert"
	"github.com/idlconv/idlconv/golden/internal/jsondocs"
	"github.com/idlconv/idlconv/internal/marker"
	"github.com/idlconv/idlconv/internal/testkit/corpustest"
	"github.com/idlconv/idlconv/internal/testkit/prototest"
	"github.com/idlconv/idlconv/jsonschemaast"
	"github.com/idlconv/idlconv/schema"
)

// The JSON contract (docs/mapping.md, JSON compatibility): documents that a
// JSON Schema accepts, read into typed code generated from idlconv's
// output and written again, come back equal, or differ where a warning of
// the conversion names the construct.

// docsPerSchema is how many documents are generated for each schema.
const docsPerSchema = 24

// contractSource is one JSON Schema document whose schemas are checked:
// its root and each entry of its $defs (definitions) that becomes a
// struct.
type contractSource struct {
	group  string // sources counted together
	name   string
	fsys   fstest.MapFS
	docs   *jsondocs.Set // every document of fsys, by URL
	index  *schemaIndex  // every document of fsys, by URL
	input  string        // the document's path in fsys
	refMap []convert.RefMapping
	// valid holds documents known to be valid for the root (the suite's
	// test instances).
	valid [][]byte
}

// contractCounts are the documents of a group by outcome.
type contractCounts struct {
	sources, schemas, exact, warned, silent int
	// skipped counts sources by why they were not checked.
	skipped map[string]int
}

func (c *contractCounts) String() string {
	total := c.exact + c.warned + c.silent
	share := 0.0
	if total > 0 {
		share = 100 * float64(c.exact) / float64(total)
	}
	var skipped []string
	for why, n := range c.skipped {
		skipped = append(skipped, fmt.Sprintf("%s: %d", why, n))
	}
	sort.Strings(skipped)
	return fmt.Sprintf("%d sources, %d schemas, %d documents: %d exact (%.1f%%), %d differ under a warning, %d differ silently; not checked: %s",
		c.sources, c.schemas, total, c.exact, share, c.warned, c.silent, strings.Join(skipped, ", "))
}

// jsonClient reads documents into typed code generated from a conversion's
// output and writes them again.
type jsonClient interface {
	// roundTrips reads each document as the declaration decl of the
	// source's model and writes it again: an output or an error for each;
	// ok is false when the client cannot represent decl.
	roundTrips(decl schema.Decl, docs [][]byte) (outs [][]byte, errs []error, ok bool)
}

// contractJob is one converted source, ready for its client.
type contractJob struct {
	src     contractSource
	res     *convert.Result
	targets []contractTarget
	// warned holds the warnings that explain differences.
	warned *warnings
	counts *contractCounts
}

// clientMaker makes the clients of a direction for converted sources, all
// at once (the Thrift harness builds once for all of them): one for each
// job, or nil and why there is none.
type clientMaker func(t *testing.T, jobs []*contractJob) ([]jsonClient, []string)

// effectRules reads the rule IDs that the JSON compatibility table of
// docs/mapping.md lists for a direction (the heading under "JSON
// compatibility", e.g. "JSON Schema → proto"): the warnings that explain a
// difference.
func effectRules(t *testing.T, heading string) map[string]bool {
	t.Helper()
	data, err := os.ReadFile(path.Join("..", "docs", "mapping.md"))
	if err != nil {
		t.Fatal(err)
	}
	text := string(data)
	_, rest, ok := strings.Cut(text, "\n## JSON compatibility\n")
	if ok {
		_, rest, ok = strings.Cut(rest, "\n### "+heading+"\n")
	}
	if !ok {
		t.Fatalf("docs/mapping.md has no JSON compatibility table for %s", heading)
	}
	if end := strings.Index(rest, "\n#"); end >= 0 {
		rest = rest[:end]
	}
	rules := map[string]bool{}
	for _, ln := range strings.Split(rest, "\n") {
		cells := strings.Split(ln, "|")
		if len(cells) < 4 {
			continue
		}
		for _, m := range regexp.MustCompile("`([a-z0-9-]+)`").FindAllStringSubmatch(cells[len(cells)-2], -1) {
			rules[m[1]] = true
		}
	}
	if len(rules) == 0 {
		t.Fatalf("docs/mapping.md lists no rule for %s", heading)
	}
	return rules
}

// ruleKinds says which differences the warning of each rule of the JSON
// compatibility tables explains; TestRuleKindsCoverTables checks that
// every rule of the tables has an entry.
var ruleKinds = map[string][]diffKind{
	"int64-as-string":      {diffChanged},
	"enum-json-name":       {diffRefused, diffChanged},
	"enum-name":            {diffRefused, diffChanged},
	"enum-value-conflict":  {diffRefused, diffChanged},
	"implicit-presence":    {diffMissing, diffAdded},
	"null-value":           {diffMissing, diffRefused, diffChanged},
	"optional-container":   {diffMissing},
	"required-field":       {diffMissing},
	"container-wrapper":    {diffChanged, diffAdded, diffMissing, diffRefused},
	"map-key-to-entries":   {diffChanged, diffAdded, diffMissing, diffRefused},
	"oneof-merged":         {},
	"open-object":          {diffRefused, diffMissing},
	"thrift-json-name":     {diffMissing, diffAdded, diffRefused},
	"thrift-reserved-word": {diffMissing, diffAdded, diffRefused},
	"default-written":      {diffAdded},
	"any-type":             {diffRefused, diffMissing, diffChanged},
	"mixed-union":          {diffRefused, diffMissing, diffChanged},
	"uint64-to-i64":        {diffRefused},
	"thrift-go-json":       {diffRefused, diffChanged},
	"base64-string":        {diffRefused},
	"untyped-object":       {diffRefused, diffChanged},
}

// structuralRules are the effects that reshape a value's JSON (a wrapper,
// entries): a warning at any place on the way to a difference explains
// it.
var structuralRules = map[string]bool{"container-wrapper": true, "map-key-to-entries": true}

// prepareContract converts a source and finds its schemas that become
// structs, or counts why it cannot be checked and returns nil.
func prepareContract(t *testing.T, src contractSource, to schema.Format, effects map[string]bool, counts *contractCounts) *contractJob {
	t.Helper()
	res := convertContract(src, to)
	if res == nil {
		counts.skipped["does not convert"]++
		return nil
	}
	job := &contractJob{src: src, res: res, counts: counts,
		warned: &warnings{at: map[string][]ruleEffect{}, openFiles: map[string]bool{}, untypedFiles: map[string]bool{}}}
	for _, d := range res.Diagnostics {
		at := fmt.Sprintf("%s:%d:%d", path.Base(d.Pos.File), d.Pos.Line, d.Pos.Col)
		switch d.Rule {
		case jsonschemaast.RuleOpenObject.ID:
			job.warned.openFiles[path.Base(d.Pos.File)] = true
		case jsonschemaast.RuleUntypedObject.ID:
			job.warned.untypedFiles[path.Base(d.Pos.File)] = true
		}
		if effects[d.Rule] {
			job.warned.at[at] = append(job.warned.at[at], ruleEffect{rule: d.Rule, kinds: ruleKinds[d.Rule], structural: structuralRules[d.Rule]})
		}
	}
	if job.targets = contractTargets(t, src); len(job.targets) == 0 {
		counts.skipped["no struct to check"]++
		return nil
	}
	return job
}

// checkContract generates documents for each schema of a job, passes them
// through the client and counts the outcomes. Silent differences are test
// errors.
func checkContract(t *testing.T, job *contractJob, cl jsonClient) {
	t.Helper()
	src, counts, ix := job.src, job.counts, job.src.index
	counts.sources++
	for _, tg := range job.targets {
		docs, _, err := src.docs.Generate(fileURL(src.input)+"#"+tg.ptr, docsPerSchema)
		if err != nil {
			continue
		}
		if tg.ptr == "" {
			docs = append(docs, src.valid...)
		}
		outs, errs, ok := cl.roundTrips(tg.decl, docs)
		if !ok {
			continue
		}
		counts.schemas++
		// The places earlier documents failed on: the documents of one
		// schema mostly fail on the same ones.
		var known []docPath
		for i, doc := range docs {
			out, rtErr := outs[i], errs[i]
			var diffs []docPath
			if rtErr != nil {
				at, found := docPath(nil), false
				if off := errorOffset(rtErr.Error(), doc); off >= 0 {
					at, found = pathAt(doc, off), true
				}
				if !found {
					at, found = goErrorPath(rtErr.Error(), doc)
				}
				diffs = []docPath{at}
				if !found {
					if diffs = knownFailures(cl, tg.decl, doc, known); diffs == nil {
						diffs = locateFailures(cl, tg.decl, doc)
						known = append(known, diffs...)
					}
				}
			} else {
				in, err1 := decodeJSON(doc)
				back, err2 := decodeJSON(out)
				if err1 != nil || err2 != nil {
					t.Fatalf("%s: decoding %s / %s: %v %v", src.name, doc, out, err1, err2)
				}
				diffs = jsonDiffs(in, back, nil)
			}
			if len(diffs) == 0 {
				counts.exact++
				continue
			}
			silent := ""
			in, _ := decodeJSON(doc)
			for _, p := range diffs {
				kind := diffRefused
				if rtErr == nil {
					back, _ := decodeJSON(out)
					kind = kindOf(in, back, p)
				}
				if _, isObject := valueAt(in, p).(map[string]any); !isObject && has(in, p) && job.warned.untypedFiles[path.Base(src.input)] {
					// A value that is no object where an object schema
					// without a type allows it.
					continue
				}
				if !ix.explains(ix.lookup(fileURL(src.input)+"#"+tg.ptr), p, kind, job.warned) {
					silent = fmt.Sprintf("%s (%s)", p, kind)
					break
				}
			}
			if silent == "" {
				counts.warned++
				if os.Getenv("IDLCONV_CONTRACT_WARNED") == src.name {
					t.Logf("%s#%s: differs at %s under a warning:\n  in:  %s\n  out: %s\n  err: %v", src.name, tg.ptr, diffs[0], doc, out, rtErr)
				}
				continue
			}
			counts.silent++
			if counts.silent <= 20 || os.Getenv("IDLCONV_CONTRACT_ALL") != "" {
				t.Errorf("%s#%s: a document differs at %s without a warning there:\n  in:  %s\n  out: %s\n  err: %v", src.name, tg.ptr, silent, doc, out, rtErr)
			}
		}
	}
}

// goFieldRe finds the field path in an encoding/json error: "Go struct
// field Type.a.b of type T".
var goFieldRe = regexp.MustCompile(`Go struct field [^. ]+\.(\S+) of type`)

// goErrorPath reads the place of an encoding/json error in a document: the
// keys its field path names (matched without case, as encoding/json
// does), through the first array item that has them.
func goErrorPath(msg string, doc []byte) (docPath, bool) {
	m := goFieldRe.FindStringSubmatch(msg)
	if m == nil {
		return nil, false
	}
	v, err := decodeJSON(doc)
	if err != nil {
		return nil, false
	}
	var find func(v any, keys []string) (docPath, bool)
	find = func(v any, keys []string) (docPath, bool) {
		if len(keys) == 0 {
			return nil, true
		}
		switch node := v.(type) {
		case map[string]any:
			names := make([]string, 0, len(node))
			for k := range node {
				names = append(names, k)
			}
			sort.Strings(names)
			for _, k := range names {
				if strings.EqualFold(k, keys[0]) {
					if rest, ok := find(node[k], keys[1:]); ok {
						return append(docPath{{key: k, isKey: true}}, rest...), true
					}
				}
			}
		case []any:
			for i, item := range node {
				if rest, ok := find(item, keys); ok {
					return append(docPath{{index: i}}, rest...), true
				}
			}
		}
		return nil, false
	}
	at, ok := find(v, strings.Split(m[1], "."))
	if !ok {
		return nil, false
	}
	// "cannot unmarshal KIND into": the value there must be of that kind,
	// else the error is in one of its items or values.
	k := goKindRe.FindStringSubmatch(msg)
	if k == nil {
		return at, true
	}
	switch kind, goType := jsonKindOf(valueAt(v, at)), k[2]; {
	case kind != k[1]:
		return nil, false
	case kind == "array" && !strings.HasPrefix(goType, "[]"),
		kind == "object" && (basicGoType[goType] || strings.HasPrefix(goType, "[]")):
		// A container whose Go type is not one: the error is in one of
		// its items or values, which Go names by the container.
		return nil, false
	}
	return at, true
}

// goKindRe finds the kind of JSON value and the Go type an encoding/json
// type error names.
var goKindRe = regexp.MustCompile(`cannot unmarshal (\w+) into .* of type (\S+)`)

// basicGoType holds the Go types of Thrift's base types.
var basicGoType = map[string]bool{"string": true, "bool": true, "int8": true, "int16": true, "int32": true, "int64": true, "float64": true}

// jsonKindOf names the kind of a decoded value as encoding/json's errors
// do.
func jsonKindOf(v any) string {
	switch v.(type) {
	case map[string]any:
		return "object"
	case []any:
		return "array"
	case json.Number:
		return "number"
	case string:
		return "string"
	case bool:
		return "bool"
	}
	return "null"
}

// knownFailures returns the places among known that a document has, when
// removing them all lets it through the client; else nil.
func knownFailures(cl jsonClient, decl schema.Decl, doc []byte, known []docPath) []docPath {
	v, err := decodeJSON(doc)
	if err != nil {
		return nil
	}
	var present []docPath
	for _, p := range known {
		if len(p) > 0 && has(v, p) {
			present = append(present, p)
		}
	}
	if len(present) == 0 {
		return nil
	}
	// Deepest and last first, so that removing one keeps the others'
	// paths valid.
	sort.Slice(present, func(i, j int) bool { return present[i].String() > present[j].String() })
	rest := v
	for _, p := range present {
		rest = without(rest, p)
	}
	if _, errs, _ := cl.roundTrips(decl, [][]byte{marshalJSON(rest)}); len(errs) == 0 || errs[0] != nil {
		return nil
	}
	return present
}

// locateFailures finds the places of a document that a client fails on,
// when the error does not say: each the deepest value whose removal (with
// the places found before) lets the rest through.
func locateFailures(cl jsonClient, decl schema.Decl, doc []byte) []docPath {
	v, err := decodeJSON(doc)
	if err != nil {
		return []docPath{nil}
	}
	var found []docPath
	for len(found) < 16 {
		at, ok := locateFailure(cl, decl, v)
		if !ok {
			break
		}
		found = append(found, at)
		if len(at) == 0 {
			break
		}
		v = without(v, at)
	}
	if len(found) == 0 {
		return []docPath{nil}
	}
	return found
}

// locateFailure finds one place of a decoded document that a client fails
// on; ok is false when the client reads the document.
func locateFailure(cl jsonClient, decl schema.Decl, v any) (docPath, bool) {
	fails := func(docs ...any) []bool {
		var raw [][]byte
		for _, d := range docs {
			raw = append(raw, marshalJSON(d))
		}
		_, errs, _ := cl.roundTrips(decl, raw)
		out := make([]bool, len(docs))
		for i, e := range errs {
			out[i] = e != nil
		}
		return out
	}
	if !fails(v)[0] {
		return nil, false
	}
	var at docPath
	for depth := 0; depth < 32; depth++ {
		var steps []pathToken
		switch node := valueAt(v, at).(type) {
		case map[string]any:
			keys := make([]string, 0, len(node))
			for k := range node {
				keys = append(keys, k)
			}
			sort.Strings(keys)
			for _, k := range keys {
				steps = append(steps, pathToken{key: k, isKey: true})
			}
		case []any:
			for i := range node {
				steps = append(steps, pathToken{index: i})
			}
		}
		if len(steps) == 0 {
			return at, true
		}
		// One child whose removal alone lets the document through, else
		// the child whose removal, after the ones before it, does.
		var single, cumulative []any
		acc := v
		for _, st := range steps {
			single = append(single, without(v, at.with(st)))
		}
		for i := len(steps) - 1; i >= 0; i-- {
			acc = without(acc, at.with(steps[i])) // from the end: indices stay valid
			cumulative = append(cumulative, acc)
		}
		next := -1
		for i, f := range fails(single...) {
			if !f {
				next = i
				break
			}
		}
		if next < 0 {
			for i, f := range fails(cumulative...) {
				if !f {
					next = len(steps) - 1 - i
					// The children after it go; it is the culprit.
					for j := len(steps) - 1; j > next; j-- {
						v = without(v, at.with(steps[j]))
					}
					break
				}
			}
		}
		if next < 0 {
			return at, true
		}
		at = at.with(steps[next])
	}
	return at, true
}

// convertContract converts a source's document, and the documents it
// refers to (only inputs are written, and the output imports theirs), or
// returns nil when it does not convert.
func convertContract(src contractSource, to schema.Format) *convert.Result {
	opts := convert.Options{To: to, FS: src.fsys, RefMap: src.refMap}
	// Outputs are named from the input's folder, so that their includes
	// and imports resolve from the including file.
	inputs := []convert.Input{{Path: src.input, Name: contractName(src.input, src.input)}}
	res, err := convert.Convert(context.Background(), inputs, opts)
	if err != nil || res.Diagnostics.HasErrors() {
		return nil
	}
	// The documents it reached are in the model; converting them too
	// writes every file the output refers to.
	l := &jsonschemaast.Loader{ReadFile: func(p string) ([]byte, error) { return fs.ReadFile(src.fsys, p) }}
	for _, m := range src.refMap {
		l.RefMap = append(l.RefMap, jsonschemaast.RefMapping{Prefix: m.Prefix, Dir: m.Dir})
	}
	files, _ := l.Load([]jsonschemaast.Input{{Path: src.input, Name: src.input}})
	if len(files) < 2 {
		return res
	}
	for _, f := range files[1:] {
		if _, ok := src.fsys[f.Pos.File]; ok {
			inputs = append(inputs, convert.Input{Path: f.Pos.File, Name: contractName(src.input, f.Pos.File)})
		}
	}
	all, err := convert.Convert(context.Background(), inputs, opts)
	if err != nil || all.Diagnostics.HasErrors() {
		return res
	}
	return all
}

// contractName names a document of a source by its path from the
// source's folder (its base name when it lies elsewhere).
func contractName(input, p string) string {
	if rel, ok := strings.CutPrefix(p, path.Dir(input)+"/"); ok {
		return rel
	}
	return path.Base(p)
}

// fileURL is the URL the documents of a source have.
func fileURL(name string) string { return "file:///" + name }

// contractTarget is one schema of a source and the declaration made of it.
type contractTarget struct {
	ptr  string
	decl schema.Decl
}

// contractTargets lists the root and the $defs entries of a source's
// document that the front-end made structs of.
func contractTargets(t *testing.T, src contractSource) []contractTarget {
	t.Helper()
	l := &jsonschemaast.Loader{ReadFile: func(p string) ([]byte, error) { return fs.ReadFile(src.fsys, p) }}
	for _, m := range src.refMap {
		l.RefMap = append(l.RefMap, jsonschemaast.RefMapping{Prefix: m.Prefix, Dir: m.Dir})
	}
	files, diags := l.Load([]jsonschemaast.Input{{Path: src.input, Name: src.input}})
	if diags.HasErrors() || len(files) == 0 {
		return nil
	}
	root, err := jsonschemaast.ParseJSON(src.input, src.fsys[src.input].Data)
	if err != nil {
		return nil
	}
	at := map[schema.Pos]string{root.Pos: ""}
	for _, key := range []string{"$defs", "definitions"} {
		if defs := root.Get(key); defs != nil && defs.Kind == jsonschemaast.Object {
			for i, k := range defs.Keys {
				at[defs.Vals[i].Pos] = "/" + key + "/" + strings.ReplaceAll(strings.ReplaceAll(k, "~", "~0"), "/", "~1")
			}
		}
	}
	var out []contractTarget
	for _, d := range files[0].Decls {
		s, ok := d.(*schema.Struct)
		if !ok {
			continue
		}
		if ptr, ok := at[s.Pos]; ok {
			out = append(out, contractTarget{ptr: ptr, decl: s})
		}
	}
	return out
}

// protoClient reads and writes documents with protojson, into dynamicpb
// messages of the proto idlconv wrote (compiled with protocompile).
type protoClient struct {
	messages map[string]protoreflect.MessageDescriptor // by declaration name
}

// protoClients makes a protojson client for each job.
func protoClients(t *testing.T, jobs []*contractJob) ([]jsonClient, []string) {
	clients, whys := make([]jsonClient, len(jobs)), make([]string, len(jobs))
	for i, job := range jobs {
		clients[i], whys[i] = newProtoClient(t, job.res, job.src.input)
	}
	return clients, whys
}

func newProtoClient(t *testing.T, res *convert.Result, input string) (jsonClient, string) {
	files := map[string][]byte{}
	for _, f := range res.Files {
		files[f.Path] = f.Content
	}
	fds, err := prototest.Descriptors(files)
	if err != nil {
		t.Errorf("idlconv's proto does not compile: %v", err)
		return nil, "proto does not compile"
	}
	c := &protoClient{messages: map[string]protoreflect.MessageDescriptor{}}
	for _, fd := range fds {
		if fd.Path() != strings.TrimSuffix(contractName(input, input), ".json")+".proto" {
			continue
		}
		for i := 0; i < fd.Messages().Len(); i++ {
			md := fd.Messages().Get(i)
			c.messages[string(md.Name())] = md
		}
	}
	return c, ""
}

func (c *protoClient) roundTrips(decl schema.Decl, docs [][]byte) ([][]byte, []error, bool) {
	name := decl.DeclName()
	if s, ok := decl.(*schema.Struct); ok {
		for _, a := range s.Annotations {
			if a.Key == marker.ProtoName {
				name = a.Value
			}
		}
	}
	md := c.messages[name]
	if md == nil {
		return nil, nil, false
	}
	outs, errs := make([][]byte, len(docs)), make([]error, len(docs))
	for i, doc := range docs {
		m := dynamicpb.NewMessage(md)
		if errs[i] = protojson.Unmarshal(doc, m); errs[i] == nil {
			outs[i], errs[i] = protojson.Marshal(m)
		}
	}
	return outs, errs, true
}

// goldenContractSources are the JSON Schema inputs of the golden cases:
// each input of each case, with the case's other inputs beside it.
func goldenContractSources(t *testing.T) []contractSource {
	var out []contractSource
	for _, c := range loadCases(t) {
		if c.from != schema.JSONSchema {
			continue
		}
		fsys := fstest.MapFS{}
		for name, data := range c.inputs {
			fsys["in/"+name] = &fstest.MapFile{Data: data}
		}
		set, ix := contractDocs(t, fsys, nil)
		var names []string
		for name := range c.inputs {
			names = append(names, name)
		}
		sort.Strings(names)
		for _, name := range names {
			out = append(out, contractSource{group: "golden", name: c.name + "/" + name, fsys: fsys, docs: set, index: ix, input: "in/" + name})
		}
	}
	return out
}

// contractDocs loads every JSON document of fsys, by its file URL and by
// the remote URL a ref map gives it, for generating documents and for
// finding the schema nodes of a place in one.
func contractDocs(t *testing.T, fsys fstest.MapFS, refMap []convert.RefMapping) (*jsondocs.Set, *schemaIndex) {
	t.Helper()
	set, ix := jsondocs.NewSet(), newSchemaIndex()
	var names []string
	for name := range fsys {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		data := fsys[name].Data
		doc, err := decodeJSON(data)
		if err != nil {
			continue
		}
		urls := []string{fileURL(name)}
		for _, m := range refMap {
			if rel, ok := strings.CutPrefix(name, m.Dir+"/"); ok {
				urls = append(urls, m.Prefix+rel)
			}
		}
		for _, u := range urls {
			if err := set.Add(u, doc); err != nil {
				t.Fatalf("%s: %v", name, err)
			}
			if err := ix.add(u, name, data); err != nil {
				t.Fatalf("%s: %v", name, err)
			}
		}
	}
	return set, ix
}

// corpusContractSources are the JSON Schema corpus's schema files and the
// JSON-Schema-Test-Suite's groups, with each group's valid instances.
func corpusContractSources(t *testing.T) []contractSource {
	root := corpustest.Dir(t, "jsonschema")
	fsys, cases, err := corpustest.JSONSchema(root)
	if err != nil {
		t.Fatal(err)
	}
	refMap := corpustest.JSONRefMap[convert.RefMapping]()
	set, ix := contractDocs(t, fsys, refMap)
	var out []contractSource
	for _, c := range cases {
		src := contractSource{group: "corpus", name: c.Name, fsys: fsys, docs: set, index: ix, input: c.Path, refMap: refMap}
		if c.IsSuite() {
			src.group = "test suite"
			for _, v := range c.Valid {
				src.valid = append(src.valid, []byte(v))
			}
		}
		out = append(out, src)
	}
	return out
}

// TestRuleKindsCoverTables checks that each rule the JSON compatibility
// tables list says which differences it explains.
func TestRuleKindsCoverTables(t *testing.T) {
	for _, heading := range []string{"JSON Schema → proto", "JSON Schema → Thrift"} {
		for rule := range effectRules(t, heading) {
			if _, ok := ruleKinds[rule]; !ok {
				t.Errorf("rule %s of the %s table has no entry in ruleKinds", rule, heading)
			}
		}
	}
}

// TestJSONContractProto checks JSON Schema → proto with protojson: each
// document goes through protojson.Unmarshal into a dynamicpb message of
// idlconv's proto and protojson.Marshal back; it must equal the input
// unless a warning names the construct where they differ.
func TestJSONContractProto(t *testing.T) {
	runContract(t, schema.Proto, "JSON Schema → proto", protoClients)
}

// runContract checks every source of the golden cases and the corpus in a
// direction and prints the counts of each group.
func runContract(t *testing.T, to schema.Format, heading string, clients clientMaker) {
	effects := effectRules(t, heading)
	groups := map[string]*contractCounts{}
	var order []string
	count := func(g string) *contractCounts {
		if groups[g] == nil {
			groups[g] = &contractCounts{skipped: map[string]int{}}
			order = append(order, g)
		}
		return groups[g]
	}
	sources := goldenContractSources(t)
	if _, err := os.Stat(path.Join("..", "..", "shared", "corpus")); err == nil && !testing.Short() {
		sources = append(sources, corpusContractSources(t)...)
	}
	var jobs []*contractJob
	for _, src := range sources {
		if job := prepareContract(t, src, to, effects, count(src.group)); job != nil {
			jobs = append(jobs, job)
		}
	}
	cls, whys := clients(t, jobs)
	for i, job := range jobs {
		if cls[i] == nil {
			job.counts.skipped[whys[i]]++
			continue
		}
		checkContract(t, job, cls[i])
	}
	for _, g := range order {
		t.Logf("json contract (%s) %s: %s", heading, g, groups[g])
	}
}
