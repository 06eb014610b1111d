package protoload

import (
	"fmt"
	"io/fs"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/idlconv/idlconv/protoast"
	"github.com/idlconv/idlconv/schema"
)

func loadFiles(t *testing.T, files map[string]string, inputs ...string) ([]*schema.File, schema.Diagnostics) {
	t.Helper()
	fsys := fstest.MapFS{}
	for name, src := range files {
		fsys[name] = &fstest.MapFile{Data: []byte(src)}
	}
	l := &Loader{ReadFile: func(name string) ([]byte, error) { return fs.ReadFile(fsys, name) }}
	var ins []Input
	for _, in := range inputs {
		ins = append(ins, Input{Path: in, Name: in})
	}
	return l.Load(ins)
}

// fieldTarget returns the declaration a field of a top-level message
// resolves to, as "file:name".
func fieldTarget(f *schema.File, message, field string) string {
	for _, d := range f.Decls {
		s, ok := d.(*schema.Struct)
		if !ok || s.Name != message {
			continue
		}
		for _, fl := range s.Fields {
			if fl.Name == field {
				t := fl.Type
				for t.Kind == schema.TypeList || t.Kind == schema.TypeMap {
					t = t.Elem
				}
				if t.Decl == nil {
					return "unresolved"
				}
				return t.DeclFile.Path + ":" + t.Decl.DeclName()
			}
		}
	}
	return "no such field"
}

func TestResolveScoping(t *testing.T) {
	files := map[string]string{
		"a.proto": `syntax = "proto3";
package acme.v1;
import "b.proto";
import "google/protobuf/timestamp.proto";
message Outer {
  message Inner { int32 x = 1; }
  Inner inner = 1;
}
message User {
  Outer.Inner nested = 1;      // relative to the package
  Thing thing = 2;             // acme.Thing, from the parent package
  .acme.Thing qualified = 3;   // fully qualified
  google.protobuf.Timestamp at = 4;
  repeated Shared shared = 5;  // through import public
  map<string, Outer> by = 6;
}
`,
		"b.proto": `syntax = "proto3";
package acme;
import public "c.proto";
message Thing { string s = 1; }
`,
		"c.proto": `syntax = "proto3";
package acme.v1;
message Shared { string s = 1; }
`,
	}
	got, diags := loadFiles(t, files, "a.proto")
	if diags.HasErrors() {
		t.Fatalf("errors:\n%s", diags)
	}
	a := got[0]
	tests := []struct{ field, want string }{
		{"nested", "a.proto:Inner"},
		{"thing", "b.proto:Thing"},
		{"qualified", "b.proto:Thing"},
		{"at", "google/protobuf/timestamp.proto:Timestamp"},
		{"shared", "c.proto:Shared"},
		{"by", "a.proto:Outer"},
	}
	for _, tt := range tests {
		if got := fieldTarget(a, "User", tt.field); got != tt.want {
			t.Errorf("User.%s resolves to %s, want %s", tt.field, got, tt.want)
		}
	}
	if got := fieldTarget(a, "Outer", "inner"); got != "a.proto:Inner" {
		t.Errorf("Outer.inner resolves to %s", got)
	}
}

func TestResolveErrors(t *testing.T) {
	tests := []struct {
		name  string
		files map[string]string
		want  string
	}{
		{"unknown type", map[string]string{"a.proto": "syntax = \"proto3\";\nmessage A {\n  Missing m = 1;\n}\n"},
			"a.proto:3:3: error: field A.m: unknown type Missing [unknown-type]"},
		{"not imported", map[string]string{
			"a.proto": "syntax = \"proto3\";\nimport \"b.proto\";\nmessage A {\n  C c = 1;\n}\n",
			"b.proto": "syntax = \"proto3\";\nimport \"c.proto\";\n",
			"c.proto": "syntax = \"proto3\";\nmessage C {}\n"},
			"a.proto:4:3: error: field A.c: unknown type C [unknown-type]"},
		{"missing import", map[string]string{"a.proto": "syntax = \"proto3\";\nimport \"nope.proto\";\n"},
			"a.proto:2:8: error: cannot find import \"nope.proto\" (searched 1 import path(s)) [import-not-found]"},
		{"syntax", map[string]string{"a.proto": "syntax = \"proto3\";\nmessage {\n"},
			"a.proto:2:9: error: syntax error:"},
		// What protoc rejects and emicklei/proto accepts.
		{"missing semicolon", map[string]string{"a.proto": "syntax = \"proto3\";\nmessage A {\n  string a = 1\n  string b = 2;\n}\n"},
			"a.proto:4:3: error: syntax error: expecting ';' [syntax]"},
		{"duplicate number", map[string]string{"a.proto": "syntax = \"proto3\";\nmessage A {\n  string a = 1;\n  string b = 1;\n}\n"},
			"a.proto:4:14: error: message A: fields a and b both have the same tag 1 [invalid-proto]"},
		{"duplicate name", map[string]string{"a.proto": "syntax = \"proto3\";\nmessage A {\n  string a = 1;\n  int32 a = 2;\n}\n"},
			"a.proto:4:9: error: symbol \"A.a\" already defined at a.proto:3:10 [invalid-proto]"},
		{"number zero", map[string]string{"a.proto": "syntax = \"proto3\";\nmessage A {\n  string a = 0;\n}\n"},
			"a.proto:3:14: error: tag number 0 must be greater than zero [invalid-proto]"},
		{"reserved number range", map[string]string{"a.proto": "syntax = \"proto3\";\nmessage A {\n  string a = 19500;\n}\n"},
			"a.proto:3:14: error: tag number 19500 is in disallowed reserved range 19000-19999 [invalid-proto]"},
		{"proto3 enum without zero", map[string]string{"a.proto": "syntax = \"proto3\";\nenum E {\n  ONE = 1;\n}\n"},
			"a.proto:3:9: error: enum E: proto3 requires that first value of enum have numeric value zero [invalid-proto]"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, diags := loadFiles(t, tt.files, "a.proto")
			if got := diags.String(); !strings.HasPrefix(got, tt.want) {
				t.Errorf("got  %s\nwant %s", got, tt.want)
			}
		})
	}
}

// TestWellKnownByName: an import of a well-known file resolves to the
// built-in model, even with a copy of the file on the import path, so that
// its types map the same way wherever the file was found.
func TestWellKnownByName(t *testing.T) {
	files := map[string]string{
		"a.proto":                     "syntax = \"proto3\";\nimport \"google/protobuf/empty.proto\";\nmessage A { google.protobuf.Empty e = 1; }\n",
		"google/protobuf/empty.proto": "syntax = \"proto3\";\npackage google.protobuf;\nmessage Empty { string custom = 1; }\n",
	}
	got, diags := loadFiles(t, files, "a.proto")
	if diags.HasErrors() {
		t.Fatalf("errors:\n%s", diags)
	}
	target := got[0].Decls[0].(*schema.Struct).Fields[0].Type
	if !protoast.IsWellKnown(target.DeclFile) || len(target.Decl.(*schema.Struct).Fields) != 0 {
		t.Errorf("google.protobuf.Empty should be the built-in one")
	}
}

// TestPositionsAsGiven checks that positions name an input as it was
// given ("./a.proto"), as protoc's do, though inputs are read and parsed
// side by side under their clean paths.
func TestPositionsAsGiven(t *testing.T) {
	fsys := fstest.MapFS{
		"a.proto": {Data: []byte("syntax = \"proto3\";\npackage p;\nmessage A { string a = 1; }\n")},
		"b.proto": {Data: []byte("syntax = \"proto3\";\npackage p;\nmessage B { string b = 1; }\n")},
	}
	l := &Loader{ReadFile: func(name string) ([]byte, error) { return fs.ReadFile(fsys, name) }}
	files, diags := l.Load([]Input{{Path: "./a.proto", Name: "a.proto"}, {Path: "b.proto", Name: "b.proto"}})
	if diags.HasErrors() || len(files) != 2 {
		t.Fatalf("%d files:\n%s", len(files), diags)
	}
	for i, want := range []string{"./a.proto", "b.proto"} {
		if got := files[i].Decls[0].(*schema.Struct).Pos.File; got != want {
			t.Errorf("file %d: positions name %q, want %q", i, got, want)
		}
	}
}

// loadOne loads src as the one file x.proto.
func loadOne(src string) (*schema.File, schema.Diagnostics) {
	l := &Loader{ReadFile: func(p string) ([]byte, error) {
		if p != "x.proto" {
			return nil, fs.ErrNotExist
		}
		return []byte(src), nil
	}}
	files, diags := l.Load([]Input{{Path: "x.proto", Name: "x.proto"}})
	if len(files) == 0 {
		return nil, diags
	}
	return files[0], diags
}

// FuzzLoad checks that no input makes the proto front-end panic.
func FuzzLoad(f *testing.F) {
	for _, seed := range []string{
		"syntax = \"proto3\";\nmessage A { int32 a = 1; }",
		"syntax = \"proto2\";\nmessage A { optional group G = 1 { optional int32 x = 2; } }",
		"edition = \"2023\";\nenum E { E_A = 0; }",
		"edition = \"2024\";\nexport message A { int32 a = 1 [features.enforce_naming_style = STYLE_LEGACY]; }",
		"syntax = \"proto3\";\nservice S { rpc M(A) returns (stream B) { option deprecated = true; } }",
		"message A { oneof o { string s = 1; } map<string, A> m = 2; reserved 3 to max; }",
		"syntax = \"proto3\";\nmessage { ",
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, src string) {
		loadOne(src)
	})
}

// TestLaterEditions checks that a file of an edition after 2023, which
// protocompile v0.14.1 does not read, is read as edition 2023 and its
// model says what its text says: the edition declared, no import for an
// `import option`, the later features' options where they are written.
func TestLaterEditions(t *testing.T) {
	const src = `edition = "2024";
package p;
option features.enforce_naming_style = STYLE_LEGACY;
import option "google/protobuf/cpp_features.proto";
export message A {
  option features.enforce_naming_style = STYLE_LEGACY;
  int32 x = 1 [features.enforce_naming_style = STYLE_LEGACY, deprecated = true];
  int32 y = 2 [deprecated = true, features.enforce_naming_style = STYLE_LEGACY];
  int32 z = 3 [features.enforce_naming_style = STYLE_LEGACY];
  local enum E { E_A = 0 [features.enforce_naming_style = STYLE_LEGACY]; }
  oneof o { option features.enforce_naming_style = STYLE_LEGACY; int32 w = 4; }
}
service S {
  rpc M(A) returns (A) { option features.enforce_naming_style = STYLE_LEGACY; }
}
`
	f, diags := loadOne(src)
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	a := f.Decls[0].(*schema.Struct)
	e := a.Nested[0].(*schema.Enum)
	m := f.Decls[1].(*schema.Service).Methods[0]
	text := func(anns []schema.Annotation) string {
		var parts []string
		for _, an := range anns {
			parts = append(parts, fmt.Sprintf("%d:%d %s=%s", an.Pos.Line, an.Pos.Col, an.Key, an.Value))
		}
		return strings.Join(parts, "; ")
	}
	const nss = "features.enforce_naming_style=STYLE_LEGACY"
	tests := []struct {
		what string
		got  string
		want string
	}{
		{"syntax", f.Syntax, "editions 2024"},
		{"imports", fmt.Sprint(len(f.Imports)), "0"},
		{"file", text(f.Annotations), "3:1 " + nss},
		{"message", text(a.Annotations), "6:3 " + nss + "; 11:13 " + nss},
		{"x", text(a.Fields[0].Annotations), "7:15 " + nss + "; 7:60 deprecated=true"},
		{"y", text(a.Fields[1].Annotations), "8:15 deprecated=true; 8:33 " + nss},
		{"z", text(a.Fields[2].Annotations), "9:15 " + nss},
		{"enum value", text(e.Values[0].Annotations), "10:26 " + nss},
		{"rpc", text(m.Annotations), "14:26 " + nss},
	}
	for _, tt := range tests {
		if tt.got != tt.want {
			t.Errorf("%s: got %q, want %q", tt.what, tt.got, tt.want)
		}
	}
}

// TestUnknownEdition checks that an edition protoc does not know is
// protocompile's error, at the edition.
func TestUnknownEdition(t *testing.T) {
	_, diags := loadOne("edition = \"2099\";\nmessage A {}\n")
	if !diags.HasErrors() || diags[0].Rule != protoast.RuleInvalidProto.ID || diags[0].Pos.Line != 1 || diags[0].Pos.Col != 11 ||
		!strings.Contains(diags[0].Msg, `"2024", "2026", "UNSTABLE"`) {
		t.Fatalf("got %s, want invalid-proto at 1:11 naming the editions read", diags)
	}
}
