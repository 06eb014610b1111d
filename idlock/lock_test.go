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
		{"thrift id too big", `{"types": {"a#A": {"thrift_ids": {"x": 40000}}}}`, "idlconv.lock:1:40: 40000 is not a Thrift field ID from 1 to 32767"},
		{"thrift id clash", `{"types": {"a#A": {"fields": {"x": 1}, "thrift_ids": {"y": 1}}}}`, "idlconv.lock:1:60: ID 1 is the field x's and the field y's Thrift ID"},
		{"retired value in use", `{"types": {"a#E": {"values": {"x": 1}, "retired_values": [1]}}}`, "idlconv.lock:1:59: ID 1 is the value x's and retired"},
		{"bad version", `{"version": 2}`, "idlconv.lock:1:13: version must be 1"},
		{"value past int32", `{"types": {"a#E": {"values": {"x": 2147483648}}}}`, "idlconv.lock:1:36: 2147483648 is not an enum number"},
		{"key twice", `{"types": {}, "types": {}}`, `idlconv.lock:1:15: key "types" is given twice`},
		{"data after", `{"types": {}} x`, "idlconv.lock:1:15: not valid JSON: unexpected data after the lock's object"},
		{"cut short", `{"types": {"a#A": {"fields": {"x": 1}`, "idlconv.lock:1:38: not valid JSON: the file ends before the lock does"},
		{"not an object", `[1]`, "idlconv.lock:1:1: the lock must be an object"},
		{"a string ID", `{"types": {"a#A": {"fields": {"x": "1"}}}}`, "idlconv.lock:1:36: expected an integer"},
		{"retired not a list", `{"types": {"a#A": {"retired": 1}}}`, "idlconv.lock:1:31: retired must be a list of IDs"},
		{"merge conflict", "{\n  \"types\": {\n<<<<<<< HEAD\n    \"a#A\": {\"fields\": {\"x\": 7}}\n=======\n    \"a#A\": {\"fields\": {\"y\": 7}}\n>>>>>>> b\n  }\n}\n",
			"idlconv.lock:3:1: the lock holds a merge conflict (<<<<<<<)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := idlock.Parse("idlconv.lock", []byte(tt.src))
			if err == nil || !strings.HasPrefix(err.Error(), tt.want) {
				t.Errorf("got %v, want %s…", err, tt.want)
			}
			if le, ok := err.(*idlock.Error); !ok || le.Hint == "" {
				t.Errorf("%#v is not an *idlock.Error with a hint", err)
			}
		})
	}
}

// TestParseAccepts checks what a lock may hold that looks odd: enum
// aliases (two names, one number), Thrift's negative field IDs, a byte
// order mark and escaped names.
func TestParseAccepts(t *testing.T) {
	for _, src := range []string{
		`{"types": {"a#E": {"values": {"STARTED": 1, "RUNNING": 1}}}}`,
		`{"types": {"a#S": {"fields": {"a": -1, "b": 1}}}}`,
		"\xef\xbb\xbf{\"types\": {\"a \\\"quoted\\\"#S\": {\"fields\": {\"\\u00e9\": 1}}}}",
	} {
		if _, err := idlock.Parse("idlconv.lock", []byte(src)); err != nil {
			t.Errorf("%s: %v", src, err)
		}
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
	applyStruct := func(fields ...*schema.Field) *schema.Struct {
		st := &schema.Struct{Name: "A", Fields: fields}
		var diags schema.Diagnostics
		apply(t, l, []*schema.File{{Path: "a.json", Decls: []schema.Decl{st}}}, key, false, &diags)
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
		if got := ids(applyStruct(s.fields...)); got != s.want {
			t.Errorf("%s: %s, want %s", s.name, got, s.want)
		}
	}
}

// TestApplyThrift checks the Thrift IDs of proto numbers over 32767.
func TestApplyThrift(t *testing.T) {
	l := idlock.New()
	st := &schema.Struct{Name: "B", Fields: []*schema.Field{field("small", 3, false), field("big", 40000, false)}}
	var diags schema.Diagnostics
	apply(t, l, []*schema.File{{Path: "b.proto", Decls: []schema.Decl{st}}}, func(*schema.File) string { return "b.proto" }, true, &diags)
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

// TestApplyEnums checks that a renamed value keeps its number unretired,
// that aliases share one, and that a renumbered value's number retires;
// each lock reads back.
func TestApplyEnums(t *testing.T) {
	l := idlock.New()
	key := func(*schema.File) string { return "c.thrift" }
	apply := func(values ...*schema.EnumValue) {
		var diags schema.Diagnostics
		apply(t, l, []*schema.File{{Decls: []schema.Decl{&schema.Enum{Name: "C", Values: values}}}}, key, false, &diags)
		if _, err := idlock.Parse("idlconv.lock", l.Marshal()); err != nil {
			t.Fatalf("the lock does not read back: %v\n%s", err, l.Marshal())
		}
	}
	v := func(name string, n int64) *schema.EnumValue { return &schema.EnumValue{Name: name, Value: n} }
	apply(v("RED", 1), v("GREEN", 2))
	apply(v("CRIMSON", 1), v("GREEN", 2))
	if got := l.Types["c.thrift#C"].RetiredValues; len(got) != 0 {
		t.Errorf("a renamed value retired %v", got)
	}
	apply(v("CRIMSON", 1), v("SCARLET", 1), v("GREEN", 2))
	apply(v("CRIMSON", 1), v("SCARLET", 1), v("GREEN", 3))
	if got := l.Types["c.thrift#C"].RetiredValues; len(got) != 1 || got[0] != 2 {
		t.Errorf("renumbering GREEN retired %v, want [2]", got)
	}
}

// TestMergeThriftIDs checks that a conversion to Thrift and one to proto
// of one source give its types the same IDs, so that what each applied
// merges; and that Apply leaves the lock it reads alone.
func TestMergeThriftIDs(t *testing.T) {
	l := idlock.New()
	key := func(*schema.File) string { return "b.proto" }
	var parts [2]*idlock.Lock
	for i, toThrift := range []bool{true, false} {
		st := &schema.Struct{Name: "B", Fields: []*schema.Field{field("small", 3, false), field("big", 40000, false)}}
		var diags schema.Diagnostics
		parts[i] = l.Apply([]*schema.File{{Decls: []schema.Decl{st}}}, key, toThrift, &diags)
	}
	if len(l.Types) != 0 {
		t.Fatalf("Apply changed the lock it read: %s", l.Marshal())
	}
	taken := map[string]string{}
	for i, who := range []string{"thrift", "proto"} {
		if err := l.Merge(parts[i], taken, who); err != nil {
			t.Fatal(err)
		}
	}
	if got := l.Types["b.proto#B"].ThriftIDs["big"]; got != 4 {
		t.Errorf("big's Thrift ID is %d, want 4", got)
	}
}

// apply applies l to files and merges what it gave back into l, as one
// sync of one conversion does.
func apply(t *testing.T, l *idlock.Lock, files []*schema.File, keyOf func(*schema.File) string, toThrift bool, diags *schema.Diagnostics) {
	t.Helper()
	if err := l.Merge(l.Apply(files, keyOf, toThrift, diags), map[string]string{}, "test"); err != nil {
		t.Fatal(err)
	}
}

// TestApplyRanges checks that the lock gives no ID outside the range the
// target holds: past the top of the range, a new field or value gets the
// lowest ID the type never used (not a retired one, not protobuf's
// 19000 to 19999, not one the source reserves), and a full range is an
// invalid-config error at the field; every lock it writes reads back.
func TestApplyRanges(t *testing.T) {
	const maxProto = 1<<29 - 1
	tests := []struct {
		name     string
		lock     string // the type's entry, "" for none
		fields   []*schema.Field
		reserved []schema.Reserved
		toThrift bool
		want     string // name=ID of each field (for Thrift, the Thrift ID)
		diag     string // the last diagnostic, "rule: message"
	}{
		{name: "next above the highest",
			fields: []*schema.Field{field("a", 5, false), field("b", 1, true)},
			lock:   `{"fields": {"a": 5}}`, want: "a=5 b=6",
			diag: "id-lock: new field b of T gets ID 6, above every ID it ever used (idlconv.lock)"},
		{name: "over proto's top: the lowest never used",
			fields: []*schema.Field{field("a", maxProto, false), field("b", 2, true)},
			lock:   `{"fields": {"a": 536870911, "c": 1}}`, want: "a=536870911 b=2",
			diag: "id-lock: field c of T is gone: its ID 1 is retired, never given again (idlconv.lock)"},
		{name: "not a retired ID, nor the source's reserved ones",
			fields:   []*schema.Field{field("a", maxProto, false), field("b", 1, true)},
			lock:     `{"fields": {"a": 536870911}, "retired": [1, 2]}`,
			reserved: []schema.Reserved{{Start: 3, End: 9}}, want: "a=536870911 b=10",
			diag: "id-lock: field b of T gets proto field number 10, the lowest one it never used: none is left above 536870911 (idlconv.lock)"},
		{name: "protobuf's own numbers skipped",
			fields: []*schema.Field{field("a", 18999, false), field("b", 1, true)},
			lock:   `{"fields": {"a": 18999}}`, want: "a=18999 b=20000"},
		{name: "Thrift IDs past 32767",
			fields:   []*schema.Field{field("a", 32767, false), field("big", 40000, false)},
			toThrift: true, want: "a=32767 big=1",
			diag: "id-lock: field big of T has number 40000, above Thrift's 32767: its Thrift ID is 1, which idlconv.lock keeps"},
		{name: "no Thrift ID left",
			fields:   []*schema.Field{field("a", 1, false), field("big", 40000, false)},
			reserved: []schema.Reserved{{Start: 2, End: 32767}},
			toThrift: true, want: "a=1 big=40000",
			diag: "invalid-config: field big of T needs a new Thrift field ID, but every one from 1 to 32767 is used, retired or reserved (idlconv.lock)"},
		{name: "no proto number left",
			fields:   []*schema.Field{field("a", 1, false), field("b", 2, true)},
			lock:     `{"fields": {"a": 1}}`,
			reserved: []schema.Reserved{{Start: 2, End: maxProto}}, want: "a=1 b=2",
			diag: "invalid-config: field b of T needs a new proto field number, but every one from 1 to 536870911 is used, retired or reserved (idlconv.lock)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			l := idlock.New()
			if tt.lock != "" {
				var err error
				if l, err = idlock.Parse("idlconv.lock", []byte(`{"types": {"a.json#T": `+tt.lock+`}}`)); err != nil {
					t.Fatal(err)
				}
			}
			st := &schema.Struct{Name: "T", Fields: tt.fields, Reserved: tt.reserved}
			var diags schema.Diagnostics
			apply(t, l, []*schema.File{{Decls: []schema.Decl{st}}}, func(*schema.File) string { return "a.json" }, tt.toThrift, &diags)
			var got []string
			for _, f := range st.Fields {
				got = append(got, f.Name+"="+strconv.Itoa(f.ID))
			}
			if strings.Join(got, " ") != tt.want {
				t.Errorf("IDs %s, want %s", strings.Join(got, " "), tt.want)
			}
			last := ""
			if len(diags) > 0 {
				last = diags[len(diags)-1].Rule + ": " + diags[len(diags)-1].Msg
			}
			if tt.diag != "" && last != tt.diag {
				t.Errorf("diagnostics %v, want last %q", diags, tt.diag)
			}
			if diags.HasErrors() {
				return // nothing is written
			}
			if _, err := idlock.Parse("idlconv.lock", l.Marshal()); err != nil {
				t.Errorf("the lock does not read back: %v\n%s", err, l.Marshal())
			}
		})
	}
}

// TestApplyEnumRange checks that a new enum value past int32's top gets
// the lowest number the enum never used.
func TestApplyEnumRange(t *testing.T) {
	l, err := idlock.Parse("idlconv.lock", []byte(`{"types": {"e.thrift#E": {"values": {"TOP": 2147483647}, "retired_values": [0]}}}`))
	if err != nil {
		t.Fatal(err)
	}
	e := &schema.Enum{Name: "E", Values: []*schema.EnumValue{{Name: "TOP", Value: 2147483647}, {Name: "NEW", Value: 2147483648, ValueFromOrder: true}}}
	var diags schema.Diagnostics
	apply(t, l, []*schema.File{{Decls: []schema.Decl{e}}}, func(*schema.File) string { return "e.thrift" }, false, &diags)
	if got := e.Values[1].Value; got != 1 {
		t.Errorf("NEW gets %d, want 1", got)
	}
	if _, err := idlock.Parse("idlconv.lock", l.Marshal()); err != nil {
		t.Errorf("the lock does not read back: %v\n%s", err, l.Marshal())
	}
}
