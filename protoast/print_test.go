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
