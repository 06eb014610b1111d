// Package marker names the round-trip markers: what idlconv writes into
// an output so that converting it back gives the source again, and reads
// when it converts such an output. A marker is written and recognised
// only through the names of this package, never by its spelling or by the
// English text around it.
package marker

import (
	"strings"

	"github.com/idlconv/idlconv/schema"
)

// Thrift annotation keys that carry proto facts Thrift has no syntax for.
const (
	// ProtoPrefix starts every proto annotation key; proto.<option> keeps
	// a built-in field option.
	ProtoPrefix = "proto."
	// ProtoOneof names the proto oneof a Thrift field belongs to.
	ProtoOneof = "proto.oneof"
	// ProtoName keeps a proto name that the Thrift name differs from.
	ProtoName = "proto.name"
	// ProtoEnumPrefix keeps an enum's proto value prefix when it is not
	// the one Thrift → proto derives ("" when the values had none).
	ProtoEnumPrefix = "proto.prefix"
	// ProtoEnumScope marks an enum whose proto values are scoped by a
	// message of the enum's name; its value is the nested enum's name.
	ProtoEnumScope = "proto.scope"
)

// Thrift annotation keys that carry JSON facts Thrift has no syntax for.
// thriftast reads them into the model's fields (schema.Field.JSONName,
// schema.EnumValue.JSONValue, schema.Type.Format) and prints those fields
// as them; nothing else reads them.
const (
	// JSONPrefix starts every JSON annotation key.
	JSONPrefix = "json."
	// JSONName is a field's JSON name: a JSON Schema property key that is
	// not the field name.
	JSONName = "json.name"
	// JSONValue is an enum value's JSON string: a JSON Schema enum string
	// that is not the value name.
	JSONValue = "json.value"
	// JSONFormat is a string's JSON Schema format.
	JSONFormat = "json.format"
)

// JSON Schema keywords that carry IDL facts JSON Schema has no keyword
// for.
const (
	// KeyID is a property's field ID.
	KeyID = "x-idlconv-id"
	// KeyEnumValues lists an enum's numbers, parallel to its strings.
	KeyEnumValues = "x-idlconv-enum-values"
	// KeyUnion marks an object that is a Thrift union.
	KeyUnion = "x-idlconv-union"
	// KeyOneof names the proto oneof of a property.
	KeyOneof = "x-idlconv-oneof"
	// KeyPresence is a property's presence when the schema cannot say it
	// ("default": implicit presence).
	KeyPresence = "x-idlconv-presence"
	// KeyName is a field's IDL name when the property name differs.
	KeyName = "x-idlconv-name"
)

// Comment lines in proto output that carry Thrift facts proto has no
// syntax for; each is followed by its argument.
const (
	// NoteExtends marks a service that extends another: "thrift: extends
	// Parent".
	NoteExtends = "thrift: extends "
	// NoteInherited marks a method copied from the extended service.
	NoteInherited = "thrift: inherited from "
)

// Kinds of message that Thrift → proto generates, each tagged with a
// comment line "idlconv:KIND ARG" (see [Tag]).
const (
	// Wrapper is a message that wraps a container proto cannot nest; its
	// argument is the Thrift container type ("set<i32>").
	Wrapper = "wrapper"
	// Entry is one entry of a map whose key proto maps cannot have; its
	// argument is the Thrift map type.
	Entry = "entry"
	// Request holds a method's arguments; its argument is
	// "Service.method".
	Request = "request"
	// Response holds a method's result and exceptions; its argument is
	// "Service.method".
	Response = "response"
	// Exception is a message that was a Thrift exception; it has no
	// argument.
	Exception = "exception"
	// EnumScope is a message that only scopes the values of the enum
	// nested in it (a JSON Schema enum whose strings are the value names);
	// its argument is the nested enum's name.
	EnumScope = "enum"
)

// tagPrefix starts a tag line.
const tagPrefix = "idlconv:"

// Tag is the comment line that marks a generated message of kind with
// arg: "idlconv:wrapper set<i32>", or "idlconv:exception" without one.
func Tag(kind, arg string) string {
	if arg == "" {
		return tagPrefix + kind
	}
	return tagPrefix + kind + " " + arg
}

// Find returns the argument of the tag of kind among the lines of
// comment, and whether there is one.
func Find(comment, kind string) (string, bool) {
	for _, ln := range strings.Split(comment, "\n") {
		ln = strings.TrimSpace(ln)
		if ln == tagPrefix+kind {
			return "", true
		}
		if arg, ok := strings.CutPrefix(ln, tagPrefix+kind+" "); ok {
			return arg, true
		}
	}
	return "", false
}

// Without returns comment without its tag lines.
func Without(comment string) string {
	var keep []string
	for _, ln := range strings.Split(comment, "\n") {
		if !strings.HasPrefix(strings.TrimSpace(ln), tagPrefix) {
			keep = append(keep, ln)
		}
	}
	return strings.Join(keep, "\n")
}

// RetiredFieldIDs and RetiredValues start the comment line that stands for
// proto's reserved in a Thrift output of idlconv sync: the IDs (numbers)
// the ID lock retired, ", "-separated, and a full stop. idlconv check
// reads it back.
const (
	RetiredFieldIDs = "Retired field IDs (idlconv.lock), never to be used again: "
	RetiredValues   = "Retired values (idlconv.lock), never to be used again: "
)

// IsWrapper reports whether m is a wrapper message idlconv generated for
// a Thrift container proto cannot nest: its comment has the wrapper tag
// and it holds one field, items or entries.
func IsWrapper(m *schema.Struct) bool {
	_, ok := Find(m.Comments.Leading, Wrapper)
	return ok && len(m.Fields) == 1 && (m.Fields[0].Name == "items" || m.Fields[0].Name == "entries")
}

// IsEntry reports whether m is a map entry message idlconv generated for
// a Thrift map whose key type proto maps cannot have: the entry tag, and
// the fields key and value.
func IsEntry(m *schema.Struct) bool {
	_, ok := Find(m.Comments.Leading, Entry)
	return ok && len(m.Fields) == 2 && m.Fields[0].Name == "key" && m.Fields[1].Name == "value"
}
