package convert

import (
	"strings"
	"unicode"
)

// upperSnake turns "HTTPStatus" or "httpStatus" into "HTTP_STATUS".
func upperSnake(s string) string {
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

// lowerSnake is upperSnake in lower case.
func lowerSnake(s string) string { return strings.ToLower(upperSnake(s)) }

// upperFirst capitalises the first letter.
func upperFirst(s string) string {
	if s == "" {
		return s
	}
	rs := []rune(s)
	rs[0] = unicode.ToUpper(rs[0])
	return string(rs)
}

// protoIdent makes s a valid proto identifier: letters, digits and '_',
// not starting with a digit.
func protoIdent(s string) string {
	var b strings.Builder
	for i, r := range s {
		switch {
		case r == '_' || r < 128 && (unicode.IsLetter(r) || unicode.IsDigit(r)):
			if i == 0 && unicode.IsDigit(r) {
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

// protoPackage makes a dotted name a valid proto package.
func protoPackage(s string) string {
	s = strings.NewReplacer("\\", ".", "::", ".", "/", ".").Replace(s)
	var parts []string
	for _, p := range strings.Split(s, ".") {
		if p != "" {
			parts = append(parts, protoIdent(p))
		}
	}
	return strings.Join(parts, ".")
}
