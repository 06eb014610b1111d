package corpustest

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"
)

// Kind is one part of the corpus, e.g. ../shared/corpus/proto: its trees,
// one folder per project, and their files.
type Kind struct {
	// Root is the kind's folder.
	Root string
	// Ext is the extension of its files (".thrift", ".proto", ".json").
	Ext string
	// Trees are its trees, by name.
	Trees []Tree
}

// Tree is one project's folder in a kind of the corpus, e.g.
// googleapis-googleapis.
type Tree struct {
	// Name is the folder's name.
	Name string
	// Dir is its path.
	Dir string
	// Files are the files under it with the kind's extension, sorted.
	Files []string
}

// ext is the extension of the files of a kind, or "" for no kind.
func ext(kind string) string {
	switch kind {
	case "thrift":
		return ".thrift"
	case "proto":
		return ".proto"
	case "jsonschema":
		return ".json"
	}
	return ""
}

// Load lists the trees of kind ("thrift", "proto", "jsonschema") and
// their files, or skips the test when the corpus is absent (see [Dir]).
func Load(t testing.TB, kind string) *Kind {
	t.Helper()
	k := &Kind{Ext: ext(kind)}
	if k.Ext == "" {
		t.Fatalf("corpustest: no corpus kind %q", kind)
	}
	k.Root = Dir(t, kind)
	entries, err := os.ReadDir(k.Root)
	if err != nil {
		t.Fatalf("corpustest: %v", err)
	}
	for _, e := range entries {
		if !e.IsDir() {
			continue
		}
		dir := filepath.Join(k.Root, e.Name())
		files, err := Files(dir, k.Ext)
		if err != nil {
			t.Fatal(err)
		}
		k.Trees = append(k.Trees, Tree{Name: e.Name(), Dir: dir, Files: files})
	}
	return k
}

// Tree returns the tree of that name, or fails the test.
func (k *Kind) Tree(t testing.TB, name string) Tree {
	t.Helper()
	for _, tr := range k.Trees {
		if tr.Name == name {
			return tr
		}
	}
	t.Fatalf("corpustest: no tree %s in %s", name, k.Root)
	return Tree{}
}

// Files returns the files of every tree, tree by tree.
func (k *Kind) Files() []string {
	var files []string
	for _, tr := range k.Trees {
		files = append(files, tr.Files...)
	}
	return files
}

// Files lists the files under dir whose names end in ext, sorted.
func Files(dir, ext string) ([]string, error) {
	var files []string
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() && strings.HasSuffix(p, ext) {
			files = append(files, p)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("corpustest: listing the %s files of %s: %w", ext, dir, err)
	}
	sort.Strings(files)
	return files, nil
}

// IncludeDirs are the include folders a Thrift file of the tree is
// converted with: the tree, then the file's own folder.
func (tr Tree) IncludeDirs(file string) []string {
	return []string{tr.Dir, filepath.Dir(file)}
}

// ImportRoots returns the import roots of the tree's .proto files (see
// [ImportRoots]), or fails the test.
func (tr Tree) ImportRoots(t testing.TB) []string {
	t.Helper()
	roots, err := ImportRoots(tr.Dir, tr.Files)
	if err != nil {
		t.Fatal(err)
	}
	return roots
}

// ImportRoots returns the import roots of every .proto file of the kind
// (see [ImportRoots]), or fails the test.
func (k *Kind) ImportRoots(t testing.TB) []string {
	t.Helper()
	roots, err := ImportRoots(k.Root, k.Files())
	if err != nil {
		t.Fatal(err)
	}
	return roots
}

// ProtoRoots are the import roots a .proto file of the tree is converted
// with: the tree's own, then those of the whole corpus (corpus, from
// [Kind.ImportRoots]) outside the tree, since imports cross trees (envoy
// imports validate/ and udpa/).
func (tr Tree) ProtoRoots(t testing.TB, corpus []string) []string {
	t.Helper()
	roots := tr.ImportRoots(t)
	for _, r := range corpus {
		if !strings.HasPrefix(r+string(filepath.Separator), tr.Dir+string(filepath.Separator)) {
			roots = append(roots, r)
		}
	}
	return roots
}

// importRe matches the imports of a .proto file.
var importRe = regexp.MustCompile(`(?m)^\s*import\s+(?:public\s+|weak\s+)?"([^"]+)"`)

// ImportRoots finds the import roots of a tree of .proto files under dir:
// dir, and every folder F such that F/X is one of files for some path X
// that one of them imports. Longest first, so that a file is named
// relative to its innermost root.
func ImportRoots(dir string, files []string) ([]string, error) {
	rels := map[string]bool{}
	for _, p := range files {
		rel, err := filepath.Rel(dir, p)
		if err != nil {
			return nil, fmt.Errorf("corpustest: import roots: %w", err)
		}
		rels[filepath.ToSlash(rel)] = true
	}
	roots := map[string]bool{dir: true}
	for _, p := range files {
		src, err := os.ReadFile(p)
		if err != nil {
			return nil, fmt.Errorf("corpustest: import roots: %w", err)
		}
		for _, m := range importRe.FindAllStringSubmatch(string(src), -1) {
			for rel := range rels {
				if prefix, ok := strings.CutSuffix(rel, m[1]); ok && (prefix == "" || strings.HasSuffix(prefix, "/")) {
					roots[filepath.Join(dir, filepath.FromSlash(prefix))] = true
				}
			}
		}
	}
	var out []string
	for r := range roots {
		out = append(out, filepath.Clean(r))
	}
	sort.Slice(out, func(i, j int) bool {
		if len(out[i]) != len(out[j]) {
			return len(out[i]) > len(out[j])
		}
		return out[i] < out[j]
	})
	return out, nil
}
