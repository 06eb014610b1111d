package schema

import "fmt"

// Pos is a position in a source file. Line and Col are 1-based; Col counts
// bytes. A zero Line means the position is unknown.
type Pos struct {
	File string
	Line int
	Col  int
}

// IsValid reports whether p names a line in a file.
func (p Pos) IsValid() bool { return p.Line > 0 }

// String formats p as file:line:col, or as much of it as is known.
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
