package protoast

import (
	"strings"

	"github.com/idlconv/idlconv/internal/ident"
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
