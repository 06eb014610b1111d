package schema

import (
	"fmt"
	"sort"
)

// Pos is a position in a source file, with the end of the token that
// starts there. Line and Col are 1-based; Col counts bytes from the start
// of the line, as go/token does (a byte order mark on the first line
// counts). A zero Line means the position is unknown.
//
// EndLine and EndCol, when EndLine is not zero, are the position just
// after the token that starts at Line:Col: the name, number or quoted
// string there (a comment, or a punctuation character). The front-end that
// reads the token sets them; a position that stands for no token, such as
// the start of a whole file, leaves them zero. A position copied from the
// model keeps them.
type Pos struct {
	File    string
	Line    int
	Col     int
	EndLine int
	EndCol  int
}

// IsValid reports whether p names a line in a file.
func (p Pos) IsValid() bool { return p.Line > 0 }

// HasEnd reports whether p knows where its token ends.
func (p Pos) HasEnd() bool { return p.EndLine > 0 }

// String formats p as file:line:col, or as much of it as is known; the
// end is not part of it.
func (p Pos) String() string {
	switch {
	case p.File == "" && !p.IsValid():
		return "-"
	case !p.IsValid():
		return p.File
	case p.Col <= 0:
		return fmt.Sprintf("%s:%d", p.File, p.Line)
	}
	return fmt.Sprintf("%s:%d:%d", p.File, p.Line, p.Col)
}

// Before reports whether p sorts before q: by file, then line, then column.
func (p Pos) Before(q Pos) bool {
	if p.File != q.File {
		return p.File < q.File
	}
	if p.Line != q.Line {
		return p.Line < q.Line
	}
	return p.Col < q.Col
}

// Lines turns byte offsets of one source text into positions: it holds
// where each line starts, found once.
type Lines struct {
	file   string
	size   int
	starts []int // the byte offset of each line's first byte
}

// NewLines indexes the lines of src, a file named file in positions.
func NewLines[S ~string | ~[]byte](file string, src S) *Lines {
	l := &Lines{file: file, size: len(src), starts: []int{0}}
	for i := 0; i < len(src); i++ {
		if src[i] == '\n' {
			l.starts = append(l.starts, i+1)
		}
	}
	return l
}

// Pos returns the position of the byte offset start, ending at the byte
// offset end (the offset just after the token); an end that is not after
// start gives a position without an end. Offsets outside the text count
// as its start or its end.
func (l *Lines) Pos(start, end int) Pos {
	start, end = l.clamp(start), l.clamp(end)
	line, col := l.lineCol(start)
	p := Pos{File: l.file, Line: line, Col: col}
	if end > start {
		p.EndLine, p.EndCol = l.lineCol(end)
	}
	return p
}

// clamp is off within the text: from 0 to its size.
func (l *Lines) clamp(off int) int { return max(0, min(off, l.size)) }

// LineStart returns the byte offset where the 1-based line starts, or -1
// when the text has no such line.
func (l *Lines) LineStart(line int) int {
	if line < 1 || line > len(l.starts) {
		return -1
	}
	return l.starts[line-1]
}

// lineCol is the line and byte column of an offset within the text.
func (l *Lines) lineCol(off int) (line, col int) {
	// The last line that starts at or before off.
	i := sort.SearchInts(l.starts, off+1) - 1
	return i + 1, off - l.starts[i] + 1
}
