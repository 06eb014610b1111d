package jsonschemaast

import (
	"strings"
	"testing"
)

// TestParseJSONLimits checks the nesting limit and duplicate keys, each a
// positioned error, and that a document of many keys parses.
func TestParseJSONLimits(t *testing.T) {
	many := make([]string, 40000)
	for i := range many {
		many[i] = `"k` + strings.Repeat("x", i%7) + string(rune('a'+i%26)) + `_` + itoa(i) + `": 1`
	}
	tests := []struct {
		name, src, wantErr string
	}{
		{"deep arrays", strings.Repeat("[", MaxJSONDepth+5) + strings.Repeat("]", MaxJSONDepth+5), "a.json:1:10002: JSON nested more than 10000 deep"},
		{"deep but within", strings.Repeat("[", 500) + strings.Repeat("]", 500), ""},
		{"duplicate key", `{"a": 1, "a": 2}`, `a.json:1:10: duplicate key "a"`},
		{"many keys", "{" + strings.Join(many, ",") + "}", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ParseJSON("a.json", []byte(tt.src))
			switch {
			case tt.wantErr == "" && err != nil:
				t.Errorf("unexpected error %v", err)
			case tt.wantErr != "" && (err == nil || err.Error() != tt.wantErr):
				t.Errorf("got %v, want %s", err, tt.wantErr)
			}
		})
	}
}

func itoa(i int) string {
	if i == 0 {
		return "0"
	}
	var b []byte
	for ; i > 0; i /= 10 {
		b = append([]byte{byte('0' + i%10)}, b...)
	}
	return string(b)
}
