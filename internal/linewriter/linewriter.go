// Package linewriter is the line-oriented writer the Thrift and proto
// printers share: indented lines, // comment blocks and trailing //
// comments, in one fixed layout (two spaces an indent level).
package linewriter

import (
	"bytes"
	"strings"
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
		w.Buf.WriteString(strings.ReplaceAll(trailing, "\n", " "))
	}
	w.NL()
}

// Comment writes text as // lines at the current indent; nothing when
// text is empty.
func (w *Writer) Comment(text string) {
	if text == "" {
		return
	}
	for _, ln := range strings.Split(text, "\n") {
		ln = strings.TrimRight(ln, " \t")
		if ln == "" {
			w.Line("//", "")
		} else {
			w.Line("// "+ln, "")
		}
	}
}
