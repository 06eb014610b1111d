package protodesc

import (
	"bytes"
	"slices"
	"strings"
	"unicode/utf8"

	"google.golang.org/protobuf/types/descriptorpb"

	"github.com/idlconv/idlconv/protoast"
	"github.com/idlconv/idlconv/schema"
)

// locations indexes a file's source info by path: a large file has
// hundreds of thousands of locations, so that the index is one slice of
// their indexes, sorted by path, in which the locations of one path, and
// those below a path, are each one run.
type locations struct {
	all []*descriptorpb.SourceCodeInfo_Location
	// byPath holds the indexes of all, sorted by path (a path before the
	// longer ones it starts), in source info order within one path.
	byPath []int32
}

func newLocations(sci *descriptorpb.SourceCodeInfo) *locations {
	ls := &locations{all: sci.GetLocation(), byPath: make([]int32, len(sci.GetLocation()))}
	for i := range ls.byPath {
		ls.byPath[i] = int32(i)
	}
	slices.SortStableFunc(ls.byPath, func(a, b int32) int { return slices.Compare(ls.all[a].GetPath(), ls.all[b].GetPath()) })
	return ls
}

// from is the index in byPath of the first location whose path is path
// or after it.
func (ls *locations) from(path []int32) int {
	i, _ := slices.BinarySearchFunc(ls.byPath, path, func(l int32, p []int32) int { return slices.Compare(ls.all[l].GetPath(), p) })
	return i
}

// at returns the locations of path, in order (a statement that can be
// written several times, such as reserved, has one each time).
func (ls *locations) at(path []int32) []*descriptorpb.SourceCodeInfo_Location {
	var out []*descriptorpb.SourceCodeInfo_Location
	for i := ls.from(path); i < len(ls.byPath) && slices.Equal(ls.all[ls.byPath[i]].GetPath(), path); i++ {
		out = append(out, ls.all[ls.byPath[i]])
	}
	return out
}

// first returns the first location of path, or nil.
func (ls *locations) first(path []int32) *descriptorpb.SourceCodeInfo_Location {
	if i := ls.from(path); i < len(ls.byPath) && slices.Equal(ls.all[ls.byPath[i]].GetPath(), path) {
		return ls.all[ls.byPath[i]]
	}
	return nil
}

// below returns the locations under path (longer paths that start with
// it), in source info order.
func (ls *locations) below(path []int32) []*descriptorpb.SourceCodeInfo_Location {
	var idx []int32
	for i := ls.from(path); i < len(ls.byPath); i++ {
		p := ls.all[ls.byPath[i]].GetPath()
		if len(p) < len(path) || !slices.Equal(p[:len(path)], path) {
			break
		}
		if len(p) > len(path) {
			idx = append(idx, ls.byPath[i])
		}
	}
	slices.Sort(idx)
	out := make([]*descriptorpb.SourceCodeInfo_Location, len(idx))
	for k, i := range idx {
		out[k] = ls.all[i]
	}
	return out
}

// enclosing returns the location of path whose span holds l's: the
// statement l is part of.
func (ls *locations) enclosing(path []int32, l *descriptorpb.SourceCodeInfo_Location) *descriptorpb.SourceCodeInfo_Location {
	s, e := startOf(l), endOf(l)
	for _, st := range ls.at(path) {
		if startOf(st).compare(s) <= 0 && e.compare(endOf(st)) <= 0 {
			return st
		}
	}
	return nil
}

// start returns where the element at path starts, or a place after
// every element when it has no location.
func (ls *locations) start(path []int32) spanStart {
	if l := ls.first(path); l != nil {
		return startOf(l)
	}
	return spanStart{line: 1 << 30}
}

// spanStart is a place in source info terms (0-based line and column),
// with sub to order what is placed at one start.
type spanStart struct{ line, col, sub int }

func (a spanStart) compare(b spanStart) int {
	switch {
	case a.line != b.line:
		return cmpInt(a.line, b.line)
	case a.col != b.col:
		return cmpInt(a.col, b.col)
	}
	return cmpInt(a.sub, b.sub)
}

func startOf(l *descriptorpb.SourceCodeInfo_Location) spanStart {
	sp := l.GetSpan()
	if len(sp) < 3 {
		return spanStart{line: 1 << 30}
	}
	return spanStart{line: int(sp[0]), col: int(sp[1])}
}

func endOf(l *descriptorpb.SourceCodeInfo_Location) spanStart {
	sp := l.GetSpan()
	switch len(sp) {
	case 3:
		return spanStart{line: int(sp[0]), col: int(sp[2])}
	case 4:
		return spanStart{line: int(sp[2]), col: int(sp[3])}
	}
	return spanStart{line: 1 << 30}
}

// posMaker turns source info spans into model positions.
type posMaker struct {
	file  string
	src   []byte
	lines *schema.Lines
}

func newPosMaker(file string, src []byte) *posMaker {
	pm := &posMaker{file: file, src: src}
	if src != nil {
		pm.lines = schema.NewLines(file, src)
	}
	return pm
}

// utf8BOM is the UTF-8 byte order mark.
var utf8BOM = []byte("\xef\xbb\xbf")

// pos is the position where span starts, with the end of the token
// there. With the file's text, the source info's column (characters, a
// tab to the next multiple of 8, after a byte order mark) becomes a byte
// column and the token is read there; without it, the column is kept and
// the token ends tokenLen bytes on (no end when 0).
func (pm *posMaker) pos(span []int32, tokenLen int) schema.Pos {
	if len(span) < 3 {
		return schema.Pos{File: pm.file}
	}
	line, col := int(span[0])+1, int(span[1])
	if pm.lines == nil {
		p := schema.Pos{File: pm.file, Line: line, Col: col + 1}
		if tokenLen > 0 {
			p.EndLine, p.EndCol = line, col+1+tokenLen
		}
		return p
	}
	start := pm.lines.LineStart(line)
	if start < 0 {
		return schema.Pos{File: pm.file, Line: line, Col: col + 1}
	}
	if line == 1 && bytes.HasPrefix(pm.src, utf8BOM) {
		start += len(utf8BOM)
	}
	off := start
	for n := 0; n < col && off < len(pm.src) && pm.src[off] != '\n'; {
		c := pm.src[off]
		off++
		switch {
		case c == '\t':
			n += 8 - n%8
		case utf8.RuneStart(c):
			n++
		}
		for off < len(pm.src) && !utf8.RuneStart(pm.src[off]) {
			off++
		}
	}
	return pm.lines.Pos(off, protoast.TokenEnd(pm.src, off))
}

// before is the position of the character before span's start, white
// space and comments skipped, when the file's text is known.
func (pm *posMaker) before(span []int32) (schema.Pos, bool) {
	p := pm.pos(span, 0)
	start := pm.lines.LineStart(p.Line)
	if start < 0 {
		return schema.Pos{}, false
	}
	off := start + p.Col - 1
	for off > 0 {
		off--
		c := pm.src[off]
		switch {
		case c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v':
			continue
		case c == '/' && off > 0 && pm.src[off-1] == '*':
			// The end of a block comment: back to its start.
			i := bytes.LastIndex(pm.src[:off-1], []byte("/*"))
			if i < 0 {
				return schema.Pos{}, false
			}
			off = i
			continue
		}
		// A line comment ends at the line's end: the character found
		// may be inside one.
		ls := bytes.LastIndexByte(pm.src[:off], '\n') + 1
		if i := bytes.Index(pm.src[ls:off+1], []byte("//")); i >= 0 {
			off = ls + i
			continue
		}
		return pm.lines.Pos(off, off+1), true
	}
	return schema.Pos{}, false
}

// commentText is a comment of the source info as the model holds it:
// without the markers protoc leaves (the slashes of ///, the star of
// /**), each line without the space after the marker and trailing white
// space, and without blank lines around it.
func commentText(s string) string {
	if s == "" {
		return ""
	}
	lines := strings.Split(strings.TrimSuffix(s, "\n"), "\n")
	for i, ln := range lines {
		if i == 0 {
			ln = strings.TrimLeft(ln, "/*")
		} else {
			ln = strings.TrimLeft(ln, "/")
		}
		lines[i] = strings.TrimPrefix(strings.TrimRight(ln, " \t\r"), " ")
	}
	for len(lines) > 0 && strings.TrimSpace(lines[0]) == "" {
		lines = lines[1:]
	}
	for len(lines) > 0 && strings.TrimSpace(lines[len(lines)-1]) == "" {
		lines = lines[:len(lines)-1]
	}
	return strings.Join(lines, "\n")
}
