package thriftast

import (
	"fmt"
	"strings"
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

// keys lists the keys of anns.
func keys(anns []schema.Annotation) string {
	var ks []string
	for _, a := range anns {
		ks = append(ks, a.Key)
	}
	return strings.Join(ks, ",")
}

// TestJSONFactsAreFields checks that the round-trip annotations json.name,
// json.value and json.format become model fields where they mean
// something, and no annotation there; elsewhere they stay annotations.
func TestJSONFactsAreFields(t *testing.T) {
	src := `struct S {
  1: optional string first_name (json.name = "first-name", json.format = "email", deprecated = "true")
  2: string plain
  3: string (json.format = "uri") link
  4: string other (json.value = "x")
} (json.name = "s")

enum E {
  dark_red = 1 (json.value = "dark-red")
  blue = 2
}

typedef string Day (json.format = "date")
`
	f, diags := ParseFile("x.thrift", []byte(src))
	if diags.HasErrors() {
		t.Fatalf("unexpected errors:\n%s", diags)
	}
	s, e, day := f.Decls[0].(*schema.Struct), f.Decls[1].(*schema.Enum), f.Decls[2].(*schema.Typedef)
	first, plain, link, other := s.Fields[0], s.Fields[1], s.Fields[2], s.Fields[3]
	tests := []struct {
		what      string
		got, want any
	}{
		{"json.name", text(first.JSONName), `"first-name"@2:34`},
		{"json.format of the field", text(first.Type.Format), `"email"@2:60`},
		{"the annotations left", keys(first.Annotations), "deprecated"},
		{"no facts", text(plain.JSONName) + " " + text(plain.Type.Format), "nil nil"},
		{"a base type shared by fields keeps no format", plain.Type.Format == nil && first.Type != plain.Type, true},
		{"json.format of the type", text(link.Type.Format), `"uri"@4:14`},
		{"the type's annotations left", keys(link.Type.Annotations), ""},
		{"json.value of a field stays", keys(other.Annotations), "json.value"},
		{"json.name of a struct stays", keys(s.Annotations), "json.name"},
		{"json.value", text(e.Values[0].JSONValue), `"dark-red"@9:17`},
		{"json.value gone", keys(e.Values[0].Annotations), ""},
		{"no json.value", text(e.Values[1].JSONValue), "nil"},
		{"json.format of a typedef", text(day.Type.Format) + " " + keys(day.Annotations), `"date"@13:21 `},
	}
	for _, tt := range tests {
		if tt.got != tt.want {
			t.Errorf("%s: got %v, want %v", tt.what, tt.got, tt.want)
		}
	}
}

// TestPrintJSONFacts checks that the printer writes the JSON facts back
// as the annotations they were read from: a field's format and JSON name
// first, an enum value's JSON string first.
func TestPrintJSONFacts(t *testing.T) {
	str := &schema.Type{Kind: schema.TypeString}
	f := &schema.File{Decls: []schema.Decl{
		&schema.Struct{Name: "S", Fields: []*schema.Field{
			{ID: 1, Name: "a", Type: str, JSONName: &schema.Text{Value: "a-b"}},
			{ID: 2, Name: "b", Type: &schema.Type{Kind: schema.TypeString, Format: &schema.Text{Value: "uri"}},
				JSONName: &schema.Text{Value: ""}, Annotations: []schema.Annotation{{Key: "deprecated", Value: "true"}}},
			{ID: 3, Name: "c", Type: str},
		}},
		&schema.Enum{Name: "E", Values: []*schema.EnumValue{
			{Name: "x_y", Value: 1, JSONValue: &schema.Text{Value: "x-y"}, Annotations: []schema.Annotation{{Key: "k", Value: "v"}}},
			{Name: "z", Value: 2},
		}},
	}}
	want := `struct S {
  1: string a (json.name = "a-b")
  2: string b (json.format = "uri", json.name = "", deprecated = "true")
  3: string c
}

enum E {
  x_y = 1 (json.value = "x-y", k = "v")
  z = 2
}
`
	if got := string(Print(f, "")); got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
}
