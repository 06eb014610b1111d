package protoast

import "testing"

func TestUnescape(t *testing.T) {
	tests := []struct{ in, want string }{
		{`plain`, "plain"},
		{`a\nb\tc`, "a\nb\tc"},
		{`q\"q\'`, `q"q'`},
		{`\x41\101\\`, `AA\`},
		// A json_name's escapes decode alike.
		{`a\"b`, `a"b`},
		{`a\\b`, `a\b`},
		{`it\'s`, "it's"},
		{`\x41\101\u00e9\U0001F600`, "AAé😀"},
		{`\7x`, "\x07x"},
		{`\n\t`, "\n\t"},
		{`\q`, `q`}, // protoc refuses it; protocompile's check reports it first
	}
	for _, tt := range tests {
		if got := Unescape(tt.in); got != tt.want {
			t.Errorf("Unescape(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
