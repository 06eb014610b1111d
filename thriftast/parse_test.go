package thriftast

import (
	"slices"
	"strings"
	"testing"

	"github.com/idlconv/idlconv/schema"
)

func TestParseFilePositionsAndComments(t *testing.T) {
	src := `namespace py com.example

/** A person. */
struct Person {
  # the name
  1: required string name, // trailing
  optional i32 age
}

enum Color {
  RED = 1, // red
  GREEN
} (cpp.type = "x")

typedef i64 Id;

service S extends Base {
  void ping() ( deprecated )
}
`
	f, diags := ParseFile("p.thrift", []byte(src))
	if diags.HasErrors() || f == nil {
		t.Fatalf("unexpected errors:\n%s", diags)
	}
	var order []string
	for _, d := range f.Decls {
		order = append(order, d.DeclName()+"@"+d.DeclPos().String())
	}
	if got, want := strings.Join(order, " "), "Person@p.thrift:4:8 Color@p.thrift:10:6 Id@p.thrift:15:13 S@p.thrift:17:9"; got != want {
		t.Errorf("declarations: %s\nwant %s", got, want)
	}
	p := f.Decls[0].(*schema.Struct)
	if p.Comments.Leading != "A person." {
		t.Errorf("struct doc %q", p.Comments.Leading)
	}
	name, age := p.Fields[0], p.Fields[1]
	tests := []struct {
		what      string
		got, want any
	}{
		{"name pos", name.Pos.String(), "p.thrift:6:3"},
		{"name explicit", name.IDExplicit, true},
		{"name leading", name.Comments.Leading, "the name"},
		{"name trailing", name.Comments.Trailing, "trailing"},
		{"name presence", name.Presence, schema.PresenceRequired},
		{"age explicit", age.IDExplicit, false},
		{"age id", age.ID, -1},
		{"age pos", age.Pos.String(), "p.thrift:7:3"},
		{"enum annotation", f.Decls[1].(*schema.Enum).Annotations[0].Key, "cpp.type"},
		{"enum value trailing", f.Decls[1].(*schema.Enum).Values[0].Comments.Trailing, "red"},
		{"enum implicit value", f.Decls[1].(*schema.Enum).Values[1].Value, int64(2)},
		{"method annotation", f.Decls[3].(*schema.Service).Methods[0].Annotations[0].Key, "deprecated"},
		{"extends", f.Decls[3].(*schema.Service).Extends, "Base"},
	}
	for _, tt := range tests {
		if tt.got != tt.want {
			t.Errorf("%s: got %v, want %v", tt.what, tt.got, tt.want)
		}
	}
}

func TestParseFileErrors(t *testing.T) {
	tests := []struct {
		name, src, want string
	}{
		{"missing name", "struct S {\n  1: string\n}\n", "x.thrift:3:1: error: expected a field name, found \"}\" [syntax]"},
		{"fbthrift package", "package \"meta.com/x\"\n", "x.thrift:1:1: error: the package declaration is fbthrift-only syntax, not Apache Thrift; idlconv reads Apache Thrift [fbthrift-syntax]"},
		{"fbthrift structured annotation", "struct S {\n  @cpp.Ref\n  1: string a\n}\n", "x.thrift:2:3: error: the structured annotation @cpp.Ref is fbthrift-only syntax, not Apache Thrift; idlconv reads Apache Thrift [fbthrift-syntax]"},
		{"unterminated string", "include \"a.thrift\nstruct", "x.thrift:1:9: error: string literal not terminated [syntax]"},
		{"duplicate id", "struct S {\n 1: i32 a\n 1: i32 b\n}\n", "x.thrift:3:2: error: field b of S has ID 1, already used by field a [duplicate-id]"},
		{"duplicate name", "struct S { 1: i32 a }\nstruct S { 1: i32 a }\n", "x.thrift:2:8: error: S is already declared at x.thrift:1:8 [duplicate-name]"},
		{"garbage", "this is not thrift", "x.thrift:1:1: error: expected a header or definition, found \"this\" [syntax]"},
		// thriftgo reads each definition on its own; its positions are
		// placed back in the file.
		{"thriftgo error in a later definition", "namespace go x\nstruct A {\n  1: i32 a\n}\nstruct B {\n  1: i32 b = 1.2.3\n}\n", "x.thrift:6:17: error: syntax error: parse error near Digit [syntax]"},
		{"thriftgo error on the line of another definition", "struct A { 1: i32 a } struct B { 1: i32 b = 1.2.3 }\n", "x.thrift:1:48: error: syntax error: parse error near Digit [syntax]"},
		{"thriftgo error in the definition after the headers", "namespace go x\nstruct A xsd_all {\n 1: i32 a\n}\n", "x.thrift:2:10: error: syntax error: parse error near Indent [syntax]"},
		// Long runs of white space are cut before thriftgo reads a piece
		// (squeeze); its positions are placed back past them.
		{"thriftgo error after a long run of spaces", "struct A {" + strings.Repeat(" ", 500) + "1: i32 a = 1.2.3 }\n", "x.thrift:1:525: error: syntax error: parse error near Digit [syntax]"},
		{"thriftgo error after a long run of lines", "struct A {" + strings.Repeat("\n", 500) + "  1: i32 a = 1.2.3 }\n", "x.thrift:501:17: error: syntax error: parse error near Digit [syntax]"},
		{"thriftgo error in a comment's line after a long run", "struct A { // a comment" + strings.Repeat(" ", 300) + "\n  1: i32 a = 1.2.3 }\n", "x.thrift:2:17: error: syntax error: parse error near Digit [syntax]"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, diags := ParseFile("x.thrift", []byte(tt.src))
			if got := strings.TrimSpace(diags.String()); got != tt.want {
				t.Errorf("got  %s\nwant %s", got, tt.want)
			}
		})
	}
}

// TestCompatPatches checks each rewrite for thriftgo: the file parses, and
// the patched text has the same length and the same line breaks.
func TestCompatPatches(t *testing.T) {
	tests := []struct{ name, src string }{
		{"typedef semicolon", "typedef i64 TTimestamp;\nstruct S { 1: TTimestamp t }\n"},
		{"annotation without value", "service S {\n  void Deprecated() ( deprecated ) // c\n}\n"},
		{"annotation after enum", "enum E {\n  A = 1\n} (cpp.customostream)\n"},
		{"reference field", "struct R {\n  1: optional R & next\n}\n"},
		{"negative hex", "const i32 n = -0x0001F\n"},
		{"leading zeros", "const i32 z = 098325\nconst i32 y = -007\n"},
		{"multi-line annotations", "struct S {\n  1: i32 a (\n    k = \"v\",\n    j\n  )\n}\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sk, err := scan("c.thrift", tt.src)
			if err != nil {
				t.Fatal(err)
			}
			patched := applyPatches(tt.src, sk.patches)
			if len(patched) != len(tt.src) || strings.Count(patched, "\n") != strings.Count(tt.src, "\n") {
				t.Fatalf("patch changed length or lines:\n%q\n%q", tt.src, patched)
			}
			if f, diags := ParseFile("c.thrift", []byte(tt.src)); f == nil || diags.HasErrors() {
				t.Fatalf("does not parse: %s\npatched: %q", diags, patched)
			}
		})
	}
	f, _ := ParseFile("c.thrift", []byte("const i32 n = -0x0001F\nconst i32 z = 098325\n"))
	if v := f.Decls[0].(*schema.Const).Value.Int; v != -31 {
		t.Errorf("-0x0001F read as %d", v)
	}
	if v := f.Decls[1].(*schema.Const).Value.Int; v != 98325 {
		t.Errorf("098325 read as %d", v)
	}
}

// FuzzParseFile checks that no input makes the front-end panic.
func FuzzParseFile(f *testing.F) {
	for _, seed := range []string{
		"struct S { 1: i32 a }", "enum E { A = -0x1, B }", "service S { void f(1: i32 a) throws (1: E e) }",
		"const map<string, list<i32>> M = {\"a\": [1, 2]}", "typedef i64 T;", "struct S { 1: S & s (a) }",
		"union U { 1: i32 a; 2: string b; }", "/* unterminated", "include \"", "namespace * x.y",
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, src string) {
		ParseFile("f.thrift", []byte(src))
	})
}

// TestScanHeaders checks the light scan of a header alone: the includes
// and namespaces up to the first definition, whatever follows it.
func TestScanHeaders(t *testing.T) {
	tests := []struct {
		name, src       string
		includes, langs []string
		wantErr         bool
	}{
		{"header and definitions", "namespace * a\ninclude \"b.thrift\"\ncpp_include \"x.h\"\nstruct S { 1: string s }\n", []string{"b.thrift"}, []string{"*"}, false},
		{"an error past the header", "include \"b.thrift\"\nstruct {\n", []string{"b.thrift"}, nil, false},
		{"no header", "const i32 C = 1\n", nil, nil, false},
		{"a bad header", "include 42\n", nil, nil, true},
		{"a bad token", "namespace * a\n\"unterminated\n", nil, nil, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sk, err := scanHeaders("f.thrift", tt.src)
			if (err != nil) != tt.wantErr {
				t.Fatalf("error %v, want error %v", err, tt.wantErr)
			}
			if err != nil {
				return
			}
			var incs, langs []string
			for _, h := range sk.includes {
				incs = append(incs, h.arg)
			}
			for _, h := range sk.namespaces {
				langs = append(langs, h.lang)
			}
			if !slices.Equal(incs, tt.includes) || !slices.Equal(langs, tt.langs) {
				t.Errorf("includes %v, namespaces %v; want %v, %v", incs, langs, tt.includes, tt.langs)
			}
		})
	}
}
