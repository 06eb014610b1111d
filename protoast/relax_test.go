package protoast

import (
	"strings"
	"testing"

	"github.com/idlconv/idlconv/schema"
)

// TestRelax checks each rewrite for emicklei/proto, and that offsets,
// lines and columns stay where they were.
func TestRelax(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"comment in reserved range", "message A {\n  reserved 1, // one\n    2;\n}\n", "message A {\n  reserved 1,       \n    2;\n}\n"},
		{"comment in extensions range", "message A {\n  extensions 100 to /* x */ 200;\n}\n", "message A {\n  extensions 100 to         200;\n}\n"},
		{"import option", "edition = \"2024\";\nimport option \"a.proto\";\nmessage A {}\n", "edition = \"2024\";\n                        \nmessage A {}\n"},
		{"two import options", "import option \"a.proto\";\nimport option \"b.proto\";\n", "                        \n                        \n"},
		{"visibility", "export message A {}\nlocal enum E { E_0 = 0; }\n", "       message A {}\n      enum E { E_0 = 0; }\n"},
		{"a field typed export stays", "message A {\n  export e = 1;\n}\n", "message A {\n  export e = 1;\n}\n"},
		{"comments elsewhere stay", "// reserved 1; // x\nmessage A {}\n", "// reserved 1; // x\nmessage A {}\n"},
		{"strings stay", "option x = \"reserved // no\";\n", "option x = \"reserved // no\";\n"},
		{"comment in an extension declaration", "message A {\n  extensions 4 to 9 [declaration = { /* c */ number: 4 }];\n}\n", "message A {\n  extensions 4 to 9 [declaration = {         number: 4 }];\n}\n"},
		// A statement without its ';' ends at the block's '}': the
		// comment after it is not in it.
		{"reserved without semicolon", "message A { reserved 1 }\n// c\nmessage B { reserved 2; }\n", "message A { reserved 1 }\n// c\nmessage B { reserved 2; }\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := string(relax([]byte(tt.in)))
			if got != tt.want {
				t.Errorf("got\n%q\nwant\n%q", got, tt.want)
			}
			if len(got) != len(tt.in) || strings.Count(got, "\n") != strings.Count(tt.in, "\n") {
				t.Error("offsets or lines moved")
			}
		})
	}
}

// TestRelaxedFilesParse parses what emicklei/proto rejected before
// relax: the declarations are there.
func TestRelaxedFilesParse(t *testing.T) {
	src := "edition = \"2023\";\npackage p;\nmessage A {\n  reserved 2, // was two\n    3;\n  int32 a = 1;\n}\n"
	f, diags := ParseFile("a.proto", []byte(src))
	if diags.HasErrors() || f == nil {
		t.Fatalf("errors:\n%s", diags)
	}
	m := f.Decls[0].(*schema.Struct)
	if len(m.Reserved) != 2 || m.Fields[0].Name != "a" {
		t.Errorf("got reserved %v and fields %v", m.Reserved, m.Fields)
	}
}
