package thriftast

import (
	"errors"
	"fmt"
	"io/fs"
	"path"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/cloudwego/thriftgo/parser"

	"github.com/idlconv/idlconv/internal/marker"
	"github.com/idlconv/idlconv/internal/parallel"
	"github.com/idlconv/idlconv/internal/sources"
	"github.com/idlconv/idlconv/schema"
)

// Loader reads Thrift files, and every file they include, into the model.
// A Loader holds no state between calls and is safe for concurrent use.
type Loader struct {
	// ReadFile reads one file by slash-separated path. It is required,
	// and called from several goroutines at once (files are read side by
	// side), so it must be safe for concurrent use.
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
	src   *sources.Files          // contents read, by read path
	// parsed holds the inputs prefetch parsed, until file takes them.
	parsed map[string]sources.Parsed
	diags  schema.Diagnostics
}

// newLoad starts a Load call of l.
func newLoad(l *Loader) *load {
	return &load{l: l, byKey: map[string]*schema.File{}, read: map[*schema.File]string{}, src: sources.New(l.ReadFile)}
}

// prefetch reads the inputs and parses them on every core, for file to
// take in order: the results, and so the diagnostics and their order, are
// those of parsing them one by one. Files are parsed under their clean
// path, as file parses them.
func (ld *load) prefetch(inputs []Input) {
	var paths []string
	for _, in := range inputs {
		paths = append(paths, path.Clean(in.Path))
	}
	ld.parsed = sources.ParseFiles(ld.src, paths, ParseFile)
}

// readFile reads a file once: looking for an include reads it already.
func (ld *load) readFile(p string) ([]byte, error) { return ld.src.Read(p) }

// Load reads the inputs and their includes. It returns every loaded file,
// inputs first in the order given, then included files in the order they
// were first included. Errors are diagnostics; files that failed to parse
// are left out.
func (l *Loader) Load(inputs []Input) ([]*schema.File, schema.Diagnostics) {
	ld := newLoad(l)
	ld.prefetch(inputs)
	for _, in := range inputs {
		ld.file(in.Path, in.Name)
	}
	// Includes are loaded breadth-first after the inputs.
	for i := 0; i < len(ld.files); i++ {
		f := ld.files[i]
		for _, imp := range f.Imports {
			readPath, name, ok := ld.find(ld.read[f], f.Path, imp.Path)
			if !ok {
				ld.diags.Report(imp.Pos, RuleIncludeNotFound, "cannot find include %q (searched next to %s and in %d include dir(s))", imp.Path, f.Path, len(l.IncludeDirs))
				continue
			}
			imp.File = ld.file(readPath, name)
		}
	}
	index := declIndex{}
	for _, f := range ld.files {
		checkNames(f, &ld.diags)
		resolveFile(f, index, &ld.diags)
	}
	checkTypedefCycles(ld.files, &ld.diags)
	checkSharedScope(ld.files, &ld.diags)
	return ld.files, ld.diags
}

// find locates an include: next to the including file, then in each
// include dir. It returns the path to read and the logical name.
func (ld *load) find(fromRead, fromName, inc string) (readPath, name string, ok bool) {
	cand := path.Join(path.Dir(fromRead), inc)
	if ld.exists(cand) {
		return cand, path.Join(path.Dir(fromName), inc), true
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
		ld.diags.Report(schema.Pos{File: readPath}, schema.RuleReadError, "cannot read %s: %s", readPath, msg)
		return nil
	}
	var f *schema.File
	var diags schema.Diagnostics
	if pr, ok := ld.parsed[readPath]; ok {
		f, diags = pr.File, pr.Diags
		delete(ld.parsed, readPath)
	} else {
		f, diags = ParseFile(readPath, src)
	}
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
	var built schema.Diagnostics
	b := &builder{name: name, src: patched, sk: sk, diags: &built, base: map[schema.TypeKind]*schema.Type{}}
	f, err := b.build()
	if err != nil {
		// A file thriftgo rejects gives its error alone, as when thriftgo
		// read the file at once, before anything was built.
		diags = append(diags, thriftgoDiagnostic(name, string(src), err))
		return nil, diags
	}
	return f, append(diags, built...)
}

// The declarations' types and values come from thriftgo's parser, run over
// the file one piece at a time: the headers, then each definition with the
// text up to the next one. thriftgo's PEG parser holds a node for every
// rule it matches, some hundred bytes per byte of its input, until it
// returns; given a whole 8 MB file at once it took more than 600 MB. Piece
// by piece, and with each batch of definitions built as soon as its pieces
// are parsed (thriftgo's trees then dropped), that peak is bounded by the
// largest definition, and the pieces of a batch are parsed in parallel.
// Every piece is a valid Thrift document on its own (headers come before
// the definitions, and the scan has found where each definition starts),
// so thriftgo reads the same declarations as from the whole file.

// pieceError is a thriftgo error in the piece of a file's source that
// starts at a byte offset; thriftgo counts its positions from the start
// of the piece as it read it (squeezed).
type pieceError struct {
	err   error
	piece squeezed // the piece as thriftgo read it
	start int
}

// newPieceError places err, thriftgo's error in piece, which starts at
// the byte offset start of the source.
func newPieceError(err error, piece squeezed, start int) *pieceError {
	return &pieceError{err: err, piece: piece, start: start}
}

// offset is the byte offset in the whole source of line:col in the piece,
// where col counts characters, as thriftgo's symbols do (the source
// thriftgo reads has a byte of its own where the patches blanked a
// character, so the bytes line up with the file's, but for the white
// space squeeze cut).
func (e *pieceError) offset(line, col int) int {
	text, off := e.piece.text, 0
	for ; line > 1; line-- {
		i := strings.IndexByte(text[off:], '\n')
		if i < 0 {
			return e.start + e.piece.original(len(text))
		}
		off += i + 1
	}
	for ; col > 1 && off < len(text) && text[off] != '\n'; col-- {
		_, size := utf8.DecodeRuneInString(text[off:])
		off += size
	}
	return e.start + e.piece.original(off)
}

func (e *pieceError) Error() string { return e.err.Error() }
func (e *pieceError) Unwrap() error { return e.err }

// parseString runs thriftgo's parser on one piece of a file, turning a
// panic inside it into an error: no input may crash idlconv.
func parseString(name, src string) (tree *parser.Thrift, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("thriftgo parser failed: %v", r)
		}
	}()
	return parser.ParseString(name, src)
}

var thriftgoErrPos = regexp.MustCompile(`line (\d+) symbol (\d+)`)

// thriftgoDiagnostic turns a thriftgo error in the file src into a
// positioned diagnostic.
func thriftgoDiagnostic(name, src string, err error) schema.Diagnostic {
	msg := strings.Join(strings.Fields(err.Error()), " ")
	pos := schema.Pos{File: name}
	if m := thriftgoErrPos.FindStringSubmatch(msg); m != nil {
		line, _ := strconv.Atoi(m[1])
		symbol, _ := strconv.Atoi(m[2])
		if pe, ok := err.(*pieceError); ok {
			// The character after thriftgo's symbol, in bytes.
			off := pe.offset(line, symbol+1)
			pos = schema.NewLines(name, src).Pos(off, tokenEnd(src, off))
		} else {
			pos.Line, pos.Col = line, symbol+1
		}
		if i := strings.Index(msg, " (line"); i > 0 {
			msg = msg[:i]
		}
	}
	return schema.RuleSyntax.Diagnostic(pos, "syntax error: %s", msg)
}

// builder merges thriftgo's reading of each definition with the scan's
// skeleton.
type builder struct {
	name  string
	src   string // the patched source thriftgo reads
	sk    *skeleton
	diags *schema.Diagnostics
	// base are the types of base kinds without annotations, one each: a
	// base type's place is its field's, and nothing changes a type of the
	// model once built (a file of 270,000 fields would otherwise hold
	// 300,000 identical ones, 38 MB).
	base map[schema.TypeKind]*schema.Type
}

// piece is a span of the source that thriftgo parses on its own, and
// what it read there.
type piece struct {
	start, end int
	tree       *parser.Thrift
	err        error
	read       squeezed // the text thriftgo read, kept for its error
}

// pieceBatch is how many pieces are parsed, in parallel, before they are
// built: it bounds the memory of the trees waiting to be built.
const pieceBatch = 256

// parse runs thriftgo on each piece, on as many goroutines as there are
// processors; the pieces are independent.
func (b *builder) parse(pieces []piece) {
	parallel.Each(len(pieces), func(i int) {
		p := &pieces[i]
		p.read = squeeze(b.src[p.start:p.end])
		p.tree, p.err = parseString(b.name, p.read.text)
		if p.err == nil {
			p.read = squeezed{}
		}
	})
}

// node returns thriftgo's declaration of a kind and name in the tree of
// one piece.
func node(tree *parser.Thrift, kind, name string) any {
	structName := func(s *parser.StructLike) string { return s.Name }
	switch kind {
	case "struct":
		return named(tree.Structs, structName, name)
	case "union":
		return named(tree.Unions, structName, name)
	case "exception":
		return named(tree.Exceptions, structName, name)
	case "enum":
		return named(tree.Enums, func(e *parser.Enum) string { return e.Name }, name)
	case "typedef":
		return named(tree.Typedefs, func(t *parser.Typedef) string { return t.Alias }, name)
	case "const":
		return named(tree.Constants, func(c *parser.Constant) string { return c.Name }, name)
	case "service":
		return named(tree.Services, func(s *parser.Service) string { return s.Name }, name)
	}
	return nil
}

// named returns the first of items whose name is want, or nil (an untyped
// nil, not a nil pointer in an interface).
func named[T any](items []*T, nameOf func(*T) string, want string) any {
	for _, it := range items {
		if nameOf(it) == want {
			return it
		}
	}
	return nil
}

// build parses the file's pieces with thriftgo and builds the file. Its
// error is thriftgo's, for the first piece it rejects.
func (b *builder) build() (*schema.File, error) {
	f := &schema.File{Path: b.name, Format: schema.Thrift, Pos: schema.Pos{File: b.name, Line: 1, Col: 1}}
	for _, inc := range b.sk.includes {
		f.Imports = append(f.Imports, &schema.Import{Pos: inc.pos, Path: inc.arg})
	}
	for _, ns := range b.sk.namespaces {
		f.Namespaces = append(f.Namespaces, &schema.Namespace{Pos: ns.pos, Lang: ns.lang, Name: ns.arg})
	}
	var defs []*declNode
	for _, d := range b.sk.decls {
		if d.kind != "comment" {
			defs = append(defs, d)
		}
	}
	if len(defs) == 0 || b.sk.headers {
		end := len(b.src)
		if len(defs) > 0 {
			end = defs[0].start
		}
		headers := squeeze(b.src[:end])
		if _, err := parseString(b.name, headers.text); err != nil {
			return nil, newPieceError(err, headers, 0)
		}
	}
	seen := map[string]schema.Pos{}
	var batch []piece
	next := 0 // the index in defs of the next definition
	for _, d := range b.sk.decls {
		if d.kind == "comment" {
			f.Decls = append(f.Decls, &schema.Comment{Pos: d.pos, Text: d.text})
			continue
		}
		if next%pieceBatch == 0 {
			batch = batch[:0]
			for i := next; i < min(next+pieceBatch, len(defs)); i++ {
				end := len(b.src)
				if i+1 < len(defs) {
					end = defs[i+1].start
				}
				batch = append(batch, piece{start: defs[i].start, end: end})
			}
			b.parse(batch)
		}
		p := batch[next%pieceBatch]
		next++
		if p.err != nil {
			return nil, newPieceError(p.err, p.read, p.start)
		}
		if prev, dup := seen[d.name]; dup {
			b.diags.Report(d.pos, RuleDuplicateName, "%s is already declared at %s", d.name, prev)
			continue
		}
		seen[d.name] = d.pos
		if decl := b.decl(d, p.tree); decl != nil {
			f.Decls = append(f.Decls, decl)
		}
		// The scan's nodes of a built definition are no longer needed.
		d.fields, d.values, d.methods = nil, nil, nil
	}
	return f, nil
}

func (b *builder) decl(d *declNode, tree *parser.Thrift) schema.Decl {
	switch d.kind {
	case "struct", "union", "exception":
		sl, _ := node(tree, d.kind, d.name).(*parser.StructLike)
		if sl == nil {
			return nil
		}
		kind := map[string]schema.StructKind{"struct": schema.KindStruct, "union": schema.KindUnion, "exception": schema.KindException}[d.kind]
		return &schema.Struct{Pos: d.pos, Name: d.name, Kind: kind, Fields: b.fields(sl.Fields, d.fields, d.name),
			Comments: d.comments, Annotations: d.annotations}
	case "enum":
		if e, ok := node(tree, d.kind, d.name).(*parser.Enum); ok {
			return b.enum(e, d)
		}
	case "typedef":
		if t, ok := node(tree, d.kind, d.name).(*parser.Typedef); ok {
			anns := d.annotations
			format := takeAnnotation(&anns, marker.JSONFormat)
			return &schema.Typedef{Pos: d.pos, Name: d.name, Type: withFormat(b.typ(t.Type, d.typePos, nil), format),
				Comments: d.comments, Annotations: anns}
		}
	case "const":
		if c, ok := node(tree, d.kind, d.name).(*parser.Constant); ok {
			return &schema.Const{Pos: d.pos, Name: d.name, Type: b.typ(c.Type, d.typePos, nil),
				Value: withLiteral(b.value(c.Value, d.pos), d.valueLit), Comments: d.comments, Annotations: d.annotations}
		}
	case "service":
		if s, ok := node(tree, d.kind, d.name).(*parser.Service); ok {
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
			ev.JSONValue = takeAnnotation(&ev.Annotations, marker.JSONValue)
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
		sf.JSONName = takeAnnotation(&sf.Annotations, marker.JSONName)
		sf.Type = withFormat(sf.Type, takeAnnotation(&sf.Annotations, marker.JSONFormat))
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
	format := takeAnnotation(&anns, marker.JSONFormat)
	if k, ok := baseKinds[t.Name]; ok && len(anns) == 0 && format == nil {
		if shared := b.base[k]; shared != nil {
			return shared
		}
		b.base[k] = &schema.Type{Kind: k}
		return b.base[k]
	}
	out := &schema.Type{Pos: pos, Annotations: anns, Format: format}
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

// takeAnnotation removes the first annotation key from anns and returns
// its value, or nil when there is none: a fact the model holds as a field
// (marker.JSONName, ...). The slice anns pointed to is left as it was.
func takeAnnotation(anns *[]schema.Annotation, key string) *schema.Text {
	for i, a := range *anns {
		if a.Key == key {
			*anns = append(slices.Clip((*anns)[:i]), (*anns)[i+1:]...)
			if len(*anns) == 0 {
				*anns = nil
			}
			return &schema.Text{Pos: a.Pos, Value: a.Value}
		}
	}
	return nil
}

// withFormat returns t with the format a json.format annotation of its
// field or typedef gives, unless its own annotation gave one: a copy, so
// that the types shared by every use of a base kind stay unchanged.
func withFormat(t *schema.Type, format *schema.Text) *schema.Type {
	if t == nil || format == nil || t.Format != nil {
		return t
	}
	c := *t
	c.Format = format
	return &c
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
