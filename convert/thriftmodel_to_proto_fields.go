package convert

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/idlconv/idlconv/internal/ident"
	"github.com/idlconv/idlconv/internal/marker"
	"github.com/idlconv/idlconv/protoast"
	"github.com/idlconv/idlconv/schema"
	"github.com/idlconv/idlconv/thriftast"
)

func (fc *fileToProto) message(s *schema.Struct) *schema.Struct {
	m := fc.beginMessage(protoName(s), s.Fields)
	// IDs the ID lock retired (idlock): proto reserves them.
	m.Reserved = append(m.Reserved, s.Reserved...)
	anns := fc.optionAnnotations(s.Annotations, &m.Annotations, "option")
	m.Comments = fc.comments(s.Comments, anns, s.Name)
	if s.Kind == schema.KindException {
		fc.diags.Report(s.Pos, RuleExceptionToMessage, "exception %s becomes a plain message", s.Name)
		// The tag lets proto → Thrift restore the exception, which a
		// throws clause needs.
		m.Comments.Leading = strings.TrimPrefix(m.Comments.Leading+"\n"+marker.Tag(marker.Exception, ""), "\n")
	}
	if s.Kind == schema.KindUnion {
		oneof := unionOneofName(s)
		m.Oneofs = []*schema.Oneof{{Name: oneof}}
		for _, f := range s.Fields {
			if pf := fc.unionField(f, s, oneof, false); pf != nil {
				m.Fields = append(m.Fields, pf)
			}
		}
	} else {
		for _, f := range s.Fields {
			// A field the proto → Thrift mapping marked with proto.oneof
			// goes back into its oneof.
			if o, ok := annotationValue(f.Annotations, marker.ProtoOneof); ok {
				if pf := fc.unionField(f, s, o, true); pf != nil {
					if !hasOneof(m, o) {
						m.Oneofs = append(m.Oneofs, &schema.Oneof{Name: o})
					}
					m.Fields = append(m.Fields, pf)
				}
				continue
			}
			if pf := fc.field(f, s); pf != nil {
				m.Fields = append(m.Fields, pf)
			}
		}
	}
	fc.checkJSONNames(s, m)
	return m
}

func hasOneof(m *schema.Struct, name string) bool {
	for _, o := range m.Oneofs {
		if o.Name == name {
			return true
		}
	}
	return false
}

// beginMessage starts a message; wrapper messages made while its fields
// are converted are nested in it.
func (fc *fileToProto) beginMessage(name string, fields []*schema.Field) *schema.Struct {
	m := &schema.Struct{Name: name}
	fc.owner, fc.wrapped, fc.ownerFields, fc.nestedNames = m, map[string]string{}, map[string]bool{}, map[string]bool{}
	for _, f := range fields {
		fc.ownerFields[f.Name] = true
	}
	return m
}

// unionOneofName names the oneof of a union: the union's name in
// lower_snake_case, with "_value" appended while a member has that name.
func unionOneofName(s *schema.Struct) string {
	oneof := ident.LowerSnake(s.Name)
	for clash := true; clash; {
		clash = false
		for _, f := range s.Fields {
			if f.Name == oneof {
				oneof += "_value"
				clash = true
			}
		}
	}
	return oneof
}

// checkJSONNames resolves fields of m whose names protoc cannot tell
// apart in proto3, editions and JSON: the same when lower-cased with
// underscores removed (user_id and userId, field and field_). The later
// field is renamed NAME_ID (NAME without trailing '_', ID its number, again
// while taken) and keeps its own JSON name in json_name when no other
// field has that JSON name; a warning names both. s is the source
// struct, for positions. proto2 needs nothing: protoc only warns there.
func (fc *fileToProto) checkJSONNames(s *schema.Struct, m *schema.Struct) {
	if fc.opts.ProtoSyntax == "proto2" {
		return
	}
	key := func(name string) string { return strings.ToLower(strings.ReplaceAll(name, "_", "")) }
	taken := map[string]*schema.Field{}
	jsonNames := map[string]int{}
	for _, f := range m.Fields {
		jsonNames[protoJSONName(f)]++
		if _, dup := taken[key(f.Name)]; !dup {
			taken[key(f.Name)] = f
		}
	}
	for _, f := range m.Fields {
		prev := taken[key(f.Name)]
		if prev == f {
			continue
		}
		pos := s.Pos
		for _, sf := range s.Fields {
			if sf.Name == f.Name {
				pos = sf.Pos
			}
		}
		old, own, mine := f.Name, protoast.JSONName(f.Name), protoJSONName(f)
		if fc.jsonContract {
			// The property's own name is its JSON name (one that is not
			// an identifier already gave a json_name).
			own = old
		}
		name := strings.TrimRight(old, "_")
		for name == strings.TrimRight(old, "_") || taken[key(name)] != nil {
			name += "_" + strconv.Itoa(f.ID)
		}
		f.Name = name
		taken[key(name)] = f
		note := fmt.Sprintf("its JSON name is %q", protoast.JSONName(name))
		others := jsonNames[own] // fields other than f with the JSON name own
		if mine == own {
			others--
		}
		switch {
		case f.JSONName != nil:
			note = "its json_name is kept"
		case others == 0:
			if own != protoast.JSONName(name) {
				f.JSONName = &schema.Text{Value: own}
			}
			note = fmt.Sprintf("json_name keeps its JSON name %q", own)
			jsonNames[mine]--
			jsonNames[own]++
		default:
			jsonNames[mine]--
			jsonNames[protoast.JSONName(name)]++
		}
		fc.diags.Report(pos, RuleJSONNameConflict, "field %s of %s cannot be told from field %s by protoc (the same name lower-cased without underscores, as JSON names are compared): it becomes %s; %s", old, s.Name, prev.Name, name, note)
	}
}

// optionAnnotations moves the Thrift annotations that have a proto option
// (deprecated) into opts and returns the rest. style "option" is for
// messages and enums (`option deprecated = true;`), "field" for fields
// (`[deprecated = true]`).
func (fc *fileToProto) optionAnnotations(anns []schema.Annotation, opts *[]schema.Annotation, style string) []schema.Annotation {
	var rest []schema.Annotation
	for _, a := range anns {
		switch {
		case a.Key == "deprecated" && (a.Value == "" || a.Value == "true" || a.Value == "1"):
			*opts = append(*opts, schema.Annotation{Key: "deprecated", Value: "true"})
		case style == "field" && a.Key == marker.ProtoPrefix+protoast.OptionJSONName:
			// Read by fieldCommon.
		case style == "field" && strings.HasPrefix(a.Key, marker.ProtoPrefix) && builtinFieldOptions[strings.TrimPrefix(a.Key, marker.ProtoPrefix)]:
			// Written by the proto → Thrift mapping: the option comes back.
			*opts = append(*opts, schema.Annotation{Key: strings.TrimPrefix(a.Key, marker.ProtoPrefix), Value: a.Value})
		case a.Key == marker.ProtoOneof || a.Key == marker.ProtoName || a.Key == marker.ProtoEnumPrefix || a.Key == marker.ProtoEnumScope:
			// Read by field and unionField.
		default:
			rest = append(rest, a)
		}
	}
	return rest
}

// jsonNameOption gives a proto field the JSON name of its JSON Schema
// property (the field's JSONName, else the field's own name, which is the
// property's), when protoc's default JSON name differs, unless a
// proto.json_name annotation gave it one.
func (fc *fileToProto) jsonNameOption(f, pf *schema.Field) {
	if pf.JSONName != nil {
		return
	}
	n := f.JSONName
	if n == nil && fc.jsonContract {
		n = &schema.Text{Pos: f.Pos, Value: f.Name}
	}
	if n != nil && n.Value != protoast.JSONName(pf.Name) {
		pf.JSONName = n
	}
}

// checkInt64 warns that protojson writes a 64-bit integer of a JSON
// Schema property (the field's value, or a list item or map value of it)
// as a JSON string.
func (fc *fileToProto) checkInt64(f *schema.Field, what string) {
	if !fc.jsonContract {
		return
	}
	for t := derefTypedef(f.Type); t != nil; t = derefTypedef(t.Elem) {
		if t.Kind == schema.TypeI64 || t.Kind == schema.TypeU64 {
			at := t.Pos
			if at == (schema.Pos{}) {
				at = f.Pos
			}
			fc.diags.Report(at, RuleInt64String, "%s becomes %s, which protojson writes as a JSON string (\"42\"); give the integer \"format\": \"int32\" or bounds within 32 bits to keep a JSON number", what, protoast.TypeName(&schema.Type{Kind: t.Kind}))
			return
		}
		if !t.IsContainer() {
			return
		}
	}
}

// fieldID checks that a Thrift field ID can be a proto field number.
// siblings are the fields declared with f, for suggesting a free ID.
func (fc *fileToProto) fieldID(f *schema.Field, owner string, siblings []*schema.Field) bool {
	switch {
	case !f.IDExplicit:
		fc.diags.ReportError(f.Pos, RuleImplicitFieldID, "field %s of %s has no explicit ID; proto needs a field number: write one, e.g. `%d: ...`", f.Name, owner, nextFreeID(siblings))
		return false
	case f.ID <= 0:
		fc.diags.Report(f.Pos, RuleInvalidFieldID, "field %s of %s has ID %d; proto field numbers start at 1", f.Name, owner, f.ID)
		return false
	case f.ID >= 19000 && f.ID <= 19999:
		fc.diags.Report(f.Pos, RuleInvalidFieldID, "field %s of %s has ID %d, in the range 19000-19999 that protobuf reserves", f.Name, owner, f.ID)
		return false
	}
	return true
}

// nextFreeID is one more than the highest explicit ID among fields.
func nextFreeID(fields []*schema.Field) int {
	next := 1
	for _, f := range fields {
		if f.IDExplicit && f.ID >= next {
			next = f.ID + 1
		}
	}
	return next
}

// field maps a struct field (or a method argument) of owner.
func (fc *fileToProto) field(f *schema.Field, owner *schema.Struct) *schema.Field {
	if !fc.fieldID(f, owner.Name, owner.Fields) {
		return nil
	}
	what := owner.Name + "." + f.Name
	pf := fc.fieldCommon(f, what, true)
	repeated := pf.Type.IsContainer()
	proto2 := fc.opts.ProtoSyntax == "proto2"
	editions := fc.opts.ProtoSyntax == "editions"
	switch {
	case repeated && f.Presence == schema.PresenceOptional:
		fc.diags.Report(f.Pos, RuleOptionalContainer, "optional %s becomes a repeated or map field: proto cannot tell unset from empty", what)
	case repeated && f.Presence == schema.PresenceRequired:
		fc.diags.Report(f.Pos, RuleRequiredField, "required %s becomes a repeated or map field, which proto cannot require", what)
	case repeated:
	case editions && f.Presence == schema.PresenceRequired:
		pf.Annotations = append(pf.Annotations, schema.Annotation{Key: "features.field_presence", Value: "LEGACY_REQUIRED"})
	case editions && f.Presence == schema.PresenceDefault && !isMessageType(f.Type) && f.Default == nil:
		pf.Annotations = append(pf.Annotations, schema.Annotation{Key: "features.field_presence", Value: "IMPLICIT"})
	case editions:
		// Explicit presence, the edition's default: no label.
	case f.Presence == schema.PresenceRequired && proto2:
		pf.Presence = schema.PresenceRequired
	case f.Presence == schema.PresenceRequired && fc.jsonContract && !isMessageType(f.Type):
		// protojson leaves out a field without presence at its zero
		// value, which a required property must not be.
		pf.Presence = schema.PresenceOptional
		fc.diags.Report(f.Pos, RuleRequiredField, "required %s becomes optional in proto3, which cannot require a field (explicit presence keeps it in protojson's output at its zero value)", what)
	case f.Presence == schema.PresenceRequired:
		fc.diags.Report(f.Pos, RuleRequiredField, "required %s has no label in proto3: presence is not enforced", what)
	case f.Presence == schema.PresenceDefault && fc.jsonContract && !isMessageType(f.Type):
		fc.diags.Report(f.Pos, RuleImplicitPresence, "%s has implicit presence (\"%s\": \"default\"): protojson leaves it out at its zero value (0, \"\", false, the first enum value)", what, marker.KeyPresence)
	case proto2:
		pf.Presence = schema.PresenceOptional
	case f.Presence == schema.PresenceOptional && isMessageType(f.Type):
		// A proto3 message field always has presence: no label needed.
	case f.Presence == schema.PresenceOptional:
		pf.Presence = schema.PresenceOptional
	}
	fc.defaultValue(f, pf, what)
	return pf
}

// fieldCommon maps what a field and a oneof member share: the name (a
// proto.name annotation's), the comments and options, the JSON name and
// the type, a list or map only when container.
func (fc *fileToProto) fieldCommon(f *schema.Field, what string, container bool) *schema.Field {
	pf := &schema.Field{Name: f.Name, ID: f.ID}
	if n, ok := annotationValue(f.Annotations, marker.ProtoName); ok {
		pf.Name = n
	}
	if n, ok := annotationValue(f.Annotations, marker.ProtoPrefix+protoast.OptionJSONName); ok {
		// Written by the proto → Thrift mapping: the option comes back.
		pf.JSONName = &schema.Text{Value: n}
	}
	rest := fc.optionAnnotations(append(typeAnnotations(f.Type), f.Annotations...), &pf.Annotations, "field")
	pf.Comments = fc.comments(f.Comments, append(formatAnnotations(f.Type), rest...), what)
	fc.jsonNameOption(f, pf)
	pf.Type = fc.typ(f.Type, f.Pos, what, container)
	fc.checkInt64(f, what)
	return pf
}

// unionField maps a union member, or a field marked proto.oneof, to a
// oneof member.
func (fc *fileToProto) unionField(f *schema.Field, owner *schema.Struct, oneof string, marked bool) *schema.Field {
	if !fc.fieldID(f, owner.Name, owner.Fields) {
		return nil
	}
	what := owner.Name + "." + f.Name
	if f.Presence != schema.PresenceDefault && !marked {
		fc.diags.Report(f.Pos, RuleUnionFieldPresence, "%s on union member %s is dropped: a oneof member is never required and always has presence", f.Presence, what)
	}
	pf := fc.fieldCommon(f, what, false)
	pf.Oneof = oneof
	if f.Default != nil {
		fc.diags.Report(f.Pos, schema.RuleDefaultDropped, "default value of union member %s is dropped: a oneof member has no default", what)
	}
	return pf
}

// defaultValue maps a field default: proto2 keeps scalar and enum defaults,
// proto3 has none.
func (fc *fileToProto) defaultValue(f, pf *schema.Field, what string) {
	if f.Default == nil {
		return
	}
	if fc.opts.ProtoSyntax == "proto3" {
		fc.diags.Report(f.Pos, schema.RuleDefaultDropped, "default value of %s is dropped: proto3 has no field defaults", what)
		return
	}
	t := derefTypedef(f.Type)
	v := fc.defaultLiteral(f.Default, t)
	if v == nil || pf.Type.IsContainer() {
		fc.diags.Report(f.Pos, schema.RuleDefaultDropped, "default value %s of %s is dropped: proto2 has no default of this value for this type (only scalar and enum defaults in range)", thriftast.Value(f.Default), what)
		return
	}
	pf.Default = v
}

// defaultLiteral converts a Thrift default to a proto2 default literal for
// type t, or returns nil when proto2 cannot express it.
func (fc *fileToProto) defaultLiteral(v *schema.Value, t *schema.Type) *schema.Value {
	switch t.Kind {
	case schema.TypeBool:
		switch v.Kind {
		case schema.ValueBool:
			return v
		case schema.ValueInt:
			return &schema.Value{Kind: schema.ValueBool, Bool: v.Int != 0}
		}
	case schema.TypeI8, schema.TypeI16, schema.TypeI32:
		if v.Kind == schema.ValueInt && v.Int >= -1<<31 && v.Int < 1<<31 {
			return v
		}
	case schema.TypeI64:
		if v.Kind == schema.ValueInt {
			return v
		}
	case schema.TypeDouble:
		if v.Kind == schema.ValueInt || v.Kind == schema.ValueFloat {
			return v
		}
	case schema.TypeString, schema.TypeBinary, schema.TypeUUID:
		if v.Kind == schema.ValueString {
			return v
		}
	case schema.TypeNamed:
		e, ok := t.Decl.(*schema.Enum)
		if !ok {
			return nil
		}
		for _, ev := range e.Values {
			if v.Kind == schema.ValueInt && ev.Value == v.Int ||
				v.Kind == schema.ValueIdent && (v.Str == ev.Name || strings.HasSuffix(v.Str, "."+ev.Name)) {
				return &schema.Value{Kind: schema.ValueIdent, Str: fc.enumValueName(e, ev)}
			}
		}
	}
	return nil
}

// structProto declares the proto messages of free-form JSON.
const structProto = "google/protobuf/struct.proto"

// isMessageType reports whether t (after typedefs) names a struct, union
// or exception, or is free-form JSON: a proto message.
func isMessageType(t *schema.Type) bool {
	t = derefTypedef(t)
	if t.IsJSON() {
		return true
	}
	if t.Kind != schema.TypeNamed {
		return false
	}
	_, ok := t.Decl.(*schema.Struct)
	return ok
}

// formatAnnotations returns the JSON Schema formats of a type expression
// and of the types nested in it as the json.format annotations that a
// Thrift output would have: proto has no place for them but a comment.
func formatAnnotations(t *schema.Type) []schema.Annotation {
	if t == nil {
		return nil
	}
	var out []schema.Annotation
	if t.Format != nil {
		out = append(out, schema.Annotation{Pos: t.Format.Pos, Key: marker.JSONFormat, Value: t.Format.Value})
	}
	out = append(out, formatAnnotations(t.Key)...)
	return append(out, formatAnnotations(t.Elem)...)
}

// typeAnnotations returns the annotations written on a type expression and
// on the types nested in it.
func typeAnnotations(t *schema.Type) []schema.Annotation {
	if t == nil {
		return nil
	}
	out := append([]schema.Annotation(nil), t.Annotations...)
	out = append(out, typeAnnotations(t.Key)...)
	return append(out, typeAnnotations(t.Elem)...)
}

// typ maps a Thrift type. With container true the result may be a list or
// map (for a field); otherwise it is singular, and containers become
// wrapper messages.
func (fc *fileToProto) typ(t *schema.Type, pos schema.Pos, what string, container bool) *schema.Type {
	if n := fc.expandedSize(t); n > MaxExpandedType {
		// Typedefs that nest containers in each other grow the type
		// exponentially once inlined (map<T, T> of map<U, U> of ...).
		fc.diags.Report(pos, RuleTypeExpansion, "the type of %s has more than %d parts once its typedefs are inlined, as proto needs", what, MaxExpandedType)
		return &schema.Type{Kind: schema.TypeString}
	}
	t = derefTypedef(t)
	switch t.Kind {
	case schema.TypeI8, schema.TypeI16:
		fc.diags.Report(pos, RuleNarrowInt, "%s of %s becomes int32: proto has no %s, so the range is not enforced", thriftTypeName(t), what, thriftTypeName(t))
		return &schema.Type{Kind: ProtoKind(t.Kind)}
	case schema.TypeUUID:
		fc.diags.Report(pos, RuleUUIDToString, "uuid %s becomes string", what)
		return &schema.Type{Kind: ProtoKind(t.Kind)}
	case schema.TypeNamed:
		return &schema.Type{Kind: schema.TypeNamed, Name: fc.ref(t)}
	case schema.TypeJSONValue, schema.TypeJSONObject, schema.TypeJSONArray:
		// protojson reads and writes any JSON value, object or array
		// as it is through these.
		fc.addImport(structProto)
		return &schema.Type{Kind: schema.TypeNamed, Name: freeFormType(t.Kind)}
	case schema.TypeList, schema.TypeSet:
		if !container {
			return fc.wrapper(t, pos, what)
		}
		if t.Kind == schema.TypeSet {
			fc.diags.Report(pos, RuleSetToRepeated, "%s of %s becomes repeated %s: uniqueness is not enforced", spelledType(t), what, protoast.TypeName(fc.typ(t.Elem, pos, what, false)))
		}
		return &schema.Type{Kind: ProtoKind(t.Kind), Elem: fc.typ(t.Elem, pos, what, false)}
	case schema.TypeMap:
		if !container {
			return fc.wrapper(t, pos, what)
		}
		if key := derefTypedef(t.Key); !legalMapKey(key) {
			entry := fc.entryMessage(t, pos, what)
			fc.diags.Report(pos, RuleMapKeyToEntries, "%s of %s becomes repeated %s: proto map keys must be integers, bool or string", spelledType(derefTypedef(t)), what, entry.Name)
			return &schema.Type{Kind: schema.TypeList, Elem: entry}
		}
		return &schema.Type{Kind: schema.TypeMap, Key: fc.typ(t.Key, pos, what, false), Elem: fc.typ(t.Elem, pos, what, false)}
	}
	return fc.baseType(t.Kind)
}

// baseType returns the proto model's type of a base kind: one shared
// value per kind and file, since nothing changes a type of the output
// model once made (a file of 270,000 fields would otherwise hold 300,000
// identical ones, 38 MB).
func (fc *fileToProto) baseType(k schema.TypeKind) *schema.Type {
	if t, ok := fc.baseTypes[k]; ok {
		return t
	}
	t := &schema.Type{Kind: k}
	fc.baseTypes[k] = t
	return t
}

// MaxExpandedType is the most parts (base types, containers, references)
// a type may have once its typedefs are inlined.
const MaxExpandedType = 10000

// expandedSize counts the parts of t with its typedefs inlined, up to
// MaxExpandedType + 1, in time linear in the declarations.
func (fc *fileToProto) expandedSize(t *schema.Type) int {
	if t == nil {
		return 0
	}
	if n, ok := fc.sizes[t]; ok {
		return n
	}
	fc.sizes[t] = MaxExpandedType + 1 // a typedef cycle counts as too large
	n := 1
	if td, ok := t.Decl.(*schema.Typedef); ok && t.Kind == schema.TypeNamed {
		n = fc.expandedSize(td.Type)
	} else {
		n += fc.expandedSize(t.Key) + fc.expandedSize(t.Elem)
	}
	n = min(n, MaxExpandedType+1)
	fc.sizes[t] = n
	return n
}

// legalMapKey reports whether proto accepts t, once mapped, as a map key.
func legalMapKey(t *schema.Type) bool {
	switch ProtoKind(t.Kind) {
	case schema.TypeBool, schema.TypeI32, schema.TypeI64, schema.TypeU32, schema.TypeU64, schema.TypeString:
		return true
	}
	return false
}

// ref names a struct or enum from this file's point of view: bare in the
// same package, fully qualified (with a leading dot, so that no enclosing
// package can shadow it) in another, whose file is imported.
func (fc *fileToProto) ref(t *schema.Type) string {
	name := protoName(t.Decl)
	if e, ok := t.Decl.(*schema.Enum); ok && fc.isScopedEnum(e) {
		name += "." + scopedEnumNested(e)
	}
	pkg := fc.pkg
	if t.DeclFile != nil && t.DeclFile != fc.src {
		fc.addImport(protoPath(t.DeclFile.Path))
		pkg = fc.pkgOf(t.DeclFile)
	}
	if pkg == fc.pkg && !protoast.IsKeyword(name) {
		return name
	}
	return "." + pkg + "." + name
}

// thriftTypeName spells a type as Thrift does, for messages.
func thriftTypeName(t *schema.Type) string {
	// The printer's spelling, without the space after a map key: the
	// compact form in messages and in wrapper comments.
	return strings.ReplaceAll(thriftast.TypeName(t), ", ", ",")
}

// nestedName picks the name of a wrapper or entry message nested in the
// current message: the shape name, with '_' appended while it equals a
// top-level name of the package (a bare reference inside the message would
// then mean the nested one), a field of the message or the message itself.
func (fc *fileToProto) nestedName(want string, pos schema.Pos) string {
	name := want
	clash := func(n string) bool {
		if fc.names[fc.pkg][n] || n == fc.owner.Name {
			return true
		}
		return fc.ownerFields[n] || fc.nestedNames[n]
	}
	for clash(name) {
		name += "_"
	}
	if name != want {
		fc.diags.Report(pos, schema.RuleNameCollision, "generated message %s is named %s: %s is already taken", want, name, want)
	}
	return name
}

// nested returns the message nested in the current one for a shape,
// creating it with build on first use.
func (fc *fileToProto) nested(shape, key string, pos schema.Pos, build func(w *schema.Struct)) *schema.Type {
	if name, ok := fc.wrapped[key]; ok {
		return &schema.Type{Kind: schema.TypeNamed, Name: name}
	}
	w := &schema.Struct{Name: fc.nestedName(shape, pos)}
	fc.wrapped[key] = w.Name
	fc.nestedNames[w.Name] = true
	build(w)
	fc.owner.Nested = append(fc.owner.Nested, w)
	return &schema.Type{Kind: schema.TypeNamed, Name: w.Name}
}

// wrapper returns a reference to the wrapper message for a container used
// where proto needs a singular type (a list element, a map value, a oneof
// member). Wrappers are nested in the message that uses them.
func (fc *fileToProto) wrapper(t *schema.Type, pos schema.Pos, what string) *schema.Type {
	ref := fc.nested(fc.shapes.name(t, ""), fc.shapes.of(t).key, pos, func(w *schema.Struct) {
		field := "items"
		if t.Kind == schema.TypeMap {
			field = "entries"
		}
		tn := spelledType(derefTypedef(t))
		w.Comments.Leading = fmt.Sprintf("%s wraps a Thrift %s, which proto cannot nest directly.\n%s", w.Name, tn, marker.Tag(marker.Wrapper, tn))
		w.Fields = []*schema.Field{{Name: field, ID: 1, Type: fc.typ(t, pos, what, true)}}
	})
	fc.diags.Report(pos, RuleContainerWrapper, "%s in %s becomes wrapper message %s: proto has no nested containers", spelledType(derefTypedef(t)), what, ref.Name)
	return ref
}

// entryMessage returns the entry message for a map whose key proto cannot
// use as a map key, nested in the message that uses it.
func (fc *fileToProto) entryMessage(t *schema.Type, pos schema.Pos, what string) *schema.Type {
	return fc.nested(fc.shapes.name(t, "Entry"), fc.shapes.of(t).key+"Entry", pos, func(w *schema.Struct) {
		tn := spelledType(derefTypedef(t))
		w.Comments.Leading = fmt.Sprintf("%s is one entry of a Thrift %s, whose key type proto maps cannot have.\n%s", w.Name, tn, marker.Tag(marker.Entry, tn))
		w.Fields = []*schema.Field{
			{Name: "key", ID: 1, Type: fc.typ(t.Key, pos, what, false)},
			{Name: "value", ID: 2, Type: fc.typ(t.Elem, pos, what, false)},
		}
	})
}
