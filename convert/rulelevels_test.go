package convert_test

import (
	"context"
	"testing"
	"testing/fstest"

	"github.com/idlconv/idlconv/convert"
	"github.com/idlconv/idlconv/schema"
)

// TestRuleLevels checks that Options.RuleLevels drops a rule's warnings,
// makes them errors (with no output), or keeps them, and leaves errors
// and other rules alone.
func TestRuleLevels(t *testing.T) {
	fsys := fstest.MapFS{"a.thrift": {Data: []byte("struct A {\n  1: required string name\n  2: optional list<i32> ids\n}\n")}}
	tests := []struct {
		name      string
		levels    map[string]convert.RuleLevel
		strict    bool
		want      []string // rule:severity of each diagnostic
		wantFiles int
	}{
		{"default", nil, false, []string{"required-field:warning", "optional-container:warning"}, 1},
		{"off", map[string]convert.RuleLevel{"optional-container": convert.RuleOff}, false, []string{"required-field:warning"}, 1},
		{"error", map[string]convert.RuleLevel{"required-field": convert.RuleError}, false, []string{"required-field:error", "optional-container:warning"}, 0},
		{"warning keeps", map[string]convert.RuleLevel{"required-field": convert.RuleWarning}, false, []string{"required-field:warning", "optional-container:warning"}, 1},
		{"off then strict", map[string]convert.RuleLevel{"optional-container": convert.RuleOff}, true, []string{"required-field:error"}, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := convert.Convert(context.Background(), []convert.Input{{Path: "a.thrift"}},
				convert.Options{To: schema.Proto, FS: fsys, RuleLevels: tt.levels, Strict: tt.strict})
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, d := range res.Diagnostics {
				got = append(got, d.Rule+":"+d.Severity.String())
			}
			if len(got) != len(tt.want) {
				t.Fatalf("diagnostics %v, want %v", got, tt.want)
			}
			for i := range got {
				if got[i] != tt.want[i] {
					t.Errorf("diagnostic %d is %s, want %s", i, got[i], tt.want[i])
				}
			}
			if len(res.Files) != tt.wantFiles {
				t.Errorf("%d files, want %d", len(res.Files), tt.wantFiles)
			}
		})
	}
}
