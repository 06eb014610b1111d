package convert

import "github.com/idlconv/idlconv/schema"

// The names a declaration gets in the other IDL, as the mapping gives
// them, for what compares a Thrift version of a schema with a proto one
// (`idlconv check`, package breaking). Each calls the function the
// mapping names with.

// ThriftNames returns the name that proto → Thrift (and proto → JSON
// Schema) gives each message and enum of the proto files and of the files
// they import: a nested one is flattened, Outer_Inner (with _2, _3, … on
// a clash with a name of its file); a message that scopes an enum's
// values stands for the enum.
func ThriftNames(files []*schema.File) map[schema.Decl]string {
	var all []*schema.File
	seen := map[*schema.File]bool{}
	var add func(f *schema.File)
	add = func(f *schema.File) {
		if f == nil || seen[f] {
			return
		}
		seen[f] = true
		all = append(all, f)
		for _, imp := range f.Imports {
			add(imp.File)
		}
	}
	for _, f := range files {
		add(f)
	}
	return flattenNames(all, nil).flat
}

// ThriftEnumValueName is the name proto → Thrift gives the value v of
// the proto enum e: without the prefix all of e's values share (RED of
// COLOR_RED in enum Color), where stripping it leaves distinct Thrift
// names; else v's own.
func ThriftEnumValueName(e *schema.Enum, v *schema.EnumValue) string {
	return thriftEnumValueName(e, v.Name)
}

// ProtoEnumValueName is the name Thrift → proto gives the value v of the
// Thrift enum e: prefixed with the enum's name in UPPER_SNAKE (COLOR_RED
// for RED in enum Color), or as the proto.name and proto.prefix
// annotations that proto → Thrift wrote say.
func ProtoEnumValueName(e *schema.Enum, v *schema.EnumValue) string {
	return (&thriftModelToProto{}).enumValueName(e, v)
}

// ProtoZeroValueName is the name of the value 0 that Thrift → proto adds
// to the Thrift enum e when it has none (enum-zero-value), unless one of
// its values already has that name: COLOR_UNSPECIFIED in enum Color.
func ProtoZeroValueName(e *schema.Enum) string {
	if (&thriftModelToProto{}).isScopedEnum(e) {
		return zeroValueName
	}
	return zeroValuePrefix(e) + zeroValueName
}
