package protoast

import (
	"strconv"
	"strings"

	"github.com/idlconv/idlconv/internal/ident"
	"github.com/idlconv/idlconv/schema"
)

// keywords are the words that a bare type reference must not be: protoc
// reads them as keywords or scalar types.
var keywords = map[string]bool{
	"message": true, "enum": true, "service": true, "option": true, "oneof": true, "reserved": true,
	"extensions": true, "extend": true, "group": true, "map": true, "optional": true, "repeated": true,
	"required": true, "syntax": true, "import": true, "package": true, "edition": true, "stream": true,
	"returns": true, "rpc": true, "double": true, "float": true, "int32": true, "int64": true,
	"uint32": true, "uint64": true, "sint32": true, "sint64": true, "fixed32": true, "fixed64": true,
	"sfixed32": true, "sfixed64": true, "bool": true, "string": true, "bytes": true,
}

// IsKeyword reports whether protoc reads name as a keyword or a scalar
// type where a type reference stands; a declaration of that name must be
// referred to fully qualified.
func IsKeyword(name string) bool { return keywords[name] }

// OptionJSONName is the field option that sets a field's JSON name; the
// front-end reads it into [schema.Field.JSONName] and the printer writes
// that field as it.
const OptionJSONName = "json_name"

// JSONName is the JSON name protoc gives a field without json_name: each
// '_' is dropped and the letter after it upper-cased.
func JSONName(name string) string {
	var b strings.Builder
	upper := false
	for _, r := range name {
		switch {
		case r == '_':
			upper = true
		case upper:
			b.WriteString(strings.ToUpper(string(r)))
			upper = false
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// PackageName makes a dotted, slashed or '::'-separated name a valid
// proto package: each part sanitised, empty parts dropped.
func PackageName(s string) string {
	s = strings.NewReplacer("\\", ".", "::", ".", "/", ".").Replace(s)
	var parts []string
	for _, p := range strings.Split(s, ".") {
		if p != "" {
			parts = append(parts, ident.Sanitize(p))
		}
	}
	return strings.Join(parts, ".")
}

// FullName returns the fully qualified name of a declaration in f,
// following the nesting given by outer (outermost first).
func FullName(f *schema.File, outer []string, name string) string {
	parts := []string{}
	if f.Package != "" {
		parts = append(parts, f.Package)
	}
	parts = append(parts, outer...)
	return strings.Join(append(parts, name), ".")
}

// Unescape decodes the escapes of a proto string literal's contents as
// protoc does (\a \b \f \n \r \t \v, \xHH, octal \ooo, \uXXXX,
// \UXXXXXXXX, and a backslash before any other character stands for that
// character): option values, json_name, and the C-escaped bytes defaults
// of descriptors (package protodesc).
func Unescape(s string) string {
	if !strings.Contains(s, `\`) {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c != '\\' || i+1 == len(s) {
			b.WriteByte(c)
			continue
		}
		i++
		switch e := s[i]; e {
		case 'a':
			b.WriteByte('\a')
		case 'b':
			b.WriteByte('\b')
		case 'f':
			b.WriteByte('\f')
		case 'n':
			b.WriteByte('\n')
		case 'r':
			b.WriteByte('\r')
		case 't':
			b.WriteByte('\t')
		case 'v':
			b.WriteByte('\v')
		case 'x', 'X':
			j := i + 1
			for j < len(s) && j < i+3 && strings.IndexByte("0123456789abcdefABCDEF", s[j]) >= 0 {
				j++
			}
			if n, err := strconv.ParseUint(s[i+1:j], 16, 8); err == nil {
				b.WriteByte(byte(n))
				i = j - 1
			} else {
				b.WriteByte(e)
			}
		case 'u', 'U':
			digits := 4
			if e == 'U' {
				digits = 8
			}
			if j := i + 1 + digits; j <= len(s) {
				if n, err := strconv.ParseUint(s[i+1:j], 16, 32); err == nil {
					b.WriteRune(rune(n))
					i = j - 1
					continue
				}
			}
			b.WriteByte(e)
		case '0', '1', '2', '3', '4', '5', '6', '7':
			j := i
			for j < len(s) && j < i+3 && s[j] >= '0' && s[j] <= '7' {
				j++
			}
			n, _ := strconv.ParseUint(s[i:j], 8, 16)
			b.WriteByte(byte(n))
			i = j - 1
		default:
			b.WriteByte(e)
		}
	}
	return b.String()
}
