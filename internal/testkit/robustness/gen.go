// Package robustness generates the hostile and large inputs of idlconv's
// robustness checks: the tests of convert/hostile_test.go (one per case
// of issue 10's "What was seen") and the growth series that
// scripts/robustness.sh measures and docs/robustness.md records. Each
// generator is a pure function of its size, so a case or a series point
// is the same bytes on every run.
//
// Test-only: used by the tests of convert and by the measuring program
// cmd/robustness below it; never imported by the command or the library
// (internal/testkit's TestProductImportsNoTestCode checks it).
package robustness

import (
	"bytes"
	"fmt"
	"strings"
)

// ThriftNestedList returns a Thrift file with one struct whose one field
// has the type list<list<…<i32>…>> with depth lists. The struct's braces
// are one more level of nesting: depth thriftast.MaxNesting-1 is the
// deepest the scan accepts.
func ThriftNestedList(depth int) []byte {
	var b bytes.Buffer
	b.WriteString("struct S {\n  1: ")
	b.WriteString(strings.Repeat("list<", depth))
	b.WriteString("i32")
	b.WriteString(strings.Repeat(">", depth))
	b.WriteString(" a\n}\n")
	return b.Bytes()
}

// ThriftTypedefChain returns n typedefs, each a map whose key and value
// are the previous one (typedef map<T0,T0> T1, …), and a struct with a
// field of the last: a few hundred bytes whose type, once the typedefs
// are inlined, has 2^n parts.
func ThriftTypedefChain(n int) []byte {
	var b bytes.Buffer
	b.WriteString("typedef i32 T0\n")
	for i := 1; i <= n; i++ {
		fmt.Fprintf(&b, "typedef map<T%d,T%d> T%d\n", i-1, i-1, i)
	}
	fmt.Fprintf(&b, "struct S {\n  1: T%d a\n}\n", n)
	return b.Bytes()
}

// ThriftStructs returns a Thrift file of at least size bytes: structs of
// 20 optional fields each, of the base types, a list and a map, every
// struct and every fourth field with a doc comment.
func ThriftStructs(size int) []byte {
	types := []string{"string", "i32", "i64", "bool", "double", "binary", "list<string>", "map<string,i64>"}
	var b bytes.Buffer
	b.Grow(size + 2048)
	b.WriteString("namespace go gen.big\n\n")
	for i := 0; b.Len() < size; i++ {
		fmt.Fprintf(&b, "/** Struct %d. */\nstruct S%d {\n", i, i)
		for j := 1; j <= 20; j++ {
			if j%4 == 0 {
				fmt.Fprintf(&b, "  // field %d\n", j)
			}
			fmt.Fprintf(&b, "  %d: optional %s f%d\n", j, types[(i+j)%len(types)], j)
		}
		b.WriteString("}\n\n")
	}
	return b.Bytes()
}

// JSONSchemaObjectDepth returns a JSON Schema of depth objects, each the
// one property "a" of the one around it (nested "properties").
func JSONSchemaObjectDepth(depth int) []byte {
	var b bytes.Buffer
	b.WriteString(strings.Repeat(`{"type":"object","properties":{"a":`, depth))
	b.WriteString(`{"type":"string"}`)
	b.WriteString(strings.Repeat("}}", depth))
	return b.Bytes()
}

// JSONSchemaArrayDepth returns a JSON Schema of depth arrays, each the
// "items" of the one around it.
func JSONSchemaArrayDepth(depth int) []byte {
	var b bytes.Buffer
	b.WriteString(strings.Repeat(`{"type":"array","items":`, depth))
	b.WriteString(`{"type":"string"}`)
	b.WriteString(strings.Repeat("}", depth))
	return b.Bytes()
}

// JSONSchemaArrayPropertyDepth returns a JSON Schema object whose one
// property "a" is depth nested arrays (a top-level array would be a
// typedef, which proto inlines away).
func JSONSchemaArrayPropertyDepth(depth int) []byte {
	var b bytes.Buffer
	b.WriteString(`{"type":"object","properties":{"a":`)
	b.Write(JSONSchemaArrayDepth(depth))
	b.WriteString("}}")
	return b.Bytes()
}

// JSONSchemaDefaultDepth returns a JSON Schema whose one property has a
// "default" of depth nested empty arrays.
func JSONSchemaDefaultDepth(depth int) []byte {
	var b bytes.Buffer
	b.WriteString(`{"type":"object","properties":{"a":{"type":"array","default":`)
	b.WriteString(strings.Repeat("[", depth))
	b.WriteString(strings.Repeat("]", depth))
	b.WriteString("}}}")
	return b.Bytes()
}

// JSONSchemaProperties returns a JSON Schema of one object with n
// properties, of integer, string and boolean type in turn.
func JSONSchemaProperties(n int) []byte {
	types := []string{"integer", "string", "boolean"}
	var b bytes.Buffer
	b.WriteString(`{"type":"object","properties":{`)
	for i := range n {
		if i > 0 {
			b.WriteByte(',')
		}
		fmt.Fprintf(&b, `"p%d":{"type":"%s"}`, i, types[i%len(types)])
	}
	b.WriteString("}}")
	return b.Bytes()
}

// JSONOpenBrackets returns n '[' and nothing else: a JSON text that
// nests n deep and never closes.
func JSONOpenBrackets(n int) []byte {
	return bytes.Repeat([]byte("["), n)
}

// ProtoImportCycle returns a.proto and b.proto, each importing the other
// and using its message.
func ProtoImportCycle() map[string][]byte {
	return map[string][]byte{
		"a.proto": []byte("syntax = \"proto3\";\n\nimport \"b.proto\";\n\nmessage A {\n  B b = 1;\n}\n"),
		"b.proto": []byte("syntax = \"proto3\";\n\nimport \"a.proto\";\n\nmessage B {\n  A a = 1;\n}\n"),
	}
}
