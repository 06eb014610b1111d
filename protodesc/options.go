package protodesc

import (
	"math"
	"reflect"
	"slices"
	"strconv"
	"strings"

	"github.com/bufbuild/protocompile/ast"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/reflect/protoreflect"
	"google.golang.org/protobuf/types/descriptorpb"
	"google.golang.org/protobuf/types/dynamicpb"

	"github.com/idlconv/idlconv/protoast"
	"github.com/idlconv/idlconv/schema"
)

// options are the options written on the element at path, whose options
// are its field tag and opts, as annotations in source order: the key as
// proto writes the option's name (java_package, (google.api.http),
// (validate.rules).string.min_len, features.field_presence), the value as
// proto text. Each option statement has a location whose path goes on
// from path+tag through the option's fields; the value is found along it
// in opts, read again with the extensions of the files.
func (b *builder) options(path []int32, tag int32, opts proto.Message) []placed[schema.Annotation] {
	if opts == nil || reflect.ValueOf(opts).IsNil() {
		return nil
	}
	base := child(path, tag)
	locs := b.locs.below(base)
	if len(locs) == 0 {
		return nil
	}
	m := b.resolved(opts)
	// The options of a field or enum value, in brackets, are placed
	// at their separators: the first at its "[", the others at the ","
	// before them.
	bracket := b.locs.first(base)
	compact := bracket != nil && (tag == fieldOptions && len(path) > 0 && (path[len(path)-2] == msgField || path[len(path)-2] == msgExtension || path[len(path)-2] == fileExtension) ||
		tag == valueOptions && len(path) > 0 && path[len(path)-2] == enumValue)
	var out []placed[schema.Annotation]
	var prev *descriptorpb.SourceCodeInfo_Location
	for _, l := range locs {
		rel := l.GetPath()[len(base):]
		// The syntax tree, when there is one, says the name as written
		// and the order of a message literal's fields.
		var node ast.ValueNode
		n := b.written.option(startOf(l))
		if n != nil {
			node = n.Val
		}
		key, val, ok := optionAt(m, rel, b.types, node)
		if !ok {
			continue
		}
		if n != nil {
			key = optionName(n.Name)
		}
		var pos schema.Pos
		switch {
		case compact:
			pos = b.separatorPos(l, prev, bracket)
		default:
			pos = b.pm.pos(l.GetSpan(), len("option"))
		}
		prev = l
		out = append(out, placed[schema.Annotation]{startOf(l), schema.Annotation{Pos: pos, Key: key, Value: val}})
	}
	return out
}

// separatorPos is the position of the "[" or "," before the option at l
// in brackets: read back from it in the file's text when it is known;
// else the bracket's location for the first option (prev nil), the end
// of the option before for the others.
func (b *builder) separatorPos(l, prev, bracket *descriptorpb.SourceCodeInfo_Location) schema.Pos {
	if b.pm.src != nil {
		if p, ok := b.pm.before(l.GetSpan()); ok {
			return p
		}
	}
	if prev == nil {
		return b.pm.pos(bracket.GetSpan(), 1)
	}
	e := endOf(prev)
	return b.pm.pos([]int32{int32(e.line), int32(e.col), int32(e.col)}, 1)
}

// resolved is an options message read again with the extensions the
// files declare, so that custom options are fields rather than unknown
// bytes: a message of the files' own descriptor.proto when they hold
// one.
func (b *builder) resolved(opts proto.Message) protoreflect.Message {
	md := opts.ProtoReflect().Descriptor()
	var m protoreflect.Message = opts.ProtoReflect().Type().New()
	if d, err := b.reg.FindDescriptorByName(md.FullName()); err == nil {
		if own, ok := d.(protoreflect.MessageDescriptor); ok {
			m = dynamicpb.NewMessage(own)
		}
	}
	raw, err := proto.MarshalOptions{Deterministic: true}.Marshal(opts)
	if err != nil {
		return opts.ProtoReflect()
	}
	if err := (proto.UnmarshalOptions{Resolver: b.types}).Unmarshal(raw, m.Interface()); err != nil {
		return opts.ProtoReflect()
	}
	return m
}

// extensionFinder finds extension types by the message they extend.
type extensionFinder interface {
	FindExtensionByNumber(message protoreflect.FullName, field protoreflect.FieldNumber) (protoreflect.ExtensionType, error)
}

// optionAt follows rel, field numbers (and indexes into repeated
// fields), from the options message m to the value an option statement
// sets: its name (as the descriptors name it) and its value as proto
// text, a message literal's fields in the order node (the value as
// written, or nil) has them.
func optionAt(m protoreflect.Message, rel []int32, types extensionFinder, node ast.ValueNode) (key, val string, ok bool) {
	var names []string
	cur := m
	for i := 0; i < len(rel); i++ {
		fd := fieldByNumber(cur, protoreflect.FieldNumber(rel[i]), types)
		if fd == nil || !cur.Has(fd) {
			return "", "", false
		}
		if fd.IsExtension() {
			names = append(names, "("+string(fd.FullName())+")")
		} else {
			names = append(names, string(fd.Name()))
		}
		v := cur.Get(fd)
		last := i == len(rel)-1
		switch {
		case fd.IsList() && last:
			return strings.Join(names, "."), listText(fd, v.List(), node), true
		case fd.IsList():
			i++
			if int(rel[i]) >= v.List().Len() {
				return "", "", false
			}
			v = v.List().Get(int(rel[i]))
			if i == len(rel)-1 {
				return strings.Join(names, "."), valueText(fd, v, node), true
			}
		case last:
			return strings.Join(names, "."), valueText(fd, v, node), true
		}
		if fd.Message() == nil {
			return "", "", false
		}
		cur = v.Message()
	}
	return "", "", false
}

// relativeName is a full name as a file of package pkg mostly writes
// it: without the package when it is declared there (the descriptors
// keep no other spelling).
func relativeName(name, pkg protoreflect.FullName) string {
	if rest, ok := strings.CutPrefix(string(name), string(pkg)+"."); ok && pkg != "" {
		return rest
	}
	return string(name)
}

// fieldByNumber is the field of m numbered n: a field of its message, or
// an extension of it.
func fieldByNumber(m protoreflect.Message, n protoreflect.FieldNumber, types extensionFinder) protoreflect.FieldDescriptor {
	if fd := m.Descriptor().Fields().ByNumber(n); fd != nil {
		return fd
	}
	if xt, err := types.FindExtensionByNumber(m.Descriptor().FullName(), n); err == nil {
		return xt.TypeDescriptor()
	}
	return nil
}

// listText spells a repeated value: [a, b]; node is the list as
// written, or nil.
func listText(fd protoreflect.FieldDescriptor, l protoreflect.List, node ast.ValueNode) string {
	var elems []ast.ValueNode
	if a, ok := node.(*ast.ArrayLiteralNode); ok {
		elems = a.Elements
	}
	var parts []string
	for i := 0; i < l.Len(); i++ {
		parts = append(parts, valueText(fd, l.Get(i), nth(elems, i)))
	}
	return "[" + strings.Join(parts, ", ") + "]"
}

// valueText spells one value of field fd as proto text: a message as
// {name: value ...}, its fields in the order node (the value as written,
// or nil) writes them and the others by number, a repeated field's
// values one entry each, or as one list when node writes them so.
func valueText(fd protoreflect.FieldDescriptor, v protoreflect.Value, node ast.ValueNode) string {
	switch fd.Kind() {
	case protoreflect.BoolKind:
		return strconv.FormatBool(v.Bool())
	case protoreflect.EnumKind:
		if ev := fd.Enum().Values().ByNumber(v.Enum()); ev != nil {
			return string(ev.Name())
		}
		return strconv.FormatInt(int64(v.Enum()), 10)
	case protoreflect.Int32Kind, protoreflect.Sint32Kind, protoreflect.Sfixed32Kind,
		protoreflect.Int64Kind, protoreflect.Sint64Kind, protoreflect.Sfixed64Kind:
		return strconv.FormatInt(v.Int(), 10)
	case protoreflect.Uint32Kind, protoreflect.Fixed32Kind, protoreflect.Uint64Kind, protoreflect.Fixed64Kind:
		return strconv.FormatUint(v.Uint(), 10)
	case protoreflect.FloatKind, protoreflect.DoubleKind:
		return floatText(v.Float())
	case protoreflect.StringKind:
		return protoast.Quote(v.String())
	case protoreflect.BytesKind:
		return protoast.Quote(string(v.Bytes()))
	}
	type entry struct {
		written int // where node writes the field first
		num     protoreflect.FieldNumber
		text    []string
	}
	fields := literalFields(node)
	var entries []entry
	v.Message().Range(func(f protoreflect.FieldDescriptor, fv protoreflect.Value) bool {
		name := string(f.Name())
		switch {
		case f.IsExtension():
			name = "[" + string(f.FullName()) + "]"
		case f.Kind() == protoreflect.GroupKind:
			name = string(f.Message().Name())
		}
		e := entry{written: firstWritten(fields, f), num: f.Number()}
		vals := valuesOf(fields, f)
		switch {
		case f.IsList() && writtenAsList(fields, f):
			var elems []string
			for i := 0; i < fv.List().Len(); i++ {
				elems = append(elems, valueText(f, fv.List().Get(i), nth(vals, i)))
			}
			e.text = append(e.text, name+": ["+strings.Join(elems, ", ")+"]")
		case f.IsList():
			for i := 0; i < fv.List().Len(); i++ {
				e.text = append(e.text, name+": "+valueText(f, fv.List().Get(i), nth(vals, i)))
			}
		default:
			e.text = append(e.text, name+": "+valueText(f, fv, nth(vals, 0)))
		}
		entries = append(entries, e)
		return true
	})
	slices.SortFunc(entries, func(a, b entry) int {
		if c := cmpInt(a.written, b.written); c != 0 {
			return c
		}
		return cmpInt(int(a.num), int(b.num))
	})
	var parts []string
	for _, e := range entries {
		parts = append(parts, e.text...)
	}
	return "{" + strings.Join(parts, " ") + "}"
}

// nth is nodes[i], or nil.
func nth(nodes []ast.ValueNode, i int) ast.ValueNode {
	if i < len(nodes) {
		return nodes[i]
	}
	return nil
}

// floatText spells a float as proto text.
func floatText(f float64) string {
	switch {
	case math.IsInf(f, 1):
		return "inf"
	case math.IsInf(f, -1):
		return "-inf"
	case math.IsNaN(f):
		return "nan"
	}
	t := strconv.FormatFloat(f, 'g', -1, 64)
	if !strings.ContainsAny(t, ".eEn") {
		t += ".0" // a float as proto sources mostly write one: 0.0, not 0
	}
	return t
}

// defaultValue is a field's declared default, from the descriptor's
// default_value: text protoc has already read (a bytes default C-escaped).
func defaultValue(fd protoreflect.FieldDescriptor, text string, p schema.Pos) *schema.Value {
	switch fd.Kind() {
	case protoreflect.FloatKind, protoreflect.DoubleKind:
		if f, err := strconv.ParseFloat(text, 64); err == nil {
			return &schema.Value{Pos: p, Kind: schema.ValueFloat, Float: f}
		}
	case protoreflect.StringKind:
		return &schema.Value{Pos: p, Kind: schema.ValueString, Str: text}
	case protoreflect.BytesKind:
		return &schema.Value{Pos: p, Kind: schema.ValueString, Str: protoast.Unescape(text)}
	case protoreflect.EnumKind:
		return &schema.Value{Pos: p, Kind: schema.ValueIdent, Str: text}
	case protoreflect.BoolKind:
		return &schema.Value{Pos: p, Kind: schema.ValueBool, Bool: text == "true"}
	}
	if i, err := strconv.ParseInt(text, 0, 64); err == nil {
		return &schema.Value{Pos: p, Kind: schema.ValueInt, Int: i}
	}
	if u, err := strconv.ParseUint(text, 0, 64); err == nil {
		return &schema.Value{Pos: p, Kind: schema.ValueFloat, Float: float64(u)}
	}
	if f, err := strconv.ParseFloat(text, 64); err == nil {
		return &schema.Value{Pos: p, Kind: schema.ValueFloat, Float: f}
	}
	return &schema.Value{Pos: p, Kind: schema.ValueIdent, Str: text}
}
