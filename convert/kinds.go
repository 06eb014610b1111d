package convert

import "github.com/idlconv/idlconv/schema"

// The kinds of types one IDL has and another has not, and what the
// mapping makes of them: the one table of each, read by the mappings and
// by `idlconv check`, which takes two kinds for one across IDLs when the
// mapping makes one of the other.

// protoKinds are the kinds of the Thrift-shaped model that proto has no
// type of, and the proto kinds Thrift → proto and JSON Schema → proto
// make of them (narrow-int, uuid-to-string, set-to-repeated).
var protoKinds = map[schema.TypeKind]schema.TypeKind{
	schema.TypeI8: schema.TypeI32, schema.TypeI16: schema.TypeI32, schema.TypeUUID: schema.TypeString, schema.TypeSet: schema.TypeList,
}

// thriftKinds are the kinds of proto (and of JSON Schema's integer
// formats) that Thrift has no type of, and the Thrift kinds proto →
// Thrift and JSON Schema → Thrift make of them (a uint32 fits i64;
// uint64-to-i64; a float is a double).
var thriftKinds = map[schema.TypeKind]schema.TypeKind{
	schema.TypeU32: schema.TypeI64, schema.TypeU64: schema.TypeI64, schema.TypeFloat: schema.TypeDouble,
}

// ProtoKind is the kind of proto type that the mappings into proto give
// a type of kind k: k itself, unless proto has no such type (i8 and i16
// become int32, uuid string, set a repeated field: TypeList).
func ProtoKind(k schema.TypeKind) schema.TypeKind {
	if p, ok := protoKinds[k]; ok {
		return p
	}
	return k
}

// ThriftKind is the kind of Thrift type that the mappings into Thrift
// give a type of kind k: k itself, unless Thrift has no such type
// (uint32 and uint64 become i64, float double).
func ThriftKind(k schema.TypeKind) schema.TypeKind {
	if t, ok := thriftKinds[k]; ok {
		return t
	}
	return k
}
