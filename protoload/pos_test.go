package protoload

import (
	"io/fs"
	"testing"

	"github.com/idlconv/idlconv/internal/testkit/postest"
	"github.com/idlconv/idlconv/protoast"
	"github.com/idlconv/idlconv/schema"
)

// TestPositionsAfterMultibyteText checks that a diagnostic after
// multibyte characters (or tabs, which protocompile counts to the next
// multiple of 8) on its line has the byte column of its token, and the end
// of that token, wherever the position comes from: protocompile's lexer,
// parser and checks, or the model.
func TestPositionsAfterMultibyteText(t *testing.T) {
	const head = "syntax = \"proto3\";\n"
	tests := []struct {
		name string
		src  string
		rule string
		at   string // where the diagnostic's token starts
		n    int    // its length in bytes
	}{
		{"control character", head + "message A { /* é */ \x01 }\n", schema.RuleSyntax.ID, "\x01", 1},
		{"unbalanced bracket", head + "message A { /* é */ ) }\n", schema.RuleSyntax.ID, ")", 1},
		{"string not terminated", head + "message A { /* é */ option x = \"abc\n}\n", schema.RuleSyntax.ID, "\"abc", len("\"abc")},
		{"syntax error", head + "message A { /* é */ uint64 x = 1 }\n", schema.RuleSyntax.ID, "}", 1},
		{"syntax error after a tab", head + "message A {\n\t/* é */\tuint64 x = 1 }\n", schema.RuleSyntax.ID, "}", 1},
		{"model: unknown type", head + "message A {\n  /* ü */ Missing x = 1;\n}\n", schema.RuleUnknownType.ID, "Missing", len("Missing")},
		{"after a byte order mark", "\xef\xbb\xbfsyntax = \"proto3\"; message A { Missing x = 1; }\n", schema.RuleUnknownType.ID, "Missing", len("Missing")},
		{"protocompile: tag number 0", head + "message A {\n\t/* é */\tint32 x = 0;\n}\n", protoast.RuleInvalidProto.ID, "0;", 1},
		{"protocompile: duplicate name", head + "message A {\n  int32 x = 1;\n  /* ü */ int32 x = 2;\n}\n", protoast.RuleInvalidProto.ID, "x = 2", 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			l := &Loader{ReadFile: func(p string) ([]byte, error) {
				if p != "x.proto" {
					return nil, fs.ErrNotExist
				}
				return []byte(tt.src), nil
			}}
			_, diags := l.Load([]Input{{Path: "x.proto", Name: "x.proto"}})
			want := postest.SpanOf(t, "x.proto", tt.src, tt.at, tt.n)
			var got []schema.Pos
			for _, d := range diags {
				if d.Rule == tt.rule {
					got = append(got, d.Pos)
				}
			}
			if len(got) == 0 {
				t.Fatalf("no %s diagnostic, want one at %#v\n%s", tt.rule, want, diags)
			}
			for _, p := range got {
				if p != want {
					t.Errorf("%s diagnostic at %#v, want %#v\n%s", tt.rule, p, want, diags)
				}
			}
		})
	}
}

// TestModelPositions checks the byte columns and ends of positions
// the model gives its elements, after multibyte text.
func TestModelPositions(t *testing.T) {
	src := "syntax = \"proto3\";\nmessage A { /* é */ uint64 x = 1 [deprecated = true, debug_redact = true]; }\n"
	f, diags := loadOne(src)
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	a := f.Decls[0].(*schema.Struct)
	x := a.Fields[0]
	tests := []struct {
		what string
		got  schema.Pos
		at   string
		n    int
	}{
		{"field", x.Pos, "uint64", len("uint64")},
		{"first option", x.Annotations[0].Pos, "[deprecated", 1},
		{"second option", x.Annotations[1].Pos, ", debug_redact", 1},
	}
	for _, tt := range tests {
		if want := postest.SpanOf(t, "x.proto", src, tt.at, tt.n); tt.got != want {
			t.Errorf("%s: got %#v, want %#v", tt.what, tt.got, want)
		}
	}
}

// TestModelPositionsAfterBOM checks that a byte order mark counts in the
// byte columns of the first line.
func TestModelPositionsAfterBOM(t *testing.T) {
	src := "\xef\xbb\xbfsyntax = \"proto3\"; message A { int32 x = 1; }\n"
	f, diags := loadOne(src)
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	a := f.Decls[0].(*schema.Struct)
	for _, tt := range []struct {
		got schema.Pos
		at  string
		n   int
	}{{a.Pos, "message", len("message")}, {a.Fields[0].Pos, "int32", len("int32")}} {
		if want := postest.SpanOf(t, "x.proto", src, tt.at, tt.n); tt.got != want {
			t.Errorf("%s: got %#v, want %#v", tt.at, tt.got, want)
		}
	}
}

// TestBytePos checks how protocompile's columns, which count characters
// and tab stops, become byte columns.
func TestBytePos(t *testing.T) {
	src := []byte("x\n\tab\té = 1;\n")
	lines := schema.NewLines("x.proto", src)
	tests := []struct {
		col, off int
		want     schema.Pos
	}{
		{9, -1, schema.Pos{File: "x.proto", Line: 2, Col: 2, EndLine: 2, EndCol: 4}},    // ab: after a tab
		{17, -1, schema.Pos{File: "x.proto", Line: 2, Col: 5, EndLine: 2, EndCol: 7}},   // é: after the second tab stop
		{19, -1, schema.Pos{File: "x.proto", Line: 2, Col: 8, EndLine: 2, EndCol: 9}},   // =
		{1, 6, schema.Pos{File: "x.proto", Line: 2, Col: 5, EndLine: 2, EndCol: 7}},     // the byte offset wins
		{1, 99, schema.Pos{File: "x.proto", Line: 2, Col: 1, EndLine: 2, EndCol: 1}},    // an offset off the line does not
		{40, -1, schema.Pos{File: "x.proto", Line: 2, Col: 12, EndLine: 2, EndCol: 12}}, // past the end of the line
	}
	for _, tt := range tests {
		got := bytePos(schema.Pos{File: "x.proto", Line: 2, Col: tt.col}, src, lines, tt.off)
		if tt.want.EndCol == tt.want.Col {
			tt.want.EndLine, tt.want.EndCol = 0, 0
		}
		if got != tt.want {
			t.Errorf("col %d, offset %d: got %#v, want %#v", tt.col, tt.off, got, tt.want)
		}
	}
}
