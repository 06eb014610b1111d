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

// enumValueName is the proto name of a Thrift enum value: prefixed with the
// enum's UPPER_SNAKE name, as proto's enum scoping needs. A value named in
// a proto.name annotation, or of an enum marked proto.verbatim, keeps its
// name (the proto → Thrift mapping wrote those).
func enumValueName(e *schema.Enum, v *schema.EnumValue) string {
	if n, ok := annotationValue(v.Annotations, marker.ProtoName); ok {
		return n
	}
	prefix := enumValuePrefix(e)
	if strings.HasPrefix(v.Name, prefix) {
		return v.Name
	}
	return prefix + v.Name
}

func (fc *fileToProto) enum(e *schema.Enum) *schema.Enum {
	out := &schema.Enum{Name: protoName(e)}
	out.Comments = fc.comments(e.Comments, fc.optionAnnotations(e.Annotations, &out.Annotations, "option"), e.Name)
	seen := map[int64]bool{}
	alias := false
	byKey := map[string]*schema.EnumValue{} // source values by enumValueKey
	prefix := enumValuePrefix(e)
	if prefix == "" {
		prefix = ident.UpperSnake(out.Name) + "_"
	}
	for _, v := range e.Values {
		if v.Value < -1<<31 || v.Value > 1<<31-1 {
			fc.diags.Report(v.Pos, RuleEnumValueRange, "value %s = %d of enum %s is outside proto's int32 range", v.Name, v.Value, e.Name)
			continue
		}
		name := enumValueName(e, v)
		key := enumValueKey(name, e.Name)
		if prev, dup := byKey[key]; dup && prev.Value != v.Value && fc.opts.ProtoSyntax != "proto2" {
			// protoc cannot tell the two apart: the later one gets _2,
			// _3, ... until it can.
			clash := name
			name = ident.Numbered(clash, func(s string) bool { return byKey[enumValueKey(s, e.Name)] != nil || fc.names[fc.pkg][s] })
			key = enumValueKey(name, e.Name)
			fc.names[fc.pkg][name] = true
			fc.diags.Report(v.Pos, RuleEnumValueConflict, "value %s of enum %s would become %s, which protoc cannot tell from value %s at %s (it compares names without the enum name prefix, in PascalCase): it becomes %s", v.Name, e.Name, clash, prev.Name, prev.Pos, name)
		}
		if seen[v.Value] {
			alias = true
		}
		seen[v.Value] = true
		pv := &schema.EnumValue{Name: name, Value: v.Value}
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
			name := prefix + "UNSPECIFIED"
			for n := 0; byKey[enumValueKey(name, e.Name)] != nil || fc.names[fc.pkg][name]; n++ {
				name = prefix + "UNSPECIFIED" + strconv.Itoa(n)
			}
			fc.names[fc.pkg][name] = true
			fc.warn(e.Pos, RuleEnumZeroValue, "enum %s has no value 0, which proto3 and editions enums need first (and a proto enum cannot be empty): %s = 0 is added", e.Name, name)
			out.Values = append([]*schema.EnumValue{{Name: name, Value: 0}}, out.Values...)
		}
	}
	if alias {
		out.Annotations = append([]schema.Annotation{{Key: "allow_alias", Value: "true"}}, out.Annotations...)
	}
	return out
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
	fc.warn(c.Pos, RuleConstAsComment, "const %s has no proto equivalent and is kept as a comment", c.Name)
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
