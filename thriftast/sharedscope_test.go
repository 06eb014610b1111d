package thriftast

import (
	"io/fs"
	"strings"
	"testing"

	"github.com/idlconv/idlconv/schema"
)

// TestSharedScope checks the type names a file and a file it includes
// may not both declare, as the thrift compiler 0.17 decides (its verdicts
// on these files: "Type ... is already defined" or not).
func TestSharedScope(t *testing.T) {
	const a = "typedef string UUID\n"
	tests := []struct {
		name string
		a, b string // b includes a
		want bool   // an error
	}{
		{"same namespace", "namespace go shared\n" + a, "namespace go shared\ninclude \"a.thrift\"\ntypedef string UUID\n", true},
		{"no namespace in either", a, "include \"a.thrift\"\nstruct UUID { 1: string s }\n", true},
		{"the same star namespace", "namespace * x\n" + a, "namespace * x\ninclude \"a.thrift\"\nenum UUID { V = 1 }\n", true},
		{"a service too", "namespace go x\nservice UUID { void f() }\n", "namespace go x\ninclude \"a.thrift\"\nexception UUID { 1: string m }\n", true},
		{"other namespaces", "namespace go other\n" + a, "namespace go shared\ninclude \"a.thrift\"\ntypedef string UUID\n", false},
		{"one namespace more", "namespace go x\n" + a, "namespace go x\nnamespace py z\ninclude \"a.thrift\"\ntypedef string UUID\n", false},
		{"a const is no type", "namespace go x\nconst i32 UUID = 1\n", "namespace go x\ninclude \"a.thrift\"\ntypedef string UUID\n", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			files := map[string]string{"a.thrift": tt.a, "b.thrift": tt.b}
			_, diags := loadFiles(files, "b.thrift")
			var errs []string
			for _, d := range diags {
				if d.Severity == schema.Error {
					errs = append(errs, d.String())
				}
			}
			if got := len(errs) > 0; got != tt.want {
				t.Fatalf("errors %q, want an error: %v", errs, tt.want)
			}
			if tt.want && !strings.Contains(errs[0], "is already defined in a.thrift") {
				t.Errorf("error %q does not say where it is defined", errs[0])
			}
		})
	}
}

// TestSharedScopeTransitive checks that only direct includes count: c
// declares the name, a includes c, b includes a.
func TestSharedScopeTransitive(t *testing.T) {
	files := map[string]string{
		"c.thrift": "namespace go x\nstruct C { 1: string s }\n",
		"a.thrift": "namespace go x\ninclude \"c.thrift\"\ntypedef string UUID\n",
		"b.thrift": "namespace go x\ninclude \"a.thrift\"\nstruct C { 1: string s }\n",
	}
	if _, diags := loadFiles(files, "b.thrift"); diags.HasErrors() {
		t.Errorf("errors: %v", diags)
	}
}

// loadFiles loads input from files, names mapped to their text.
func loadFiles(files map[string]string, input string) ([]*schema.File, schema.Diagnostics) {
	l := &Loader{ReadFile: func(name string) ([]byte, error) {
		if src, ok := files[name]; ok {
			return []byte(src), nil
		}
		return nil, fs.ErrNotExist
	}}
	return l.Load([]Input{{Path: input, Name: input}})
}
