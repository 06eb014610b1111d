package thriftast

import (
	"strings"
	"testing"
)

func TestSqueeze(t *testing.T) {
	long := strings.Repeat(" ", squeezeRun+10)
	kept := strings.Repeat(" ", squeezeRun)
	tests := []struct {
		name, src, want string
	}{
		{"short runs kept", "struct A {  1: i32 a }", "struct A {  1: i32 a }"},
		{"a long run cut", "struct A {" + long + "1: i32 a }", "struct A {" + kept + "1: i32 a }"},
		{"a newline in the part cut is kept", "a" + long + "\n" + long + "b", "a" + kept + "\nb"},
		{"a string literal kept whole", `const string s = "` + long + `"`, `const string s = "` + long + `"`},
		{"a single-quoted one too", `const string s = '` + long + `'`, `const string s = '` + long + `'`},
		{"a quote in a line comment starts no string", "// it's" + long + "\nx" + long + "y", "// it's" + kept + "\nx" + kept + "y"},
		{"a # comment likewise", "# it's\nx" + long + "y", "# it's\nx" + kept + "y"},
		{"a line comment ends at the newline cut", "// c" + long + "\n\"" + long + "\"", "// c" + kept + "\n\"" + long + "\""},
		{"a block comment", "/* it's" + long + "*/ \"" + long + "\"", "/* it's" + kept + "*/ \"" + long + "\""},
		{"nothing long: the same text", "a  b\n\n c", "a  b\n\n c"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := squeeze(tt.src).text; got != tt.want {
				t.Errorf("squeeze(%q)\n got %q\nwant %q", tt.src, got, tt.want)
			}
		})
	}
}

// TestSqueezeOriginal checks that each byte of the squeezed text that was
// not cut maps back to the same byte of the source.
func TestSqueezeOriginal(t *testing.T) {
	long := strings.Repeat(" ", squeezeRun+100)
	src := "struct A {" + long + "1: i32 a\n" + long + "\n\n2: i32 b }" + long + "x"
	sq := squeeze(src)
	if len(sq.text) >= len(src) {
		t.Fatalf("nothing cut: %d bytes of %d", len(sq.text), len(src))
	}
	for _, word := range []string{"struct", "1:", "i32 a", "2:", "i32 b", "}", "x"} {
		at := strings.Index(sq.text, word)
		if got := sq.original(at); !strings.HasPrefix(src[got:], word) {
			t.Errorf("%q at %d of the squeezed text maps to %d, where the source has %q", word, at, got, src[got:min(got+len(word), len(src))])
		}
	}
}
