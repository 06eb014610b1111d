package protoload

import (
	"fmt"
	"testing"

	"github.com/idlconv/idlconv/schema"
)

// TestJSONNameIsAField checks that the json_name option becomes the
// field's JSONName (the string's value, its escapes decoded, at the
// option's position: its '[' or ',') and no annotation,
// and that the other options stay annotations.
func TestJSONNameIsAField(t *testing.T) {
	src := `syntax = "proto3";
message M {
  string a = 1 [json_name = "aa"];
  string b = 2 [deprecated = true, json_name = "b\"q"];
  string c = 3 [deprecated = true];
  oneof o {
    string d = 4 [json_name = ""];
  }
  map<string, int32> e = 5 [json_name = "ee"];
}
`
	f, diags := loadOne(src)
	if diags.HasErrors() {
		t.Fatalf("unexpected errors:\n%s", diags)
	}
	m := f.Decls[0].(*schema.Struct)
	tests := []struct {
		field string
		want  string // JSONName as value@line:col, or nil
		anns  int    // the annotations left
	}{
		{"a", `"aa"@3:16`, 0},
		{"b", `"b\"q"@4:34`, 1}, // its escapes decoded (shown %q)
		{"c", "nil", 1},
		{"d", `""@7:18`, 0},
		{"e", `"ee"@9:28`, 0},
	}
	for i, tt := range tests {
		fl := m.Fields[i]
		got := "nil"
		if fl.JSONName != nil {
			got = fmt.Sprintf("%q@%d:%d", fl.JSONName.Value, fl.JSONName.Pos.Line, fl.JSONName.Pos.Col)
		}
		if fl.Name != tt.field || got != tt.want || len(fl.Annotations) != tt.anns {
			t.Errorf("field %s: JSONName %s, %d annotations; want field %s, %s, %d", fl.Name, got, len(fl.Annotations), tt.field, tt.want, tt.anns)
		}
	}
}
