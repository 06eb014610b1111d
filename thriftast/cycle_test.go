package thriftast

import (
	"testing"

	"github.com/idlconv/idlconv/schema"
)

// TestTypedefCycles checks that typedefs naming each other in a cycle are
// an error at the first of the cycle, across includes too, and that a
// chain that ends is none.
func TestTypedefCycles(t *testing.T) {
	tests := []struct {
		name  string
		files map[string]string
		want  []string // the errors
	}{
		{"two", map[string]string{"a.thrift": "typedef B A\ntypedef A B\nstruct S {\n  1: A a\n}\n"},
			[]string{"a.thrift:1:11: error: typedef A refers to itself (A → B → A): it names no type [unknown-type]"}},
		{"itself", map[string]string{"a.thrift": "typedef A A\n"},
			[]string{"a.thrift:1:11: error: typedef A refers to itself (A → A): it names no type [unknown-type]"}},
		{"a tail into a cycle", map[string]string{"a.thrift": "typedef C X\ntypedef C B\ntypedef B C\n"},
			[]string{"a.thrift:2:11: error: typedef B refers to itself (B → C → B): it names no type [unknown-type]"}},
		{"across an include", map[string]string{
			"a.thrift": "include \"b.thrift\"\ntypedef b.B A\n",
			"b.thrift": "include \"a.thrift\"\ntypedef a.A B\n"},
			[]string{"a.thrift:2:13: error: typedef A refers to itself (A → B → A): it names no type [unknown-type]"}},
		{"a chain", map[string]string{"a.thrift": "typedef i32 A\ntypedef A B\ntypedef B C\n"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, diags := loadFiles(tt.files, "a.thrift")
			var got []string
			for _, d := range diags {
				if d.Severity == schema.Error {
					got = append(got, d.String())
				}
			}
			if len(got) != len(tt.want) {
				t.Fatalf("errors %q, want %q", got, tt.want)
			}
			for i := range got {
				if got[i] != tt.want[i] {
					t.Errorf("error %q, want %q", got[i], tt.want[i])
				}
			}
		})
	}
}
