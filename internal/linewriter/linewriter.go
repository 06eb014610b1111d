// Package linewriter is the line-oriented writer the Thrift and proto
// printers share: indented lines, // comment blocks and trailing //
// comments, in one fixed layout (two spaces an indent level).
package linewriter

import (
	"bytes"
	"fmt"
	"strings"
	"unicode/utf8"
)

// Writer accumulates the printed text.
type Writer struct {
	// Buf holds what is written so far.
	Buf bytes.Buffer
	// Indent is the current indent level.
	Indent int
}

// NL writes an empty line end.
func (w *Writer) NL() { w.Buf.WriteByte('\n') }

// Line writes one indented line; trailing, when set, becomes an
// end-of-line // comment (on one line).
func (w *Writer) Line(text, trailing string) {
	w.Buf.WriteString(strings.Repeat("  ", w.Indent))
	w.Buf.WriteString(text)
	if trailing != "" {
		w.Buf.WriteString(" // ")
		w.Buf.WriteString(printable(strings.ReplaceAll(trailing, "\n", " ")))
	}
	w.NL()
}

// printable spells the control characters of comment text (NUL, CR,
// escape, …; not tab) and invalid UTF-8 as \uXXXX escapes, which protoc and
// thrift reject in comments.
func printable(s string) string {
	if !strings.ContainsFunc(s, unprintable) && utf8.ValidString(s) {
		return s
	}
	var b strings.Builder
	for i, r := range s {
		switch {
		case r == utf8.RuneError && !strings.HasPrefix(s[i:], "\uFFFD"):
			b.WriteString(`\uFFFD`)
		case unprintable(r):
			fmt.Fprintf(&b, `\u%04X`, r)
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

func unprintable(r rune) bool { return r < 0x20 && r != '\t' || r == 0x7f }

// Comment writes text as // lines at the current indent; nothing when
// text is empty.
func (w *Writer) Comment(text string) {
	if text == "" {
		return
	}
	for _, ln := range strings.Split(text, "\n") {
		ln = printable(strings.TrimRight(ln, " \t"))
		if ln == "" {
			w.Line("//", "")
		} else {
			w.Line("// "+ln, "")
		}
	}
}
