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

// message converts a message; with --oneof union it also returns the
// union structs of its oneofs, first.
func (fc *fileToThrift) message(m *schema.Struct) []schema.Decl {
	name := fc.declName(fc.flat[m], m.Pos)
	anns, notes := fc.optionNotes(m.Annotations, name)
	notes = append(notes, fc.reservedNotes(m.Reserved, name)...)
	comments := m.Comments
	kind := schema.KindStruct
	if _, ok := marker.Find(comments.Leading, marker.Exception); ok {
		kind = schema.KindException
		comments.Leading = marker.Without(comments.Leading)
	}
	out := &schema.Struct{Name: name, Kind: kind, Comments: addNotes(comments, notes), Annotations: withProtoName(anns, name, fc.flat[m])}
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
			unionName := name + "_" + ident.UpperFirst(f.Oneof)
			taken := func(s string) bool { return fc.fileNames[fc.src][s] || fc.names[s] != (schema.Pos{}) }
			if clash := unionName; taken(unionName) {
				unionName = ident.Numbered(clash, taken)
				fc.diags.Report(f.Pos, schema.RuleNameCollision, "oneof %s becomes a union named %s, which a declaration of the file has: it becomes %s", f.Oneof, clash, unionName)
			}
			u := &schema.Struct{Name: fc.declName(unionName, f.Pos), Kind: schema.KindUnion}
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
	case f.Oneof != "":
		// At most one member is set: each is optional, containers too.
		out.Presence = schema.PresenceOptional
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
	if f.JSONName != nil {
		// Kept as the option, for proto output; Thrift's json.name is
		// the JSON Schema property key.
		fc.diags.Report(f.JSONName.Pos, RuleOptionAsAnnotation, "option %s of %s becomes the Thrift annotation %s%s", protoast.OptionJSONName, what, marker.ProtoPrefix, protoast.OptionJSONName)
		out.Annotations = append(out.Annotations, schema.Annotation{Key: marker.ProtoPrefix + protoast.OptionJSONName, Value: f.JSONName.Value})
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
		if w, ok := t.Elem.Decl.(*schema.Struct); ok && t.Elem.Kind == schema.TypeNamed && marker.IsEntry(w) {
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
	case schema.TypeU64:
		fc.diags.Report(pos, RuleUint64ToI64, "%s of %s becomes i64: values over 2^63-1 do not fit", protoast.TypeName(t), what)
	case schema.TypeNamed:
		if isWellKnownRef(t, fc.src) {
			return fc.wellKnownType(t, pos, what)
		}
		if w, ok := t.Decl.(*schema.Struct); ok && isGeneratedWrapper(w) {
			return fc.unwrap(w, pos, what), false
		}
		return &schema.Type{Kind: schema.TypeNamed, Name: fc.ref(t), Decl: t.Decl}, false
	}
	return &schema.Type{Kind: ThriftKind(t.Kind)}, false
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
	return fc.include(t.DeclFile) + "." + name
}

// include includes the Thrift output of f and returns its include name.
func (fc *fileToThrift) include(f *schema.File) string {
	inc := fc.paths[f]
	if inc == "" {
		inc = thriftast.OutputPath(f.Path)
	}
	base := thriftast.IncludeName(inc)
	if _, ok := fc.byBase[base]; !ok {
		fc.byBase[base] = inc
		fc.includes = append(fc.includes, inc)
		sort.Strings(fc.includes)
	}
	return base
}

// helperOwner returns the file whose Thrift output declares the helper
// struct name (Any, Empty) for f: the first file f imports, directly or
// not, of f's package, whose output declares it; else f when f uses it;
// else nil. It depends only on f and what f imports, so every conversion
// that loads f decides alike.
func (c *protoToThrift) helperOwner(f *schema.File, name string, visiting map[*schema.File]bool) *schema.File {
	key := helperKey{f, name}
	if owner, ok := c.owners[key]; ok {
		return owner
	}
	if visiting[f] {
		return nil
	}
	visiting[f] = true
	var owner *schema.File
	for _, imp := range f.Imports {
		if imp.File == nil || imp.File.Package != f.Package || protoast.IsWellKnown(imp.File) {
			continue
		}
		if o := c.helperOwner(imp.File, name, visiting); o != nil {
			owner = o
			break
		}
	}
	if owner == nil && usesWellKnown(f.Decls, name) {
		owner = f
	}
	c.owners[key] = owner
	return owner
}

// helperKey names a helper struct of a file.
type helperKey struct {
	file *schema.File
	name string
}

// usesWellKnown reports whether a field of the declarations (nested ones
// included) or a method argument or result has the type
// google.protobuf.name.
func usesWellKnown(decls []schema.Decl, name string) bool {
	var is func(t *schema.Type) bool
	is = func(t *schema.Type) bool {
		if t == nil {
			return false
		}
		if t.Kind == schema.TypeNamed && protoast.IsWellKnown(t.DeclFile) && t.Decl != nil && t.Decl.DeclName() == name {
			return true
		}
		return is(t.Key) || is(t.Elem)
	}
	for _, d := range decls {
		switch d := d.(type) {
		case *schema.Struct:
			for _, f := range d.Fields {
				if is(f.Type) {
					return true
				}
			}
			if usesWellKnown(d.Nested, name) {
				return true
			}
		case *schema.Service:
			if name == "Empty" {
				continue
			}
			for _, m := range d.Methods {
				if is(m.Result) || len(m.Args) > 0 && is(m.Args[0].Type) {
					return true
				}
			}
		}
	}
	return false
}

// wellKnownType maps a google.protobuf type (the table of
// wellKnownTypes). The second result says the field must become
// optional.
func (fc *fileToThrift) wellKnownType(t *schema.Type, pos schema.Pos, what string) (*schema.Type, bool) {
	name := t.Decl.DeclName()
	w, ok := LookupWellKnown(name)
	if !ok {
		fc.diags.ReportError(pos, RuleWellKnownType, "google.protobuf.%s of %s has no Thrift mapping", name, what)
		return &schema.Type{Kind: schema.TypeString}, false
	}
	tt := w.ThriftType()
	if w.Warned {
		fc.diags.Report(pos, RuleWellKnownType, "google.protobuf.%s of %s becomes %s%s", name, what, thriftast.TypeName(tt), w.note)
	}
	if w.Helper {
		tt.Name = fc.localStruct(name, pos)
	}
	return tt, w.Optional
}

// localStruct declares, once per file, the Thrift struct for
// google.protobuf.Empty or Any, at the end of the file.
func (fc *fileToThrift) localStruct(name string, pos schema.Pos) string {
	if owner := fc.helperOwner(fc.src, name, map[*schema.File]bool{}); owner != nil && owner != fc.src {
		// A file this one imports, of the same package, declares it:
		// one declaration per namespace, which Thrift's generators need.
		return fc.include(owner) + "." + fc.helperName(owner, name)
	}
	wkt := name
	name = fc.helperName(fc.src, name)
	if !fc.locals[name] {
		fc.locals[name] = true
		s := &schema.Struct{Name: name}
		switch wkt {
		case "Empty":
			s.Comments.Leading = "Empty is google.protobuf.Empty."
		case "Any":
			s.Comments.Leading = "Any is google.protobuf.Any: a serialized message and the URL of its type."
			s.Fields = []*schema.Field{
				{Name: "type_url", ID: 1, Type: &schema.Type{Kind: schema.TypeString}},
				{Name: "value", ID: 2, Type: &schema.Type{Kind: schema.TypeBinary}},
			}
		}
		if name != wkt {
			fc.diags.Report(pos, schema.RuleNameCollision, "google.protobuf.%s becomes a struct %s: this file declares %s itself", wkt, name, wkt)
		}
		fc.names[name] = pos
		fc.out.Decls = append(fc.out.Decls, s)
	}
	return name
}
