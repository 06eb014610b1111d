package protoast

import "testing"

// TestUnescapeString checks that a json_name's escapes decode as protoc
// decodes them.
func TestUnescapeString(t *testing.T) {
	tests := []struct{ in, want string }{
		{`plain`, "plain"},
		{`a\"b`, `a"b`},
		{`a\\b`, `a\b`},
		{`it\'s`, "it's"},
		{`\x41\101\u00e9`, "AAé"},
		{`\7x`, "\x07x"},
		{`\n\t`, "\n\t"},
		{`\q`, `\q`},
	}
	for _, tt := range tests {
		if got := unescapeString(tt.in); got != tt.want {
			t.Errorf("unescapeString(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
