package protoast

import (
	"testing"

	"github.com/idlconv/idlconv/schema"
)

func TestQuote(t *testing.T) {
	tests := []struct{ in, want string }{
		{`plain`, `"plain"`},
		{"a\"b\\c", `"a\"b\\c"`},
		{"tab\tnl\ncr\r", `"tab\tnl\ncr\r"`},
		{"\x01\x7f", `"\001\177"`},
		{"héllo", `"héllo"`},
	}
	for _, tt := range tests {
		if got := Quote(tt.in); got != tt.want {
			t.Errorf("Quote(%q) = %s, want %s", tt.in, got, tt.want)
		}
	}
}

func TestTypeName(t *testing.T) {
	tests := []struct {
		typ  *schema.Type
		want string
	}{
		{&schema.Type{Kind: schema.TypeI32}, "int32"},
		{&schema.Type{Kind: schema.TypeI64, Encoding: schema.EncodingZigZag}, "sint64"},
		{&schema.Type{Kind: schema.TypeU32, Encoding: schema.EncodingFixed}, "fixed32"},
		{&schema.Type{Kind: schema.TypeBinary}, "bytes"},
		{&schema.Type{Kind: schema.TypeMap, Key: &schema.Type{Kind: schema.TypeString}, Elem: &schema.Type{Kind: schema.TypeNamed, Name: ".a.B"}}, "map<string, .a.B>"},
		{&schema.Type{Kind: schema.TypeList, Elem: &schema.Type{Kind: schema.TypeDouble}}, "repeated double"},
	}
	for _, tt := range tests {
		if got := TypeName(tt.typ); got != tt.want {
			t.Errorf("TypeName = %s, want %s", got, tt.want)
		}
	}
}

// TestPrintJSONName checks that the printer writes a field's JSONName as
// its last option, json_name.
func TestPrintJSONName(t *testing.T) {
	str := &schema.Type{Kind: schema.TypeString}
	f := &schema.File{Syntax: "proto3", Decls: []schema.Decl{&schema.Struct{Name: "M", Fields: []*schema.Field{
		{Name: "a", ID: 1, Type: str, JSONName: &schema.Text{Value: `a"b`}},
		{Name: "b", ID: 2, Type: str, JSONName: &schema.Text{Value: "bb"}, Annotations: []schema.Annotation{{Key: "deprecated", Value: "true"}}},
		{Name: "c", ID: 3, Type: str},
	}}}}
	want := `syntax = "proto3";

message M {
  string a = 1 [json_name = "a\"b"];
  string b = 2 [deprecated = true, json_name = "bb"];
  string c = 3;
}
`
	if got := string(Print(f, "")); got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
}
