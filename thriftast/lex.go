package thriftast

import (
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/idlconv/idlconv/schema"
)

// bom is the UTF-8 byte order mark, which Apache Thrift skips. Its bytes
// count in the columns of the first line, as go/token counts them.
const bom = "\xef\xbb\xbf"

// tokenKind classifies a lexical token of Thrift IDL.
type tokenKind uint8

const (
	tokEOF tokenKind = iota
	tokIdent
	tokInt
	tokFloat
	tokString
	tokPunct
)

// token is one lexical token with its byte offset and position. A file
// has about one token per five bytes, all held during the scan, so a
// token keeps only what cannot be derived: its end and last line come
// from its text.
type token struct {
	text      string
	start     int // byte offset
	line, col int // 1-based position of start
	kind      tokenKind
}

// end is the byte offset just after the token.
func (t token) end() int { return t.start + len(t.text) }

// endLine is the line of the token's last byte: only a string literal
// spans lines.
func (t token) endLine() int {
	if t.kind != tokString {
		return t.line
	}
	return t.line + strings.Count(t.text, "\n")
}

// posIn is the position of t in file, with its end; the end of file,
// which has no text, has none.
func (t token) posIn(file string) schema.Pos {
	p := schema.Pos{File: file, Line: t.line, Col: t.col}
	if t.text == "" {
		return p
	}
	p.EndLine, p.EndCol = t.line, t.col+len(t.text)
	if i := strings.LastIndexByte(t.text, '\n'); i >= 0 {
		p.EndLine, p.EndCol = t.endLine(), len(t.text)-i
	}
	return p
}

// comment is one comment with its span; text has the markers removed.
type comment struct {
	text       string
	start, end int
	line, col  int
	endLine    int
	endCol     int  // the byte column just after the comment
	doc        bool // a /** ... */ comment
}

// posIn is the position of the comment in file, with its end.
func (c comment) posIn(file string) schema.Pos {
	return schema.Pos{File: file, Line: c.line, Col: c.col, EndLine: c.endLine, EndCol: c.endCol}
}

// lexer turns Thrift source into tokens and comments.
type lexer struct {
	src      string
	off      int
	line     int
	lineOff  int // offset of the current line's first byte
	tokens   []token
	comments []comment
	// counting makes the lexer count tokens and comments (in nTokens
	// and nComments) instead of keeping them.
	counting           bool
	nTokens, nComments int
}

// lexError is a positioned lexical error, about the n bytes of its line
// from line:col.
type lexError struct {
	line, col, n int
	msg          string
}

func (e *lexError) Error() string { return fmt.Sprintf("%d:%d: %s", e.line, e.col, e.msg) }

// posIn is the position of the error in file, with its end.
func (e *lexError) posIn(file string) schema.Pos {
	return schema.Pos{File: file, Line: e.line, Col: e.col, EndLine: e.line, EndCol: e.col + e.n}
}

// lex returns the tokens and comments of src. It lexes twice: first
// counting, so that the slices are allocated once at their size, not
// grown (a growing slice of a large file's tokens briefly needs twice
// their memory, and leaves the copies to the garbage collector).
func lex(src string) ([]token, []comment, error) {
	newLexer := func() *lexer {
		l := &lexer{src: src, line: 1}
		if strings.HasPrefix(src, bom) {
			l.off = len(bom)
		}
		return l
	}
	count := newLexer()
	count.counting = true
	if err := count.run(); err != nil {
		return nil, nil, err
	}
	l := newLexer()
	l.tokens = make([]token, 0, count.nTokens+1)
	l.comments = make([]comment, 0, count.nComments)
	if err := l.run(); err != nil {
		return nil, nil, err
	}
	return l.tokens, l.comments, nil
}

// MaxIdentifier is the longest name or number, in bytes, a Thrift file
// may hold; a longer one is a positioned syntax error.
const MaxIdentifier = 4096

func (l *lexer) col() int { return l.off - l.lineOff + 1 }

func (l *lexer) advance(n int) {
	for i := 0; i < n && l.off < len(l.src); i++ {
		if l.src[l.off] == '\n' {
			l.line++
			l.lineOff = l.off + 1
		}
		l.off++
	}
}

func isLetter(c byte) bool { return c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }
func isDigit(c byte) bool  { return c >= '0' && c <= '9' }

func (l *lexer) run() error {
	for l.off < len(l.src) {
		if err := l.step(); err != nil {
			return err
		}
	}
	l.tokens = append(l.tokens, token{kind: tokEOF, start: l.off, line: l.line, col: l.col()})
	return nil
}

// isSpace reports whether c is white space between tokens.
func isSpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\v' || c == '\f'
}

// step reads what starts at l.off: white space, a comment or a token.
func (l *lexer) step() error {
	c := l.src[l.off]
	switch {
	case isSpace(c):
		l.advance(1)
	case c == '/' && strings.HasPrefix(l.src[l.off:], "//"), c == '#':
		l.lineComment()
	case c == '/' && strings.HasPrefix(l.src[l.off:], "/*"):
		return l.blockComment()
	case isLetter(c):
		n := l.scanWhile(func(c byte) bool { return isLetter(c) || isDigit(c) || c == '.' })
		if n > MaxIdentifier {
			// thriftgo's parser keeps tokens for every byte of a name
			// (a 10 MB name took 790 MB).
			return &lexError{l.line, l.col(), n, fmt.Sprintf("identifier of %d bytes is longer than the limit of %d", n, MaxIdentifier)}
		}
		l.emit(tokIdent, n)
	case isDigit(c) || (c == '-' || c == '+') && l.off+1 < len(l.src) && (isDigit(l.src[l.off+1]) || l.src[l.off+1] == '.'):
		return l.number()
	case c == '.' && l.off+1 < len(l.src) && isDigit(l.src[l.off+1]):
		return l.number()
	case c == '"' || c == '\'':
		return l.str(c)
	case strings.IndexByte("{}()[]<>,;:=&*@", c) >= 0:
		l.emit(tokPunct, 1)
	default:
		_, size := utf8.DecodeRuneInString(l.src[l.off:])
		return &lexError{l.line, l.col(), size, fmt.Sprintf("unexpected character %q", c)}
	}
	return nil
}

// tokenEnd is the byte offset just after the token or comment that starts
// at src[off]: after one character where the lexer refuses what starts
// there, or off itself at white space and at the end of src.
func tokenEnd(src string, off int) int {
	if off < 0 || off >= len(src) || isSpace(src[off]) {
		return off
	}
	l := &lexer{src: src, off: off, line: 1, lineOff: off}
	switch err := l.step(); {
	case err != nil:
		var le *lexError
		if errors.As(err, &le) {
			return off + le.n
		}
	case len(l.tokens) == 1:
		return l.tokens[0].end()
	case len(l.comments) == 1:
		return l.comments[0].end
	}
	_, size := utf8.DecodeRuneInString(src[off:])
	return off + size
}

func (l *lexer) scanWhile(ok func(byte) bool) int {
	n := 0
	for l.off+n < len(l.src) && ok(l.src[l.off+n]) {
		n++
	}
	return n
}

func (l *lexer) emit(kind tokenKind, n int) {
	if l.counting {
		l.nTokens++
		l.advance(n)
		return
	}
	t := token{kind: kind, text: l.src[l.off : l.off+n], start: l.off, line: l.line, col: l.col()}
	l.advance(n)
	l.tokens = append(l.tokens, t)
}

// number reads a number; one longer than MaxIdentifier is an error (a
// 10 MB float took 800 MB in thriftgo's parser, as a name did).
func (l *lexer) number() error {
	emit := func(kind tokenKind, n int) error {
		if n > MaxIdentifier {
			return &lexError{l.line, l.col(), n, fmt.Sprintf("number of %d bytes is longer than the limit of %d", n, MaxIdentifier)}
		}
		l.emit(kind, n)
		return nil
	}
	n := 0
	if c := l.src[l.off]; c == '-' || c == '+' {
		n++
	}
	rest := l.src[l.off+n:]
	if strings.HasPrefix(rest, "0x") || strings.HasPrefix(rest, "0X") {
		n += 2
		for l.off+n < len(l.src) && (isDigit(l.src[l.off+n]) || isLetter(l.src[l.off+n])) {
			n++
		}
		return emit(tokInt, n)
	}
	kind := tokInt
	for l.off+n < len(l.src) {
		c := l.src[l.off+n]
		switch {
		case isDigit(c):
		case c == '.':
			kind = tokFloat
		case c == 'e' || c == 'E':
			kind = tokFloat
			if l.off+n+1 < len(l.src) && (l.src[l.off+n+1] == '-' || l.src[l.off+n+1] == '+') {
				n++
			}
		default:
			return emit(kind, n)
		}
		n++
	}
	return emit(kind, n)
}

func (l *lexer) str(quote byte) error {
	line, col := l.line, l.col()
	for n := 1; l.off+n < len(l.src); n++ {
		switch l.src[l.off+n] {
		case '\\':
			n++
		case quote:
			l.emit(tokString, n+1)
			return nil
		}
	}
	// The string's text on its first line.
	n := strings.IndexByte(l.src[l.off:], '\n')
	if n < 0 {
		n = len(l.src) - l.off
	}
	return &lexError{line, col, n, "string literal not terminated"}
}

func (l *lexer) lineComment() {
	start, line, col := l.off, l.line, l.col()
	n := l.scanWhile(func(c byte) bool { return c != '\n' })
	raw := l.src[start : start+n]
	l.advance(n)
	if l.counting {
		l.nComments++
		return
	}
	text := strings.TrimPrefix(strings.TrimPrefix(raw, "#"), "//")
	text = strings.TrimRight(strings.TrimPrefix(text, " "), " \t\r")
	l.comments = append(l.comments, comment{text: text, start: start, end: start + n, line: line, col: col, endLine: line,
		endCol: col + len(strings.TrimSuffix(raw, "\r"))})
}

func (l *lexer) blockComment() error {
	start, line, col := l.off, l.line, l.col()
	i := strings.Index(l.src[l.off+2:], "*/")
	if i < 0 {
		return &lexError{line, col, len("/*"), "comment not terminated"}
	}
	n := i + 4
	raw := l.src[start : start+n]
	l.advance(n)
	if l.counting {
		l.nComments++
		return nil
	}
	l.comments = append(l.comments, comment{
		text: cleanBlockComment(raw), start: start, end: start + n,
		line: line, col: col, endLine: l.line, endCol: l.col(), doc: strings.HasPrefix(raw, "/**"),
	})
	return nil
}

// cleanBlockComment strips /*, */ and the leading " * " of each line.
func cleanBlockComment(raw string) string {
	body := strings.TrimSuffix(strings.TrimPrefix(raw, "/*"), "*/")
	body = strings.TrimPrefix(body, "*")
	lines := strings.Split(body, "\n")
	var out []string
	for _, ln := range lines {
		ln = strings.TrimRight(ln, " \t\r")
		t := strings.TrimLeft(ln, " \t")
		if strings.HasPrefix(t, "*") {
			t = strings.TrimPrefix(strings.TrimPrefix(t, "*"), " ")
		} else if len(lines) > 1 {
			t = strings.TrimPrefix(ln, " ")
		}
		out = append(out, strings.TrimRight(t, " \t"))
	}
	for len(out) > 0 && out[0] == "" {
		out = out[1:]
	}
	for len(out) > 0 && out[len(out)-1] == "" {
		out = out[:len(out)-1]
	}
	return strings.Join(out, "\n")
}
