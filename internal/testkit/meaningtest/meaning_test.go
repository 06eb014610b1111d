package meaningtest

import (
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"testing"

	"github.com/idlconv/idlconv/internal/testkit/prototest"
	"github.com/idlconv/idlconv/internal/testkit/thrifttest"
)

// readPair reads a Thrift source with thrift and a proto source with
// protocompile, or skips when thrift is not installed (outside CI).
func readPair(t *testing.T, thriftSrc, protoSrc string) (*Program, []byte) {
	t.Helper()
	path := thrifttest.ThriftPath()
	if path == "" {
		if thrifttest.RequireTools() {
			t.Fatal("thrift is not installed; CI requires it")
		}
		t.Skip("thrift is not installed")
	}
	file := filepath.Join(t.TempDir(), "x.thrift")
	if err := os.WriteFile(file, []byte(thriftSrc), 0o644); err != nil {
		t.Fatal(err)
	}
	prog, err := NewThrift(path).Read(file, nil)
	if err != nil {
		t.Fatal(err)
	}
	return prog, []byte(protoSrc)
}

// whats lists the kinds of the differences, sorted.
func whats(diffs []Difference) []string {
	out := []string{}
	for _, d := range diffs {
		out = append(out, d.What)
	}
	sort.Strings(out)
	return out
}

// TestComparison checks the comparison itself: a faithful pair (with
// documented differences only) passes, and each broken pair — what a
// conversion bug would give — is reported, with what differs.
func TestComparison(t *testing.T) {
	const thriftBase = "struct S { 1: i32 a, 2: optional string b, 3: list<list<i16>> c }\n" +
		"enum E { A = 1, B = 2 }\n" +
		"exception X { 1: string why }\n" +
		"service Svc { i64 get(1: i32 id) throws (1: X x) }\n"
	const protoBase = `syntax = "proto3";
message S {
  message ListOfI16 { repeated int32 items = 1; }
  int32 a = 1; optional string b = 2; repeated ListOfI16 c = 3;
}
enum E { E_UNSPECIFIED = 0; E_A = 1; E_B = 2; }
message X { string why = 1; }
message GetRequest { int32 id = 1; }
message GetResponse { oneof result { int64 success = 1; X x = 2; } }
service Svc { rpc get(GetRequest) returns (GetResponse); }
`
	tests := []struct {
		name          string
		thrift, proto string
		want          []string // the kinds of the undocumented differences
		rules         []string // some documented differences that must be counted
	}{
		{name: "faithful", thrift: thriftBase, proto: protoBase, want: []string{},
			rules: []string{"container-wrapper", "narrow-int", "enum-zero-value", "throws-plus-one", "exception-to-message"}},
		{name: "field number", thrift: thriftBase,
			proto: replace(protoBase, "int32 a = 1;", "int32 a = 4;"),
			want:  []string{"field missing in proto", "field only in proto"}},
		{name: "field type", thrift: thriftBase,
			proto: replace(protoBase, "int32 a = 1;", "int64 a = 1;"),
			want:  []string{"type"}},
		{name: "presence", thrift: thriftBase,
			proto: replace(protoBase, "optional string b = 2;", "string b = 2;"),
			want:  []string{"presence"}},
		{name: "wrapper not nested", thrift: thriftBase,
			proto: replace(replace(protoBase, "message ListOfI16 { repeated int32 items = 1; }", ""),
				"message X {", "message ListOfI16 { repeated int32 items = 1; }\nmessage X {"),
			want: []string{"declaration only in proto", "type"}},
		{name: "enum number", thrift: thriftBase,
			proto: replace(protoBase, "E_B = 2;", "E_B = 3;"),
			want:  []string{"enum value number"}},
		{name: "argument ID", thrift: thriftBase,
			proto: replace(protoBase, "int32 id = 1;", "int32 id = 2;"),
			want:  []string{"field missing in proto", "field only in proto"}},
		{name: "throws ID", thrift: thriftBase,
			proto: replace(protoBase, "X x = 2;", "X x = 3;"),
			want:  []string{"exception missing in proto", "response field only in proto"}},
	}
	for _, tt := range tests {
		t.Run("thrift-to-proto/"+tt.name, func(t *testing.T) {
			prog, src := readPair(t, tt.thrift, tt.proto)
			fds, err := prototest.Descriptors(map[string][]byte{"x.proto": src}, "x.proto")
			if err != nil {
				t.Fatal(err)
			}
			r := NewReport()
			got := whats(r.ThriftToProto("x.thrift", prog, fds[0], nil))
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("differences %q, want %q:\n%v", got, tt.want, r.Undocumented())
			}
			for _, rule := range tt.rules {
				if r.documented[rule] == 0 {
					t.Errorf("documented difference %s not counted (%s)", rule, r.ByRule())
				}
			}
		})
	}

	const protoSrc = `syntax = "proto3";
message M {
  uint64 big = 1;
  oneof pick { string s = 2; int32 n = 3; }
  message In { float f = 1; }
  In in = 4;
}
service Svc {
  rpc Call(M) returns (M);
  rpc Watch(M) returns (stream M);
}
`
	const thriftOut = "struct M_In { 1: double f }\n" +
		"struct M { 1: i64 big, 2: optional string s (proto.oneof = \"pick\"), 3: optional i32 n (proto.oneof = \"pick\"), 4: optional M_In in_ (proto.name = \"in\") }\n" +
		"service Svc { M Call(1: M req) }\n"
	back := []struct {
		name          string
		proto, thrift string
		want          []string
		rules         []string
	}{
		{name: "faithful", proto: protoSrc, thrift: thriftOut, want: []string{},
			rules: []string{"uint64-to-i64", "oneof-to-optional", "float-to-double", "nested-flattened", "streaming-dropped", "thrift-reserved-word"}},
		{name: "field type", proto: protoSrc, thrift: replace(thriftOut, "1: i64 big", "1: i32 big"),
			want: []string{"type"}},
		{name: "oneof lost", proto: protoSrc, thrift: replace(thriftOut, `3: optional i32 n (proto.oneof = "pick")`, "3: optional i32 n"),
			want: []string{"oneof"}},
		{name: "streaming kept", proto: protoSrc, thrift: replace(thriftOut, "M Call(1: M req)", "M Call(1: M req), M Watch(1: M req)"),
			want: []string{"streaming rpc kept"}},
		{name: "enum extra", proto: protoSrc, thrift: thriftOut + "enum Extra { A = 1 }\n",
			want: []string{"declaration only in Thrift"}},
	}
	for _, tt := range back {
		t.Run("proto-to-thrift/"+tt.name, func(t *testing.T) {
			prog, src := readPair(t, tt.thrift, tt.proto)
			fds, err := prototest.Descriptors(map[string][]byte{"x.proto": src}, "x.proto")
			if err != nil {
				t.Fatal(err)
			}
			r := NewReport()
			got := whats(r.ProtoToThrift("x.proto", fds[0], src, prog, ProtoToThriftOptions{}))
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("differences %q, want %q:\n%v", got, tt.want, r.Undocumented())
			}
			for _, rule := range tt.rules {
				if r.documented[rule] == 0 {
					t.Errorf("documented difference %s not counted (%s)", rule, r.ByRule())
				}
			}
		})
	}
}

// replace replaces old, which must occur, in s.
func replace(s, old, new string) string {
	if !strings.Contains(s, old) {
		panic("replace: " + old + " not found")
	}
	return strings.Replace(s, old, new, 1)
}

// TestDropMember checks the repair of the json generator's invalid const
// maps.
func TestDropMember(t *testing.T) {
	in := `{"name": "x", "constants": [{"value": {[1]: 2, "s\"]": 3}}], "services": []}`
	want := `{"name": "x",  "services": []}`
	if got := string(dropMember([]byte(in), "constants")); got != want {
		t.Errorf("got %s, want %s", got, want)
	}
	last := `{"name": "x", "constants": [{[1]: 2}]}`
	if got := string(dropMember([]byte(last), "constants")); got != `{"name": "x"}` {
		t.Errorf("last member: got %s", got)
	}
}
