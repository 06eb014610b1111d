package jsonschemaast

import (
	"fmt"
	"testing"

	"github.com/idlconv/idlconv/schema"
)

// text spells a fact for comparison: its value and where it is, or nil.
func text(t *schema.Text) string {
	if t == nil {
		return "nil"
	}
	return fmt.Sprintf("%q@%d:%d", t.Value, t.Pos.Line, t.Pos.Col)
}

// TestJSONFactsAreFields checks that the front-end settles the JSON facts
// the IDLs have no syntax for as model fields, not annotations: a
// property key that is not the field name, an enum string that is not the
// value name, a string's format, what made a type free-form JSON.
func TestJSONFactsAreFields(t *testing.T) {
	src := `{"title": "T", "type": "object", "additionalProperties": false, "properties": {
"first-name": {"type": "string", "format": "email"},
"plain": {"type": "string"},
"tags": {"type": "array", "items": {"type": "string", "format": "uri"}},
"any": true,
"mixed": {"type": ["string", "integer"]},
"color": {"enum": ["dark-red", "blue"]}
}}`
	l := &Loader{ReadFile: func(string) ([]byte, error) { return []byte(src), nil }}
	files, diags := l.Load([]Input{{Path: "x.json", Name: "x.json"}})
	if diags.HasErrors() {
		t.Fatalf("unexpected errors:\n%s", diags)
	}
	var st *schema.Struct
	var color *schema.Enum
	for _, d := range files[0].Decls {
		switch d := d.(type) {
		case *schema.Struct:
			st = d
		case *schema.Enum:
			color = d
		}
	}
	if st == nil || color == nil || len(st.Fields) != 6 || len(color.Values) != 2 {
		t.Fatalf("unexpected model: %+v, %+v", st, color)
	}
	first, plain, tags, anyField, mixed := st.Fields[0], st.Fields[1], st.Fields[2], st.Fields[3], st.Fields[4]
	tests := []struct {
		what      string
		got, want any
	}{
		{"key not the name", first.Name + " " + text(first.JSONName), `first_name "first-name"@2:15`},
		{"key the name", text(plain.JSONName), "nil"},
		{"format", text(first.Type.Format), `"email"@2:44`},
		{"no format", text(plain.Type.Format), "nil"},
		{"format of items", text(tags.Type.Elem.Format), `"uri"@4:65`},
		{"any value", fmt.Sprint(anyField.Type.FreeFormWhy, " ", anyField.Type.FreeFormMixed), "the schema true false"},
		{"mixed kinds", fmt.Sprint(mixed.Type.FreeFormWhy, " ", mixed.Type.FreeFormMixed), "type string, integer true"},
		{"string not the name", color.Values[0].Name + " " + text(color.Values[0].JSONValue), `dark_red "dark-red"@7:20`},
		{"string the name", text(color.Values[1].JSONValue), "nil"},
	}
	for _, tt := range tests {
		if tt.got != tt.want {
			t.Errorf("%s: got %v, want %v", tt.what, tt.got, tt.want)
		}
	}
	for _, f := range st.Fields {
		for ty := f.Type; ty != nil; ty = ty.Elem {
			if len(f.Annotations) > 0 || len(ty.Annotations) > 0 {
				t.Errorf("%s has annotations %v, type %v: the facts are fields", f.Name, f.Annotations, ty.Annotations)
			}
		}
	}
	for _, v := range color.Values {
		if len(v.Annotations) > 0 {
			t.Errorf("%s has annotations %v: the facts are fields", v.Name, v.Annotations)
		}
	}
}
