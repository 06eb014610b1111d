package breaking_test

import (
	"context"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/idlconv/idlconv/breaking"
	"github.com/idlconv/idlconv/convert"
	"github.com/idlconv/idlconv/schema"
)

// TestAcrossIDLs checks that a Thrift and a proto version match where
// idlconv maps one to the other in either direction: enum values by
// their names in both IDLs, nested types by their flattened names, kinds
// and well-known types as the mapping makes them.
func TestAcrossIDLs(t *testing.T) {
	tests := []struct {
		name           string
		thrift, proto  string
		thriftIsOld    bool
		want           []string // the rule IDs reported, in order
		wantMsgContain string
	}{
		{name: "prefixed Thrift values, some without the prefix",
			thrift: "enum Color {\n  COLOR_RED = 1\n  BLUE = 2\n}\n",
			proto:  "syntax = \"proto3\";\nenum Color {\n  COLOR_UNSPECIFIED = 0;\n  COLOR_RED = 1;\n  COLOR_BLUE = 2;\n}\n", thriftIsOld: true},
		{name: "proto values without a prefix",
			thrift: "enum Color {\n  RED = 0\n  GREEN = 1\n}\n",
			proto:  "syntax = \"proto3\";\nenum Color {\n  RED = 0;\n  GREEN = 1;\n}\n", thriftIsOld: true},
		{name: "nested enum written by hand in Thrift",
			thrift: "enum Order_Kind {\n  UNSPECIFIED = 0\n  BIG = 1\n}\nstruct Order {\n  1: Order_Kind kind\n}\n",
			proto:  "syntax = \"proto3\";\nmessage Order {\n  enum Kind {\n    KIND_UNSPECIFIED = 0;\n    KIND_BIG = 1;\n  }\n  Kind kind = 1;\n}\n"},
		{name: "the zero value proto needs",
			thrift: "enum Color {\n  RED = 1\n}\n",
			proto:  "syntax = \"proto3\";\nenum Color {\n  COLOR_UNSPECIFIED = 0;\n  COLOR_RED = 1;\n}\n"},
		{name: "a value removed",
			thrift: "enum Color {\n  RED = 1\n}\n",
			proto:  "syntax = \"proto3\";\nenum Color {\n  COLOR_UNSPECIFIED = 0;\n  COLOR_RED = 1;\n  COLOR_BLUE = 2;\n}\n",
			want:   []string{breaking.RuleEnumValueRemoved.ID}, wantMsgContain: "COLOR_BLUE"},
		{name: "kinds the mapping makes one",
			thrift: "struct S {\n  1: i32 a\n  2: i64 b\n  3: double c\n  4: list<string> d\n  5: string e\n}\n",
			proto:  "syntax = \"proto3\";\nmessage S {\n  sint32 a = 1;\n  uint32 b = 2;\n  float c = 3;\n  repeated string d = 4;\n  string e = 5;\n}\n"},
		{name: "a kind changed",
			thrift: "struct S {\n  1: i32 a\n}\n",
			proto:  "syntax = \"proto3\";\nmessage S {\n  string a = 1;\n}\n",
			want:   []string{breaking.RuleFieldTypeChanged.ID}, wantMsgContain: "was string, is i32"},
		{name: "well-known types as the mapping makes them",
			thrift: "struct Empty {}\nstruct S {\n  1: optional string at\n  2: list<string> mask\n  3: optional i64 n\n  4: Empty e\n}\n",
			proto: "syntax = \"proto3\";\nimport \"google/protobuf/timestamp.proto\";\nimport \"google/protobuf/field_mask.proto\";\n" +
				"import \"google/protobuf/wrappers.proto\";\nimport \"google/protobuf/empty.proto\";\nmessage S {\n  google.protobuf.Timestamp at = 1;\n" +
				"  google.protobuf.FieldMask mask = 2;\n  google.protobuf.UInt32Value n = 3;\n  google.protobuf.Empty e = 4;\n}\n"},
		{name: "a nested message by its flattened name",
			thrift: "struct Order_Line {\n  1: string sku\n}\nstruct Order {\n  1: Order_Line line\n}\n",
			proto:  "syntax = \"proto3\";\nmessage Order {\n  message Line {\n    string sku = 1;\n  }\n  Line line = 1;\n}\n"},
		{name: "a nested message is not another one of its last name",
			thrift: "struct Line {\n  1: string sku\n}\nstruct Order {\n  1: Line line\n}\n",
			proto:  "syntax = \"proto3\";\nmessage Order {\n  message Line {\n    string sku = 1;\n  }\n  Line line = 1;\n}\n",
			want:   []string{breaking.RuleTypeRemoved.ID, breaking.RuleFieldTypeChanged.ID}, wantMsgContain: "Order.Line is gone"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fsys := fstest.MapFS{"v.thrift": {Data: []byte(tt.thrift)}, "v.proto": {Data: []byte(tt.proto)}}
			thriftFiles, protoFiles := load(t, fsys, "v.thrift"), load(t, fsys, "v.proto")
			// The old version's inputs are checked, among every file of
			// the new one.
			old, new := protoFiles[:1], thriftFiles
			if tt.thriftIsOld {
				old, new = thriftFiles[:1], protoFiles
			}
			diags := breaking.Check(old, new)
			var got []string
			for _, d := range diags {
				got = append(got, d.Rule)
			}
			if strings.Join(got, " ") != strings.Join(tt.want, " ") {
				t.Fatalf("rules %v, want %v:\n%s", got, tt.want, diags)
			}
			if tt.wantMsgContain != "" && !strings.Contains(diags.String(), tt.wantMsgContain) {
				t.Errorf("no %q in:\n%s", tt.wantMsgContain, diags)
			}
		})
	}
}

func load(t *testing.T, fsys fstest.MapFS, name string) []*schema.File {
	t.Helper()
	files, diags, err := convert.Builtin().Load(context.Background(), []convert.Input{{Path: name}}, convert.Options{FS: fsys})
	if err != nil || diags.HasErrors() {
		t.Fatalf("%s: %v\n%s", name, err, diags)
	}
	return files
}
