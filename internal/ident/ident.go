// Package ident makes identifiers from arbitrary text, the same way for
// every format: one sanitiser and one set of case converters, so that a
// name is spelled alike whichever direction produced it. What each
// format reserves lives in its own package (thriftast, protoast).
package ident

import (
	"fmt"
	"hash/fnv"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// latin spells the Latin letters outside ASCII in ASCII, as German,
// French, Nordic, Spanish and other writing does when it must.
var latin = map[rune]string{
	'ä': "ae", 'ö': "oe", 'ü': "ue", 'ß': "ss", 'Ä': "Ae", 'Ö': "Oe", 'Ü': "Ue", 'ẞ': "SS",
	'à': "a", 'á': "a", 'â': "a", 'ã': "a", 'å': "aa", 'æ': "ae", 'ç': "c", 'è': "e", 'é': "e", 'ê': "e", 'ë': "e",
	'ì': "i", 'í': "i", 'î': "i", 'ï': "i", 'ð': "d", 'ñ': "n", 'ò': "o", 'ó': "o", 'ô': "o", 'õ': "o", 'ø': "oe",
	'ù': "u", 'ú': "u", 'û': "u", 'ý': "y", 'ÿ': "y", 'þ': "th",
	'À': "A", 'Á': "A", 'Â': "A", 'Ã': "A", 'Å': "Aa", 'Æ': "Ae", 'Ç': "C", 'È': "E", 'É': "E", 'Ê': "E", 'Ë': "E",
	'Ì': "I", 'Í': "I", 'Î': "I", 'Ï': "I", 'Ð': "D", 'Ñ': "N", 'Ò': "O", 'Ó': "O", 'Ô': "O", 'Õ': "O", 'Ø': "Oe",
	'Ù': "U", 'Ú': "U", 'Û': "U", 'Ý': "Y", 'Þ': "Th",
	'ą': "a", 'ć': "c", 'č': "c", 'ď': "d", 'ę': "e", 'ě': "e", 'ł': "l", 'ń': "n", 'ň': "n", 'ő': "o", 'ř': "r",
	'ś': "s", 'š': "s", 'ť': "t", 'ů': "u", 'ű': "u", 'ź': "z", 'ż': "z", 'ž': "z", 'ğ': "g", 'ı': "i", 'ş': "s",
	'Ą': "A", 'Ć': "C", 'Č': "C", 'Ď': "D", 'Ę': "E", 'Ě': "E", 'Ł': "L", 'Ń': "N", 'Ň': "N", 'Ő': "O", 'Ř': "R",
	'Ś': "S", 'Š': "S", 'Ť': "T", 'Ů': "U", 'Ű': "U", 'Ź': "Z", 'Ż': "Z", 'Ž': "Z", 'Ğ': "G", 'İ': "I", 'Ş': "S",
}

// Transliterate spells every letter or digit of s outside ASCII in
// ASCII: a Latin letter as its usual spelling (ö → oe, é → e), any other
// as U and its code point in hex (Ж → U0416), so that distinct names stay
// distinct; other runes are kept. It reports whether it changed s.
func Transliterate(s string) (string, bool) {
	changed := false
	var b strings.Builder
	for _, r := range s {
		switch {
		case r < 128:
			b.WriteRune(r)
		case latin[r] != "":
			b.WriteString(latin[r])
			changed = true
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			fmt.Fprintf(&b, "U%04X", r)
			changed = true
		default:
			b.WriteRune(r)
		}
	}
	return b.String(), changed
}

// Sanitize makes s an identifier that every format accepts: ASCII
// letters, digits and '_', not starting with a digit ('_' is put before
// one); letters outside ASCII are transliterated, and any other rune
// becomes '_'. The empty string becomes "_".
func Sanitize(s string) string {
	s, _ = Transliterate(s)
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
// letters outside ASCII are transliterated, runs of ASCII letters and
// digits are words, each starting upper-case; everything else separates
// words. A leading digit gets a 'T' before it.
func Pascal(s string) string {
	s, _ = Transliterate(s)
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

// Numbered returns base_2, base_3, …: the first that taken refuses, for a
// name that clashes with base.
func Numbered(base string, taken func(string) bool) string {
	for n := 2; ; n++ {
		if name := base + "_" + strconv.Itoa(n); !taken(name) {
			return name
		}
	}
}

// UpperFirst capitalises the first letter.
func UpperFirst(s string) string {
	if s == "" {
		return s
	}
	rs := []rune(s)
	rs[0] = unicode.ToUpper(rs[0])
	return string(rs)
}

// CutUTF8 returns the longest prefix of s of at most max bytes that does
// not split a UTF-8 sequence.
func CutUTF8(s string, max int) string {
	if len(s) <= max {
		return s
	}
	i := max
	for i > 0 && !utf8.RuneStart(s[i]) {
		i--
	}
	return s[:i]
}

// Shorten returns name when it is at most max bytes long; otherwise its
// first max-9 bytes (not splitting a UTF-8 sequence), '_' and eight hex
// digits of the 64-bit FNV-1a hash of the whole name, folded to 32 bits.
// Generated names that grow with the nesting depth stay bounded this way,
// and names that differ anywhere still differ.
func Shorten(name string, max int) string {
	if len(name) <= max {
		return name
	}
	h := fnv.New64a()
	h.Write([]byte(name))
	return ShortenWithHash(name, max, h.Sum64())
}

// ShortenWithHash is Shorten with the hash given: the first max-9 bytes
// of name, '_' and eight hex digits of h folded to 32 bits (the high half
// XOR the low half).
func ShortenWithHash(name string, max int, h uint64) string {
	return fmt.Sprintf("%s_%08x", CutUTF8(name, max-9), uint32(h^h>>32))
}
