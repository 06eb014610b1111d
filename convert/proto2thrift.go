package convert

import (
	"fmt"
	"math"
	"sort"
	"strings"

	"github.com/idlconv/idlconv/internal/ident"
	"github.com/idlconv/idlconv/internal/marker"
	"github.com/idlconv/idlconv/protoast"
	"github.com/idlconv/idlconv/schema"
	"github.com/idlconv/idlconv/thriftast"
)

// OneofStyle says how proto oneofs become Thrift.
type OneofStyle string

// The oneof styles.
const (
	// OneofAnnotation makes each oneof member an optional field marked
	// with the annotation proto.oneof = "<oneof name>" (the default).
	OneofAnnotation OneofStyle = "annotation"
	// OneofUnion makes each oneof a union struct.
	OneofUnion OneofStyle = "union"
)

// builtinFieldOptions are the proto field options that Thrift keeps as
// proto.<name> annotations and proto output restores.
var builtinFieldOptions = map[string]bool{
	"json_name": true, "packed": true, "lazy": true, "unverified_lazy": true, "ctype": true, "jstype": true,
	"weak": true, "debug_redact": true, "retention": true, "targets": true,
}

// protoNamespaces maps proto file options to Thrift namespace languages.
var protoNamespaces = []struct{ option, lang string }{
	{"java_package", "java"}, {"go_package", "go"}, {"csharp_namespace", "netstd"},
	{"php_namespace", "php"}, {"ruby_package", "rb"},
}

// mapProtoToThrift applies the proto → Thrift rules.
func mapProtoToThrift(job *Job) []Output {
	c := &protoToThrift{opts: job.Options, diags: job.Diags, flat: map[schema.Decl]string{}, parent: map[schema.Decl]*schema.Struct{}}
	for _, f := range job.Files {
		c.flatten(f, "", f.Decls, nil)
	}
	var outs []Output
	for _, f := range job.Roots() {
		outs = append(outs, Output{Source: f, Doc: c.file(f)})
	}
	return outs
}

func toSlash(p string) string { return strings.ReplaceAll(p, "\\", "/") }

// protoToThrift holds what the mapping of one request shares across files.
type protoToThrift struct {
	opts  Options
	diags *schema.Diagnostics
	// flat is the Thrift name of every message and enum: nested ones
	// are named Outer_Inner.
	flat map[schema.Decl]string
	// parent is the message a nested declaration is declared in.
	parent map[schema.Decl]*schema.Struct
}

func (c *protoToThrift) flatten(f *schema.File, prefix string, decls []schema.Decl, parent *schema.Struct) {
	for _, d := range decls {
		name := prefix + d.DeclName()
		c.flat[d] = name
		if parent != nil {
			c.parent[d] = parent
		}
		if s, ok := d.(*schema.Struct); ok {
			c.flatten(f, name+"_", s.Nested, s)
		}
	}
}

// fileToThrift is the state of converting one file.
type fileToThrift struct {
	*protoToThrift
	src      *schema.File
	out      *schema.File
	includes []string
	byBase   map[string]string // include base name → include path
	names    map[string]schema.Pos
	skip     map[schema.Decl]bool // generated messages folded away
	locals   map[string]bool      // generated local structs (Any, Empty)
	folded   map[*schema.Method]generatedRPC
}

func (c *protoToThrift) file(src *schema.File) *schema.File {
	fc := &fileToThrift{protoToThrift: c, src: src, byBase: map[string]string{}, names: map[string]schema.Pos{},
		skip: map[schema.Decl]bool{}, locals: map[string]bool{}}
	fc.out = &schema.File{Path: thriftast.OutputPath(src.Path), Format: schema.Thrift, Comments: src.Comments}
	fc.namespaces()
	fc.foldGenerated()
	fc.decls(src.Decls)
	fc.out.Decls = thriftast.DeclareBeforeUse(fc.out.Decls)
	for _, inc := range fc.includes {
		fc.out.Imports = append(fc.out.Imports, &schema.Import{Path: inc})
	}
	return fc.out
}

func (fc *fileToThrift) namespaces() {
	var notes []string
	for _, a := range fc.src.Annotations {
		lang := ""
		for _, pn := range protoNamespaces {
			if pn.option == a.Key {
				lang = pn.lang
			}
		}
		if lang != "" {
			if ns := thriftNamespaceName(lang, unquoteProto(a.Value)); ns != "" {
				fc.out.Namespaces = append(fc.out.Namespaces, &schema.Namespace{Lang: lang, Name: ns})
				if lang == "go" && strings.Contains(a.Value, ";") {
					fc.diags.Report(a.Pos, RuleOptionAsComment, "go_package %s becomes namespace go %s: the Go package name after ';' is dropped", a.Value, ns)
				}
				continue
			}
		}
		if a.Key == "features.field_presence" {
			continue // applied to the fields
		}
		if a.Key == "extend" {
			fc.diags.Report(a.Pos, RuleExtensionsComment, "extend %s has no Thrift equivalent and is dropped", a.Value)
			continue
		}
		notes = append(notes, fmt.Sprintf("proto option %s = %s", a.Key, a.Value))
		fc.diags.Report(a.Pos, RuleOptionAsComment, "file option %s has no Thrift equivalent and becomes a comment", a.Key)
	}
	if len(notes) > 0 {
		fc.out.Decls = append(fc.out.Decls, &schema.Comment{Text: strings.Join(notes, "\n")})
	}
	// namespace * gives the package, unless a language namespace gives
	// the same one (as Thrift → proto chooses it), which keeps a round
	// trip stable for files without a package.
	if pkg := fc.src.Package; pkg != "" {
		chosen := choosePackage(&schema.File{Path: fc.src.Path, Namespaces: fc.out.Namespaces})
		if len(fc.out.Namespaces) == 0 || protoast.PackageName(chosen) != pkg {
			fc.out.Namespaces = append([]*schema.Namespace{{Lang: "*", Name: pkg}}, fc.out.Namespaces...)
		}
	}
}

// thriftNamespaceName spells a proto namespace option as a Thrift
// namespace: dotted identifiers.
func thriftNamespaceName(lang, v string) string {
	switch lang {
	case "go":
		v, _, _ = strings.Cut(v, ";")
		v = strings.ReplaceAll(v, "/", ".")
	case "php":
		v = strings.ReplaceAll(v, `\`, ".")
	case "rb":
		v = strings.ReplaceAll(v, "::", ".")
	}
	var parts []string
	for _, p := range strings.Split(v, ".") {
		if p != "" {
			parts = append(parts, ident.Sanitize(p))
		}
	}
	return strings.Join(parts, ".")
}

func unquoteProto(v string) string {
	if len(v) >= 2 && (v[0] == '"' || v[0] == '\'') {
		return v[1 : len(v)-1]
	}
	return v
}

// declName reserves a top-level Thrift name, reporting collisions.
func (fc *fileToThrift) declName(name string, pos schema.Pos) string {
	if thriftast.IsReserved(name) {
		fc.diags.Report(pos, RuleThriftReserved, "%s is a reserved word in Thrift and becomes %s_", name, name)
		name += "_"
	}
	if prev, dup := fc.names[name]; dup {
		fc.diags.ReportError(pos, schema.RuleNameCollision, "%s (a flattened nested name) is also the name of the declaration at %s; rename one", name, prev)
	}
	fc.names[name] = pos
	return name
}

// withProtoName records a declaration's proto name when Thrift had to
// rename it.
func withProtoName(anns []schema.Annotation, thriftName, protoName string) []schema.Annotation {
	if thriftName != protoName {
		anns = append(anns, schema.Annotation{Key: marker.ProtoName, Value: protoName})
	}
	return anns
}

// identName renames a field, argument or enum value that is a Thrift
// reserved word, recording the proto name in an annotation.
func (fc *fileToThrift) identName(name string, pos schema.Pos, anns *[]schema.Annotation) string {
	if !thriftast.IsReserved(name) {
		return name
	}
	fc.diags.Report(pos, RuleThriftReserved, "%s is a reserved word in Thrift and becomes %s_ (annotated %s)", name, name, marker.ProtoName)
	*anns = append(*anns, schema.Annotation{Key: marker.ProtoName, Value: name})
	return name + "_"
}

// decls converts declarations in order; nested ones come before the
// message that declares them.
func (fc *fileToThrift) decls(decls []schema.Decl) {
	for _, d := range decls {
		if fc.skip[d] {
			continue
		}
		switch d := d.(type) {
		case *schema.Struct:
			if isGeneratedWrapper(d) {
				continue
			}
			fc.decls(d.Nested)
			fc.out.Decls = append(fc.out.Decls, fc.message(d)...)
		case *schema.Enum:
			fc.out.Decls = append(fc.out.Decls, fc.enum(d))
		case *schema.Service:
			fc.out.Decls = append(fc.out.Decls, fc.service(d))
		case *schema.Comment:
			fc.out.Decls = append(fc.out.Decls, d)
		}
	}
}

// protoComments adds notes (reserved ranges, options) to comments.
func addNotes(c schema.Comments, notes []string) schema.Comments {
	if len(notes) == 0 {
		return c
	}
	if c.Leading != "" {
		c.Leading += "\n"
	}
	c.Leading += strings.Join(notes, "\n")
	return c
}

// reservedNotes renders reserved ranges and names as comment lines.
func (fc *fileToThrift) reservedNotes(rs []schema.Reserved, what string) []string {
	if len(rs) == 0 {
		return nil
	}
	var nums, names []string
	for _, r := range rs {
		switch {
		case r.Name != "":
			names = append(names, fmt.Sprintf("%q", r.Name))
		case r.End == r.Start:
			nums = append(nums, fmt.Sprint(r.Start))
		case r.End == 536870911 || r.End == math.MaxInt32:
			nums = append(nums, fmt.Sprintf("%d to max", r.Start))
		default:
			nums = append(nums, fmt.Sprintf("%d to %d", r.Start, r.End))
		}
	}
	fc.diags.Report(rs[0].Pos, RuleReservedAsComment, "reserved numbers and names of %s have no Thrift equivalent and become a comment", what)
	var out []string
	if len(nums) > 0 {
		out = append(out, "proto reserved "+strings.Join(nums, ", "))
	}
	if len(names) > 0 {
		out = append(out, "proto reserved "+strings.Join(names, ", "))
	}
	return out
}

// optionNotes splits message or enum options into Thrift annotations
// (deprecated) and comment lines.
func (fc *fileToThrift) optionNotes(opts []schema.Annotation, what string) (anns []schema.Annotation, notes []string) {
	for _, o := range opts {
		switch {
		case o.Key == "deprecated" && o.Value == "true":
			anns = append(anns, schema.Annotation{Key: "deprecated", Value: "true"})
		case o.Key == "allow_alias":
		case o.Key == "extensions":
			fc.diags.Report(o.Pos, RuleExtensionsComment, "extension range %s of %s has no Thrift equivalent and becomes a comment", o.Value, what)
			notes = append(notes, "proto extensions "+o.Value)
		default:
			fc.diags.Report(o.Pos, RuleOptionAsComment, "option %s of %s has no Thrift equivalent and becomes a comment", o.Key, what)
			notes = append(notes, fmt.Sprintf("proto option %s = %s", o.Key, o.Value))
		}
	}
	return anns, notes
}

// message converts a message; with --oneof union it also returns the
// union structs of its oneofs, first.
func (fc *fileToThrift) message(m *schema.Struct) []schema.Decl {
	name := fc.declName(fc.flat[m], m.Pos)
	anns, notes := fc.optionNotes(m.Annotations, name)
	notes = append(notes, fc.reservedNotes(m.Reserved, name)...)
	out := &schema.Struct{Name: name, Comments: addNotes(m.Comments, notes), Annotations: withProtoName(anns, name, fc.flat[m])}
	fields := m.Fields
	var pre []schema.Decl
	if fc.opts.Oneof == OneofUnion && len(m.Oneofs) > 0 {
		if onlyOneof(m) {
			out.Kind = schema.KindUnion
			for _, f := range m.Fields {
				if tf := fc.field(f, name); tf != nil {
					tf.Presence = schema.PresenceDefault
					tf.Annotations = withoutKey(tf.Annotations, marker.ProtoOneof)
					out.Fields = append(out.Fields, tf)
				}
			}
			return []schema.Decl{out}
		}
		fields = nil
		done := map[string]bool{}
		for _, f := range m.Fields {
			if f.Oneof == "" {
				fields = append(fields, f)
				continue
			}
			if done[f.Oneof] {
				continue
			}
			done[f.Oneof] = true
			u := &schema.Struct{Name: fc.declName(name+"_"+ident.UpperFirst(f.Oneof), f.Pos), Kind: schema.KindUnion}
			for _, of := range m.Fields {
				if of.Oneof == f.Oneof {
					if tf := fc.field(of, u.Name); tf != nil {
						tf.Presence = schema.PresenceDefault
						tf.Annotations = withoutKey(tf.Annotations, marker.ProtoOneof)
						u.Fields = append(u.Fields, tf)
					}
				}
			}
			pre = append(pre, u)
			// The union field takes the number of the oneof's first member.
			fields = append(fields, &schema.Field{Pos: f.Pos, Name: f.Oneof, ID: f.ID, IDExplicit: true, Presence: schema.PresenceOptional,
				Type: &schema.Type{Kind: schema.TypeNamed, Name: "#" + u.Name}})
		}
	}
	for _, f := range fields {
		if strings.HasPrefix(f.Type.Name, "#") {
			out.Fields = append(out.Fields, &schema.Field{Name: f.Name, ID: f.ID, Presence: schema.PresenceOptional,
				Type: &schema.Type{Kind: schema.TypeNamed, Name: f.Type.Name[1:]}})
			continue
		}
		if tf := fc.field(f, name); tf != nil {
			out.Fields = append(out.Fields, tf)
		}
	}
	return append(pre, out)
}

func withoutKey(anns []schema.Annotation, key string) []schema.Annotation {
	var out []schema.Annotation
	for _, a := range anns {
		if a.Key != key {
			out = append(out, a)
		}
	}
	return out
}

func onlyOneof(m *schema.Struct) bool {
	if len(m.Oneofs) != 1 {
		return false
	}
	for _, f := range m.Fields {
		if f.Oneof == "" {
			return false
		}
	}
	return true
}

// field converts one field of owner.
func (fc *fileToThrift) field(f *schema.Field, owner string) *schema.Field {
	what := owner + "." + f.Name
	if f.ID > 32767 {
		fc.diags.Report(f.Pos, RuleFieldIDRange, "field %s has number %d; Thrift field IDs end at 32767", what, f.ID)
		return nil
	}
	out := &schema.Field{Name: f.Name, ID: f.ID, Comments: f.Comments}
	out.Name = fc.identName(f.Name, f.Pos, &out.Annotations)
	t, wrapperOptional := fc.typ(f.Type, f.Pos, what)
	out.Type = t
	// The front-end settled presence by the source's syntax. A field
	// that becomes a Thrift container (a repeated field, a map, or a
	// message such as FieldMask mapped to a list) keeps default
	// requiredness, as Thrift → proto reads it back.
	switch {
	case t.IsContainer():
	case wrapperOptional:
		out.Presence = schema.PresenceOptional
	default:
		out.Presence = f.Presence
	}
	if f.Oneof != "" {
		out.Annotations = append(out.Annotations, schema.Annotation{Key: marker.ProtoOneof, Value: f.Oneof})
	}
	for _, a := range f.Annotations {
		switch {
		case a.Key == "group":
			fc.diags.Report(f.Pos, RuleGroupToStruct, "group %s becomes a struct and a field; converted back, it is a message field, whose encoding differs from a group's", what)
		case a.Key == "deprecated":
			if a.Value == "true" {
				out.Annotations = append(out.Annotations, schema.Annotation{Key: "deprecated", Value: "true"})
			}
		case strings.HasPrefix(a.Key, "features."):
		case builtinFieldOptions[a.Key]:
			fc.diags.Report(a.Pos, RuleOptionAsAnnotation, "option %s of %s becomes the Thrift annotation %s%s", a.Key, what, marker.ProtoPrefix, a.Key)
			out.Annotations = append(out.Annotations, schema.Annotation{Key: marker.ProtoPrefix + a.Key, Value: unquoteProto(a.Value)})
		default:
			fc.diags.Report(a.Pos, RuleOptionAsComment, "option %s of %s has no Thrift equivalent and becomes a comment", a.Key, what)
			out.Comments = addNotes(out.Comments, []string{fmt.Sprintf("proto option %s = %s", a.Key, a.Value)})
		}
	}
	if f.Default != nil {
		out.Default = fc.defaultValue(f, what)
	}
	return out
}

func (fc *fileToThrift) defaultValue(f *schema.Field, what string) *schema.Value {
	v := *f.Default
	switch v.Kind {
	case schema.ValueFloat:
		if math.IsInf(v.Float, 0) || math.IsNaN(v.Float) {
			fc.diags.Report(f.Pos, schema.RuleDefaultDropped, "default of %s cannot be written in Thrift and is dropped", what)
			return nil
		}
		if f.Type.Kind != schema.TypeFloat && f.Type.Kind != schema.TypeDouble {
			fc.diags.Report(f.Pos, schema.RuleDefaultDropped, "default %s of %s does not fit in i64 and is dropped", protoast.Literal(&v), what)
			return nil
		}
	case schema.ValueString:
		if !thriftast.CanQuote(v.Str) {
			fc.diags.Report(f.Pos, schema.RuleDefaultDropped, "default of %s holds bytes a Thrift string literal cannot write and is dropped", what)
			return nil
		}
	case schema.ValueIdent:
		e, ok := f.Type.Decl.(*schema.Enum)
		if !ok {
			fc.diags.Report(f.Pos, schema.RuleDefaultDropped, "default %s of %s cannot be written in Thrift and is dropped", v.Str, what)
			return nil
		}
		v.Str = fc.ref(f.Type) + "." + thriftEnumValueName(e, v.Str)
	}
	return &v
}

// typ maps a proto type. The second result says the field must become
// optional (a wrapper type).
func (fc *fileToThrift) typ(t *schema.Type, pos schema.Pos, what string) (*schema.Type, bool) {
	switch t.Kind {
	case schema.TypeList:
		if w, ok := t.Elem.Decl.(*schema.Struct); ok && t.Elem.Kind == schema.TypeNamed && isGeneratedEntry(w) {
			k, _ := fc.typ(w.Fields[0].Type, pos, what)
			v, _ := fc.typ(w.Fields[1].Type, pos, what)
			return &schema.Type{Kind: schema.TypeMap, Key: k, Elem: v}, false
		}
		e, _ := fc.typ(t.Elem, pos, what)
		return &schema.Type{Kind: schema.TypeList, Elem: e}, false
	case schema.TypeMap:
		k, _ := fc.typ(t.Key, pos, what)
		e, _ := fc.typ(t.Elem, pos, what)
		return &schema.Type{Kind: schema.TypeMap, Key: k, Elem: e}, false
	case schema.TypeU32:
		return &schema.Type{Kind: schema.TypeI64}, false
	case schema.TypeU64:
		fc.diags.Report(pos, RuleUint64ToI64, "%s of %s becomes i64: values over 2^63-1 do not fit", protoast.TypeName(t), what)
		return &schema.Type{Kind: schema.TypeI64}, false
	case schema.TypeFloat:
		return &schema.Type{Kind: schema.TypeDouble}, false
	case schema.TypeNamed:
		if protoast.IsWellKnown(t.DeclFile) {
			return fc.wellKnownType(t, pos, what)
		}
		if w, ok := t.Decl.(*schema.Struct); ok && isGeneratedWrapper(w) {
			return fc.unwrap(w, pos, what), false
		}
		return &schema.Type{Kind: schema.TypeNamed, Name: fc.ref(t), Decl: t.Decl}, false
	}
	return &schema.Type{Kind: t.Kind}, false
}

// ref names a message or enum from this file: its flattened name,
// prefixed with the include name when declared in another file.
func (fc *fileToThrift) ref(t *schema.Type) string {
	name := fc.flat[t.Decl]
	if thriftast.IsReserved(name) {
		name += "_"
	}
	if t.DeclFile == nil || t.DeclFile == fc.src {
		return name
	}
	inc := thriftast.OutputPath(t.DeclFile.Path)
	base := thriftast.IncludeName(inc)
	if prev, ok := fc.byBase[base]; ok && prev != inc {
		fc.diags.Report(t.Pos, RuleIncludeNameClash, "%s and %s would both be included as %s; Thrift names included types by file base name", prev, inc, base)
	} else if !ok {
		fc.byBase[base] = inc
		fc.includes = append(fc.includes, inc)
		sort.Strings(fc.includes)
	}
	return base + "." + name
}

// wellKnownType maps a google.protobuf type.
func (fc *fileToThrift) wellKnownType(t *schema.Type, pos schema.Pos, what string) (*schema.Type, bool) {
	name := t.Decl.DeclName()
	switch name {
	case "Timestamp", "Duration":
		fc.diags.Report(pos, RuleWellKnownType, "google.protobuf.%s of %s becomes string (its JSON form: %s)", name, what,
			map[string]string{"Timestamp": "RFC 3339, e.g. \"1972-01-01T10:00:20.021Z\"", "Duration": "seconds with an s suffix, e.g. \"1.5s\""}[name])
		return &schema.Type{Kind: schema.TypeString}, true
	case "Struct", "Value", "ListValue":
		fc.diags.Report(pos, RuleWellKnownType, "google.protobuf.%s of %s becomes string holding its JSON text", name, what)
		return &schema.Type{Kind: schema.TypeString}, true
	case "NullValue":
		fc.diags.Report(pos, RuleWellKnownType, "google.protobuf.NullValue of %s becomes i32", what)
		return &schema.Type{Kind: schema.TypeI32}, false
	case "FieldMask":
		fc.diags.Report(pos, RuleWellKnownType, "google.protobuf.FieldMask of %s becomes list<string> (its paths)", what)
		return &schema.Type{Kind: schema.TypeList, Elem: &schema.Type{Kind: schema.TypeString}}, false
	case "DoubleValue", "FloatValue":
		return &schema.Type{Kind: schema.TypeDouble}, true
	case "Int64Value", "UInt64Value":
		return &schema.Type{Kind: schema.TypeI64}, true
	case "Int32Value":
		return &schema.Type{Kind: schema.TypeI32}, true
	case "UInt32Value":
		return &schema.Type{Kind: schema.TypeI64}, true
	case "BoolValue":
		return &schema.Type{Kind: schema.TypeBool}, true
	case "StringValue":
		return &schema.Type{Kind: schema.TypeString}, true
	case "BytesValue":
		return &schema.Type{Kind: schema.TypeBinary}, true
	case "Empty", "Any":
		return &schema.Type{Kind: schema.TypeNamed, Name: fc.localStruct(name, pos)}, false
	}
	fc.diags.ReportError(pos, RuleWellKnownType, "google.protobuf.%s of %s has no Thrift mapping", name, what)
	return &schema.Type{Kind: schema.TypeString}, false
}

// localStruct declares, once per file, the Thrift struct for
// google.protobuf.Empty or Any, at the end of the file.
func (fc *fileToThrift) localStruct(name string, pos schema.Pos) string {
	if !fc.locals[name] {
		fc.locals[name] = true
		s := &schema.Struct{Name: name}
		switch name {
		case "Empty":
			s.Comments.Leading = "Empty is google.protobuf.Empty."
		case "Any":
			s.Comments.Leading = "Any is google.protobuf.Any: a serialized message and the URL of its type."
			s.Fields = []*schema.Field{
				{Name: "type_url", ID: 1, Type: &schema.Type{Kind: schema.TypeString}},
				{Name: "value", ID: 2, Type: &schema.Type{Kind: schema.TypeBinary}},
			}
		}
		if _, taken := fc.names[name]; taken {
			fc.diags.ReportError(pos, schema.RuleNameCollision, "google.protobuf.%s becomes a struct %s, which this file already declares", name, name)
		}
		fc.names[name] = pos
		fc.out.Decls = append(fc.out.Decls, s)
	}
	return name
}

// thriftEnumValueName strips the common prefix of an enum, if any.
func thriftEnumValueName(e *schema.Enum, name string) string {
	prefix := enumPrefix(e)
	if prefix == "" {
		return name
	}
	return strings.TrimPrefix(name, prefix)
}

// enumPrefix returns the prefix every value of an enum starts with, to be
// stripped: the enum's name in UPPER_SNAKE and '_', or that of a trailing
// part of it (STATE_ for an enum named Order_State, as a nested enum
// flattened by an earlier conversion is), when stripping leaves valid,
// distinct identifiers; else "".
func enumPrefix(e *schema.Enum) string {
	parts := strings.Split(e.Name, "_")
	for i := range parts {
		name := strings.Join(parts[i:], "_")
		if name == "" {
			continue
		}
		if prefix := ident.UpperSnake(name) + "_"; strippable(e, prefix) {
			return prefix
		}
	}
	return ""
}

func strippable(e *schema.Enum, prefix string) bool {
	seen := map[string]bool{}
	for _, v := range e.Values {
		rest, ok := strings.CutPrefix(v.Name, prefix)
		if !ok || rest == "" || rest[0] >= '0' && rest[0] <= '9' || seen[rest] || thriftast.IsReserved(rest) {
			return false
		}
		seen[rest] = true
	}
	return len(e.Values) > 0
}

func (fc *fileToThrift) enum(e *schema.Enum) *schema.Enum {
	name := fc.declName(fc.flat[e], e.Pos)
	anns, notes := fc.optionNotes(e.Annotations, name)
	notes = append(notes, fc.reservedNotes(e.Reserved, name)...)
	out := &schema.Enum{Name: name, Comments: addNotes(e.Comments, notes), Annotations: withProtoName(anns, name, fc.flat[e])}
	if prefix := enumPrefix(e); prefix != ident.UpperSnake(e.Name)+"_" || name != e.Name && prefix != ident.UpperSnake(name)+"_" {
		out.Annotations = append(out.Annotations, schema.Annotation{Key: marker.ProtoEnumPrefix, Value: prefix})
	}
	for _, v := range e.Values {
		tv := &schema.EnumValue{Name: thriftEnumValueName(e, v.Name), Value: v.Value, Comments: v.Comments}
		for _, a := range v.Annotations {
			if a.Key == "deprecated" && a.Value == "true" {
				tv.Annotations = append(tv.Annotations, schema.Annotation{Key: "deprecated", Value: "true"})
				continue
			}
			fc.diags.Report(a.Pos, RuleOptionAsComment, "option %s of %s.%s has no Thrift equivalent and becomes a comment", a.Key, name, v.Name)
			tv.Comments = addNotes(tv.Comments, []string{fmt.Sprintf("proto option %s = %s", a.Key, a.Value)})
		}
		if thriftast.IsReserved(tv.Name) {
			fc.diags.Report(v.Pos, RuleThriftReserved, "%s is a reserved word in Thrift and becomes %s_ (annotated %s)", tv.Name, tv.Name, marker.ProtoName)
			tv.Annotations = append(tv.Annotations, schema.Annotation{Key: marker.ProtoName, Value: v.Name})
			tv.Name += "_"
		}
		out.Values = append(out.Values, tv)
	}
	return out
}
