package convert

import (
	"fmt"
	"strconv"
	"strings"
	"unicode"

	"github.com/idlconv/idlconv/internal/ident"
	"github.com/idlconv/idlconv/internal/marker"
	"github.com/idlconv/idlconv/schema"
	"github.com/idlconv/idlconv/thriftast"
)

// enumValuePrefix is the prefix of an enum's proto value names: the
// enum's name in UPPER_SNAKE and '_', or what a proto.prefix annotation
// says.
func enumValuePrefix(e *schema.Enum) string {
	if p, ok := annotationValue(e.Annotations, marker.ProtoEnumPrefix); ok {
		return p
	}
	return ident.UpperSnake(protoName(e)) + "_"
}

// zeroValueName ends the name of the value 0 that the mapping into proto
// adds to an enum without one (enum-zero-value): COLOR_UNSPECIFIED.
const zeroValueName = "UNSPECIFIED"

// zeroValuePrefix starts the name of the value 0 added to an enum that is
// not scoped: the prefix of its values, or the enum's name in
// UPPER_SNAKE and '_' where its values have none (a proto.prefix of "").
func zeroValuePrefix(e *schema.Enum) string {
	if prefix := enumValuePrefix(e); prefix != "" {
		return prefix
	}
	return ident.UpperSnake(protoName(e)) + "_"
}

// scopedEnumName is the name of the enum nested in the message that
// scopes a JSON Schema enum's values.
const scopedEnumName = "Value"

// isScopedEnum reports whether the enum e keeps its value names
// unprefixed inside a message of its name: an enum of a JSON Schema
// document (jsonContract), whose value names are its strings, so that
// protojson reads and writes those strings. An enum whose values all
// carry its prefix already (proto → JSON Schema wrote it) stays a
// top-level enum.
func (c *thriftModelToProto) isScopedEnum(e *schema.Enum) bool {
	if _, ok := annotationValue(e.Annotations, marker.ProtoEnumScope); ok {
		return true // proto → Thrift wrote it
	}
	if !c.jsonContract {
		return false
	}
	prefix := enumValuePrefix(e)
	for _, v := range e.Values {
		if !strings.HasPrefix(v.Name, prefix) {
			return true
		}
	}
	return false
}

// scopedEnumNested names the enum nested in the scoping message of e:
// Value, numbered while a value of e has that name.
func scopedEnumNested(e *schema.Enum) string {
	if n, ok := annotationValue(e.Annotations, marker.ProtoEnumScope); ok {
		return n
	}
	taken := func(s string) bool {
		for _, v := range e.Values {
			if v.Name == s {
				return true
			}
		}
		return false
	}
	if !taken(scopedEnumName) {
		return scopedEnumName
	}
	return ident.Numbered(scopedEnumName, taken)
}

// enumScopeOf returns the enum a message scopes, when the message is one
// that Thrift or JSON Schema → proto made for it (see isScopedEnum): tagged
// with marker.EnumScope, with no fields and only that enum nested.
func enumScopeOf(s *schema.Struct) *schema.Enum {
	name, ok := marker.Find(s.Comments.Leading, marker.EnumScope)
	if !ok || len(s.Fields) > 0 || len(s.Nested) != 1 {
		return nil
	}
	if e, ok := s.Nested[0].(*schema.Enum); ok && e.Name == name {
		return e
	}
	return nil
}

// enumValueName is the proto name of a Thrift enum value: prefixed with the
// enum's UPPER_SNAKE name, as proto's enum scoping needs; the value's own
// name in a scoped enum (see isScopedEnum). A value named in a proto.name
// annotation keeps that name (the proto → Thrift mapping wrote those).
func (c *thriftModelToProto) enumValueName(e *schema.Enum, v *schema.EnumValue) string {
	if n, ok := annotationValue(v.Annotations, marker.ProtoName); ok {
		return n
	}
	if c.isScopedEnum(e) {
		return v.Name
	}
	prefix := enumValuePrefix(e)
	if strings.HasPrefix(v.Name, prefix) {
		return v.Name
	}
	return prefix + v.Name
}

// enum maps an enum: a proto enum, or a message scoping it (see
// isScopedEnum).
func (fc *fileToProto) enum(e *schema.Enum) schema.Decl {
	out := &schema.Enum{Name: protoName(e)}
	out.Comments = fc.comments(e.Comments, fc.optionAnnotations(e.Annotations, &out.Annotations, "option"), e.Name)
	if !fc.isScopedEnum(e) {
		// The values share the package's scope.
		names := fc.names[fc.pkg]
		fc.enumValues(e, out, zeroValuePrefix(e), names)
		out.Reserved = unusedReserved(e.Reserved, out)
		return out
	}
	scope := &schema.Struct{Name: out.Name, Nested: []schema.Decl{out}}
	out.Name = scopedEnumNested(e)
	scope.Comments.Leading = fmt.Sprintf("%s scopes the values of enum %s, named by their JSON strings.\n%s", scope.Name, out.Name, marker.Tag(marker.EnumScope, out.Name))
	fc.enumValues(e, out, "", map[string]bool{out.Name: true})
	out.Reserved = unusedReserved(e.Reserved, out)
	return scope
}

// unusedReserved returns the reserved numbers of an enum (those the ID
// lock retired) that its proto form does not use: proto3 may add a zero
// value of its own.
func unusedReserved(rs []schema.Reserved, out *schema.Enum) []schema.Reserved {
	var kept []schema.Reserved
	for _, r := range rs {
		used := false
		for _, v := range out.Values {
			if r.Covers(v.Value) {
				used = true
			}
		}
		if !used {
			kept = append(kept, r)
		}
	}
	return kept
}

// enumValues maps the values of e into out, whose name protoc strips from
// value names when it compares them. prefix starts the name of a zero
// value that has to be added; names holds the names of the values' scope
// (the package, or the scoping message) and receives the names made.
func (fc *fileToProto) enumValues(e *schema.Enum, out *schema.Enum, prefix string, names map[string]bool) {
	seen := map[int64]bool{}
	alias := false
	byKey := map[string]*schema.EnumValue{} // source values by enumValueKey
	for _, v := range e.Values {
		if v.Value < -1<<31 || v.Value > 1<<31-1 {
			fc.diags.Report(v.Pos, RuleEnumValueRange, "value %s = %d of enum %s is outside proto's int32 range", v.Name, v.Value, e.Name)
			continue
		}
		name := fc.enumValueName(e, v)
		key := enumValueKey(name, out.Name)
		if prev, dup := byKey[key]; dup && prev.Value != v.Value && fc.opts.ProtoSyntax != "proto2" {
			// protoc cannot tell the two apart: the later one gets _2,
			// _3, ... until it can.
			clash := name
			name = ident.Numbered(clash, func(s string) bool { return byKey[enumValueKey(s, out.Name)] != nil || names[s] })
			key = enumValueKey(name, out.Name)
			fc.diags.Report(v.Pos, RuleEnumValueConflict, "value %s of enum %s would become %s, which protoc cannot tell from value %s at %s (it compares names without the enum name prefix, in PascalCase): it becomes %s", v.Name, e.Name, clash, prev.Name, prev.Pos, name)
		}
		names[name] = true
		if seen[v.Value] {
			alias = true
		}
		seen[v.Value] = true
		pv := &schema.EnumValue{Name: name, Value: v.Value}
		if v.JSONValue != nil {
			fc.diags.Report(v.JSONValue.Pos, RuleEnumJSONName, "enum value %q becomes a proto name: protojson writes and reads the proto value name instead of the JSON string", v.JSONValue.Value)
		}
		pv.Comments = fc.comments(v.Comments, fc.optionAnnotations(v.Annotations, &pv.Annotations, "field"), e.Name+"."+v.Name)
		byKey[key] = v
		out.Values = append(out.Values, pv)
	}
	if fc.opts.ProtoSyntax != "proto2" || len(out.Values) == 0 {
		zero := -1
		for i, v := range out.Values {
			if v.Value == 0 {
				zero = i
				break
			}
		}
		switch {
		case zero > 0:
			v := out.Values[zero]
			out.Values = append([]*schema.EnumValue{v}, append(out.Values[:zero:zero], out.Values[zero+1:]...)...)
		case zero < 0:
			name := prefix + zeroValueName
			for n := 0; byKey[enumValueKey(name, out.Name)] != nil || names[name]; n++ {
				name = prefix + zeroValueName + strconv.Itoa(n)
			}
			names[name] = true
			fc.diags.Report(e.Pos, RuleEnumZeroValue, "enum %s has no value 0, which proto3 and editions enums need first (and a proto enum cannot be empty): %s = 0 is added", e.Name, name)
			out.Values = append([]*schema.EnumValue{{Name: name, Value: 0}}, out.Values...)
		}
	}
	if alias {
		out.Annotations = append([]schema.Annotation{{Key: "allow_alias", Value: "true"}}, out.Annotations...)
	}
}

// enumValueKey is how protoc (in proto3) compares the value names of one
// enum for conflicts: the enum's name stripped as a prefix (ignoring case
// and underscores), the rest in PascalCase.
func enumValueKey(value, enumName string) string {
	stripped := value
	i, j := 0, 0
	for i < len(value) && j < len(enumName) {
		if value[i] == '_' {
			i++
			continue
		}
		if unicode.ToLower(rune(value[i])) != unicode.ToLower(rune(enumName[j])) {
			break
		}
		i++
		j++
	}
	if j == len(enumName) {
		for i < len(value) && value[i] == '_' {
			i++
		}
		if i < len(value) {
			stripped = value[i:]
		}
	}
	// protoc then spells the rest in PascalCase and compares exactly.
	var b strings.Builder
	upper := true
	for _, r := range stripped {
		switch {
		case r == '_':
			upper = true
		case upper:
			b.WriteRune(unicode.ToUpper(r))
			upper = false
		default:
			b.WriteRune(unicode.ToLower(r))
		}
	}
	return b.String()
}

// constant keeps a const as a comment, in Thrift syntax.
func (fc *fileToProto) constant(c *schema.Const) *schema.Comment {
	fc.diags.Report(c.Pos, RuleConstAsComment, "const %s has no proto equivalent and is kept as a comment", c.Name)
	cm := fc.comments(c.Comments, c.Annotations, c.Name)
	text := fmt.Sprintf("const %s %s = %s", thriftTypeName(c.Type), c.Name, thriftast.Value(c.Value))
	if cm.Leading != "" {
		text = cm.Leading + "\n" + text
	}
	if cm.Trailing != "" {
		text += " // " + cm.Trailing
	}
	return &schema.Comment{Text: text}
}
