package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/idlconv/idlconv/convert"
)

// treeEntry is what snapshot records of one path: its mode, and the
// content of a file or the target of a symbolic link.
type treeEntry struct {
	mode    fs.FileMode
	content string
}

// snapshot records every file, folder and link under dir (not dir
// itself) by slash-separated relative path.
func snapshot(t *testing.T, dir string) map[string]treeEntry {
	t.Helper()
	tree := map[string]treeEntry{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if p == dir {
			return nil
		}
		info, err := os.Lstat(p)
		if err != nil {
			return err
		}
		e := treeEntry{mode: info.Mode()}
		switch {
		case info.Mode().IsRegular():
			b, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			e.content = string(b)
		case info.Mode()&fs.ModeSymlink != 0:
			if e.content, err = os.Readlink(p); err != nil {
				return err
			}
		}
		rel, _ := filepath.Rel(dir, p)
		tree[filepath.ToSlash(rel)] = e
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return tree
}

// sameTree fails the test when after differs from before.
func sameTree(t *testing.T, before, after map[string]treeEntry) {
	t.Helper()
	var diffs []string
	for p, b := range before {
		a, ok := after[p]
		switch {
		case !ok:
			diffs = append(diffs, "removed "+p)
		case a.mode != b.mode:
			diffs = append(diffs, fmt.Sprintf("%s: mode %v, was %v", p, a.mode, b.mode))
		case a.content != b.content:
			diffs = append(diffs, fmt.Sprintf("%s: content %q, was %q", p, a.content, b.content))
		}
	}
	for p := range after {
		if _, ok := before[p]; !ok {
			diffs = append(diffs, "new "+p)
		}
	}
	sort.Strings(diffs)
	if len(diffs) > 0 {
		t.Errorf("the tree changed:\n  %s", strings.Join(diffs, "\n  "))
	}
}

// TestWriteRefusedOrFailedChangesNothing runs conversions whose outputs
// are refused before writing (escaping -o, colliding, replacing an input
// or a folder) or whose writing fails part-way, and checks each exits 1
// with an error naming the culprit and leaves every file, folder, mode
// and content under the test folder as it was: no temporary file, no new
// folder, no replaced output.
func TestWriteRefusedOrFailedChangesNothing(t *testing.T) {
	tests := []struct {
		name     string
		files    map[string]string
		setup    func(t *testing.T, dir string) // after files
		skipRoot string                         // reason to skip when root
		chdir    string                         // run from $D/chdir
		args     []string                       // "$D" is the test folder
		wantErr  *regexp.Regexp
	}{
		{
			// The first output replaces an existing file and the second
			// creates folders; the third's folder is a regular file, so
			// mkdir fails after two temporaries and two folders exist.
			name: "third output's folder is a file",
			files: map[string]string{
				"idl/a.thrift":          "struct A { 1: i32 a }\n",
				"idl/new/deep/b.thrift": "struct B { 1: i32 b }\n",
				"idl/sub/c.thrift":      "struct C { 1: i32 c }\n",
				"out/a.proto":           "old a\n",
				"out/sub":               "a file where a folder should be\n",
			},
			setup: func(t *testing.T, dir string) { chmod(t, filepath.Join(dir, "out/a.proto"), 0o600) },
			args:  []string{"convert", "-I", "$D/idl", "$D/idl/a.thrift", "$D/idl/new/deep/b.thrift", "$D/idl/sub/c.thrift", "--to", "proto", "-o", "$D/out"},
			wantErr: regexp.MustCompile(`^idlconv: creating the folder for \S+/out/sub/c\.proto: \S+/out/sub is not a folder
$`),
		},
		{
			name:    "output folder under a file",
			files:   map[string]string{"a.thrift": "struct A { 1: i32 a }\n", "f": "file\n"},
			args:    []string{"convert", "$D/a.thrift", "--to", "proto", "-o", "$D/f/out/"},
			wantErr: regexp.MustCompile(`creating the folder for \S+/f/out/a\.proto: \S+/f is not a folder`),
		},
		{
			name: "second output's folder is read-only",
			files: map[string]string{
				"idl/a.thrift":    "struct A { 1: i32 a }\n",
				"idl/ro/b.thrift": "struct B { 1: i32 b }\n",
				"out/a.proto":     "old a\n",
			},
			setup: func(t *testing.T, dir string) {
				ro := filepath.Join(dir, "out/ro")
				if err := os.Mkdir(ro, 0o555); err != nil {
					t.Fatal(err)
				}
				t.Cleanup(func() { os.Chmod(ro, 0o755) })
			},
			skipRoot: "root writes into read-only folders",
			args:     []string{"convert", "-I", "$D/idl", "$D/idl/a.thrift", "$D/idl/ro/b.thrift", "--to", "proto", "-o", "$D/out"},
			wantErr:  regexp.MustCompile(`writing \S+/out/ro/b\.proto: .*permission denied`),
		},
		{
			// cd a/b; idlconv convert ../../x.thrift ../y.thrift -I .. -o out:
			// x.thrift is outside the -I root, its output path is
			// "../x.proto", which would land in a/b, outside out.
			name: "output path with .. escapes -o",
			files: map[string]string{
				"x.thrift":    "struct X { 1: i32 x }\n",
				"a/y.thrift":  "struct Y { 1: i32 y }\n",
				"a/b/x.proto": "not to be replaced\n",
			},
			chdir:   "a/b",
			args:    []string{"convert", "../../x.thrift", "../y.thrift", "-I", "..", "--to", "proto", "-o", "out"},
			wantErr: regexp.MustCompile(`^idlconv: output "\.\./x\.proto" of \.\./\.\./x\.thrift: the path leads out of the output folder; refusing to write outside the output folder out\n$`),
		},
		{
			name: "output through a symbolic link in -o escapes it",
			files: map[string]string{
				"idl/a.thrift":     "struct A { 1: i32 a }\n",
				"idl/sub/x.thrift": "struct X { 1: i32 x }\n",
				"elsewhere/keep":   "keep\n",
			},
			setup: func(t *testing.T, dir string) {
				symlink(t, filepath.Join(dir, "elsewhere"), filepath.Join(dir, "out/sub"))
			},
			args:    []string{"convert", "$D/idl", "--to", "proto", "-o", "$D/out"},
			wantErr: regexp.MustCompile(`output "sub/x\.proto" of \S+/idl/sub/x\.thrift: the path leads out of the output folder through a symbolic link`),
		},
		{
			name: "two outputs on one path",
			files: map[string]string{
				"x/dup.thrift": "struct X { 1: i32 x }\n",
				"y/dup.thrift": "struct Y { 1: i32 y }\n",
			},
			args: []string{"convert", "$D/x/dup.thrift", "$D/y/dup.thrift", "--to", "proto", "-o", "$D/out"},
			// convert may report the collision first, as a diagnostic
			// naming both inputs; TestWriteOutputCollisions checks
			// writeOutputs' own refusal.
			wantErr: regexp.MustCompile(`\S+/x/dup\.thrift and \S+/y/dup\.thrift would both be written`),
		},
		{
			// Thrift read from p.proto: its output p.proto in the same
			// folder is the input.
			name:    "output is the input, -o its folder",
			files:   map[string]string{"p.proto": "struct P { 1: i32 p }\n"},
			args:    []string{"convert", "$D/p.proto", "--from", "thrift", "--to", "proto", "-o", "$D"},
			wantErr: regexp.MustCompile(`^idlconv: \S+/p\.proto: the output of \S+/p\.proto would replace the input \S+/p\.proto; nothing was written\n$`),
		},
		{
			name:    "output is the input, -o the file",
			files:   map[string]string{"p.proto": "struct P { 1: i32 p }\n"},
			args:    []string{"convert", "$D/p.proto", "--from", "thrift", "--to", "proto", "-o", "$D/p.proto"},
			wantErr: regexp.MustCompile(`would replace the input \S+/p\.proto`),
		},
		{
			// Another path, the same file: only os.SameFile sees it.
			name:    "output is the input through a linked folder",
			files:   map[string]string{"src/p.proto": "struct P { 1: i32 p }\n"},
			setup:   func(t *testing.T, dir string) { symlink(t, filepath.Join(dir, "src"), filepath.Join(dir, "link")) },
			args:    []string{"convert", "$D/src/p.proto", "--from", "thrift", "--to", "proto", "-o", "$D/link/"},
			wantErr: regexp.MustCompile(`\S+/link/p\.proto: the output of \S+ would replace the input \S+/src/p\.proto`),
		},
		{
			name: "output would replace a folder",
			files: map[string]string{
				"idl/a.thrift":        "struct A { 1: i32 a }\n",
				"idl/b.thrift":        "struct B { 1: i32 b }\n",
				"out/b.proto/keep.me": "keep\n",
			},
			args:    []string{"convert", "$D/idl", "--to", "proto", "-o", "$D/out"},
			wantErr: regexp.MustCompile(`\S+/out/b\.proto: the output of \S+/idl/b\.thrift would replace a folder`),
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.skipRoot != "" && os.Geteuid() == 0 {
				t.Skipf("running as root: %s", tt.skipRoot)
			}
			dir := t.TempDir()
			writeFiles(t, dir, tt.files)
			if tt.setup != nil {
				tt.setup(t, dir)
			}
			if tt.chdir != "" {
				if err := os.MkdirAll(filepath.Join(dir, tt.chdir), 0o755); err != nil {
					t.Fatal(err)
				}
				t.Chdir(filepath.Join(dir, tt.chdir))
			}
			var args []string
			for _, a := range tt.args {
				args = append(args, strings.ReplaceAll(a, "$D", dir))
			}
			before := snapshot(t, dir)
			var stdout, stderr bytes.Buffer
			code := Main(args, strings.NewReader(""), &stdout, &stderr)
			if code != exitError {
				t.Errorf("exit code %d, want %d\nstderr:\n%s", code, exitError, stderr.String())
			}
			if !tt.wantErr.MatchString(stderr.String()) {
				t.Errorf("stderr does not match %s:\n%s", tt.wantErr, stderr.String())
			}
			sameTree(t, before, snapshot(t, dir))
		})
	}
}

// TestOutputPathConfinement hands writeOutputs output paths directly,
// including absolute ones no front-end makes today: each hostile path is
// refused with an error quoting it and nothing changes; each safe path
// lands where expected inside -o.
func TestOutputPathConfinement(t *testing.T) {
	tests := []struct {
		path string
		want string // file written under out, or "" when refused
	}{
		{"a.proto", "a.proto"},
		{"a/b.proto", "a/b.proto"},
		{"./a.proto", "a.proto"},
		{"a/../b.proto", "b.proto"},
		{"..a.proto", "..a.proto"}, // a name starting with "..", not a parent
		{"../x.proto", ""},
		{"a/../../x.proto", ""},
		{"..", ""},
		{"/tmp/x.proto", ""},
		{"/x.proto", ""},
		{"", ""},
		{".", ""},
		{"a/..", ""},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("%q", tt.path), func(t *testing.T) {
			dir := t.TempDir()
			writeFiles(t, dir, map[string]string{"out/keep": "keep\n", "x.proto": "outside\n"})
			before := snapshot(t, dir)
			files := []convert.OutputFile{
				{Path: "first.proto", Source: "first.thrift", Content: []byte("first\n")},
				{Path: tt.path, Source: "hostile.thrift", Content: []byte("content\n")},
			}
			err := writeOutputs(context.Background(), files, nil, filepath.Join(dir, "out"), true, nil)
			if tt.want == "" {
				if err == nil || !strings.Contains(err.Error(), fmt.Sprintf("output %q of hostile.thrift", tt.path)) {
					t.Errorf("error %v, want a refusal naming %q", err, tt.path)
				}
				sameTree(t, before, snapshot(t, dir))
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			after := snapshot(t, dir)
			if got := after["out/"+tt.want].content; got != "content\n" {
				t.Errorf("out/%s holds %q", tt.want, got)
			}
			if got := after["out/first.proto"].content; got != "first\n" {
				t.Errorf("out/first.proto holds %q", got)
			}
		})
	}
}

// TestWriteOutputCollisions hands writeOutputs outputs whose paths differ
// as strings but not as destinations: the second is refused with an
// error naming both sources, and nothing changes.
func TestWriteOutputCollisions(t *testing.T) {
	for _, tt := range []struct{ first, second string }{
		{"dup.proto", "dup.proto"},
		{"dup.proto", "./dup.proto"},
		{"a/dup.proto", "b/../a/dup.proto"},
		{"a/dup.proto", "a//dup.proto"},
	} {
		t.Run(tt.first+" "+tt.second, func(t *testing.T) {
			dir := t.TempDir()
			writeFiles(t, dir, map[string]string{"out/dup.proto": "old\n"})
			before := snapshot(t, dir)
			files := []convert.OutputFile{
				{Path: tt.first, Source: "x/dup.thrift", Content: []byte("x\n")},
				{Path: tt.second, Source: "y/dup.thrift", Content: []byte("y\n")},
			}
			err := writeOutputs(context.Background(), files, nil, filepath.Join(dir, "out"), true, nil)
			if err == nil || !strings.Contains(err.Error(), "the outputs of x/dup.thrift and y/dup.thrift would both be written there") {
				t.Errorf("error %v, want a refusal naming both sources", err)
			}
			sameTree(t, before, snapshot(t, dir))
		})
	}
}

// TestWriteKeepsMode checks that a replaced output keeps its permission
// bits, that a new one gets 0644 whatever the umask, and that no
// temporary file remains after a successful run.
func TestWriteKeepsMode(t *testing.T) {
	for _, mode := range []fs.FileMode{0o600, 0o640, 0o755, 0o444} {
		t.Run(mode.String(), func(t *testing.T) {
			dir := t.TempDir()
			writeFiles(t, dir, map[string]string{
				"idl/a.thrift": "struct A { 1: i32 a }\n",
				"idl/b.thrift": "struct B { 1: i32 b }\n",
				"out/a.proto":  "old\n",
			})
			chmod(t, filepath.Join(dir, "out/a.proto"), mode)
			var stdout, stderr bytes.Buffer
			if code := Main([]string{"convert", filepath.Join(dir, "idl"), "--to", "proto", "-o", filepath.Join(dir, "out")}, strings.NewReader(""), &stdout, &stderr); code != 0 {
				t.Fatalf("exit %d: %s", code, stderr.String())
			}
			after := snapshot(t, dir)
			if a := after["out/a.proto"]; a.mode != mode || !strings.Contains(a.content, "message A {") {
				t.Errorf("out/a.proto: mode %v, want %v; content:\n%s", a.mode, mode, a.content)
			}
			if b := after["out/b.proto"]; b.mode != 0o644 || !strings.Contains(b.content, "message B {") {
				t.Errorf("out/b.proto: mode %v, want 0644; content:\n%s", b.mode, b.content)
			}
			if got := strings.Join(listFiles(t, filepath.Join(dir, "out")), ","); got != "a.proto,b.proto" {
				t.Errorf("files under out: %s, want a.proto,b.proto", got)
			}
		})
	}
}

// TestWriteInterruptedInProcess cancels the write phase in-process (as a
// signal does): the temporary file and the folders made for it are
// removed, the error is errInterrupted, and nothing changes.
func TestWriteInterruptedInProcess(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{"out/b.proto": "old\n"})
	before := snapshot(t, dir)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	files := []convert.OutputFile{
		{Path: "new/deep/a.proto", Source: "a.thrift", Content: []byte("a\n")},
		{Path: "b.proto", Source: "b.thrift", Content: []byte("b\n")},
	}
	err := writeOutputs(ctx, files, nil, filepath.Join(dir, "out"), true, nil)
	if !errors.Is(err, errInterrupted) {
		t.Errorf("error %v, want %v", err, errInterrupted)
	}
	sameTree(t, before, snapshot(t, dir))
}

// temporaries lists the temporary output files under dir.
func temporaries(t *testing.T, dir string) []string {
	t.Helper()
	var tmps []string
	for _, f := range listFiles(t, dir) {
		if b := filepath.Base(f); strings.HasPrefix(b, ".") && strings.Contains(b, ".tmp") {
			tmps = append(tmps, f)
		}
	}
	return tmps
}

func chmod(t *testing.T, p string, mode fs.FileMode) {
	t.Helper()
	if err := os.Chmod(p, mode); err != nil {
		t.Fatal(err)
	}
}

func symlink(t *testing.T, target, link string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(link), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(target, link); err != nil {
		t.Skipf("cannot make symbolic links: %v", err)
	}
}
