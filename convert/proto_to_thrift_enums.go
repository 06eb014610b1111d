package convert

import (
	"fmt"
	"strings"

	"github.com/idlconv/idlconv/internal/ident"
	"github.com/idlconv/idlconv/internal/marker"
	"github.com/idlconv/idlconv/schema"
	"github.com/idlconv/idlconv/thriftast"
)

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
