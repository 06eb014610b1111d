package driver

import (
	"bytes"
	"encoding/json"
	"fmt"
	"reflect"
	"strings"
	"testing"
)

// The types below are shaped as `thrift --gen go` shapes them: thrift and
// json tags, an enum implementing encoding.TextMarshaler, a union with a
// CountSetFieldsX method and pointer members.

type color int64

func (c color) MarshalText() ([]byte, error) {
	switch c {
	case 1:
		return []byte("RED"), nil
	case 2:
		return []byte("BLUE"), nil
	}
	return []byte("<UNSET>"), nil
}

func (c *color) UnmarshalText(b []byte) error {
	switch string(b) {
	case "RED":
		*c = 1
	case "BLUE":
		*c = 2
	default:
		return fmt.Errorf("not a valid color string")
	}
	return nil
}

type node struct {
	Name  string           `thrift:"name,1,required" json:"name"`
	Kids  []*node          `thrift:"kids,2" json:"kids"`
	Up    *node            `thrift:"up,3" json:"up,omitempty"`
	Color color            `thrift:"color,4" json:"color"`
	Set   []color          `thrift:"set,5" json:"set"`
	Dflt  map[string]int32 `thrift:"dflt,6" json:"dflt"`
	Note  *string          `thrift:"note,7" json:"note,omitempty"`
	Pick  *choice          `thrift:"pick,8" json:"pick,omitempty"`
}

func newNode() *node { return &node{Dflt: map[string]int32{"a": 1}} }

type choice struct {
	Num  *int32  `thrift:"num,1" json:"num,omitempty"`
	Text *string `thrift:"text,2" json:"text,omitempty"`
	List []int8  `thrift:"list,3" json:"list,omitempty"`
}

func newChoice() *choice { return &choice{} }

func (p *choice) CountSetFieldschoice() int {
	n := 0
	if p.Num != nil {
		n++
	}
	if p.Text != nil {
		n++
	}
	if p.List != nil {
		n++
	}
	return n
}

func testRegistry() Registry {
	return Registry{
		Structs: []func() any{func() any { return newNode() }, func() any { return newChoice() }},
		Enums:   map[reflect.Type][]int64{reflect.TypeOf(color(0)): {1, 2, 2}},
	}
}

// depth is how deeply n nests nodes through Kids and Up.
func depth(n *node) int {
	d := 0
	for _, k := range append(append([]*node(nil), n.Kids...), n.Up) {
		if k != nil {
			d = max(d, depth(k))
		}
	}
	return d + 1
}

func TestSample(t *testing.T) {
	f := NewFiller(testRegistry())
	const n = 6
	for k := 0; k < n; k++ {
		v := f.Sample(func() any { return newNode() }, k, n).(*node)
		last := k == n-1
		if last != (v.Note == nil) {
			t.Errorf("sample %d: note %v; want set in all samples but the last", k, v.Note)
		}
		if v.Color != 1 && v.Color != 2 {
			t.Errorf("sample %d: color %d is no declared value", k, v.Color)
		}
		if v.Dflt["a"] != 1 {
			t.Errorf("sample %d: default map entry lost: %v", k, v.Dflt)
		}
		if len(v.Set) > 2 || len(v.Set) == 2 && v.Set[0] == v.Set[1] {
			t.Errorf("sample %d: set %v not distinct", k, v.Set)
		}
		if d := depth(v); d > MaxDepth+1 {
			t.Errorf("sample %d: nodes nest %d deep, over MaxDepth %d", k, d, MaxDepth)
		}
		var nilKid func(*node) bool
		nilKid = func(n *node) bool {
			for _, c := range n.Kids {
				if c == nil || nilKid(c) {
					return true
				}
			}
			return n.Up != nil && nilKid(n.Up)
		}
		if nilKid(v) {
			t.Errorf("sample %d: a list holds a nil struct", k)
		}
		if !last && (v.Pick == nil || v.Pick.CountSetFieldschoice() != 1) {
			t.Errorf("sample %d: union %+v does not have exactly one member", k, v.Pick)
		}
		a, _ := json.Marshal(v)
		b, _ := json.Marshal(f.Sample(func() any { return newNode() }, k, n))
		if !bytes.Equal(a, b) {
			t.Errorf("sample %d not deterministic:\n%s\n%s", k, a, b)
		}
	}
}

func TestSampleUnionMembers(t *testing.T) {
	f := NewFiller(testRegistry())
	var got []string
	for k := 0; k < 3; k++ {
		out, err := json.Marshal(f.Sample(func() any { return newChoice() }, k, 3))
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, string(out))
	}
	want := []string{`{"num":-2147483648}`, `{"text":"a"}`, `{"list":[0,-1]}`}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("union samples %q, want %q", got, want)
	}
}

func TestServe(t *testing.T) {
	reqs := []Request{
		{Op: OpRoundTrip, Struct: 1, Docs: [][]byte{[]byte(`{"num":1}`), []byte(`{"num":"x"}`)}},
		{Op: OpSamples, Struct: 1, N: 2},
		{Op: OpSamples, Struct: 7, N: 1},
		{Op: "nope", Struct: 0},
	}
	var in bytes.Buffer
	for _, r := range reqs {
		line, _ := json.Marshal(r)
		in.Write(append(line, '\n'))
	}
	var out bytes.Buffer
	if err := Serve(testRegistry(), &in, &out); err != nil {
		t.Fatal(err)
	}
	var got []Response
	dec := json.NewDecoder(&out)
	for dec.More() {
		var r Response
		if err := dec.Decode(&r); err != nil {
			t.Fatal(err)
		}
		got = append(got, r)
	}
	want := []Response{
		{Results: []Result{{Out: []byte(`{"num":1}`)},
			{Err: "unmarshal: json: cannot unmarshal string into Go struct field choice.num of type int32"}}},
		{Samples: [][]byte{[]byte(`{"num":-2147483648}`), []byte(`{"text":"a"}`)}},
		{Error: "no struct 7 (have 2)"},
		{Error: `unknown op "nope"`},
	}
	if len(got) != len(want) {
		t.Fatalf("%d responses, want %d", len(got), len(want))
	}
	for i := range want {
		if i == 0 && len(got[0].Results) == 2 && strings.HasPrefix(got[0].Results[1].Err, "unmarshal: ") {
			got[0].Results[1].Err = want[0].Results[1].Err // the wording is encoding/json's
		}
		if !reflect.DeepEqual(got[i], want[i]) {
			t.Errorf("response %d = %+v, want %+v", i, got[i], want[i])
		}
	}
}
