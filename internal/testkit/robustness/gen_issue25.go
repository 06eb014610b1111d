package robustness

import (
	"bytes"
	"fmt"
	"strings"
)

// The generators of issue 25's quadratic paths: shapes real files reach
// that the series of issue 10 did not cover.

// ThriftAnnotations returns a Thrift struct with one field and n
// annotations on the struct, (a0 = "v", a1 = "v", …): none has a proto
// equivalent, so each becomes a comment line.
func ThriftAnnotations(n int) []byte {
	var b bytes.Buffer
	b.WriteString("struct S {\n  1: i32 a\n} (")
	for i := range n {
		if i > 0 {
			b.WriteString(", ")
		}
		fmt.Fprintf(&b, "a%d = \"v\"", i)
	}
	b.WriteString(")\n")
	return b.Bytes()
}

// ThriftBlankStruct returns a Thrift struct with n bytes of spaces (and a
// newline every 1,000,000) between its brace and its one field.
func ThriftBlankStruct(n int) []byte {
	var b bytes.Buffer
	b.WriteString("struct S {")
	for i := 0; i < n; i += 1000000 {
		b.WriteString(strings.Repeat(" ", min(n-i, 1000000)-1))
		b.WriteByte('\n')
	}
	b.WriteString("  1: i32 a\n}\n")
	return b.Bytes()
}

// ThriftLongAnnotation returns a Thrift struct whose one annotation's
// value is a string of n bytes (the scan keeps it and blanks it from
// what thriftgo reads).
func ThriftLongAnnotation(n int) []byte {
	var b bytes.Buffer
	b.WriteString("struct S {\n  1: i32 a\n} (note = \"")
	b.WriteString(strings.Repeat("x", n))
	b.WriteString("\")\n")
	return b.Bytes()
}

// ThriftIncludes returns main.thrift, which includes n files inc0.thrift
// … and has a struct with a field of each one's struct.
func ThriftIncludes(n int) map[string][]byte {
	files := map[string][]byte{}
	var b bytes.Buffer
	for i := range n {
		fmt.Fprintf(&b, "include \"inc%d.thrift\"\n", i)
		files[fmt.Sprintf("inc%d.thrift", i)] = fmt.Appendf(nil, "struct T%d {\n  1: i32 a\n}\n", i)
	}
	b.WriteString("\nstruct S {\n")
	for i := range n {
		fmt.Fprintf(&b, "  %d: inc%d.T%d f%d\n", i+1, i, i, i)
	}
	b.WriteString("}\n")
	files["main.thrift"] = b.Bytes()
	return files
}

// ProtoImports returns main.proto, which imports n files imp0.proto …
// and has a message with a field of each one's message.
func ProtoImports(n int) map[string][]byte {
	files := map[string][]byte{}
	var b bytes.Buffer
	b.WriteString("syntax = \"proto3\";\n\npackage p;\n\n")
	for i := range n {
		fmt.Fprintf(&b, "import \"imp%d.proto\";\n", i)
		files[fmt.Sprintf("imp%d.proto", i)] = fmt.Appendf(nil, "syntax = \"proto3\";\n\npackage p;\n\nmessage T%d {\n  int32 a = 1;\n}\n", i)
	}
	b.WriteString("\nmessage S {\n")
	for i := range n {
		fmt.Fprintf(&b, "  T%d f%d = %d;\n", i, i, i+1)
	}
	b.WriteString("}\n")
	files["main.proto"] = b.Bytes()
	return files
}

// ProtoOptionDepth returns a proto file whose one custom message option
// has a literal nested depth deep: option (o) = {a: {a: … {}}}.
func ProtoOptionDepth(depth int) []byte {
	var b bytes.Buffer
	b.WriteString("syntax = \"proto3\";\n\npackage p;\n\nimport \"google/protobuf/descriptor.proto\";\n\n")
	b.WriteString("message O {\n  O a = 1;\n}\n\nextend google.protobuf.MessageOptions {\n  O o = 50000;\n}\n\n")
	b.WriteString("message M {\n  option (o) = ")
	b.WriteString(strings.Repeat("{a: ", depth))
	b.WriteString("{}")
	b.WriteString(strings.Repeat("}", depth))
	b.WriteString(";\n  int32 x = 1;\n}\n")
	return b.Bytes()
}

// ProtoMessages returns a proto file of n messages, each with four
// fields, one of them of the message before.
func ProtoMessages(n int) []byte {
	var b bytes.Buffer
	b.WriteString("syntax = \"proto3\";\n\npackage p;\n\n")
	for i := range n {
		fmt.Fprintf(&b, "// Message %d.\nmessage M%d {\n  string name = 1;\n  int64 id = 2;\n  repeated string tags = 3;\n", i, i)
		if i > 0 {
			fmt.Fprintf(&b, "  M%d prev = 4;\n", i-1)
		} else {
			b.WriteString("  bool first = 4;\n")
		}
		b.WriteString("}\n\n")
	}
	return b.Bytes()
}

// JSONSchemaRefChain returns a JSON Schema whose root is a $ref to d0,
// each $defs entry dI a $ref to d(I+1), and the last a string.
func JSONSchemaRefChain(n int) []byte {
	var b bytes.Buffer
	b.WriteString(`{"type":"object","properties":{"a":{"$ref":"#/$defs/d0"}},"$defs":{`)
	for i := range n {
		fmt.Fprintf(&b, `"d%d":{"$ref":"#/$defs/d%d"},`, i, i+1)
	}
	fmt.Fprintf(&b, `"d%d":{"type":"string"}}}`, n)
	return b.Bytes()
}

// JSONSchemaAllOfLadder returns a JSON Schema of n $defs, each an allOf of
// two $refs to the one below, the last an object with one property.
func JSONSchemaAllOfLadder(n int) []byte {
	var b bytes.Buffer
	b.WriteString(`{"type":"object","properties":{"a":{"$ref":"#/$defs/d0"}},"$defs":{`)
	for i := range n {
		fmt.Fprintf(&b, `"d%d":{"allOf":[{"$ref":"#/$defs/d%d"},{"$ref":"#/$defs/d%d"}]},`, i, i+1, i+1)
	}
	fmt.Fprintf(&b, `"d%d":{"type":"object","properties":{"x":{"type":"string"}}}}}`, n)
	return b.Bytes()
}

// JSONSchemaDefs returns a JSON Schema of n $defs, each an object with a
// string property and a property that is a $ref to the one before.
func JSONSchemaDefs(n int) []byte {
	var b bytes.Buffer
	b.WriteString(`{"type":"object","properties":{"a":{"$ref":"#/$defs/d0"}},"$defs":{`)
	for i := range n {
		if i > 0 {
			b.WriteByte(',')
		}
		fmt.Fprintf(&b, `"d%d":{"type":"object","properties":{"s":{"type":"string"}`, i)
		if i > 0 {
			fmt.Fprintf(&b, `,"p":{"$ref":"#/$defs/d%d"}`, i-1)
		}
		b.WriteString("}}")
	}
	b.WriteString("}}")
	return b.Bytes()
}
