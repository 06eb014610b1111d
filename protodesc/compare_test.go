package protodesc_test

import (
	"context"
	"fmt"
	"io"
	"math"
	"os"
	"path"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"testing"

	"github.com/bufbuild/protocompile"
	"github.com/bufbuild/protocompile/linker"
	"golang.org/x/tools/txtar"
	gprotodesc "google.golang.org/protobuf/reflect/protodesc"
	"google.golang.org/protobuf/reflect/protoreflect"
	"google.golang.org/protobuf/types/descriptorpb"

	"github.com/idlconv/idlconv/convert"
	"github.com/idlconv/idlconv/internal/testkit/corpustest"
	"github.com/idlconv/idlconv/protodesc"
	"github.com/idlconv/idlconv/schema"
)

// compiled is what protocompile made of some inputs: every file's
// descriptor with source info (the inputs' and their imports'), with its
// read path and text.
type compiled struct {
	files  []protodesc.File
	inputs []string
}

// compile compiles the inputs (read paths) with protocompile, as
// protoast's check does: names relative to the first root that holds
// them, imports searched on roots.
func compile(roots []string, inputs []string) (*compiled, error) {
	readPath := func(name string) string {
		for _, r := range roots {
			p := filepath.Join(r, filepath.FromSlash(name))
			if _, err := os.Stat(p); err == nil {
				return p
			}
		}
		return ""
	}
	c := &compiled{}
	given := map[string]string{}
	for _, in := range inputs {
		name := logicalName(in, roots)
		given[name] = in
		c.inputs = append(c.inputs, name)
	}
	comp := protocompile.Compiler{
		Resolver: protocompile.WithStandardImports(&protocompile.SourceResolver{Accessor: func(name string) (io.ReadCloser, error) {
			p := given[name]
			if p == "" {
				p = readPath(name)
			}
			if p == "" {
				return nil, os.ErrNotExist
			}
			return os.Open(p)
		}}),
		SourceInfoMode: protocompile.SourceInfoStandard,
		RetainASTs:     true,
	}
	res, err := comp.Compile(context.Background(), c.inputs...)
	if err != nil {
		return nil, err
	}
	seen := map[string]bool{}
	var add func(fd protoreflect.FileDescriptor)
	add = func(fd protoreflect.FileDescriptor) {
		if seen[fd.Path()] {
			return
		}
		seen[fd.Path()] = true
		imps := fd.Imports()
		for i := 0; i < imps.Len(); i++ {
			add(imps.Get(i).FileDescriptor)
		}
		var fdp *descriptorpb.FileDescriptorProto
		if r, ok := fd.(linker.Result); ok {
			fdp = r.FileDescriptorProto()
		} else {
			fdp = gprotodesc.ToFileDescriptorProto(fd)
		}
		f := protodesc.File{Proto: fdp}
		if r, ok := fd.(linker.Result); ok {
			f.AST = r.AST()
		}
		p := given[fd.Path()]
		if p == "" {
			p = readPath(fd.Path())
		}
		if p != "" {
			f.Path = filepath.ToSlash(p)
			f.Source, _ = os.ReadFile(p)
		}
		c.files = append(c.files, f)
	}
	for _, f := range res {
		add(f)
	}
	return c, nil
}

// logicalName names a read path relative to the first root that holds
// it, as convert names inputs.
func logicalName(p string, roots []string) string {
	p = filepath.ToSlash(filepath.Clean(p))
	for _, r := range roots {
		if rel, ok := strings.CutPrefix(p, filepath.ToSlash(filepath.Clean(r))+"/"); ok {
			return rel
		}
	}
	return path.Base(p)
}

// differences collects the classes of difference between two models.
type differences struct {
	classes  map[string]int
	examples map[string][]string
}

func newDifferences() *differences {
	return &differences{classes: map[string]int{}, examples: map[string][]string{}}
}

func (d *differences) add(class, example string) {
	d.classes[class]++
	if len(d.examples[class]) < 3 || os.Getenv("LONG") != "" {
		d.examples[class] = append(d.examples[class], example)
	}
}

func (d *differences) report(t *testing.T) {
	var names []string
	for c := range d.classes {
		names = append(names, c)
	}
	sort.Strings(names)
	for _, c := range names {
		t.Logf("  %-40s %5d  e.g. %s", c, d.classes[c], strings.Join(d.examples[c], " | "))
	}
}

// comparer compares the model protoast builds from source (want) with
// protodesc's (got), field by field.
type comparer struct {
	d    *differences
	file string
	n    int // differences found in the file
}

func (c *comparer) diff(class string, where schema.Pos, want, got any) {
	c.n++
	c.d.add(class, fmt.Sprintf("%s:%d:%d want %s got %s", path.Base(c.file), where.Line, where.Col, short(want), short(got)))
}

func short(v any) string {
	s := fmt.Sprintf("%#v", v)
	if p, ok := v.(schema.Pos); ok {
		s = fmt.Sprintf("%d:%d-%d:%d", p.Line, p.Col, p.EndLine, p.EndCol)
	}
	if s2, ok := v.(string); ok {
		s = fmt.Sprintf("%q", s2)
	}
	if len(s) > 90 && os.Getenv("LONG") == "" {
		s = s[:90] + "…"
	}
	return s
}

var posType = reflect.TypeOf(schema.Pos{})

// value compares two values of one type; class names the place
// ("Field.Comments.Leading"), at the position of the element.
func (c *comparer) value(class string, at schema.Pos, want, got reflect.Value) {
	switch want.Kind() {
	case reflect.Pointer:
		if want.IsNil() || got.IsNil() {
			if want.IsNil() != got.IsNil() {
				c.diff(class+" (nil)", at, want.IsNil(), got.IsNil())
			}
			return
		}
		c.value(class, at, want.Elem(), got.Elem())
	case reflect.Interface:
		if want.IsNil() || got.IsNil() {
			if want.IsNil() != got.IsNil() {
				c.diff(class+" (nil)", at, want.IsNil(), got.IsNil())
			}
			return
		}
		if want.Elem().Type() != got.Elem().Type() {
			c.diff(class+" (kind)", at, want.Elem().Type().String(), got.Elem().Type().String())
			return
		}
		c.value(class, at, want.Elem(), got.Elem())
	case reflect.Slice:
		if want.Len() != got.Len() {
			c.diff(class+" (count)", at, sliceText(want), sliceText(got))
			return
		}
		for i := 0; i < want.Len(); i++ {
			c.value(class, at, want.Index(i), got.Index(i))
		}
	case reflect.Struct:
		typ := want.Type()
		if typ == posType {
			if !reflect.DeepEqual(want.Interface(), got.Interface()) {
				c.diff(class, at, want.Interface(), got.Interface())
			}
			return
		}
		owner := class
		if typ.PkgPath() == "github.com/idlconv/idlconv/schema" && typ.Name() != "Comments" && typ.Name() != "Pos" {
			owner = typ.Name()
			if p := want.FieldByName("Pos"); p.IsValid() {
				at = p.Interface().(schema.Pos)
			}
		}
		for i := 0; i < typ.NumField(); i++ {
			f := typ.Field(i)
			name := owner + "." + f.Name
			switch {
			case typ.Name() == "Type" && f.Name == "Name":
				continue // as written in the source; the descriptors' are fully qualified
			case typ.Name() == "Type" && f.Name == "Decl":
				c.declRef(name, at, want.Field(i), got.Field(i))
				continue
			case f.Name == "DeclFile" || f.Name == "File" && f.Type.Kind() == reflect.Pointer:
				w, g := want.Field(i).Interface().(*schema.File), got.Field(i).Interface().(*schema.File)
				if (w == nil) != (g == nil) || w != nil && w.Path != g.Path {
					c.diff(name, at, fileName(w), fileName(g))
				}
				continue
			case f.Name == "ExtendsService":
				continue
			case typ.Name() == "File" && f.Name == "Decls":
				c.decls(at, want.Field(i), got.Field(i))
				continue
			}
			c.value(name, at, want.Field(i), got.Field(i))
		}
	case reflect.Float64:
		w, g := want.Float(), got.Float()
		if w != g && !(math.IsNaN(w) && math.IsNaN(g)) {
			c.diff(class, at, w, g)
		}
	default:
		if !reflect.DeepEqual(want.Interface(), got.Interface()) {
			c.diff(class, at, want.Interface(), got.Interface())
		}
	}
}

// sliceText names the elements of a slice, for an example.
func sliceText(v reflect.Value) string {
	var parts []string
	for i := 0; i < v.Len(); i++ {
		e := v.Index(i).Interface()
		switch e := e.(type) {
		case schema.Decl:
			parts = append(parts, e.DeclName())
		case schema.Reserved:
			parts = append(parts, fmt.Sprintf("%d-%d%s", e.Start, e.End, e.Name))
		case schema.Annotation:
			parts = append(parts, e.Key)
		default:
			parts = append(parts, fmt.Sprintf("%T", e))
		}
	}
	return strings.Join(parts, ",")
}

func fileName(f *schema.File) string {
	if f == nil {
		return "<nil>"
	}
	return f.Path
}

// declRef compares what two types resolve to, by name.
func (c *comparer) declRef(class string, at schema.Pos, want, got reflect.Value) {
	name := func(v reflect.Value) string {
		if v.IsNil() {
			return "<nil>"
		}
		d := v.Interface().(schema.Decl)
		return fmt.Sprintf("%T %s", d, d.DeclName())
	}
	if name(want) != name(got) {
		c.diff(class, at, name(want), name(got))
	}
}

// decls compares a file's declarations: the free-standing comments
// apart from the others, so that a comment one model lacks does not
// misalign the rest.
func (c *comparer) decls(at schema.Pos, want, got reflect.Value) {
	split := func(v reflect.Value) (comments []string, others []schema.Decl) {
		for _, d := range v.Interface().([]schema.Decl) {
			if cm, ok := d.(*schema.Comment); ok {
				comments = append(comments, cm.Text)
			} else {
				others = append(others, d)
			}
		}
		return comments, others
	}
	wc, wo := split(want)
	gc, go_ := split(got)
	if !reflect.DeepEqual(wc, gc) {
		c.diff("File.Decls (free comments)", at, wc, gc)
	}
	c.value("File.Decls", at, reflect.ValueOf(wo), reflect.ValueOf(go_))
}

// TestSameModelAsSource builds the model of every .proto file of the
// corpus and of the golden cases' proto inputs twice, by protoast from
// source and by protodesc from protocompile's descriptors, and compares
// them field by field. It prints the counts and each class of
// difference.
func TestSameModelAsSource(t *testing.T) {
	type job struct {
		label  string
		roots  []string
		inputs []string
	}
	var jobs []job
	corpus := corpustest.Load(t, "proto")
	global := corpus.ImportRoots(t)
	for _, tree := range corpus.Trees {
		roots := tree.ProtoRoots(t, global)
		for _, p := range tree.Files {
			jobs = append(jobs, job{label: "corpus", roots: roots, inputs: []string{p}})
		}
	}
	for _, g := range goldenProtoCases(t) {
		jobs = append(jobs, job{label: "golden", roots: []string{g.root}, inputs: g.inputs})
	}
	d := newDifferences()
	counts := map[string]*[4]int{} // identical, differing, protoast error, protocompile error
	for _, j := range jobs {
		if counts[j.label] == nil {
			counts[j.label] = &[4]int{}
		}
		n := counts[j.label]
		var ins []convert.Input
		for _, p := range j.inputs {
			ins = append(ins, convert.Input{Path: p})
		}
		want, diags, err := convert.Builtin().Load(context.Background(), ins, convert.Options{From: schema.Proto, IncludeDirs: j.roots})
		if err != nil || diags.HasErrors() {
			n[2]++
			continue
		}
		comp, err := compile(j.roots, j.inputs)
		if err != nil {
			n[3]++
			t.Logf("%s: protoast reads it, protocompile does not: %v", j.inputs[0], err)
			continue
		}
		got, gdiags := protodesc.Build(comp.files, comp.inputs)
		if gdiags.HasErrors() {
			t.Errorf("%s: %v", j.inputs[0], gdiags)
			continue
		}
		c := &comparer{d: d, file: j.inputs[0]}
		if len(want) < len(j.inputs) || len(got) < len(j.inputs) {
			t.Errorf("%s: %d and %d files", j.inputs[0], len(want), len(got))
			continue
		}
		for i := range j.inputs {
			c.value("File", want[i].Pos, reflect.ValueOf(want[i]), reflect.ValueOf(got[i]))
		}
		if c.n == 0 {
			n[0]++
		} else {
			n[1]++
		}
	}
	for _, label := range []string{"corpus", "golden"} {
		if n := counts[label]; n != nil {
			t.Logf("%s: %d identical, %d differing, %d that protoast rejects, %d that protocompile rejects", label, n[0], n[1], n[2], n[3])
		}
	}
	d.report(t)
	for c := range d.classes {
		if knownDifferences[c] == "" {
			t.Errorf("difference %s is not one the descriptors explain (knownDifferences): %s", c, strings.Join(d.examples[c], " | "))
		}
	}
}

// knownDifferences are the classes of difference between the model from
// source (protoast, on emicklei/proto) and the one from descriptors, and
// why each is there: what the descriptors do not keep, and what the
// emicklei parse gets wrong.
var knownDifferences = map[string]string{
	// Nothing the descriptors lose is left: option names, the order of
	// a message literal's fields, an extend block's message as written
	// and the comments the source info has no place for (after a closing
	// brace on its line, a trailing comment on the line after a
	// statement, at the end of the file) come from protocompile's syntax
	// tree.

	// What emicklei/proto gets wrong.
	"Annotation.Value":         "{} (emicklei reads an empty message literal as nothing: {gt: } for {gt: {}})",
	"Field.Comments.Leading":   "emicklei takes a comment after the { or } on the line before as the element's leading comment; protoc makes it the trailing comment of what is before",
	"Struct.Comments.Leading":  "as Field.Comments.Leading",
	"Field.Comments.Trailing":  "protoc's trailing comment on the next line (followed by a blank line): emicklei drops it",
	"Struct.Comments.Trailing": "protoc's trailing comment of a message, after its {: emicklei drops it or gives it to the first field",
	"Struct.Reserved (count)":  "emicklei drops the reserved names editions write as identifiers (reserved bar, baz;)",
	"Enum.Reserved (count)":    "as Struct.Reserved",
	"Value.Kind":               "a float or double default written as an integer ([default = 1]) is a float",
	"Value.Int":                "as Value.Kind",
	"Value.Float":              "as Value.Kind",
	"Value.Str":                "emicklei loses the spaces of a single-quoted string and between adjacent strings",
}

// goldenProto is the proto inputs of one golden case, written out.
type goldenProto struct {
	root   string
	inputs []string
}

// goldenProtoCases writes the in/ files of the golden cases from proto
// into folders of their own and lists their inputs.
func goldenProtoCases(t *testing.T) []goldenProto {
	t.Helper()
	paths, err := filepath.Glob(filepath.Join("..", "golden", "testdata", "proto-to-*", "*.txtar"))
	if err != nil {
		t.Fatal(err)
	}
	var out []goldenProto
	for _, p := range paths {
		a, err := txtar.ParseFile(p)
		if err != nil {
			t.Fatal(err)
		}
		root := filepath.Join(t.TempDir(), "in")
		var listed []string
		for _, ln := range strings.Split(string(a.Comment), "\n") {
			if v, ok := strings.CutPrefix(strings.TrimSpace(ln), "inputs:"); ok {
				listed = strings.Fields(v)
			}
		}
		g := goldenProto{root: root}
		for _, f := range a.Files {
			rest, ok := strings.CutPrefix(f.Name, "in/")
			if !ok {
				continue
			}
			fp := filepath.Join(root, filepath.FromSlash(rest))
			if err := os.MkdirAll(filepath.Dir(fp), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(fp, f.Data, 0o644); err != nil {
				t.Fatal(err)
			}
			if len(listed) == 0 && strings.HasSuffix(rest, ".proto") {
				g.inputs = append(g.inputs, fp)
			}
		}
		sort.Strings(g.inputs)
		for _, l := range listed {
			g.inputs = append(g.inputs, filepath.Join(root, filepath.FromSlash(l)))
		}
		if len(g.inputs) > 0 {
			out = append(out, g)
		}
	}
	return out
}
