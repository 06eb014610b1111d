package jsonschemaast

import (
	"testing"
)

// TestMetaschemaErrorIsStable checks that a document with several
// metaschema errors reports the same one, the first in the document, on
// every run: the library lists the causes of properties in map order.
func TestMetaschemaErrorIsStable(t *testing.T) {
	src := []byte(`{"properties": {"c": {"maxLength": -1}, "a": {"type": 5}, "b": {"minLength": "x"}}}`)
	l := &Loader{ReadFile: func(string) ([]byte, error) { return src, nil }}
	want := ""
	for i := 0; i < 20; i++ {
		_, diags := l.Load([]Input{{Path: "m.json", Name: "m.json"}})
		if len(diags) != 1 {
			t.Fatalf("diagnostics %v, want one", diags)
		}
		got := diags[0].String()
		if want == "" {
			want = got
			if diags[0].Pos.Col != 36 {
				t.Errorf("reported %s, want the first error in the document (column 36)", got)
			}
		} else if got != want {
			t.Fatalf("run %d reported %s, run 0 %s", i, got, want)
		}
	}
}
