package thriftast

import (
	"errors"
	"fmt"
	"io/fs"
	"path"
	"regexp"
	"strconv"
	"strings"

	"github.com/cloudwego/thriftgo/parser"

	"github.com/idlconv/idlconv/schema"
)

// Loader reads Thrift files, and every file they include, into the model.
// A Loader holds no state between calls and is safe for concurrent use.
type Loader struct {
	// ReadFile reads one file by slash-separated path. It is required.
	ReadFile func(name string) ([]byte, error)
	// IncludeDirs are searched, in order, for includes that are not found
	// relative to the including file.
	IncludeDirs []string
}

// Input names one file to load: where to read it and the path it has in
// the model (and so in generated imports).
type Input struct {
	// Path is where ReadFile finds the file.
	Path string
	// Name is the file's logical path, relative to its import root.
	Name string
}

// load is the state of one Load call.
type load struct {
	l     *Loader
	files []*schema.File
	byKey map[string]*schema.File // by read path
	read  map[*schema.File]string // read path of each file
	src   map[string][]byte       // contents read, by read path
	diags schema.Diagnostics
}

// readFile reads a file once: looking for an include reads it already.
func (ld *load) readFile(p string) ([]byte, error) {
	p = path.Clean(p)
	if b, ok := ld.src[p]; ok {
		return b, nil
	}
	b, err := ld.l.ReadFile(p)
	if err == nil {
		ld.src[p] = b
	}
	return b, err
}

// Load reads the inputs and their includes. It returns every loaded file,
// inputs first in the order given, then included files in the order they
// were first included. Errors are diagnostics; files that failed to parse
// are left out.
func (l *Loader) Load(inputs []Input) ([]*schema.File, schema.Diagnostics) {
	ld := &load{l: l, byKey: map[string]*schema.File{}, read: map[*schema.File]string{}, src: map[string][]byte{}}
	for _, in := range inputs {
		ld.file(in.Path, in.Name)
	}
	// Includes are loaded breadth-first after the inputs.
	for i := 0; i < len(ld.files); i++ {
		f := ld.files[i]
		for _, imp := range f.Imports {
			readPath, name, ok := ld.find(f, imp.Path)
			if !ok {
				ld.diags.Report(imp.Pos, RuleIncludeNotFound, "cannot find include %q (searched next to %s and in %d include dir(s))", imp.Path, f.Path, len(l.IncludeDirs))
				continue
			}
			imp.File = ld.file(readPath, name)
		}
	}
	index := declIndex{}
	for _, f := range ld.files {
		resolveFile(f, index, &ld.diags)
	}
	return ld.files, ld.diags
}

// find locates an include: next to the including file, then in each
// include dir. It returns the path to read and the logical name.
func (ld *load) find(from *schema.File, inc string) (readPath, name string, ok bool) {
	fromRead := ld.read[from]
	cand := path.Join(path.Dir(fromRead), inc)
	if ld.exists(cand) {
		return cand, path.Join(path.Dir(from.Path), inc), true
	}
	for _, dir := range ld.l.IncludeDirs {
		cand := path.Join(dir, inc)
		if ld.exists(cand) {
			return cand, path.Clean(inc), true
		}
	}
	return "", "", false
}

func (ld *load) exists(p string) bool {
	if _, ok := ld.byKey[p]; ok {
		return true
	}
	_, err := ld.readFile(p)
	return err == nil
}

// file parses one file once; later calls return the same *schema.File.
func (ld *load) file(readPath, name string) *schema.File {
	readPath = path.Clean(readPath)
	if f, ok := ld.byKey[readPath]; ok {
		return f
	}
	src, err := ld.readFile(readPath)
	if err != nil {
		msg := err.Error()
		if errors.Is(err, fs.ErrNotExist) {
			msg = "no such file"
		}
		ld.diags.Report(schema.Pos{File: readPath, Line: 1, Col: 1}, schema.RuleReadError, "cannot read %s: %s", readPath, msg)
		return nil
	}
	f, diags := ParseFile(readPath, src)
	ld.diags = append(ld.diags, diags...)
	if f == nil {
		return nil
	}
	f.Path = name
	ld.byKey[readPath] = f
	ld.read[f] = readPath
	ld.files = append(ld.files, f)
	return f
}

// ParseFile parses one Thrift file without resolving its includes or type
// references. name is the path shown in positions; it is also the file's
// Path until the caller sets the logical one.
func ParseFile(name string, src []byte) (*schema.File, schema.Diagnostics) {
	var diags schema.Diagnostics
	sk, err := scan(name, string(src))
	if err != nil {
		var se *scanError
		if errors.As(err, &se) {
			diags.Report(se.pos, se.rule, "%s", se.msg)
		} else {
			diags.Report(schema.Pos{File: name}, schema.RuleSyntax, "%v", err)
		}
		return nil, diags
	}
	if len(sk.includes) == 0 && len(sk.namespaces) == 0 && len(sk.decls) == 0 {
		// Nothing but whitespace and comments: a valid, empty file, as
		// the thrift compiler reads it (thriftgo rejects it).
		return &schema.File{Path: name, Format: schema.Thrift, Pos: schema.Pos{File: name, Line: 1, Col: 1}}, diags
	}
	patches := sk.patches
	if strings.HasPrefix(string(src), bom) {
		patches = append(patches, patch{start: 0, text: "   ", why: "byte order mark"})
	}
	patched := applyPatches(string(src), patches)
	tree, err := parseWithThriftgo(name, patched)
	if err != nil {
		diags = append(diags, thriftgoDiagnostic(name, err))
		return nil, diags
	}
	b := &builder{name: name, tree: tree, sk: sk, diags: &diags}
	return b.build(), diags
}

// parseWithThriftgo runs thriftgo's parser, turning a panic inside it into
// an error: no input may crash idlconv.
func parseWithThriftgo(name, src string) (tree *parser.Thrift, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("thriftgo parser failed: %v", r)
		}
	}()
	return parser.ParseString(name, src)
}

var thriftgoErrPos = regexp.MustCompile(`line (\d+) symbol (\d+)`)

// thriftgoDiagnostic turns a thriftgo error into a positioned diagnostic.
func thriftgoDiagnostic(name string, err error) schema.Diagnostic {
	msg := strings.Join(strings.Fields(err.Error()), " ")
	pos := schema.Pos{File: name}
	if m := thriftgoErrPos.FindStringSubmatch(msg); m != nil {
		pos.Line, _ = strconv.Atoi(m[1])
		col, _ := strconv.Atoi(m[2])
		pos.Col = col + 1
		if i := strings.Index(msg, " (line"); i > 0 {
			msg = msg[:i]
		}
	}
	return schema.RuleSyntax.Diagnostic(pos, "syntax error: %s", msg)
}

// builder merges thriftgo's tree with the scan's skeleton.
type builder struct {
	name  string
	tree  *parser.Thrift
	sk    *skeleton
	diags *schema.Diagnostics
	// nodes indexes thriftgo's declarations by kind and name (see node).
	nodes map[string]any
}

// node returns thriftgo's declaration of a kind and name: the last
// struct-like of the name, the first of the others, as the lookups this
// index replaced did.
func (b *builder) node(kind, name string) any {
	if b.nodes == nil {
		b.nodes = map[string]any{}
		for k, list := range map[string][]*parser.StructLike{"struct": b.tree.Structs, "union": b.tree.Unions, "exception": b.tree.Exceptions} {
			for _, s := range list {
				b.nodes[k+"\x00"+s.Name] = s
			}
		}
		first := func(key string, v any) {
			if _, ok := b.nodes[key]; !ok {
				b.nodes[key] = v
			}
		}
		for _, e := range b.tree.Enums {
			first("enum\x00"+e.Name, e)
		}
		for _, t := range b.tree.Typedefs {
			first("typedef\x00"+t.Alias, t)
		}
		for _, c := range b.tree.Constants {
			first("const\x00"+c.Name, c)
		}
		for _, s := range b.tree.Services {
			first("service\x00"+s.Name, s)
		}
	}
	return b.nodes[kind+"\x00"+name]
}

func (b *builder) build() *schema.File {
	f := &schema.File{Path: b.name, Format: schema.Thrift, Pos: schema.Pos{File: b.name, Line: 1, Col: 1}}
	for _, inc := range b.sk.includes {
		f.Imports = append(f.Imports, &schema.Import{Pos: inc.pos, Path: inc.arg})
	}
	for _, ns := range b.sk.namespaces {
		f.Namespaces = append(f.Namespaces, &schema.Namespace{Pos: ns.pos, Lang: ns.lang, Name: ns.arg})
	}
	seen := map[string]schema.Pos{}
	for _, d := range b.sk.decls {
		if d.kind == "comment" {
			f.Decls = append(f.Decls, &schema.Comment{Pos: d.pos, Text: d.text})
			continue
		}
		if prev, dup := seen[d.name]; dup {
			b.diags.Report(d.pos, RuleDuplicateName, "%s is already declared at %s", d.name, prev)
			continue
		}
		seen[d.name] = d.pos
		if decl := b.decl(d); decl != nil {
			f.Decls = append(f.Decls, decl)
		}
	}
	return f
}

func (b *builder) decl(d *declNode) schema.Decl {
	switch d.kind {
	case "struct", "union", "exception":
		sl, _ := b.node(d.kind, d.name).(*parser.StructLike)
		if sl == nil {
			return nil
		}
		kind := map[string]schema.StructKind{"struct": schema.KindStruct, "union": schema.KindUnion, "exception": schema.KindException}[d.kind]
		return &schema.Struct{Pos: d.pos, Name: d.name, Kind: kind, Fields: b.fields(sl.Fields, d.fields, d.name),
			Comments: d.comments, Annotations: d.annotations}
	case "enum":
		if e, ok := b.node(d.kind, d.name).(*parser.Enum); ok {
			return b.enum(e, d)
		}
	case "typedef":
		if t, ok := b.node(d.kind, d.name).(*parser.Typedef); ok {
			return &schema.Typedef{Pos: d.pos, Name: d.name, Type: b.typ(t.Type, d.typePos, nil),
				Comments: d.comments, Annotations: d.annotations}
		}
	case "const":
		if c, ok := b.node(d.kind, d.name).(*parser.Constant); ok {
			return &schema.Const{Pos: d.pos, Name: d.name, Type: b.typ(c.Type, d.typePos, nil),
				Value: withLiteral(b.value(c.Value, d.pos), d.valueLit), Comments: d.comments, Annotations: d.annotations}
		}
	case "service":
		if s, ok := b.node(d.kind, d.name).(*parser.Service); ok {
			return b.service(s, d)
		}
	}
	return nil
}

func (b *builder) enum(e *parser.Enum, d *declNode) *schema.Enum {
	out := &schema.Enum{Pos: d.pos, Name: d.name, Comments: d.comments, Annotations: d.annotations}
	seen := map[string]bool{}
	for i, v := range e.Values {
		ev := &schema.EnumValue{Name: v.Name, Value: v.Value}
		if i < len(d.values) {
			n := d.values[i]
			ev.Pos, ev.Comments, ev.Annotations = n.pos, n.comments, n.annotations
		}
		if seen[v.Name] {
			b.diags.Report(ev.Pos, RuleDuplicateName, "enum %s already has a value named %s", d.name, v.Name)
			continue
		}
		seen[v.Name] = true
		out.Values = append(out.Values, ev)
	}
	return out
}

// fields merges thriftgo's fields with the scan's, which are in the same
// order. Implicit IDs are numbered -1, -2, ... as Apache Thrift does.
func (b *builder) fields(tf []*parser.Field, sf []*fieldNode, owner string) []*schema.Field {
	var out []*schema.Field
	implicit := 0
	ids := map[int]string{}
	names := map[string]bool{}
	for i, f := range tf {
		var n *fieldNode
		if i < len(sf) {
			n = sf[i]
		} else {
			n = &fieldNode{}
		}
		sf := &schema.Field{Pos: n.pos, Name: f.Name, ID: int(f.ID), IDExplicit: n.idExplicit,
			Type: b.typ(f.Type, n.typePos, n.typeAnns), Comments: n.comments, Annotations: n.annotations}
		if !n.idExplicit {
			implicit--
			sf.ID = implicit
		}
		switch f.Requiredness {
		case parser.FieldType_Required:
			sf.Presence, sf.Label = schema.PresenceRequired, "required"
		case parser.FieldType_Optional:
			sf.Presence, sf.Label = schema.PresenceOptional, "optional"
		}
		if f.Default != nil {
			sf.Default = withLiteral(b.value(f.Default, n.pos), n.defaultLit)
		}
		if names[f.Name] {
			b.diags.Report(sf.Pos, RuleDuplicateName, "%s already has a field named %s", owner, f.Name)
			continue
		}
		names[f.Name] = true
		if other, dup := ids[sf.ID]; dup && sf.IDExplicit {
			b.diags.Report(sf.Pos, schema.RuleDuplicateID, "field %s of %s has ID %d, already used by field %s", f.Name, owner, sf.ID, other)
			continue
		}
		ids[sf.ID] = f.Name
		out = append(out, sf)
	}
	return out
}

func (b *builder) service(s *parser.Service, d *declNode) *schema.Service {
	out := &schema.Service{Pos: d.pos, Name: d.name, Extends: s.Extends, Comments: d.comments, Annotations: d.annotations}
	for i, fn := range s.Functions {
		n := &methodNode{}
		if i < len(d.methods) {
			n = d.methods[i]
		}
		m := &schema.Method{Pos: n.pos, Name: fn.Name, Oneway: fn.Oneway, Comments: n.comments, Annotations: n.annotations,
			Args: b.fields(fn.Arguments, n.args, d.name+"."+fn.Name), Throws: b.fields(fn.Throws, n.throws, d.name+"."+fn.Name)}
		if !fn.Void {
			m.Result = b.typ(fn.FunctionType, n.resultPos, nil)
		}
		out.Methods = append(out.Methods, m)
	}
	return out
}

var baseKinds = map[string]schema.TypeKind{
	"bool": schema.TypeBool, "byte": schema.TypeI8, "i8": schema.TypeI8, "i16": schema.TypeI16,
	"i32": schema.TypeI32, "i64": schema.TypeI64, "double": schema.TypeDouble, "string": schema.TypeString,
	"binary": schema.TypeBinary, "uuid": schema.TypeUUID, "slist": schema.TypeString,
}

// typ converts a thriftgo type. Nested types share the position of the
// outermost one, which is as precise as the scan records.
func (b *builder) typ(t *parser.Type, pos schema.Pos, anns []schema.Annotation) *schema.Type {
	if t == nil {
		return nil
	}
	out := &schema.Type{Pos: pos, Annotations: anns}
	switch t.Name {
	case "list":
		out.Kind, out.Elem = schema.TypeList, b.typ(t.ValueType, pos, nil)
	case "set":
		out.Kind, out.Elem = schema.TypeSet, b.typ(t.ValueType, pos, nil)
	case "map":
		out.Kind, out.Key, out.Elem = schema.TypeMap, b.typ(t.KeyType, pos, nil), b.typ(t.ValueType, pos, nil)
	default:
		if k, ok := baseKinds[t.Name]; ok {
			out.Kind = k
		} else {
			out.Kind, out.Name = schema.TypeNamed, t.Name
		}
	}
	return out
}

// withLiteral replaces a string or float value with the scan's reading of
// its literal: thriftgo keeps escapes undecoded and reads 1.5e10 as 10.
func withLiteral(v *schema.Value, lit *token) *schema.Value {
	if v == nil || lit == nil {
		return v
	}
	switch {
	case v.Kind == schema.ValueString && lit.kind == tokString:
		v.Str = unquote(lit.text)
	case lit.kind == tokFloat:
		if f, err := strconv.ParseFloat(lit.text, 64); err == nil {
			v.Kind, v.Float = schema.ValueFloat, f
		}
	}
	return v
}

// value converts a thriftgo constant value.
func (b *builder) value(v *parser.ConstValue, pos schema.Pos) *schema.Value {
	if v == nil || v.TypedValue == nil {
		return nil
	}
	tv := v.TypedValue
	out := &schema.Value{Pos: pos}
	switch v.Type {
	case parser.ConstType_ConstInt:
		out.Kind, out.Int = schema.ValueInt, *tv.Int
	case parser.ConstType_ConstDouble:
		out.Kind, out.Float = schema.ValueFloat, *tv.Double
	case parser.ConstType_ConstLiteral:
		out.Kind, out.Str = schema.ValueString, *tv.Literal
	case parser.ConstType_ConstIdentifier:
		switch *tv.Identifier {
		case "true", "false":
			out.Kind, out.Bool = schema.ValueBool, *tv.Identifier == "true"
		default:
			out.Kind, out.Str = schema.ValueIdent, *tv.Identifier
		}
	case parser.ConstType_ConstList:
		out.Kind = schema.ValueList
		for _, e := range tv.List {
			out.List = append(out.List, b.value(e, pos))
		}
	case parser.ConstType_ConstMap:
		out.Kind = schema.ValueMap
		for _, e := range tv.Map {
			out.Map = append(out.Map, &schema.MapEntry{Key: b.value(e.Key, pos), Value: b.value(e.Value, pos)})
		}
	default:
		return nil
	}
	return out
}
