package idlock_test

import (
	"strconv"
	"strings"
	"testing"

	"github.com/idlconv/idlconv/idlock"
	"github.com/idlconv/idlconv/schema"
)

const canonical = `{
  "version": 1,
  "types": {
    "a.json#A": {
      "fields": {"x": 1, "y": 3},
      "retired": [2]
    },
    "b.proto#B": {
      "fields": {"big": 40000},
      "thrift_ids": {"big": 1}
    },
    "c.json#C": {
      "values": {"off": 0, "on": 2},
      "retired_values": [1]
    }
  }
}
`

// TestMarshalParse checks that a lock reads back and writes the same
// bytes.
func TestMarshalParse(t *testing.T) {
	l, err := idlock.Parse("idlconv.lock", []byte(canonical))
	if err != nil {
		t.Fatal(err)
	}
	if got := string(l.Marshal()); got != canonical {
		t.Errorf("marshal:\n%s\nwant:\n%s", got, canonical)
	}
	if got := string(idlock.New().Marshal()); got != "{\n  \"version\": 1,\n  \"types\": {}\n}\n" {
		t.Errorf("empty lock: %q", got)
	}
}

// TestParseErrors checks that a hand-edited lock is an error at its
// line and column.
func TestParseErrors(t *testing.T) {
	tests := []struct{ name, src, want string }{
		{"not json", "{\n  \"types\": {,\n}", "idlconv.lock:3:1: not valid JSON"},
		{"unknown key", `{"version": 1, "typse": {}}`, `idlconv.lock:1:25: unknown key "typse"`},
		{"zero id", `{"types": {"a#A": {"fields": {"x": 0}}}}`, "idlconv.lock:1:36: 0 is not a field ID"},
		{"id twice", `{"types": {"a#A": {"fields": {"x": 1, "y": 1}}}}`, "idlconv.lock:1:44: ID 1 is the field x's and the field y's"},
		{"used and retired", `{"types": {"a#A": {"fields": {"x": 1}, "retired": [1]}}}`, "idlconv.lock:1:52: ID 1 is the field x's and retired"},
		{"thrift id too big", `{"types": {"a#A": {"thrift_ids": {"x": 40000}}}}`, "idlconv.lock:1:40: 40000 is over 32767"},
		{"bad version", `{"version": 2}`, "idlconv.lock:1:13: version must be 1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := idlock.Parse("idlconv.lock", []byte(tt.src))
			if err == nil || !strings.HasPrefix(err.Error(), tt.want) {
				t.Errorf("got %v, want %s…", err, tt.want)
			}
		})
	}
}

// field is a field as a front-end gives it: explicit, or numbered by its
// place.
func field(name string, id int, fromOrder bool) *schema.Field {
	return &schema.Field{Name: name, ID: id, IDExplicit: true, IDFromOrder: fromOrder}
}

// TestApply runs the lock through successive versions of a struct and
// checks the IDs, the retired ones and the reserved numbers.
func TestApply(t *testing.T) {
	l := idlock.New()
	key := func(*schema.File) string { return "a.json" }
	apply := func(fields ...*schema.Field) *schema.Struct {
		st := &schema.Struct{Name: "A", Fields: fields}
		var diags schema.Diagnostics
		l.Apply([]*schema.File{{Path: "a.json", Decls: []schema.Decl{st}}}, key, false, &diags)
		return st
	}
	ids := func(st *schema.Struct) string {
		var parts []string
		for _, f := range st.Fields {
			parts = append(parts, f.Name+"="+strconv.Itoa(f.ID))
		}
		for _, r := range st.Reserved {
			parts = append(parts, "reserved "+strconv.Itoa(int(r.Start)))
		}
		return strings.Join(parts, " ")
	}
	steps := []struct {
		name   string
		fields []*schema.Field
		want   string
	}{
		{"first sync keeps the order", []*schema.Field{field("a", 1, true), field("b", 2, true), field("c", 3, true)}, "a=1 b=2 c=3"},
		{"insert in the middle", []*schema.Field{field("a", 1, true), field("n", 2, true), field("b", 3, true), field("c", 4, true)}, "a=1 n=4 b=2 c=3"},
		{"delete one", []*schema.Field{field("a", 1, true), field("n", 2, true), field("c", 3, true)}, "a=1 n=4 c=3 reserved 2"},
		{"re-add it", []*schema.Field{field("a", 1, true), field("n", 2, true), field("c", 3, true), field("b", 4, true)}, "a=1 n=4 c=3 b=5 reserved 2"},
		{"an explicit ID wins", []*schema.Field{field("a", 7, false), field("n", 2, true), field("c", 3, true), field("b", 4, true)}, "a=7 n=4 c=3 b=5 reserved 1 reserved 2"},
	}
	for _, s := range steps {
		if got := ids(apply(s.fields...)); got != s.want {
			t.Errorf("%s: %s, want %s", s.name, got, s.want)
		}
	}
}

// TestApplyThrift checks the Thrift IDs of proto numbers over 32767.
func TestApplyThrift(t *testing.T) {
	l := idlock.New()
	st := &schema.Struct{Name: "B", Fields: []*schema.Field{field("small", 3, false), field("big", 40000, false)}}
	var diags schema.Diagnostics
	l.Apply([]*schema.File{{Path: "b.proto", Decls: []schema.Decl{st}}}, func(*schema.File) string { return "b.proto" }, true, &diags)
	if st.Fields[1].ID != 4 {
		t.Errorf("big has Thrift ID %d, want 4", st.Fields[1].ID)
	}
	if got := l.Types["b.proto#B"].ThriftIDs["big"]; got != 4 {
		t.Errorf("the lock keeps %d, want 4", got)
	}
	if len(diags) != 1 || diags[0].Rule != schema.RuleIDLock.ID {
		t.Errorf("diagnostics %v, want one id-lock", diags)
	}
}
