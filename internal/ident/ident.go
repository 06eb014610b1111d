// Package ident makes identifiers from arbitrary text, the same way for
// every format: one sanitiser and one set of case converters, so that a
// name is spelled alike whichever direction produced it. What each
// format reserves lives in its own package (thriftast, protoast).
package ident

import (
	"strings"
	"unicode"
)

// Sanitize makes s an identifier that every format accepts: ASCII
// letters, digits and '_', not starting with a digit ('_' is put before
// one); any other rune becomes '_'. The empty string becomes "_".
func Sanitize(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch {
		case r == '_' || r < 128 && (unicode.IsLetter(r) || unicode.IsDigit(r)):
			if b.Len() == 0 && unicode.IsDigit(r) {
				b.WriteByte('_')
			}
			b.WriteRune(r)
		default:
			b.WriteByte('_')
		}
	}
	if b.Len() == 0 {
		return "_"
	}
	return b.String()
}

// Pascal makes an UpperCamelCase identifier of a title, key or path:
// runs of ASCII letters and digits are words, each starting upper-case;
// everything else separates words. A leading digit gets a 'T' before it.
func Pascal(s string) string {
	var b strings.Builder
	up := true
	for _, r := range s {
		switch {
		case r < 128 && (unicode.IsLetter(r) || unicode.IsDigit(r)):
			if b.Len() == 0 && unicode.IsDigit(r) {
				b.WriteByte('T')
			}
			if up {
				b.WriteRune(unicode.ToUpper(r))
				up = false
			} else {
				b.WriteRune(r)
			}
		default:
			up = true
		}
	}
	return b.String()
}

// UpperSnake turns "HTTPStatus" or "httpStatus" into "HTTP_STATUS"; '.'
// and '-' become '_'.
func UpperSnake(s string) string {
	var b strings.Builder
	rs := []rune(s)
	for i, r := range rs {
		if r == '.' || r == '-' {
			r = '_'
		}
		if i > 0 && unicode.IsUpper(r) {
			prev := rs[i-1]
			nextLower := i+1 < len(rs) && unicode.IsLower(rs[i+1])
			if unicode.IsLower(prev) || unicode.IsDigit(prev) || (unicode.IsUpper(prev) && nextLower) {
				b.WriteByte('_')
			}
		}
		b.WriteRune(unicode.ToUpper(r))
	}
	return strings.ReplaceAll(b.String(), "__", "_")
}

// LowerSnake is UpperSnake in lower case: "HTTPStatus" → "http_status".
func LowerSnake(s string) string { return strings.ToLower(UpperSnake(s)) }

// UpperFirst capitalises the first letter.
func UpperFirst(s string) string {
	if s == "" {
		return s
	}
	rs := []rune(s)
	rs[0] = unicode.ToUpper(rs[0])
	return string(rs)
}
