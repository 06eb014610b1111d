// Package postest checks positions in the front-ends' tests: where a
// diagnostic or a model element must be, in byte columns, after text
// that a count of characters would place elsewhere.
package postest

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/idlconv/idlconv/schema"
)

// SpanOf is the position of the n bytes that start where the text at
// starts in src (at must occur once), with their end: what a diagnostic
// about them must say.
func SpanOf(t *testing.T, file, src, at string, n int) schema.Pos {
	t.Helper()
	if strings.Count(src, at) != 1 {
		t.Fatalf("%q occurs %d times in the source, want once", at, strings.Count(src, at))
	}
	off := strings.Index(src, at)
	lineStart := strings.LastIndexByte(src[:off], '\n') + 1
	if !strings.ContainsFunc(src[lineStart:off], func(r rune) bool { return r >= utf8.RuneSelf }) {
		t.Fatalf("no multibyte character before %q on its line: the case tests nothing", at)
	}
	line := 1 + strings.Count(src[:off], "\n")
	col := off - lineStart + 1
	return schema.Pos{File: file, Line: line, Col: col, EndLine: line, EndCol: col + n}
}
