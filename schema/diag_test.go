package schema

import "testing"

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
