package protoast

import "unicode/utf8"

// relax rewrites, in place and keeping every byte offset, line and
// column, the valid proto that github.com/emicklei/proto v1.14.3 rejects
// into proto it reads the same way:
//
//   - comments inside a `reserved` or `extensions` statement become
//     spaces (the parser expects the next range instead);
//   - an edition 2024 `import option "…";` becomes spaces: it imports a
//     file only for its custom options, which idlconv keeps as text;
//   - the edition 2024 visibility keywords `export` and `local` before
//     `message` or `enum` become spaces.
func relax(src []byte) []byte {
	toks := scanProto(src)
	out := append([]byte(nil), src...)
	blank := func(from, to int) {
		for i := from; i < to; i++ {
			if out[i] != '\n' && out[i] != '\r' {
				out[i] = ' '
			}
		}
	}
	// significant returns the index of the next token from i that is not
	// a comment, or len(toks).
	significant := func(i int) int {
		for i < len(toks) && toks[i].comment {
			i++
		}
		return i
	}
	// statementEnd returns the index of the token that ends the statement
	// whose tokens start at i: its ';', else the '}' that closes the
	// enclosing block (braces inside the statement, as in an extension
	// declaration's `[declaration = {…}]`, are skipped), else len(toks).
	// The main loop goes on after it: every token is looked at a bounded
	// number of times, even in a file where statements lack their ';'.
	statementEnd := func(i int) int {
		depth := 0
		for ; i < len(toks); i++ {
			t := toks[i]
			if t.comment || t.end != t.start+1 {
				continue
			}
			switch src[t.start] {
			case ';':
				return i
			case '{':
				depth++
			case '}':
				if depth == 0 {
					return i
				}
				depth--
			}
		}
		return i
	}
	atStart := true
	for i := 0; i < len(toks); i++ {
		t := toks[i]
		if t.comment {
			continue
		}
		text := string(src[t.start:t.end])
		switch {
		case atStart && (text == "reserved" || text == "extensions"):
			end := statementEnd(i + 1)
			for j := i + 1; j < end; j++ {
				if toks[j].comment {
					blank(toks[j].start, toks[j].end)
				}
			}
			i, atStart = end-1, false
			continue
		case atStart && text == "import":
			if j := significant(i + 1); j < len(toks) && string(src[toks[j].start:toks[j].end]) == "option" {
				k := statementEnd(j)
				if k < len(toks) && src[toks[k].start] == ';' {
					blank(t.start, toks[k].end)
					i, atStart = k, true
					continue
				}
				i, atStart = k-1, false
				continue
			}
		case atStart && (text == "export" || text == "local"):
			if j := significant(i + 1); j < len(toks) {
				if next := string(src[toks[j].start:toks[j].end]); next == "message" || next == "enum" {
					blank(t.start, t.end)
				}
			}
		}
		atStart = text == ";" || text == "{" || text == "}"
	}
	return out
}

// protoToken is one token of a .proto source: [start, end) in bytes.
type protoToken struct {
	start, end int
	comment    bool
}

// scanProto splits a .proto source into identifiers (with dots),
// numbers, strings, comments and single punctuation characters. It is
// lenient: what it cannot read becomes one-character tokens.
func scanProto(src []byte) []protoToken {
	var toks []protoToken
	for i := 0; i < len(src); {
		if isProtoSpace(src[i]) {
			i++
			continue
		}
		t := protoTokenAt(src, i)
		toks = append(toks, t)
		i = t.end
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

// protoTokenAt reads the token or comment that starts at src[i], which is
// not white space: a string ends at its closing quote or before the end of
// its line, a block comment after its "*/" or at the end of src.
func protoTokenAt(src []byte, i int) protoToken {
	c := src[i]
	switch {
	case c == '/' && i+1 < len(src) && src[i+1] == '/':
		j := i
		for j < len(src) && src[j] != '\n' {
			j++
		}
		return protoToken{i, j, true}
	case c == '/' && i+1 < len(src) && src[i+1] == '*':
		j := i + 2
		for j+1 < len(src) && !(src[j] == '*' && src[j+1] == '/') {
			j++
		}
		return protoToken{i, min(j+2, len(src)), true}
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
		return protoToken{i, min(j, len(src)), false}
	case isProtoWord(c):
		j := i
		for j < len(src) && isProtoWord(src[j]) {
			j++
		}
		return protoToken{i, j, false}
	}
	_, size := utf8.DecodeRune(src[i:])
	return protoToken{i, i + size, false}
}

// TokenEnd is the byte offset just after the proto token or comment that
// starts at src[off] (an identifier with dots or a number, a string, a
// comment, else one character), or off itself at white space and at the
// end of src: where a position's end is, for both proto front-ends.
func TokenEnd(src []byte, off int) int {
	if off < 0 || off >= len(src) || isProtoSpace(src[off]) {
		return off
	}
	return protoTokenAt(src, off).end
}
