package schema

import (
	"encoding/json"
	"testing"
)

func TestDiagnosticsSortAndString(t *testing.T) {
	var ds Diagnostics
	setToRepeated := Rule{ID: "set-to-repeated", Severity: Warning}
	narrowInt := Rule{ID: "narrow-int", Severity: Warning}
	ds.Report(Pos{File: "b.thrift", Line: 2, Col: 1}, setToRepeated, "set<string> becomes repeated string")
	ds.Report(Pos{File: "a.thrift", Line: 9, Col: 3}, RuleSyntax, "expected a field name")
	ds.Report(Pos{File: "a.thrift", Line: 1, Col: 5}, narrowInt, "i16 becomes int32")
	ds.Report(Pos{File: "a.thrift", Line: 1, Col: 5}, narrowInt, "i16 becomes int32")
	ds.Sort()
	want := "a.thrift:1:5: i16 becomes int32 [narrow-int]\n" +
		"a.thrift:9:3: error: expected a field name [syntax]\n" +
		"b.thrift:2:1: set<string> becomes repeated string [set-to-repeated]\n"
	if got := ds.String(); got != want {
		t.Errorf("got\n%swant\n%s", got, want)
	}
	if !ds.HasErrors() || ds.Err() == nil {
		t.Error("want errors")
	}
}

func TestPosString(t *testing.T) {
	tests := []struct {
		pos  Pos
		want string
	}{
		{Pos{}, "-"},
		{Pos{File: "x.thrift"}, "x.thrift"},
		{Pos{File: "x.thrift", Line: 3}, "x.thrift:3"},
		{Pos{File: "x.thrift", Line: 3, Col: 7}, "x.thrift:3:7"},
	}
	for _, tt := range tests {
		if got := tt.pos.String(); got != tt.want {
			t.Errorf("%#v: got %q, want %q", tt.pos, got, tt.want)
		}
	}
}

func TestDiagnosticJSON(t *testing.T) {
	tests := []struct {
		d    Diagnostic
		want string
	}{
		{Diagnostic{Pos: Pos{File: "a.thrift", Line: 3, Col: 7}, Severity: Warning, Rule: "narrow-int", Msg: "i16 becomes int32"},
			`{"file":"a.thrift","line":3,"column":7,"severity":"warning","rule":"narrow-int","message":"i16 becomes int32"}`},
		{Diagnostic{Pos: Pos{File: "a.thrift", Line: 3, Col: 7, EndLine: 3, EndCol: 10}, Severity: Warning, Rule: "narrow-int", Msg: "i16 becomes int32"},
			`{"file":"a.thrift","line":3,"column":7,"end_line":3,"end_column":10,"severity":"warning","rule":"narrow-int","message":"i16 becomes int32"}`},
		{Diagnostic{Pos: Pos{File: "b.json"}, Severity: Error, Rule: "read-error", Msg: "cannot read b.json"},
			`{"file":"b.json","severity":"error","rule":"read-error","message":"cannot read b.json"}`},
	}
	for _, tt := range tests {
		b, err := json.Marshal(tt.d)
		if err != nil || string(b) != tt.want {
			t.Errorf("%v: got %s (%v), want %s", tt.d, b, err, tt.want)
		}
		var back Diagnostic
		if err := json.Unmarshal(b, &back); err != nil || back != tt.d {
			t.Errorf("%s read back as %#v (%v)", b, back, err)
		}
	}
}

func TestLines(t *testing.T) {
	src := "ab\n\ncdé\"x\ny" // line starts 0, 3, 4, 11; 12 bytes
	l := NewLines("f", src)
	tests := []struct {
		start, end int
		want       Pos
	}{
		{0, 2, Pos{File: "f", Line: 1, Col: 1, EndLine: 1, EndCol: 3}},
		{2, 3, Pos{File: "f", Line: 1, Col: 3, EndLine: 2, EndCol: 1}},
		{3, 3, Pos{File: "f", Line: 2, Col: 1}},
		{6, 8, Pos{File: "f", Line: 3, Col: 3, EndLine: 3, EndCol: 5}},
		{8, 11, Pos{File: "f", Line: 3, Col: 5, EndLine: 4, EndCol: 1}},
		{11, 20, Pos{File: "f", Line: 4, Col: 1, EndLine: 4, EndCol: 2}},
		{13, 20, Pos{File: "f", Line: 4, Col: 2}},
		{-1, 1, Pos{File: "f", Line: 1, Col: 1, EndLine: 1, EndCol: 2}},
	}
	for _, tt := range tests {
		if got := l.Pos(tt.start, tt.end); got != tt.want {
			t.Errorf("Pos(%d, %d) = %#v, want %#v", tt.start, tt.end, got, tt.want)
		}
	}
	for line, want := range map[int]int{0: -1, 1: 0, 2: 3, 3: 4, 4: 11, 5: -1} {
		if got := l.LineStart(line); got != want {
			t.Errorf("LineStart(%d) = %d, want %d", line, got, want)
		}
	}
}

func TestDiagnosticsSummary(t *testing.T) {
	tests := []struct {
		ds   Diagnostics
		want string
	}{
		{nil, ""},
		{Diagnostics{{Severity: Warning, Rule: "a"}}, "0 errors, 1 warning (a 1)"},
		{Diagnostics{{Severity: Warning, Rule: "b"}, {Severity: Error, Rule: "a"}, {Severity: Warning, Rule: "b"}, {Severity: Warning, Rule: "c"}},
			"1 error, 3 warnings (b 2, a 1, c 1)"},
	}
	for _, tt := range tests {
		if got := tt.ds.Summary(); got != tt.want {
			t.Errorf("got %q, want %q", got, tt.want)
		}
	}
}
