package jsonschemaast

import (
	"testing"

	"github.com/idlconv/idlconv/internal/testkit/postest"
	"github.com/idlconv/idlconv/schema"
)

// TestPositionsAfterMultibyteText checks that a diagnostic after
// multibyte characters on its line has the byte column of its token, and
// the end of that token: a syntax error, and positions of the model.
func TestPositionsAfterMultibyteText(t *testing.T) {
	tests := []struct {
		name string
		src  string
		rule string
		at   string // where the diagnostic's token starts
		n    int    // its length in bytes
	}{
		{"invalid character", `{"title": "é", "type": x}`, schema.RuleSyntax.ID, "x}", 1},
		{"after a byte order mark", "\xef\xbb\xbf" + `{"type": x}`, schema.RuleSyntax.ID, "x}", 1},
		{"invalid number", `{"title": "é", "default": 1.x}`, schema.RuleSyntax.ID, "x}", 1},
		{"duplicate key", `{"title": "é", "type": "object", "title": "ü"}`, schema.RuleSyntax.ID, `"title": "ü"`, len(`"title"`)},
		{"non-ASCII title", `{"type": "object", "description": "ü", "title": "é"}`, RuleNameTransliterated.ID, `"é"`, len(`"é"`)},
		{"unsupported keyword", `{"title": "é", "type": "object", "if": {"type": "object"}}`, RuleUnsupported.ID, `{"type": "object"}`, 1},
		{"constraint dropped", "{\"title\": \"T\", \"type\": \"object\", \"additionalProperties\": false, \"properties\": {\n" +
			`"x": {"description": "ü"}, "a": {"type": "string", "minLength": 1}}}`, RuleConstraintDropped.ID, `{"type": "string", "minLength": 1}`, 1},
		{"default dropped", "{\"title\": \"T\", \"type\": \"object\", \"additionalProperties\": false, \"properties\": {\n" +
			`"a": {"description": "ü", "type": "string", "default": null}}}`, schema.RuleDefaultDropped.ID, "null", len("null")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			l := &Loader{ReadFile: func(string) ([]byte, error) { return []byte(tt.src), nil }}
			_, diags := l.Load([]Input{{Path: "x.json", Name: "x.json"}})
			want := postest.SpanOf(t, "x.json", tt.src, tt.at, tt.n)
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

// TestValuePositions checks the position and end of values of every
// kind after multibyte text.
func TestValuePositions(t *testing.T) {
	src := `{"é": -1.5e+3, "s": "ü\"", "b": true, "o": {"x": [null]}}`
	v, err := ParseJSON("x.json", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		got schema.Pos
		at  string
		n   int
	}{
		{v.Get("é").Pos, "-1.5e+3", len("-1.5e+3")},
		{v.Get("s").Pos, `"ü\""`, len(`"ü\""`)},
		{v.Get("b").Pos, "true", len("true")},
		{v.Get("o").Pos, `{"x"`, 1},
		{v.Get("o").Get("x").Pos, "[null]", 1},
		{v.Get("o").Get("x").Vals[0].Pos, "null", len("null")},
	}
	for _, tt := range tests {
		if want := postest.SpanOf(t, "x.json", src, tt.at, tt.n); tt.got != want {
			t.Errorf("%s: got %#v, want %#v", tt.at, tt.got, want)
		}
	}
}

// TestTokenEnd checks where tokenEnd ends each kind of JSON token.
func TestTokenEnd(t *testing.T) {
	tests := []struct {
		src  string
		want int
	}{
		{`"a\"b": 1`, 6},
		{`"é"`, len(`"é"`)},
		{"\"open\n", 5},
		{`"open`, 5},
		{"-1.5e-3,", 7},
		{"12-3", 2},
		{"true]", 4},
		{"nul x", 3},
		{"{}", 1},
		{"é", len("é")},
		{" 1", 0},
		{"", 0},
	}
	for _, tt := range tests {
		if got := tokenEnd([]byte(tt.src), 0); got != tt.want {
			t.Errorf("tokenEnd(%q) = %d, want %d", tt.src, got, tt.want)
		}
	}
}
