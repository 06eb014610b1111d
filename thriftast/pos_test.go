package thriftast

import (
	"testing"

	"github.com/idlconv/idlconv/internal/testkit/postest"
	"github.com/idlconv/idlconv/schema"
)

// TestPositionsAfterMultibyteText checks that a diagnostic after
// multibyte characters on its line has the byte column of its token, and
// the end of that token, wherever the position comes from: the lexer, the
// light scan, thriftgo's parser, the model.
func TestPositionsAfterMultibyteText(t *testing.T) {
	tests := []struct {
		name string
		src  string
		rule string
		at   string // where the diagnostic's token starts
		n    int    // its length in bytes
	}{
		{"lexer: unexpected character", "struct A { /* é */ 1: i32 a $ }\n", schema.RuleSyntax.ID, "$", 1},
		{"lexer: unexpected multibyte character", "struct A { /* é */ 1: i32 a ü }\n", schema.RuleSyntax.ID, "ü", len("ü")},
		{"lexer: string not terminated", "const string S = /* é */ \"abc\n", schema.RuleSyntax.ID, "\"abc", len("\"abc")},
		{"scan: expected a field name", "struct A {\n  /* héllo */ 1: i32 }\n", schema.RuleSyntax.ID, "}", 1},
		{"thriftgo: parse error", "struct A {\n  1: i32 b = /* é */ 1.2.3\n}\n", schema.RuleSyntax.ID, ".3", 2},
		{"thriftgo: parse error in a later definition", "struct A { 1: i32 a }\nstruct B { /* ü */ 1: i32 b = 1.2.3 }\n", schema.RuleSyntax.ID, ".3", 2},
		{"model: duplicate ID", "struct A {\n  1: i32 a /* é */ 1: i32 b\n}\n", schema.RuleDuplicateID.ID, "1: i32 b", 1},
		{"model: unknown type", "struct A {\n  /* ü */ 1: Missing a\n}\n", schema.RuleUnknownType.ID, "Missing", len("Missing")},
		{"model: duplicate name", "enum E { /* é */ A, A }\n", RuleDuplicateName.ID, "A }", 1},
		{"after a byte order mark", bom + "struct A { 1: Missing a }\n", schema.RuleUnknownType.ID, "Missing", len("Missing")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			l := &Loader{ReadFile: func(string) ([]byte, error) { return []byte(tt.src), nil }}
			_, diags := l.Load([]Input{{Path: "x.thrift", Name: "x.thrift"}})
			want := postest.SpanOf(t, "x.thrift", tt.src, tt.at, tt.n)
			var got []schema.Pos
			for _, d := range diags {
				if d.Rule == tt.rule {
					got = append(got, d.Pos)
				}
			}
			if len(got) != 1 || got[0] != want {
				t.Errorf("%s diagnostics at %#v, want one at %#v\n%s", tt.rule, got, want, diags)
			}
		})
	}
}

// TestTokenPositions checks the end of positions the scan sets on tokens
// of every kind.
func TestTokenPositions(t *testing.T) {
	src := "struct A {\n  1: list<string> xs = [\"a\", \"b\"] (go.tag = \"json:\\\"x\\\"\")\n  2: optional i64 n = -1.5e-3,\n}\n"
	f, diags := ParseFile("x.thrift", []byte(src))
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	s := f.Decls[0].(*schema.Struct)
	xs, n := s.Fields[0], s.Fields[1]
	tests := []struct {
		what string
		got  schema.Pos
		want schema.Pos
	}{
		{"struct name", s.Pos, schema.Pos{File: "x.thrift", Line: 1, Col: 8, EndLine: 1, EndCol: 9}},
		{"field ID", xs.Pos, schema.Pos{File: "x.thrift", Line: 2, Col: 3, EndLine: 2, EndCol: 4}},
		{"type", xs.Type.Pos, schema.Pos{File: "x.thrift", Line: 2, Col: 6, EndLine: 2, EndCol: 10}},
		{"annotation key", xs.Annotations[0].Pos, schema.Pos{File: "x.thrift", Line: 2, Col: 36, EndLine: 2, EndCol: 42}},
		{"optional field", n.Pos, schema.Pos{File: "x.thrift", Line: 3, Col: 3, EndLine: 3, EndCol: 4}},
	}
	for _, tt := range tests {
		if tt.got != tt.want {
			t.Errorf("%s: got %#v, want %#v", tt.what, tt.got, tt.want)
		}
	}
}

// TestTokenEnd checks where tokenEnd ends each kind of token.
func TestTokenEnd(t *testing.T) {
	tests := []struct {
		src  string
		want int
	}{
		{"name.x = 1", 6},
		{"-1.5e-3,", 7},
		{"0x1F)", 4},
		{`"a\"b" x`, 6},
		{"'it' x", 4},
		{"\"open\nx", 5},
		{"<string>", 1},
		{"// note\nx", 7},
		{"/* a\nb */ x", 9},
		{"/* open", 2},
		{"é x", len("é")},
		{" x", 0},
		{"", 0},
	}
	for _, tt := range tests {
		if got := tokenEnd(tt.src, 0); got != tt.want {
			t.Errorf("tokenEnd(%q) = %d, want %d", tt.src, got, tt.want)
		}
	}
}
