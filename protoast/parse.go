package protoast

import (
	"bytes"
	"errors"
	"io/fs"
	"path"
	"regexp"
	"strconv"
	"strings"
	"text/scanner"
	"unicode/utf8"

	"github.com/emicklei/proto"

	"github.com/idlconv/idlconv/internal/sources"
	"github.com/idlconv/idlconv/schema"
)

// Loader reads .proto files, and every file they import, into the model.
// A Loader holds no state between calls and is safe for concurrent use.
type Loader struct {
	// ReadFile reads one file by slash-separated path. It is required,
	// and called from several goroutines at once (files are read side by
	// side), so it must be safe for concurrent use.
	ReadFile func(name string) ([]byte, error)
	// ImportPaths are the import roots (-I), searched in order. The root
	// of each input (its Path without its Name) is searched after them.
	ImportPaths []string
}

// Input names one file to load: where to read it and its path relative
// to its import root (the name other files import it by).
type Input struct {
	Path string
	Name string
}

// load is the state of one Load call.
type load struct {
	l      *Loader
	files  []*schema.File
	byName map[string]*schema.File
	roots  []string
	// src holds the contents read, by read path; the check
	// (protocompile) reads files on its own goroutines while the inputs
	// are parsed.
	src *sources.Files
	// parsed holds the inputs prefetch parsed, until file takes them.
	parsed map[string]sources.Parsed
	// parsedPaths are the files parsed, whether or not they parsed: the
	// files emicklei/proto read, whose editions say whether the check
	// counts.
	parsedPaths []string
	diags       schema.Diagnostics
}

// readFile reads a file once: looking for an import reads it already.
func (ld *load) readFile(p string) ([]byte, error) { return ld.src.Read(p) }

// prefetch reads the inputs and parses them on every core, for file to
// take in order: the results, and so the diagnostics and their order, are
// those of parsing them one by one.
func (ld *load) prefetch(inputs []Input) {
	var paths []string
	for _, in := range inputs {
		paths = append(paths, in.Path)
	}
	ld.parsed = sources.ParseFiles(ld.src, paths, ParseFile)
}

// Load reads the inputs and their imports. It returns every loaded file,
// inputs first in the order given, then imported files in the order they
// were first imported. The well-known types (google/protobuf/*.proto)
// are built in: an import of one resolves to the built-in model even when
// a copy is on an import path.
func (l *Loader) Load(inputs []Input) ([]*schema.File, schema.Diagnostics) {
	ld := &load{l: l, byName: map[string]*schema.File{}, src: sources.New(l.ReadFile)}
	for _, in := range inputs {
		if root, ok := strings.CutSuffix(path.Clean(in.Path), in.Name); ok {
			ld.roots = append(ld.roots, strings.TrimSuffix(root, "/"))
		}
	}
	// protoc is the reference: where protocompile rejects the input, its
	// errors (positions as protoc gives them) are the ones shown. The check
	// runs beside the parse, on its own goroutines.
	checked := make(chan schema.Diagnostics, 1)
	go func() {
		var paths []string
		for _, in := range inputs {
			paths = append(paths, in.Path)
		}
		// Inputs of an edition protocompile does not know are not checked.
		if !ld.editionsKnown(paths) {
			checked <- nil
			return
		}
		checked <- ld.check(inputs)
	}()
	ld.prefetch(inputs)
	for _, in := range inputs {
		ld.file(in.Path, in.Name)
	}
	for i := 0; i < len(ld.files); i++ {
		f := ld.files[i]
		for _, imp := range f.Imports {
			if got, ok := ld.byName[imp.Path]; ok {
				imp.File = got
				continue
			}
			// A well-known file is built in, even where a copy of it is
			// on an import path: its types are known by name, not by
			// where they were found.
			if wk := WellKnownFile(imp.Path); wk != nil {
				ld.byName[imp.Path] = wk
				ld.files = append(ld.files, wk)
				imp.File = wk
				continue
			}
			readPath, ok := ld.find(imp.Path)
			switch {
			case ok:
				imp.File = ld.file(readPath, imp.Path)
			default:
				ld.diags.Report(imp.Pos, RuleImportNotFound, "cannot find import %q (searched %d import path(s))", imp.Path, len(l.ImportPaths)+len(ld.roots))
			}
		}
	}
	// A file of an edition protocompile does not know is judged by
	// emicklei/proto alone: the check's errors are then set aside. So are
	// they when a file could not be read (a named pipe, a file too
	// large): the read error says why, where the check only finds no
	// file.
	if diags := <-checked; diags.HasErrors() && ld.editionsKnown(ld.parsedPaths) && !ld.readFailed() {
		return nil, diags
	}
	if !ld.diags.HasErrors() {
		resolveFiles(ld.files, &ld.diags)
	}
	if !ld.diags.HasErrors() {
		settlePresence(ld.files)
	}
	return ld.files, ld.diags
}

// readFailed reports whether a file could not be read.
func (ld *load) readFailed() bool {
	for _, d := range ld.diags {
		if d.Rule == schema.RuleReadError.ID {
			return true
		}
	}
	return false
}

func (ld *load) find(name string) (string, bool) {
	for _, dir := range append(append([]string(nil), ld.l.ImportPaths...), ld.roots...) {
		cand := path.Join(dir, name)
		if _, err := ld.readFile(cand); err == nil {
			return cand, true
		}
	}
	return "", false
}

func (ld *load) file(readPath, name string) *schema.File {
	if f, ok := ld.byName[name]; ok {
		return f
	}
	ld.parsedPaths = append(ld.parsedPaths, readPath)
	if p, ok := ld.parsed[path.Clean(readPath)]; ok {
		delete(ld.parsed, path.Clean(readPath))
		return ld.add(p.File, p.Diags, name)
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
	f, diags := ParseFile(readPath, src)
	return ld.add(f, diags, name)
}

// add takes the result of parsing a file imported as name: its
// diagnostics, and the file when it parsed.
func (ld *load) add(f *schema.File, diags schema.Diagnostics, name string) *schema.File {
	ld.diags = append(ld.diags, diags...)
	if f == nil {
		return nil
	}
	f.Path = name
	ld.byName[name] = f
	ld.files = append(ld.files, f)
	return f
}

var parseErrPos = regexp.MustCompile(`(\S*?):(\d+):(\d+):?\s*(.*)$`)

// checkControl reports the first control character of src other than tab,
// newline, vertical tab, form feed and carriage return: protoc refuses
// them ("Invalid control characters encountered in text"), and
// github.com/emicklei/proto loops without end on some of them (a NUL in
// an rpc's option body, found by FuzzParseFile).
func checkControl(name string, src []byte) *schema.Diagnostic {
	line, col := 1, 1
	for _, c := range src {
		switch {
		case c == '\n':
			line, col = line+1, 1
			continue
		case c < 0x20 && c != '\t' && c != '\v' && c != '\f' && c != '\r', c == 0x7f:
			d := schema.RuleSyntax.Diagnostic(schema.Pos{File: name, Line: line, Col: col, EndLine: line, EndCol: col + 1}, "invalid control character 0x%02x", c)
			return &d
		}
		col++
	}
	return nil
}

// ParseFile parses one .proto file without resolving imports or types.
// name is the path shown in positions.
func ParseFile(name string, src []byte) (f *schema.File, diags schema.Diagnostics) {
	defer func() {
		if r := recover(); r != nil {
			diags.Report(schema.Pos{File: name, Line: 1, Col: 1}, schema.RuleSyntax, "proto parser failed: %v", r)
			f = nil
		}
	}()
	if d := checkControl(name, src); d != nil {
		return nil, schema.Diagnostics{*d}
	}
	if d := checkBalance(name, src); d != nil {
		return nil, schema.Diagnostics{*d}
	}
	relaxed := relax(src)
	p := proto.NewParser(bytes.NewReader(relaxed))
	p.Filename(name)
	def, err := p.Parse()
	lines := schema.NewLines(name, src)
	if err != nil {
		msg := strings.TrimSpace(strings.SplitN(err.Error(), "\n", 2)[0])
		pos := schema.Pos{File: name, Line: 1, Col: 1}
		if m := parseErrPos.FindStringSubmatch(msg); m != nil {
			line, _ := strconv.Atoi(m[2])
			col, _ := strconv.Atoi(m[3])
			pos.Line, pos.Col = line, col
			if start := lines.LineStart(line); start >= 0 {
				// emicklei's column counts the characters of the text it
				// read, which has the file's bytes where relax blanked
				// characters.
				off := charOffset(relaxed, start, col)
				pos = lines.Pos(off, TokenEnd(src, off))
			}
			msg = m[4]
		}
		if construct := unsupportedConstruct(msg); construct != "" {
			diags.Report(pos, RuleUnsupportedSyntax, "%s is not supported by the proto parser idlconv uses (github.com/emicklei/proto v1.14.3), though protoc accepts it", construct)
			return nil, diags
		}
		diags.Report(pos, schema.RuleSyntax, "syntax error: %s", msg)
		return nil, diags
	}
	b := &protoBuilder{name: name, src: src, lines: lines, diags: &diags}
	return b.file(def), diags
}

// unsupportedConstruct names the valid proto syntax that
// github.com/emicklei/proto rejects, from its error message (see
// docs/corpus.md), or returns "".
func unsupportedConstruct(msg string) string {
	switch {
	case strings.Contains(msg, `found "option" but expected [import classifier`):
		return "edition 2024 `import option`"
	case strings.Contains(msg, `found "export"`) || strings.Contains(msg, `found "local"`):
		return "edition 2024 `export`/`local` visibility"
	case strings.Contains(msg, "but expected [range integer]") && strings.Contains(msg, `found "//`):
		return "a comment inside a reserved or extensions range"
	case strings.Contains(msg, "[option aggregate key]"):
		return "an aggregate option key with dots"
	}
	return ""
}

// protoBuilder turns emicklei/proto's tree into the model, switching on
// element types in source order (its Visitor skips some).
type protoBuilder struct {
	name  string
	src   []byte
	lines *schema.Lines // of src
	diags *schema.Diagnostics
	f     *schema.File
}

func (b *protoBuilder) file(def *proto.Proto) *schema.File {
	f := &schema.File{Path: b.name, Format: schema.Proto, Syntax: "proto2", Pos: schema.Pos{File: b.name, Line: 1, Col: 1}}
	b.f = f
	started := false
	for _, el := range def.Elements {
		if _, isComment := el.(*proto.Comment); !isComment {
			started = true
		}
		switch el := el.(type) {
		case *proto.Comment:
			// Comments before the first statement (a license, idlconv's
			// own header) are not carried over.
			if started {
				f.Decls = append(f.Decls, &schema.Comment{Pos: b.pos(el.Position), Text: commentText(el)})
			}
		case *proto.Syntax:
			f.Syntax = el.Value
		case *proto.Edition:
			f.Syntax = "editions " + el.Value
		case *proto.Package:
			f.Package = el.Name
		case *proto.Import:
			f.Imports = append(f.Imports, &schema.Import{Pos: b.pos(el.Position), Path: el.Filename, Public: el.Kind == "public"})
		case *proto.Option:
			f.Annotations = append(f.Annotations, b.option(el))
		case *proto.Message:
			if d := b.message(el); d != nil {
				f.Decls = append(f.Decls, d)
			}
		case *proto.Enum:
			f.Decls = append(f.Decls, b.enum(el))
		case *proto.Service:
			f.Decls = append(f.Decls, b.service(el))
		}
	}
	return f
}

// pos is the position of what emicklei/proto read at p, with the end of
// the token there. emicklei's columns count characters (text/scanner's);
// the byte offset gives the byte column.
func (b *protoBuilder) pos(p scanner.Position) schema.Pos {
	start := b.lines.LineStart(p.Line)
	if start < 0 {
		return schema.Pos{File: b.name, Line: p.Line, Col: p.Column}
	}
	off := p.Offset
	if next := b.lines.LineStart(p.Line + 1); off < start || next >= 0 && off >= next || off > len(b.src) {
		// Not an offset on the line: count the column's characters.
		off = charOffset(b.src, start, p.Column)
	}
	return b.lines.Pos(off, TokenEnd(b.src, off))
}

// charOffset is the byte offset of the 1-based column col, in characters,
// of the line that starts at the byte offset start; a column past the
// line's end gives the end.
func charOffset(src []byte, start, col int) int {
	off := start
	for ; col > 1 && off < len(src) && src[off] != '\n'; col-- {
		_, size := utf8.DecodeRune(src[off:])
		off += size
	}
	return off
}

// option turns a proto option into an annotation whose Value is the
// option's value as proto text.
func (b *protoBuilder) option(o *proto.Option) schema.Annotation {
	return schema.Annotation{Pos: b.pos(o.Position), Key: o.Name, Value: literalText(&o.Constant)}
}

// literalText spells an option value as the source wrote it, aggregates
// and lists in their order (emicklei/proto's AggregatedConstants come from
// a Go map, in no fixed order).
func literalText(l *proto.Literal) string {
	switch {
	case len(l.OrderedMap) > 0:
		var parts []string
		for _, e := range l.OrderedMap {
			parts = append(parts, e.Name+": "+literalText(e.Literal))
		}
		return "{" + strings.Join(parts, " ") + "}"
	case len(l.Array) > 0:
		var parts []string
		for _, e := range l.Array {
			parts = append(parts, literalText(e))
		}
		return "[" + strings.Join(parts, ", ") + "]"
	}
	return l.SourceRepresentation()
}

// comments converts emicklei's comment and inline comment.
func comments(doc, inline *proto.Comment) schema.Comments {
	var c schema.Comments
	if doc != nil {
		c.Leading = commentText(doc)
	}
	if inline != nil {
		c.Trailing = strings.ReplaceAll(commentText(inline), "\n", " ")
	}
	return c
}

func commentText(c *proto.Comment) string {
	var lines []string
	for _, ln := range c.Lines {
		ln = strings.TrimRight(ln, " \t\r")
		if c.Cstyle {
			t := strings.TrimLeft(ln, " \t")
			if strings.HasPrefix(t, "*") {
				ln = strings.TrimPrefix(strings.TrimPrefix(t, "*"), " ")
			} else {
				ln = strings.TrimPrefix(ln, " ")
			}
		} else {
			ln = strings.TrimPrefix(ln, " ")
		}
		lines = append(lines, ln)
	}
	for len(lines) > 0 && strings.TrimSpace(lines[0]) == "" {
		lines = lines[1:]
	}
	for len(lines) > 0 && strings.TrimSpace(lines[len(lines)-1]) == "" {
		lines = lines[:len(lines)-1]
	}
	return strings.Join(lines, "\n")
}

func (b *protoBuilder) message(m *proto.Message) schema.Decl {
	p := b.pos(m.Position)
	if m.IsExtend {
		// extend blocks declare extension fields of another message; the
		// model records them as an annotation of the file.
		b.f.Annotations = append(b.f.Annotations, schema.Annotation{Pos: p, Key: "extend", Value: m.Name})
		return nil
	}
	s := &schema.Struct{Pos: p, Name: m.Name, Comments: comments(m.Comment, nil)}
	b.elements(s, m.Elements, "")
	return s
}

// elements fills a message from its elements; oneof names the oneof
// being read, if any.
func (b *protoBuilder) elements(s *schema.Struct, els []proto.Visitee, oneof string) {
	for _, el := range els {
		switch el := el.(type) {
		case *proto.NormalField:
			f := b.field(el.Field, oneof)
			switch {
			case el.Repeated:
				f.Type = &schema.Type{Pos: f.Type.Pos, Kind: schema.TypeList, Elem: f.Type}
			case el.Required:
				f.Presence, f.Label = schema.PresenceRequired, "required"
			case el.Optional:
				f.Presence, f.Label = schema.PresenceOptional, "optional"
			}
			s.Fields = append(s.Fields, f)
		case *proto.MapField:
			f := b.field(el.Field, oneof)
			f.Type = &schema.Type{Pos: f.Type.Pos, Kind: schema.TypeMap, Key: scalarOrNamed(el.KeyType, f.Type.Pos), Elem: f.Type}
			s.Fields = append(s.Fields, f)
		case *proto.OneOfField:
			b.unglue(el.Field)
			s.Fields = append(s.Fields, b.field(el.Field, oneof))
		case *proto.Oneof:
			s.Oneofs = append(s.Oneofs, &schema.Oneof{Pos: b.pos(el.Position), Name: el.Name, Comments: comments(el.Comment, nil)})
			b.elements(s, el.Elements, el.Name)
		case *proto.Group:
			g := &schema.Struct{Pos: b.pos(el.Position), Name: el.Name, Comments: comments(el.Comment, nil)}
			b.elements(g, el.Elements, "")
			s.Nested = append(s.Nested, g)
			f := &schema.Field{Pos: g.Pos, Name: strings.ToLower(el.Name), ID: el.Sequence, IDExplicit: true, Oneof: oneof,
				Type:        &schema.Type{Pos: g.Pos, Kind: schema.TypeNamed, Name: el.Name},
				Annotations: []schema.Annotation{{Pos: g.Pos, Key: "group", Value: "true"}}}
			switch {
			case el.Repeated:
				f.Type = &schema.Type{Pos: g.Pos, Kind: schema.TypeList, Elem: f.Type}
			case el.Required:
				f.Presence, f.Label = schema.PresenceRequired, "required"
			case el.Optional:
				f.Presence, f.Label = schema.PresenceOptional, "optional"
			}
			s.Fields = append(s.Fields, f)
		case *proto.Message:
			if d := b.message(el); d != nil {
				s.Nested = append(s.Nested, d)
			}
		case *proto.Enum:
			s.Nested = append(s.Nested, b.enum(el))
		case *proto.Option:
			s.Annotations = append(s.Annotations, b.option(el))
		case *proto.Reserved:
			s.Reserved = append(s.Reserved, b.reserved(el)...)
		case *proto.Extensions:
			var parts []string
			for _, r := range el.Ranges {
				parts = append(parts, r.SourceRepresentation())
			}
			s.Annotations = append(s.Annotations, schema.Annotation{Pos: b.pos(el.Position), Key: "extensions", Value: strings.Join(parts, ", ")})
		}
	}
}

// unglue repairs a oneof member whose fully qualified type
// github.com/emicklei/proto v1.14.3 glues to the token before it: the ';'
// that ends the member before (";.a.b.X"), or a comment above it
// ("// note.a.b.X"). The type is read again from the source, after that
// token and any whitespace and comments; the member's position moves to
// the type, and the comments skipped become its leading comment.
func (b *protoBuilder) unglue(f *proto.Field) {
	if !strings.HasPrefix(f.Type, ";") && !strings.HasPrefix(f.Type, "//") && !strings.HasPrefix(f.Type, "/*") {
		return
	}
	off := f.Position.Offset
	if off < 0 || off >= len(b.src) {
		return
	}
	line, col := f.Position.Line, f.Position.Column
	advance := func() {
		if b.src[off] == '\n' {
			line, col = line+1, 1
		} else {
			col++
		}
		off++
	}
	if b.src[off] == ';' {
		advance()
	}
	var comment []string
	for off < len(b.src) {
		switch {
		case b.src[off] == ' ' || b.src[off] == '\t' || b.src[off] == '\r' || b.src[off] == '\n':
			advance()
		case strings.HasPrefix(string(b.src[off:min(off+2, len(b.src))]), "//"):
			start := off
			for off < len(b.src) && b.src[off] != '\n' {
				advance()
			}
			comment = append(comment, strings.TrimPrefix(string(b.src[start+2:off]), " "))
		case strings.HasPrefix(string(b.src[off:min(off+2, len(b.src))]), "/*"):
			start := off
			for off < len(b.src) && !strings.HasPrefix(string(b.src[off:min(off+2, len(b.src))]), "*/") {
				advance()
			}
			if off < len(b.src) {
				advance()
				advance()
			}
			comment = append(comment, strings.TrimSpace(strings.TrimSuffix(strings.TrimPrefix(string(b.src[start:off]), "/*"), "*/")))
		default:
			end := off
			for end < len(b.src) && (b.src[end] == '.' || b.src[end] == '_' || b.src[end] >= 'a' && b.src[end] <= 'z' ||
				b.src[end] >= 'A' && b.src[end] <= 'Z' || b.src[end] >= '0' && b.src[end] <= '9') {
				end++
			}
			if end == off {
				return
			}
			f.Type = string(b.src[off:end])
			f.Position.Offset, f.Position.Line, f.Position.Column = off, line, col
			if len(comment) > 0 && f.Comment == nil {
				f.Comment = &proto.Comment{Lines: comment}
			}
			return
		}
	}
}

func (b *protoBuilder) reserved(r *proto.Reserved) []schema.Reserved {
	p := b.pos(r.Position)
	var out []schema.Reserved
	for _, rg := range r.Ranges {
		end := int64(rg.To)
		if rg.Max {
			end = 536870911
		}
		out = append(out, schema.Reserved{Pos: p, Start: int64(rg.From), End: end})
	}
	for _, n := range r.FieldNames {
		out = append(out, schema.Reserved{Pos: p, Name: n})
	}
	return out
}

var scalarKinds = map[string]struct {
	kind schema.TypeKind
	enc  schema.Encoding
}{
	"double": {schema.TypeDouble, 0}, "float": {schema.TypeFloat, 0},
	"int32": {schema.TypeI32, schema.EncodingVarint}, "int64": {schema.TypeI64, schema.EncodingVarint},
	"uint32": {schema.TypeU32, schema.EncodingVarint}, "uint64": {schema.TypeU64, schema.EncodingVarint},
	"sint32": {schema.TypeI32, schema.EncodingZigZag}, "sint64": {schema.TypeI64, schema.EncodingZigZag},
	"fixed32": {schema.TypeU32, schema.EncodingFixed}, "fixed64": {schema.TypeU64, schema.EncodingFixed},
	"sfixed32": {schema.TypeI32, schema.EncodingFixed}, "sfixed64": {schema.TypeI64, schema.EncodingFixed},
	"bool": {schema.TypeBool, 0}, "string": {schema.TypeString, 0}, "bytes": {schema.TypeBinary, 0},
}

func scalarOrNamed(name string, p schema.Pos) *schema.Type {
	if s, ok := scalarKinds[name]; ok {
		return &schema.Type{Pos: p, Kind: s.kind, Encoding: s.enc}
	}
	return &schema.Type{Pos: p, Kind: schema.TypeNamed, Name: name}
}

func (b *protoBuilder) field(f *proto.Field, oneof string) *schema.Field {
	p := b.pos(f.Position)
	out := &schema.Field{Pos: p, Name: f.Name, ID: f.Sequence, IDExplicit: true, Oneof: oneof,
		Type: scalarOrNamed(f.Type, p), Comments: comments(f.Comment, f.InlineComment)}
	for _, o := range f.Options {
		switch {
		case o.Name == "default":
			out.Default = literalValue(o.Constant, p)
		case o.Name == OptionJSONName && out.JSONName == nil:
			// The string's value, its escapes decoded, as protoc reads
			// it (protojson's key).
			a := b.option(o)
			if o.Constant.IsString {
				a.Value = Unescape(o.Constant.Source)
			}
			out.JSONName = &schema.Text{Pos: a.Pos, Value: a.Value}
		default:
			out.Annotations = append(out.Annotations, b.option(o))
		}
	}
	return out
}

// literalValue converts a proto constant.
func literalValue(l proto.Literal, p schema.Pos) *schema.Value {
	src := l.Source
	switch {
	case l.IsString:
		return &schema.Value{Pos: p, Kind: schema.ValueString, Str: Unescape(src)}
	case src == "true" || src == "false":
		return &schema.Value{Pos: p, Kind: schema.ValueBool, Bool: src == "true"}
	}
	if i, err := strconv.ParseInt(src, 0, 64); err == nil {
		return &schema.Value{Pos: p, Kind: schema.ValueInt, Int: i}
	}
	if u, err := strconv.ParseUint(src, 0, 64); err == nil {
		return &schema.Value{Pos: p, Kind: schema.ValueFloat, Float: float64(u)}
	}
	if fl, err := strconv.ParseFloat(src, 64); err == nil {
		return &schema.Value{Pos: p, Kind: schema.ValueFloat, Float: fl}
	}
	return &schema.Value{Pos: p, Kind: schema.ValueIdent, Str: src}
}

func (b *protoBuilder) enum(e *proto.Enum) *schema.Enum {
	out := &schema.Enum{Pos: b.pos(e.Position), Name: e.Name, Comments: comments(e.Comment, nil)}
	for _, el := range e.Elements {
		switch el := el.(type) {
		case *proto.EnumField:
			v := &schema.EnumValue{Pos: b.pos(el.Position), Name: el.Name, Value: int64(el.Integer),
				Comments: comments(el.Comment, el.InlineComment)}
			for _, sub := range el.Elements {
				if o, ok := sub.(*proto.Option); ok {
					v.Annotations = append(v.Annotations, b.option(o))
				}
			}
			if el.ValueOption != nil && len(v.Annotations) == 0 {
				v.Annotations = append(v.Annotations, b.option(el.ValueOption))
			}
			out.Values = append(out.Values, v)
		case *proto.Option:
			out.Annotations = append(out.Annotations, b.option(el))
		case *proto.Reserved:
			out.Reserved = append(out.Reserved, b.reserved(el)...)
		}
	}
	return out
}

func (b *protoBuilder) service(s *proto.Service) *schema.Service {
	out := &schema.Service{Pos: b.pos(s.Position), Name: s.Name, Comments: comments(s.Comment, nil)}
	for _, el := range s.Elements {
		switch el := el.(type) {
		case *proto.RPC:
			p := b.pos(el.Position)
			m := &schema.Method{Pos: p, Name: el.Name, ClientStreaming: el.StreamsRequest, ServerStreaming: el.StreamsReturns,
				Comments: comments(el.Comment, el.InlineComment),
				Args:     []*schema.Field{{Pos: p, Name: "request", ID: 1, IDExplicit: true, Type: &schema.Type{Pos: p, Kind: schema.TypeNamed, Name: el.RequestType}}},
				Result:   &schema.Type{Pos: p, Kind: schema.TypeNamed, Name: el.ReturnsType}}
			for _, o := range el.Options {
				m.Annotations = append(m.Annotations, b.option(o))
			}
			out.Methods = append(out.Methods, m)
		case *proto.Option:
			out.Annotations = append(out.Annotations, b.option(el))
		}
	}
	return out
}

// Unescape decodes the escapes of a proto string literal's contents as
// protoc does (\a \b \f \n \r \t \v, \xHH, octal \ooo, \uXXXX,
// \UXXXXXXXX, and a backslash before any other character stands for that
// character): option values, json_name, and the C-escaped bytes defaults
// of descriptors (package protodesc).
func Unescape(s string) string {
	if !strings.Contains(s, `\`) {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c != '\\' || i+1 == len(s) {
			b.WriteByte(c)
			continue
		}
		i++
		switch e := s[i]; e {
		case 'a':
			b.WriteByte('\a')
		case 'b':
			b.WriteByte('\b')
		case 'f':
			b.WriteByte('\f')
		case 'n':
			b.WriteByte('\n')
		case 'r':
			b.WriteByte('\r')
		case 't':
			b.WriteByte('\t')
		case 'v':
			b.WriteByte('\v')
		case 'x', 'X':
			j := i + 1
			for j < len(s) && j < i+3 && strings.IndexByte("0123456789abcdefABCDEF", s[j]) >= 0 {
				j++
			}
			if n, err := strconv.ParseUint(s[i+1:j], 16, 8); err == nil {
				b.WriteByte(byte(n))
				i = j - 1
			} else {
				b.WriteByte(e)
			}
		case 'u', 'U':
			digits := 4
			if e == 'U' {
				digits = 8
			}
			if j := i + 1 + digits; j <= len(s) {
				if n, err := strconv.ParseUint(s[i+1:j], 16, 32); err == nil {
					b.WriteRune(rune(n))
					i = j - 1
					continue
				}
			}
			b.WriteByte(e)
		case '0', '1', '2', '3', '4', '5', '6', '7':
			j := i
			for j < len(s) && j < i+3 && s[j] >= '0' && s[j] <= '7' {
				j++
			}
			n, _ := strconv.ParseUint(s[i:j], 8, 16)
			b.WriteByte(byte(n))
			i = j - 1
		default:
			b.WriteByte(e)
		}
	}
	return b.String()
}
