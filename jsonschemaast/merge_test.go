package jsonschemaast

import (
	"slices"
	"strings"
	"testing"

	"github.com/idlconv/idlconv/schema"
)

// TestMergeKeptBySchema checks what keeping each schema's merge must
// keep: each struct's fields in declaration order, an allOf cycle merged
// from where each struct begins, and the diagnostics of a part said of
// every struct made of it, under that struct's name.
func TestMergeKeptBySchema(t *testing.T) {
	tests := []struct {
		name   string
		doc    string
		fields map[string][]string // struct name: its field names
		diags  []string            // substrings the diagnostics must hold
	}{
		{
			name: "a ladder, the keyword at its foot said of every rung",
			doc: `{"type":"object","properties":{"r":{"$ref":"#/$defs/d0"}},"$defs":{
				"d0":{"allOf":[{"$ref":"#/$defs/d1"},{"$ref":"#/$defs/d1"}],"properties":{"x0":{"type":"string"}}},
				"d1":{"allOf":[{"$ref":"#/$defs/d2"},{"$ref":"#/$defs/d2"}],"properties":{"x1":{"type":"string"}}},
				"d2":{"type":"object","not":{"type":"null"},"properties":{"x2":{"type":"string"}}}}}`,
			fields: map[string][]string{"D0": {"x2", "x1", "x0"}, "D1": {"x2", "x1"}, "D2": {"x2"}},
			diags:  []string{"keyword not of D0 has no mapping", "keyword not of D1 has no mapping", "keyword not of D2 has no mapping"},
		},
		{
			name: "an allOf cycle, each struct from itself",
			doc: `{"type":"object","properties":{"a":{"$ref":"#/$defs/ca"},"b":{"$ref":"#/$defs/cb"}},"$defs":{
				"ca":{"type":"object","allOf":[{"$ref":"#/$defs/cb"}],"properties":{"x":{"type":"string"}}},
				"cb":{"type":"object","allOf":[{"$ref":"#/$defs/ca"}],"properties":{"y":{"type":"string"}}}}}`,
			fields: map[string][]string{"Ca": {"y", "x"}, "Cb": {"x", "y"}},
		},
		{
			name: "a diamond, the shared part once",
			doc: `{"type":"object","properties":{"t":{"$ref":"#/$defs/top"}},"$defs":{
				"top":{"type":"object","allOf":[{"$ref":"#/$defs/l"},{"$ref":"#/$defs/r"}]},
				"l":{"type":"object","allOf":[{"$ref":"#/$defs/base"}],"properties":{"l":{"type":"string"}},"required":["id"]},
				"r":{"type":"object","allOf":[{"$ref":"#/$defs/base"}],"properties":{"r":{"type":"string"}}},
				"base":{"type":"object","properties":{"id":{"type":"string"}}}}}`,
			fields: map[string][]string{"Top": {"id", "l", "r"}, "L": {"id", "l"}, "R": {"id", "r"}},
		},
		{
			name: "a conflict in a part, said of the struct that includes it",
			doc: `{"type":"object","properties":{"o":{"$ref":"#/$defs/outer"}},"$defs":{
				"outer":{"type":"object","allOf":[{"$ref":"#/$defs/inner"}]},
				"inner":{"type":"object","allOf":[{"properties":{"p":{"type":"string"}}}],"properties":{"p":{"type":"integer"}}}}}`,
			diags: []string{"property p of Inner is declared twice", "property p of Outer is declared twice"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			l := &Loader{ReadFile: func(name string) ([]byte, error) { return []byte(tt.doc), nil }}
			files, diags := l.Load([]Input{{Path: "a.json", Name: "a.json"}})
			got := map[string][]string{}
			for _, f := range files {
				for _, d := range f.Decls {
					if s, ok := d.(*schema.Struct); ok {
						for _, fl := range s.Fields {
							got[s.Name] = append(got[s.Name], fl.Name)
						}
					}
				}
			}
			for name, want := range tt.fields {
				if !slices.Equal(got[name], want) {
					t.Errorf("struct %s: fields %q, want %q", name, got[name], want)
				}
			}
			text := diags.String()
			for _, want := range tt.diags {
				if !strings.Contains(text, want) {
					t.Errorf("diagnostics lack %q:\n%s", want, text)
				}
			}
		})
	}
}
