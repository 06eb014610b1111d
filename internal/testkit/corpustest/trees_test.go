package corpustest

import (
	"os"
	"path/filepath"
	"slices"
	"testing"
)

// writeTree writes files (slash path → content) under dir.
func writeTree(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	for name, content := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func TestImportRoots(t *testing.T) {
	tests := []struct {
		name  string
		files map[string]string
		want  []string // slash paths relative to the tree; "" is the tree
	}{
		{"no imports", map[string]string{"a.proto": "syntax = \"proto3\";\n"}, []string{""}},
		{"an import from the tree's root", map[string]string{
			"a.proto":   "import \"b/c.proto\";\n",
			"b/c.proto": "",
		}, []string{""}},
		{"an import under a folder", map[string]string{
			"src/x/a.proto":   "import \"y/b.proto\";\n",
			"src/y/b.proto":   "",
			"other/z/c.proto": "  import public \"z/c.proto\";\n",
		}, []string{"other", "src", ""}},
		{"innermost first, weak imports", map[string]string{
			"p/q/r/a.proto": "import weak \"r/a.proto\";\nimport \"q/r/a.proto\";\n",
		}, []string{"p/q", "p", ""}},
		{"a suffix that is not a whole path element", map[string]string{
			"xa/b.proto": "import \"a/b.proto\";\n",
		}, []string{""}},
		{"an import in a comment line", map[string]string{
			"a/b.proto": "// import \"b.proto\";\n",
		}, []string{""}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			writeTree(t, dir, tt.files)
			files, err := Files(dir, ".proto")
			if err != nil {
				t.Fatal(err)
			}
			got, err := ImportRoots(dir, files)
			if err != nil {
				t.Fatal(err)
			}
			var want []string
			for _, w := range tt.want {
				want = append(want, filepath.Join(dir, filepath.FromSlash(w)))
			}
			if !slices.Equal(got, want) {
				t.Errorf("ImportRoots = %q, want %q", got, want)
			}
		})
	}
}

func TestFiles(t *testing.T) {
	dir := t.TempDir()
	writeTree(t, dir, map[string]string{"b.thrift": "", "a/z.thrift": "", "a.thrift": "", "c.proto": "", "d.thrift.bak": ""})
	got, err := Files(dir, ".thrift")
	if err != nil {
		t.Fatal(err)
	}
	var want []string
	for _, w := range []string{"a.thrift", "a/z.thrift", "b.thrift"} {
		want = append(want, filepath.Join(dir, filepath.FromSlash(w)))
	}
	if !slices.Equal(got, want) {
		t.Errorf("Files = %q, want %q", got, want)
	}
	if _, err := Files(filepath.Join(dir, "absent"), ".thrift"); err == nil {
		t.Error("Files of an absent folder: no error")
	}
}

func TestProtoRoots(t *testing.T) {
	corpus := t.TempDir()
	writeTree(t, corpus, map[string]string{
		"envoy/api/a.proto":    "import \"validate/v.proto\";\nimport \"api/b.proto\";\n",
		"envoy/api/b.proto":    "",
		"pgv/validate/v.proto": "",
	})
	var trees []Tree
	for _, name := range []string{"envoy", "pgv"} {
		dir := filepath.Join(corpus, name)
		files, err := Files(dir, ".proto")
		if err != nil {
			t.Fatal(err)
		}
		trees = append(trees, Tree{Name: name, Dir: dir, Files: files})
	}
	k := &Kind{Root: corpus, Ext: ".proto", Trees: trees}
	global := k.ImportRoots(t)
	got := trees[0].ProtoRoots(t, global)
	// The tree's own roots, then the corpus's outside it: pgv, and the
	// corpus folder itself.
	want := []string{filepath.Join(corpus, "envoy"), filepath.Join(corpus, "pgv"), corpus}
	if !slices.Equal(got, want) {
		t.Errorf("ProtoRoots = %q, want %q", got, want)
	}
	if got, want := trees[0].IncludeDirs(trees[0].Files[0]), []string{trees[0].Dir, filepath.Join(corpus, "envoy", "api")}; !slices.Equal(got, want) {
		t.Errorf("IncludeDirs = %q, want %q", got, want)
	}
}
