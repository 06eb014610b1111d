package convert

import (
	"strings"

	"github.com/idlconv/idlconv/protoast"
	"github.com/idlconv/idlconv/schema"
)

// This file holds the vocabulary that several directions share.

// annotationValue returns the value of the annotation key, if present.
func annotationValue(anns []schema.Annotation, key string) (string, bool) {
	for _, a := range anns {
		if a.Key == key {
			return a.Value, true
		}
	}
	return "", false
}

// derefTypedef follows typedefs to the type they name, however long the
// chain: the front-ends leave no typedef cycle in a model
// (schema.TypedefCycles), and maxTypedefChain only keeps a model built
// some other way from looping. It was 100, which left a chain of 20,000
// $ref aliases naming a message it did not declare.
func derefTypedef(t *schema.Type) *schema.Type {
	for i := 0; t != nil && t.Kind == schema.TypeNamed && i < maxTypedefChain; i++ {
		td, ok := t.Decl.(*schema.Typedef)
		if !ok {
			return t
		}
		t = td.Type
	}
	return t
}

// maxTypedefChain bounds derefTypedef's walk.
const maxTypedefChain = 1 << 24

func unquoteProto(v string) string {
	if len(v) >= 2 && (v[0] == '"' || v[0] == '\'') {
		return v[1 : len(v)-1]
	}
	return v
}

func toSlash(p string) string { return strings.ReplaceAll(p, "\\", "/") }

// builtinFieldOptions are the proto field options that Thrift keeps as
// proto.<name> annotations and proto output restores.
var builtinFieldOptions = map[string]bool{
	protoast.OptionJSONName: true, "packed": true, "lazy": true, "unverified_lazy": true, "ctype": true, "jstype": true,
	"weak": true, "debug_redact": true, "retention": true, "targets": true,
}

// protoJSONName is the JSON name of a proto field: its json_name option,
// or protoc's default.
func protoJSONName(f *schema.Field) string {
	if f.JSONName != nil {
		return f.JSONName.Value
	}
	return protoast.JSONName(f.Name)
}
