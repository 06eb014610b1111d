package protodesc

import (
	"bytes"
	"cmp"
	"fmt"
	"slices"
	"strings"

	"github.com/bufbuild/protocompile/ast"
	"google.golang.org/protobuf/proto"
	gprotodesc "google.golang.org/protobuf/reflect/protodesc"
	"google.golang.org/protobuf/reflect/protoreflect"
	"google.golang.org/protobuf/reflect/protoregistry"
	"google.golang.org/protobuf/types/descriptorpb"
	"google.golang.org/protobuf/types/dynamicpb"

	"github.com/idlconv/idlconv/internal/parallel"
	"github.com/idlconv/idlconv/protoast"
	"github.com/idlconv/idlconv/schema"
)

// File is one file to build: its descriptor, with source info, and what
// its positions need.
type File struct {
	// Proto is the file's descriptor. Its name is the path other files
	// import it by, which names the model's file.
	Proto *descriptorpb.FileDescriptorProto
	// Path is the file named in positions (the path it was read from);
	// empty means Proto's name.
	Path string
	// Source is the file's text when it is known: positions then count
	// bytes, as every position of the model does. Without it, columns are
	// the source info's (characters, a tab to the next multiple of 8).
	Source []byte
	// AST is the file's syntax tree when it is known (protocompile's
	// parser makes it; a plugin's request has none): it says what the
	// descriptors do not keep, option names as written, the fields of a
	// message literal in the order written, an extend block's message as
	// written.
	AST *ast.FileNode
	// Descriptor is the file linked, when the caller has it (protocompile
	// links the files it compiles): given for every file, the
	// descriptors are not linked again, which costs as much time and
	// memory as the compile's own link.
	Descriptor protoreflect.FileDescriptor
}

// Build builds the model of the files named by inputs (names as the
// descriptors give them) and of every file they import, which files must
// hold (a CodeGeneratorRequest's proto_file does): the inputs first, in
// order, then the imported files in the order they are first imported,
// as package protoload returns them. An imported well-known file
// (google/protobuf/*.proto) that is not an input is built from the
// descriptors google.golang.org/protobuf carries (protoast.WellKnownFile).
// Descriptors that do not link (a missing import, an unknown type) are
// errors; the files are then nil.
func Build(files []File, inputs []string) ([]*schema.File, schema.Diagnostics) {
	var diags schema.Diagnostics
	byName := map[string]*File{}
	set := &descriptorpb.FileDescriptorSet{}
	for i := range files {
		f := &files[i]
		name := f.Proto.GetName()
		if byName[name] != nil {
			continue
		}
		byName[name] = f
		set.File = append(set.File, linkable(f.Proto))
	}
	for _, in := range inputs {
		if byName[in] == nil {
			diags.Report(schema.Pos{File: in}, schema.RuleReadError, "cannot read %s: no descriptor of it was given", in)
		}
	}
	if diags.HasErrors() {
		return nil, diags
	}
	reg, err := registry(files, set)
	if err != nil {
		f := byName[inputs[0]]
		diags.Report(schema.Pos{File: displayPath(f), Line: 1, Col: 1}, protoast.RuleInvalidProto, "the descriptors do not link: %v", err)
		return nil, diags
	}
	bs := &buildSet{reg: reg, types: dynamicpb.NewTypes(reg), built: map[string]*schema.File{}}
	// The files' models are independent of each other until resolve
	// links them: each is built on its own core.
	needed := closure(inputs, byName)
	type model struct {
		file *schema.File
		err  error // FindFileByPath's, when the file has no descriptor
	}
	built := make([]model, len(needed))
	parallel.Each(len(needed), func(i int) {
		fd, err := reg.FindFileByPath(needed[i])
		if err != nil {
			built[i].err = err
			return
		}
		built[i].file = bs.file(byName[needed[i]], fd)
	})
	models := make(map[string]model, len(needed))
	for i, name := range needed {
		models[name] = built[i]
	}
	var out []*schema.File
	add := func(name string) *schema.File {
		if got, ok := bs.built[name]; ok {
			return got
		}
		var sf *schema.File
		if f := byName[name]; f != nil {
			m := models[name]
			if m.err != nil {
				diags.Report(schema.Pos{File: displayPath(f), Line: 1, Col: 1}, protoast.RuleInvalidProto, "descriptor of %s: %v", name, m.err)
				return nil
			}
			sf = m.file
		}
		bs.built[name] = sf
		if sf != nil {
			out = append(out, sf)
		}
		return sf
	}
	for _, in := range inputs {
		add(in)
	}
	for i := 0; i < len(out); i++ {
		for _, imp := range out[i].Imports {
			if got, ok := bs.built[imp.Path]; ok && got != nil {
				imp.File = got
				continue
			}
			if wk := protoast.WellKnownFile(imp.Path); wk != nil {
				bs.built[imp.Path] = wk
				out = append(out, wk)
				imp.File = wk
				continue
			}
			if byName[imp.Path] == nil {
				diags.Report(imp.Pos, protoast.RuleImportNotFound, "cannot find import %q: no descriptor of it was given", imp.Path)
				continue
			}
			imp.File = add(imp.Path)
		}
	}
	if diags.HasErrors() {
		return nil, diags
	}
	resolve(out, &diags)
	if diags.HasErrors() {
		return nil, diags
	}
	return out, diags
}

// closure is the names of the files inputs name and of every file of
// byName they import, directly or not, each once.
func closure(inputs []string, byName map[string]*File) []string {
	var out []string
	seen := map[string]bool{}
	var visit func(name string)
	visit = func(name string) {
		f := byName[name]
		if f == nil || seen[name] {
			return
		}
		seen[name] = true
		out = append(out, name)
		for _, dep := range f.Proto.GetDependency() {
			visit(dep)
		}
	}
	for _, in := range inputs {
		visit(in)
	}
	return out
}

// registry is the files linked: the descriptors given with them, or,
// when one has none, set linked by google.golang.org/protobuf.
func registry(files []File, set *descriptorpb.FileDescriptorSet) (*protoregistry.Files, error) {
	for _, f := range files {
		if f.Descriptor == nil {
			return gprotodesc.FileOptions{AllowUnresolvable: true}.NewFiles(set)
		}
	}
	reg := &protoregistry.Files{}
	seen := map[string]bool{}
	for _, f := range files {
		if seen[f.Descriptor.Path()] {
			continue
		}
		seen[f.Descriptor.Path()] = true
		if err := reg.RegisterFile(f.Descriptor); err != nil {
			return nil, err
		}
	}
	return reg, nil
}

// linkable is fp as google.golang.org/protobuf links it: without the
// option message_set_wire_format, which it refuses (a legacy proto1
// feature), and the extension ranges of a message set above the largest
// field number. The model reads fp itself.
func linkable(fp *descriptorpb.FileDescriptorProto) *descriptorpb.FileDescriptorProto {
	var uses func(ms []*descriptorpb.DescriptorProto) bool
	uses = func(ms []*descriptorpb.DescriptorProto) bool {
		for _, m := range ms {
			if m.GetOptions().GetMessageSetWireFormat() || uses(m.GetNestedType()) {
				return true
			}
			for _, r := range m.GetExtensionRange() {
				if r.GetEnd() > maxFieldNumber+1 {
					return true
				}
			}
		}
		return false
	}
	if !uses(fp.GetMessageType()) {
		return fp
	}
	c := proto.Clone(fp).(*descriptorpb.FileDescriptorProto)
	var clear func(ms []*descriptorpb.DescriptorProto)
	clear = func(ms []*descriptorpb.DescriptorProto) {
		for _, m := range ms {
			if m.GetOptions().GetMessageSetWireFormat() {
				m.Options.MessageSetWireFormat = nil
			}
			// A message set's extensions go up to 2^31-2.
			for _, r := range m.GetExtensionRange() {
				if r.GetEnd() > maxFieldNumber+1 {
					r.End = new(int32(maxFieldNumber + 1))
				}
			}
			clear(m.GetNestedType())
		}
	}
	clear(c.GetMessageType())
	return c
}

// displayPath is the path positions in f name.
func displayPath(f *File) string {
	if f.Path != "" {
		return f.Path
	}
	return f.Proto.GetName()
}

// buildSet is the state of one Build: the linked files, the types their
// options may hold (extensions), and the models built, by name.
type buildSet struct {
	reg   *protoregistry.Files
	types *dynamicpb.Types
	built map[string]*schema.File
}

// builder builds one file.
type builder struct {
	*buildSet
	src  *File
	fd   protoreflect.FileDescriptor
	locs *locations
	pm   *posMaker
	// written is what the syntax tree says, or nil.
	written *written
	out     *schema.File
	// extends are the file's extend blocks, nested ones included, and
	// opts its file options: both become file annotations, in source
	// order.
	extends []placed[schema.Annotation]
}

// placed is a model element with where its statement starts, to sort
// elements the descriptors keep in several lists into source order.
type placed[T any] struct {
	at   spanStart
	item T
}

// Descriptor field numbers of the paths in source info.
const (
	fileDependency = 3
	fileMessage    = 4
	fileEnum       = 5
	fileService    = 6
	fileExtension  = 7
	fileOptions    = 8
	filePackage    = 2
	fileSyntax     = 12
	fileEdition    = 14

	msgField          = 2
	msgNested         = 3
	msgEnum           = 4
	msgExtensionRange = 5
	msgExtension      = 6
	msgOptions        = 7
	msgOneof          = 8
	msgReservedRange  = 9
	msgReservedName   = 10

	fieldDefault  = 7
	fieldOptions  = 8
	fieldJSONName = 10

	oneofOptions = 2

	enumValue         = 2
	enumOptions       = 3
	enumReservedRange = 4
	enumReservedName  = 5

	valueOptions = 3

	serviceMethod  = 2
	serviceOptions = 3
	methodOptions  = 4
)

func (bs *buildSet) file(f *File, fd protoreflect.FileDescriptor) *schema.File {
	name := f.Proto.GetName()
	b := &builder{buildSet: bs, src: f, fd: fd, locs: newLocations(f.Proto.GetSourceCodeInfo()), pm: newPosMaker(displayPath(f), f.Source),
		written: newWritten(f.AST)}
	out := &schema.File{Path: name, Format: schema.Proto, Syntax: "proto2", Package: string(fd.Package()),
		Pos: schema.Pos{File: displayPath(f), Line: 1, Col: 1}}
	b.out = out
	switch f.Proto.GetSyntax() {
	case "proto3":
		out.Syntax = "proto3"
	case "editions":
		out.Syntax = "editions " + strings.TrimPrefix(f.Proto.GetEdition().String(), "EDITION_")
	}
	for i, dep := range f.Proto.GetDependency() {
		imp := &schema.Import{Pos: b.pos([]int32{fileDependency, int32(i)}, len("import")), Path: dep,
			Public: slices.Contains(f.Proto.GetPublicDependency(), int32(i))}
		out.Imports = append(out.Imports, imp)
	}
	var decls []placed[schema.Decl]
	msgs := fd.Messages()
	for i := 0; i < msgs.Len(); i++ {
		if b.extensionGroup(fd.Extensions(), msgs.Get(i)) {
			continue
		}
		p := []int32{fileMessage, int32(i)}
		decls = append(decls, placed[schema.Decl]{b.locs.start(p), b.message(msgs.Get(i), f.Proto.GetMessageType()[i], p)})
	}
	enums := fd.Enums()
	for i := 0; i < enums.Len(); i++ {
		p := []int32{fileEnum, int32(i)}
		decls = append(decls, placed[schema.Decl]{b.locs.start(p), b.enum(enums.Get(i), p)})
	}
	svcs := fd.Services()
	for i := 0; i < svcs.Len(); i++ {
		p := []int32{fileService, int32(i)}
		decls = append(decls, placed[schema.Decl]{b.locs.start(p), b.service(svcs.Get(i), p)})
	}
	decls = append(decls, b.freeComments()...)
	out.Decls = sortPlaced(decls)
	anns := b.options(nil, fileOptions, f.Proto.GetOptions())
	b.extensions(nil, fileExtension, fd.Extensions())
	out.Annotations = sortPlaced(append(anns, b.extends...))
	return out
}

// sortPlaced returns the items in source order (a stable sort: elements
// without source info keep the order they were given in).
func sortPlaced[T any](ps []placed[T]) []T {
	slices.SortStableFunc(ps, func(a, b placed[T]) int { return a.at.compare(b.at) })
	out := make([]T, len(ps))
	for i, p := range ps {
		out[i] = p.item
	}
	return out
}

// freeComments are the free-standing comments between top-level
// statements: the detached comments of each statement but the first
// (comments before the first statement, a licence or a generated
// header, are not carried over).
func (b *builder) freeComments() []placed[schema.Decl] {
	type stmt struct {
		loc *descriptorpb.SourceCodeInfo_Location
		at  spanStart
	}
	var stmts []stmt
	for _, l := range b.locs.all {
		if isTopLevelStatement(l.GetPath()) {
			stmts = append(stmts, stmt{l, startOf(l)})
		}
	}
	slices.SortStableFunc(stmts, func(a, b stmt) int { return a.at.compare(b.at) })
	var out []placed[schema.Decl]
	for i, s := range stmts {
		// A trailing comment on a line of its own after a statement that
		// ends with ; (protoc's, followed by a blank line) stands free in
		// the source.
		if t := commentText(s.loc.GetTrailingComments()); t != "" && b.endsOwnLine(s.loc) {
			out = append(out, placed[schema.Decl]{endOf(s.loc), &schema.Comment{Pos: b.pm.pos(s.loc.GetSpan(), 0), Text: t}})
		}
		for k, text := range b.written.afterBraceOf(s.at) {
			if t := commentText(text); t != "" {
				at := endOf(s.loc)
				at.sub = k
				out = append(out, placed[schema.Decl]{at, &schema.Comment{Pos: b.pm.pos(s.loc.GetSpan(), 0), Text: t}})
			}
		}
		if i == 0 {
			continue
		}
		for k, text := range s.loc.GetLeadingDetachedComments() {
			if t := commentText(text); t != "" {
				at := s.at
				at.sub = k - len(s.loc.GetLeadingDetachedComments()) // before the statement, in order
				out = append(out, placed[schema.Decl]{at, &schema.Comment{Pos: b.pm.pos(s.loc.GetSpan(), 0), Text: t}})
			}
		}
	}
	// The comments after the last statement, which the syntax tree
	// holds and the source info does not.
	if len(stmts) > 0 {
		last := stmts[len(stmts)-1].loc
		for k, text := range b.written.endComments() {
			if t := commentText(text); t != "" {
				out = append(out, placed[schema.Decl]{spanStart{line: 1<<30 - 1, sub: k}, &schema.Comment{Pos: b.pm.pos(last.GetSpan(), 0), Text: t}})
			}
		}
	}
	return out
}

// endsOwnLine reports whether the statement at l ends with ; and nothing
// but white space follows on its line, so that its trailing comment is
// on a line of its own; false when the file's text is unknown.
func (b *builder) endsOwnLine(l *descriptorpb.SourceCodeInfo_Location) bool {
	if b.pm.src == nil {
		return false
	}
	e := endOf(l)
	p := b.pm.pos([]int32{int32(e.line), int32(e.col), int32(e.col)}, 0)
	start := b.pm.lines.LineStart(p.Line)
	if start < 0 {
		return false
	}
	off := start + p.Col - 1
	if off <= 0 || off > len(b.pm.src) || b.pm.src[off-1] != ';' {
		return false
	}
	rest := b.pm.src[off:]
	if i := bytes.IndexByte(rest, '\n'); i >= 0 {
		rest = rest[:i]
	}
	return len(bytes.TrimSpace(rest)) == 0
}

// isTopLevelStatement reports whether a source info path is that of a
// statement of the file: syntax, edition, package, an import, a file
// option, a message, enum or service, an extend block.
func isTopLevelStatement(p []int32) bool {
	switch {
	case len(p) == 1:
		return p[0] == fileSyntax || p[0] == fileEdition || p[0] == filePackage || p[0] == fileExtension
	case len(p) == 2:
		return p[0] == fileDependency || p[0] == fileMessage || p[0] == fileEnum || p[0] == fileService || p[0] == fileOptions
	}
	return len(p) > 2 && p[0] == fileOptions
}

// pos is the position of the element at path, whose first token is
// tokenLen bytes long when the file's text is unknown (0: not known).
func (b *builder) pos(path []int32, tokenLen int) schema.Pos {
	l := b.locs.first(path)
	if l == nil {
		return schema.Pos{File: b.pm.file}
	}
	return b.pm.pos(l.GetSpan(), tokenLen)
}

// comments are the leading and trailing comments of the element at path.
func (b *builder) comments(path []int32) schema.Comments {
	l := b.locs.first(path)
	if l == nil {
		return schema.Comments{}
	}
	return schema.Comments{Leading: commentText(l.GetLeadingComments()),
		Trailing: strings.ReplaceAll(commentText(l.GetTrailingComments()), "\n", " ")}
}

func child(path []int32, tags ...int32) []int32 {
	return append(slices.Clip(path), tags...)
}

func (b *builder) message(md protoreflect.MessageDescriptor, mp *descriptorpb.DescriptorProto, path []int32) *schema.Struct {
	s := &schema.Struct{Pos: b.pos(path, len("message")), Name: string(md.Name()), Comments: b.comments(path)}
	b.fillMessage(s, md, mp, path)
	return s
}

// fillMessage fills a message (or a group's) from its descriptor.
func (b *builder) fillMessage(s *schema.Struct, md protoreflect.MessageDescriptor, mp *descriptorpb.DescriptorProto, path []int32) {
	var anns []placed[schema.Annotation]
	oneofs := md.Oneofs()
	for i := 0; i < oneofs.Len(); i++ {
		od := oneofs.Get(i)
		if od.IsSynthetic() {
			continue
		}
		p := child(path, msgOneof, int32(i))
		s.Oneofs = append(s.Oneofs, &schema.Oneof{Pos: b.pos(p, len("oneof")), Name: string(od.Name()), Comments: b.comments(p)})
		// A oneof's options are the message's, as the model has them: the
		// mappings read no Oneof.Annotations.
		anns = append(anns, b.options(p, oneofOptions, mp.GetOneofDecl()[i].GetOptions())...)
	}
	var nested []placed[schema.Decl]
	groups := map[protoreflect.FullName]*schema.Struct{}
	msgs := md.Messages()
	for i := 0; i < msgs.Len(); i++ {
		nd := msgs.Get(i)
		if nd.IsMapEntry() || b.extensionGroup(md.Extensions(), nd) {
			continue
		}
		p := child(path, msgNested, int32(i))
		var d *schema.Struct
		if b.fd.Syntax() == protoreflect.Proto2 && isGroup(md, nd) {
			// A group's message is declared by its field: positioned
			// there, with the field's comments.
			// The comments before a group are its field's or, where
			// protocompile places them, its message's.
			d = &schema.Struct{Name: string(nd.Name()), Comments: schema.Comments{Leading: b.comments(p).Leading}}
			b.fillMessage(d, nd, mp.GetNestedType()[i], p)
			groups[nd.FullName()] = d
		} else {
			d = b.message(nd, mp.GetNestedType()[i], p)
		}
		nested = append(nested, placed[schema.Decl]{b.locs.start(p), d})
	}
	enums := md.Enums()
	for i := 0; i < enums.Len(); i++ {
		p := child(path, msgEnum, int32(i))
		nested = append(nested, placed[schema.Decl]{b.locs.start(p), b.enum(enums.Get(i), p)})
	}
	fields := md.Fields()
	for i := 0; i < fields.Len(); i++ {
		fd := fields.Get(i)
		p := child(path, msgField, int32(i))
		f := b.field(fd, mp.GetField()[i], p)
		if g := groupOf(groups, fd); g != nil {
			g.Pos = f.Pos
			if f.Comments.Leading != "" {
				g.Comments = schema.Comments{Leading: f.Comments.Leading}
			}
			f.Comments = schema.Comments{}
			f.Annotations = append([]schema.Annotation{{Pos: f.Pos, Key: "group", Value: "true"}}, f.Annotations...)
		}
		s.Fields = append(s.Fields, f)
	}
	s.Nested = sortPlaced(nested)
	anns = append(anns, b.options(path, msgOptions, mp.GetOptions())...)
	anns = append(anns, b.extensionRanges(mp, path)...)
	s.Annotations = sortPlaced(anns)
	b.extensions(path, msgExtension, md.Extensions())
	s.Reserved = b.reserved(path, msgReservedRange, msgReservedName, mp.GetReservedRange(), mp.GetReservedName(), true)
}

// groupOf is the group message fd declares, or nil.
func groupOf(groups map[protoreflect.FullName]*schema.Struct, fd protoreflect.FieldDescriptor) *schema.Struct {
	if fd.Kind() != protoreflect.GroupKind {
		return nil
	}
	return groups[fd.Message().FullName()]
}

// extensionGroup reports whether nd is the message of a group that one
// of xds, extension fields, declares: like the extend block, it is not
// part of the model.
func (b *builder) extensionGroup(xds protoreflect.ExtensionDescriptors, nd protoreflect.MessageDescriptor) bool {
	if b.fd.Syntax() != protoreflect.Proto2 {
		return false
	}
	for i := 0; i < xds.Len(); i++ {
		if x := xds.Get(i); x.Kind() == protoreflect.GroupKind && x.Message().FullName() == nd.FullName() {
			return true
		}
	}
	return false
}

// isGroup reports whether nd is the message of a group field of md.
func isGroup(md, nd protoreflect.MessageDescriptor) bool {
	fields := md.Fields()
	for i := 0; i < fields.Len(); i++ {
		if f := fields.Get(i); f.Kind() == protoreflect.GroupKind && f.Message().FullName() == nd.FullName() && f.Message().Parent() == md {
			return true
		}
	}
	return false
}

func (b *builder) field(fd protoreflect.FieldDescriptor, fp *descriptorpb.FieldDescriptorProto, path []int32) *schema.Field {
	p := b.fieldPos(path)
	f := &schema.Field{Pos: p, Name: string(fd.Name()), ID: int(fd.Number()), IDExplicit: true, Comments: b.comments(path)}
	switch {
	case fd.IsMap():
		f.Type = &schema.Type{Pos: p, Kind: schema.TypeMap, Key: b.typeOf(fd.MapKey(), p), Elem: b.typeOf(fd.MapValue(), p)}
	case fd.IsList():
		f.Type = &schema.Type{Pos: p, Kind: schema.TypeList, Elem: b.typeOf(fd, p)}
	default:
		f.Type = b.typeOf(fd, p)
	}
	if o := fd.ContainingOneof(); o != nil && !o.IsSynthetic() {
		f.Oneof = string(o.Name())
	}
	// The keyword as written: proto2 writes one on every field outside a
	// oneof and a map; proto3 only optional.
	switch {
	case fp.GetLabel() == descriptorpb.FieldDescriptorProto_LABEL_REQUIRED:
		f.Label = "required"
	case fp.GetProto3Optional():
		f.Label = "optional"
	case b.fd.Syntax() == protoreflect.Proto2 && fp.GetLabel() == descriptorpb.FieldDescriptorProto_LABEL_OPTIONAL && f.Oneof == "" && !fd.IsMap():
		f.Label = "optional"
	}
	switch {
	case fd.IsList() || fd.IsMap():
		f.Presence = schema.PresenceDefault
	case fd.Cardinality() == protoreflect.Required:
		f.Presence = schema.PresenceRequired
	case fd.HasPresence():
		f.Presence = schema.PresenceOptional
	}
	if fp.DefaultValue != nil {
		f.Default = defaultValue(fd, fp.GetDefaultValue(), p)
	}
	anns := b.options(path, fieldOptions, fp.GetOptions())
	if fp.JsonName != nil {
		// Only a json_name the source writes (protoc fills one in for
		// every field): its value as protoc decoded it.
		if l := b.locs.first(child(path, fieldJSONName)); l != nil {
			f.JSONName = &schema.Text{Pos: b.jsonNamePos(l), Value: fp.GetJsonName()}
		}
	}
	f.Annotations = sortPlaced(anns)
	return f
}

// jsonNamePos is where a field's json_name option at l is placed: at the
// "[" or "," before it, as the other bracketed options are (and protoast
// placed it); at its name when the file's text is unknown.
func (b *builder) jsonNamePos(l *descriptorpb.SourceCodeInfo_Location) schema.Pos {
	if b.pm.src != nil {
		if p, ok := b.pm.before(l.GetSpan()); ok {
			if off := b.pm.lines.LineStart(p.Line) + p.Col - 1; off >= 0 && off < len(b.pm.src) && (b.pm.src[off] == '[' || b.pm.src[off] == ',') {
				return p
			}
		}
	}
	return b.pm.pos(l.GetSpan(), len(protoast.OptionJSONName))
}

// fieldPos is where a field is placed: at its type, after any label (a
// group at its label, or the keyword group).
func (b *builder) fieldPos(path []int32) schema.Pos {
	for _, tag := range []int32{5, 6} { // type (the keyword group of a group), type_name
		if l := b.locs.first(child(path, tag)); l != nil {
			n := 0
			if sp := l.GetSpan(); len(sp) == 3 {
				n = int(sp[2] - sp[1])
			}
			return b.pm.pos(l.GetSpan(), n)
		}
	}
	return b.pos(path, 0)
}

// typeOf is the model type of a singular field (or a map's key or
// value): a scalar, or a named type written fully qualified.
func (b *builder) typeOf(fd protoreflect.FieldDescriptor, p schema.Pos) *schema.Type {
	return protoast.TypeOf(fd, p)
}

func (b *builder) enum(ed protoreflect.EnumDescriptor, path []int32) *schema.Enum {
	ep := b.enumProto(path)
	e := &schema.Enum{Pos: b.pos(path, len("enum")), Name: string(ed.Name()), Comments: b.comments(path)}
	vals := ed.Values()
	for i := 0; i < vals.Len(); i++ {
		vd := vals.Get(i)
		p := child(path, enumValue, int32(i))
		v := &schema.EnumValue{Pos: b.pos(p, len(vd.Name())), Name: string(vd.Name()), Value: int64(vd.Number()), Comments: b.comments(p)}
		v.Annotations = sortPlaced(b.options(p, valueOptions, ep.GetValue()[i].GetOptions()))
		e.Values = append(e.Values, v)
	}
	e.Annotations = sortPlaced(b.options(path, enumOptions, ep.GetOptions()))
	var ranges []*descriptorpb.DescriptorProto_ReservedRange
	for _, r := range ep.GetReservedRange() {
		// An enum's ranges are inclusive; a message's end is exclusive.
		ranges = append(ranges, &descriptorpb.DescriptorProto_ReservedRange{Start: r.Start, End: new(r.GetEnd() + 1)})
	}
	e.Reserved = b.reserved(path, enumReservedRange, enumReservedName, ranges, ep.GetReservedName(), false)
	return e
}

// enumProto is the descriptor of the enum at path.
func (b *builder) enumProto(path []int32) *descriptorpb.EnumDescriptorProto {
	fp := b.src.Proto
	if len(path) == 2 {
		return fp.GetEnumType()[path[1]]
	}
	m := fp.GetMessageType()[path[1]]
	for i := 2; i+2 < len(path); i += 2 {
		m = m.GetNestedType()[path[i+1]]
	}
	return m.GetEnumType()[path[len(path)-1]]
}

func (b *builder) service(sd protoreflect.ServiceDescriptor, path []int32) *schema.Service {
	sp := b.src.Proto.GetService()[path[1]]
	s := &schema.Service{Pos: b.pos(path, len("service")), Name: string(sd.Name()), Comments: b.comments(path)}
	methods := sd.Methods()
	for i := 0; i < methods.Len(); i++ {
		md := methods.Get(i)
		p := child(path, serviceMethod, int32(i))
		pos := b.pos(p, len("rpc"))
		m := &schema.Method{Pos: pos, Name: string(md.Name()), ClientStreaming: md.IsStreamingClient(), ServerStreaming: md.IsStreamingServer(),
			Comments: b.comments(p),
			Args: []*schema.Field{{Pos: pos, Name: "request", ID: 1, IDExplicit: true,
				Type: &schema.Type{Pos: pos, Kind: schema.TypeNamed, Name: "." + string(md.Input().FullName())}}},
			Result: &schema.Type{Pos: pos, Kind: schema.TypeNamed, Name: "." + string(md.Output().FullName())}}
		m.Annotations = sortPlaced(b.options(p, methodOptions, sp.GetMethod()[i].GetOptions()))
		s.Methods = append(s.Methods, m)
	}
	s.Annotations = sortPlaced(b.options(path, serviceOptions, sp.GetOptions()))
	return s
}

// reserved lists the reserved ranges (ends exclusive) and names of the
// element at path, each at its statement, in source order.
func (b *builder) reserved(path []int32, rangeTag, nameTag int32, ranges []*descriptorpb.DescriptorProto_ReservedRange, names []string, message bool) []schema.Reserved {
	var out []placed[schema.Reserved]
	stmtPos := func(tag int32, i int) (spanStart, schema.Pos) {
		l := b.locs.first(child(path, tag, int32(i)))
		if l == nil {
			// Some names have no location of their own (editions'
			// identifiers): at their statement.
			if st := b.locs.first(child(path, tag)); st != nil {
				return startOf(st), b.pm.pos(st.GetSpan(), len("reserved"))
			}
			return spanStart{line: 1 << 30}, schema.Pos{File: b.pm.file}
		}
		if st := b.locs.enclosing(child(path, tag), l); st != nil {
			return startOf(l), b.pm.pos(st.GetSpan(), len("reserved"))
		}
		return startOf(l), b.pm.pos(l.GetSpan(), len("reserved"))
	}
	for i, r := range ranges {
		at, p := stmtPos(rangeTag, i)
		end := int64(r.GetEnd()) - 1
		if message && end == maxFieldNumber {
			end = maxFieldNumber
		}
		out = append(out, placed[schema.Reserved]{at, schema.Reserved{Pos: p, Start: int64(r.GetStart()), End: end}})
	}
	for i, n := range names {
		at, p := stmtPos(nameTag, i)
		out = append(out, placed[schema.Reserved]{at, schema.Reserved{Pos: p, Name: n}})
	}
	return sortPlaced(out)
}

// maxFieldNumber is the largest field number, `max` in a range.
const maxFieldNumber = 536870911

// maxMessageSetNumber is the largest extension number of a message set,
// `max` in its extension ranges.
const maxMessageSetNumber = 2147483646

// extensionRanges are a message's extensions statements, each an
// annotation "extensions" whose value lists its ranges as written.
func (b *builder) extensionRanges(mp *descriptorpb.DescriptorProto, path []int32) []placed[schema.Annotation] {
	var out []placed[schema.Annotation]
	stmts := b.locs.at(child(path, msgExtensionRange))
	byStmt := map[*descriptorpb.SourceCodeInfo_Location][]string{}
	for i, r := range mp.GetExtensionRange() {
		end := r.GetEnd() - 1
		if mp.GetOptions().GetMessageSetWireFormat() && end == maxMessageSetNumber {
			// max in a message set's ranges is 2^31-2.
			end = maxFieldNumber
		}
		text := rangeText(r.GetStart(), end)
		l := b.locs.first(child(path, msgExtensionRange, int32(i)))
		var st *descriptorpb.SourceCodeInfo_Location
		if l != nil {
			st = b.locs.enclosing(child(path, msgExtensionRange), l)
		}
		if st == nil {
			out = append(out, placed[schema.Annotation]{spanStart{line: 1 << 30}, schema.Annotation{Pos: schema.Pos{File: b.pm.file}, Key: "extensions", Value: text}})
			continue
		}
		byStmt[st] = append(byStmt[st], text)
	}
	for _, st := range stmts {
		if texts := byStmt[st]; len(texts) > 0 {
			out = append(out, placed[schema.Annotation]{startOf(st), schema.Annotation{Pos: b.pm.pos(st.GetSpan(), len("extensions")), Key: "extensions", Value: strings.Join(texts, ", ")}})
		}
	}
	return out
}

// rangeText spells a range as proto writes it: N, N to M, N to max.
func rangeText(start, end int32) string {
	switch {
	case end == start:
		return fmt.Sprint(start)
	case end == maxFieldNumber:
		return fmt.Sprintf("%d to max", start)
	}
	return fmt.Sprintf("%d to %d", start, end)
}

// extensions records the extend blocks among the extension fields of the
// element at path (tag is its extension field number) as annotations
// "extend" = the extended message, one per block.
func (b *builder) extensions(path []int32, tag int32, xds protoreflect.ExtensionDescriptors) {
	seen := map[*descriptorpb.SourceCodeInfo_Location]bool{}
	var last protoreflect.FullName
	for i := 0; i < xds.Len(); i++ {
		xd := xds.Get(i)
		l := b.locs.first(child(path, tag, int32(i)))
		var st *descriptorpb.SourceCodeInfo_Location
		if l != nil {
			st = b.locs.enclosing(child(path, tag), l)
		}
		switch {
		case st != nil && seen[st]:
			continue
		case st == nil && xd.ContainingMessage().FullName() == last && i > 0:
			continue
		}
		last = xd.ContainingMessage().FullName()
		a := schema.Annotation{Key: "extend", Value: relativeName(xd.ContainingMessage().FullName(), b.fd.Package()), Pos: schema.Pos{File: b.pm.file}}
		at := spanStart{line: 1 << 30}
		if st != nil {
			seen[st] = true
			a.Pos, at = b.pm.pos(st.GetSpan(), len("extend")), startOf(st)
			if name := b.written.extendee(at); name != "" {
				a.Value = name
			}
		}
		b.extends = append(b.extends, placed[schema.Annotation]{at, a})
	}
}

// cmpInt orders ints.
func cmpInt(a, b int) int { return cmp.Compare(a, b) }
