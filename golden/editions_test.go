package golden

import (
	"fmt"
	"sort"
	"strings"
	"testing"

	"google.golang.org/protobuf/reflect/protoreflect"

	"github.com/idlconv/idlconv/internal/testkit/prototest"
)

// TestEditionsPresenceAgrees converts one editions file to Thrift and to
// JSON Schema (the golden cases proto-to-thrift/editions_presence and
// proto-to-jsonschema/editions_presence, which share their input), then
// each output back to proto: the presence protocompile reads from each
// round trip must be the presence it reads from the input, field by
// field, so that both targets carry the same presence.
func TestEditionsPresenceAgrees(t *testing.T) {
	cases := map[string]*goldenCase{}
	for _, c := range loadCases(t) {
		if c.name == "proto-to-thrift/editions_presence" || c.name == "proto-to-jsonschema/editions_presence" {
			cases[c.name] = c
		}
	}
	if len(cases) != 2 {
		t.Fatalf("want the two editions_presence cases, found %d", len(cases))
	}
	in := cases["proto-to-thrift/editions_presence"]
	want := presenceOf(t, in.inputs, "ed.proto")
	if !strings.Contains(want, "Item.count: explicit") || !strings.Contains(want, "Item.id: implicit") {
		t.Fatalf("the input does not read as expected:\n%s", want)
	}
	for name, c := range cases {
		first := c.run(t)
		if len(first.Files) != 1 {
			t.Fatalf("%s: %s", name, first.Diagnostics)
		}
		back := c.roundTrip(t, first.Files, "proto")
		if len(back.Files) != 1 {
			t.Fatalf("%s: converting back: %s", name, back.Diagnostics)
		}
		got := presenceOf(t, map[string][]byte{back.Files[0].Path: back.Files[0].Content}, back.Files[0].Path)
		if got != want {
			t.Errorf("%s: presence after the round trip through %s differs:\n--- input\n%s--- round trip\n%s", name, first.Files[0].Path, want, got)
		}
	}
}

// presenceOf lists each field's presence as protocompile reads it.
func presenceOf(t *testing.T, files map[string][]byte, name string) string {
	t.Helper()
	fds, err := prototest.Descriptors(files, name)
	if err != nil {
		t.Fatal(err)
	}
	var lines []string
	msgs := fds[0].Messages()
	for i := 0; i < msgs.Len(); i++ {
		fields := msgs.Get(i).Fields()
		for j := 0; j < fields.Len(); j++ {
			fd := fields.Get(j)
			p := "implicit"
			switch {
			case fd.Cardinality() == protoreflect.Required:
				p = "required"
			case fd.IsList() || fd.IsMap():
				p = "repeated"
			case fd.HasPresence():
				p = "explicit"
			}
			lines = append(lines, fmt.Sprintf("%s.%s: %s", msgs.Get(i).Name(), fd.Name(), p))
		}
	}
	sort.Strings(lines)
	return strings.Join(lines, "\n") + "\n"
}
