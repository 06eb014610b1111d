package conversion_test

import (
	"context"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/idlconv/idlconv/conversion"
	"github.com/idlconv/idlconv/convert"
)

// TestExcluded checks which paths the exclude patterns leave out.
func TestExcluded(t *testing.T) {
	tests := []struct {
		pattern, path string
		want          bool
	}{
		{"legacy/*", "idl/legacy/a.thrift", true},
		{"legacy/*", "legacy/a.thrift", true},
		{"legacy/*", "idl/legacy/deep/a.thrift", true}, // legacy/deep is a folder it matches
		{"legacy", "idl/legacy/deep/a.thrift", true},
		{"*_test.thrift", "idl/x/a_test.thrift", true},
		{"*_test.thrift", "idl/x/a.thrift", false},
		{"idl/x/a.thrift", "idl/x/a.thrift", true},
		{"x/a.thrift", "idl/y/a.thrift", false},
		{"vendor/", "vendor/a.proto", true},
		{".*", "../idl/a.thrift", false},  // outside the working folder: relative to the source folder
		{"idl", "../idl/a.thrift", false}, // the source folder's own name is above the files
	}
	for _, tt := range tests {
		s := &conversion.Spec{Exclude: []string{tt.pattern}}
		root := "idl"
		if strings.HasPrefix(tt.path, "../") {
			root = "../idl"
		}
		if got := s.Excluded(filepath.FromSlash(tt.path), root); got != tt.want {
			t.Errorf("exclude %q, %s: got %v, want %v", tt.pattern, tt.path, got, tt.want)
		}
	}
}

// TestInputs checks how sources expand into inputs.
func TestInputs(t *testing.T) {
	dir := t.TempDir()
	for name, content := range map[string]string{
		"idl/a.thrift":        "struct A {}\n",
		"idl/b.thrift":        "struct B {}\n",
		"idl/legacy/c.thrift": "struct C {}\n",
		"idl/d.json":          "{}\n",
		"empty/x.txt":         "x\n",
		"idl/v[1].thrift":     "struct V {}\n",
		"idl/v1.thrift":       "struct V1 {}\n",
	} {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	reg := convert.Builtin()
	tests := []struct {
		name       string
		sources    []string
		exclude    []string
		stdin      string
		fromThrift bool
		noStdin    bool
		want       []string // inputs relative to dir, or a message
		wantErr    string
		wantMulti  bool
		wantNote   string
	}{
		{name: "a file", sources: []string{"idl/a.thrift"}, want: []string{"idl/a.thrift"}},
		{name: "a folder", sources: []string{"idl"}, want: []string{"idl/a.thrift", "idl/b.thrift", "idl/legacy/c.thrift", "idl/v1.thrift", "idl/v[1].thrift"}, wantMulti: true,
			wantNote: "skipped 1 .json file, read only with from: jsonschema"},
		{name: "a folder less a pattern", sources: []string{"idl"}, exclude: []string{"legacy", "v*"}, want: []string{"idl/a.thrift", "idl/b.thrift"}, wantMulti: true},
		{name: "a pattern", sources: []string{"idl/[ab].thrift"}, want: []string{"idl/a.thrift", "idl/b.thrift"}, wantMulti: true},
		{name: "a file twice", sources: []string{"idl/a.thrift", "idl/a.thrift"}, want: []string{"idl/a.thrift"}},
		{name: "a file named is never excluded", sources: []string{"idl/a.thrift"}, exclude: []string{"*.thrift"}, want: []string{"idl/a.thrift"}},
		{name: "a pattern's matches are", sources: []string{"idl/[ab].thrift"}, exclude: []string{"b.thrift"}, want: []string{"idl/a.thrift"}},
		{name: "all excluded", sources: []string{"idl/*.thrift"}, exclude: []string{"*.thrift"}, wantErr: "every file the sources match is excluded"},
		{name: "a folder all excluded", sources: []string{"idl/legacy"}, exclude: []string{"*.thrift"}, wantErr: "idl/legacy: every schema file in it is excluded"},
		{name: "a literal name with brackets", sources: []string{"idl/v[1].thrift"}, want: []string{"idl/v[1].thrift"}},
		{name: "stdin is no source of a project file", sources: []string{"-"}, noStdin: true, wantErr: "standard input is a source on the command line only"},
		{name: "missing", sources: []string{"none.thrift"}, wantErr: "none.thrift: no such file or folder"},
		{name: "no match", sources: []string{"idl/*.proto"}, wantErr: `source "idl/*.proto" matches no file`},
		{name: "no schema files", sources: []string{"empty"}, wantErr: "empty: no schema files found"},
		{name: "stdin needs from", sources: []string{"-"}, wantErr: "reading standard input needs from: FORMAT"},
		{name: "stdin", sources: []string{"-"}, stdin: "struct S {}\n", fromThrift: true, want: []string{"stdin.thrift"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := conversion.New(reg)
			s.Dir, s.Sources, s.Exclude = dir, tt.sources, tt.exclude
			if tt.fromThrift {
				s.Options.From = "thrift"
			}
			var stdin io.Reader = strings.NewReader(tt.stdin)
			if tt.noStdin {
				stdin = nil
			}
			res, err := s.Inputs(reg, stdin)
			if tt.wantErr != "" {
				var se *conversion.SourceError
				if !errors.As(err, &se) || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("got %v, want a source error with %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, in := range res.Inputs {
				rel := in.Path
				if r, err := filepath.Rel(dir, in.Path); err == nil && !strings.HasPrefix(r, "..") {
					rel = filepath.ToSlash(r)
				}
				got = append(got, rel)
			}
			if strings.Join(got, " ") != strings.Join(tt.want, " ") {
				t.Errorf("inputs %v, want %v", got, tt.want)
			}
			if res.Multi != tt.wantMulti {
				t.Errorf("multi %v, want %v", res.Multi, tt.wantMulti)
			}
			if note := strings.Join(res.Notes, "\n"); !strings.Contains(note, tt.wantNote) {
				t.Errorf("notes %q, want %q", note, tt.wantNote)
			}
		})
	}
}

// TestRun checks that Run expands a spec's sources and converts them with
// the options given.
func TestRun(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "a.thrift"), []byte("struct A {\n  1: i32 a\n}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	reg := convert.Builtin()
	s := conversion.New(reg)
	s.Dir, s.Sources = dir, []string{"a.thrift"}
	if err := s.SetText(conversion.KeyNamed("to"), []string{"proto"}, reg); err != nil {
		t.Fatal(err)
	}
	res, err := conversion.Run(context.Background(), reg, s, s.Options, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Inputs) != 1 || len(res.Files) != 1 || !strings.Contains(string(res.Files[0].Content), "message A {") {
		t.Fatalf("inputs %v, outputs %v, diagnostics %v", res.Inputs, res.Files, res.Diagnostics)
	}
	s.Sources = []string{"a.thrift", "a.thrift", "missing.thrift"}
	if _, err := conversion.Run(context.Background(), reg, s, s.Options, nil); err == nil {
		t.Fatal("a missing source converts")
	}
}
