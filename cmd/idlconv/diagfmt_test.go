package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/idlconv/idlconv/convert"
	"github.com/idlconv/idlconv/schema"
)

// TestDiagnosticsPrintReadsNoFile checks that the machine formats take
// each diagnostic's end from its position, as the front-end set it: the
// input is gone before the diagnostics are printed, and a diagnostic
// without an end prints none.
func TestDiagnosticsPrintReadsNoFile(t *testing.T) {
	dir := t.TempDir()
	in := filepath.Join(dir, "a.thrift")
	// The name is after multibyte text: its column counts bytes.
	writeFiles(t, dir, map[string]string{"a.thrift": "struct A {\n  /* é */ 1: required string name\n}\n"})
	res, err := convert.Convert(context.Background(), []convert.Input{{Path: in}}, convert.Options{To: "proto"})
	if err != nil {
		t.Fatal(err)
	}
	if err := os.Remove(in); err != nil {
		t.Fatal(err)
	}
	if len(res.Diagnostics) != 1 {
		t.Fatalf("diagnostics %v, want one", res.Diagnostics)
	}
	ds := append(res.Diagnostics, schema.RuleReadError.Diagnostic(schema.Pos{File: in, Line: 1, Col: 1}, "cannot read it"))
	msg := "required A.name has no label in proto3: presence is not enforced"
	tests := []struct {
		format string
		want   string
	}{
		{errorFormatJSON, `{"file":"` + in + `","line":2,"column":12,"end_line":2,"end_column":13,"severity":"warning","rule":"required-field","message":"` + msg + `"}` + "\n" +
			`{"file":"` + in + `","line":1,"column":1,"severity":"error","rule":"read-error","message":"cannot read it"}` + "\n"},
		{errorFormatGitHub, "::warning file=" + escapeGitHubProperty(in) + ",line=2,col=12,endLine=2,endColumn=13,title=required-field::" + msg + " [required-field]\n" +
			"::error file=" + escapeGitHubProperty(in) + ",line=1,col=1,title=read-error::cannot read it [read-error]\n"},
		{errorFormatText, in + ":2:12: " + msg + " [required-field]\n" + in + ":1:1: error: cannot read it [read-error]\n" +
			"idlconv: 1 error, 1 warning (read-error 1, required-field 1)\n"},
	}
	for _, tt := range tests {
		t.Run(tt.format, func(t *testing.T) {
			var b bytes.Buffer
			if err := printDiagnostics(&b, ds, tt.format); err != nil {
				t.Fatal(err)
			}
			if b.String() != tt.want {
				t.Errorf("got\n%swant\n%s", b.String(), tt.want)
			}
		})
	}
}
