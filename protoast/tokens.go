package protoast

import "unicode/utf8"

// Token is one token of a .proto source: [Start, End) in bytes; Comment
// marks a comment.
type Token struct {
	Start, End int
	Comment    bool
}

// Tokens splits a .proto source into identifiers (with dots),
// numbers, strings, comments and single punctuation characters. It is
// lenient: what it cannot read becomes one-character tokens.
func Tokens(src []byte) []Token {
	var toks []Token
	for i := 0; i < len(src); {
		if isProtoSpace(src[i]) {
			i++
			continue
		}
		t := tokenAt(src, i)
		toks = append(toks, t)
		i = t.End
	}
	return toks
}

// isProtoSpace reports whether c is white space between tokens.
func isProtoSpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'
}

// isProtoWord reports whether c is part of an identifier (with dots) or
// a number.
func isProtoWord(c byte) bool {
	return c == '_' || c == '.' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
}

// tokenAt reads the token or comment that starts at src[i], which is
// not white space: a string ends at its closing quote or before the end of
// its line, a block comment after its "*/" or at the end of src.
func tokenAt(src []byte, i int) Token {
	c := src[i]
	switch {
	case c == '/' && i+1 < len(src) && src[i+1] == '/':
		j := i
		for j < len(src) && src[j] != '\n' {
			j++
		}
		return Token{i, j, true}
	case c == '/' && i+1 < len(src) && src[i+1] == '*':
		j := i + 2
		for j+1 < len(src) && !(src[j] == '*' && src[j+1] == '/') {
			j++
		}
		return Token{i, min(j+2, len(src)), true}
	case c == '"' || c == '\'':
		j := i + 1
		for j < len(src) && src[j] != c && src[j] != '\n' {
			if src[j] == '\\' {
				j++
			}
			j++
		}
		if j < len(src) && src[j] == c {
			j++
		}
		return Token{i, min(j, len(src)), false}
	case isProtoWord(c):
		j := i
		for j < len(src) && isProtoWord(src[j]) {
			j++
		}
		return Token{i, j, false}
	}
	_, size := utf8.DecodeRune(src[i:])
	return Token{i, i + size, false}
}

// TokenEnd is the byte offset just after the proto token or comment that
// starts at src[off] (an identifier with dots or a number, a string, a
// comment, else one character), or off itself at white space and at the
// end of src: where a position's end is, for both proto front-ends.
func TokenEnd(src []byte, off int) int {
	if off < 0 || off >= len(src) || isProtoSpace(src[off]) {
		return off
	}
	return tokenAt(src, off).End
}
