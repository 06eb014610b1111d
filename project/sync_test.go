package project_test

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/idlconv/idlconv/convert"
	"github.com/idlconv/idlconv/idlock"
	"github.com/idlconv/idlconv/project"
)

// writeTree writes files (slash paths) under dir.
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

// TestOutputBounds checks that an output outside the project folder
// (absolute, or by ..) or over the project's own files is an
// invalid-config error at its output key, and that absolute outputs
// inside the folder are fine.
func TestOutputBounds(t *testing.T) {
	dir, outside := t.TempDir(), t.TempDir()
	reg := convert.Builtin()
	path := filepath.Join(dir, project.FileName)
	tests := []struct{ output, want string }{
		{filepath.Join(outside, "a.proto"), "lies outside the project folder"},
		{filepath.Join(outside, "gen") + "/", "lies outside the project folder"},
		{"../a.proto", "lies outside the project folder"},
		{"gen/../../a.proto", "lies outside the project folder"},
		{"idlconv.lock", "is the ID lock idlconv.lock: sync would overwrite it"},
		{"./gen/../idlconv.yaml", "is the project file: sync would overwrite it"},
		{filepath.Join(dir, "idlconv.lock.lk"), "is the ID lock's guard idlconv.lock.lk"},
		{filepath.Join(dir, "gen", "a.proto"), ""},
		{"gen/", ""},
		{"./", ""},
	}
	// A project folder reached through a symbolic link holds its outputs.
	link := filepath.Join(outside, "link")
	if err := os.Symlink(dir, link); err != nil {
		t.Fatal(err)
	}
	if _, err := project.Parse(filepath.Join(link, project.FileName), []byte("conversions:\n  - {sources: a.thrift, to: proto, output: gen/a.proto}\n"), reg); err != nil {
		t.Errorf("a project through a link: %v", err)
	}
	for _, tt := range tests {
		t.Run(tt.output, func(t *testing.T) {
			src := fmt.Sprintf("conversions:\n  - sources: a.thrift\n    to: proto\n    output: %q\n", tt.output)
			_, err := project.Parse(path, []byte(src), reg)
			switch {
			case tt.want == "" && err != nil:
				t.Fatalf("refused: %v", err)
			case tt.want == "":
			case err == nil:
				t.Fatalf("accepted, want %q", tt.want)
			case !strings.HasPrefix(err.Error(), path+":4:13: output ") || !strings.Contains(err.Error(), tt.want):
				t.Fatalf("%v, want %s:4:13: …%s", err, path, tt.want)
			}
		})
	}
}

// TestSyncRefusesOutsideOutputs checks that Sync itself refuses what a
// project file cannot say (a Config built by hand) and what only the
// files of a folder output show: an invalid-config error at the
// conversion, and nothing written.
func TestSyncRefusesOutsideOutputs(t *testing.T) {
	dir, outside := t.TempDir(), t.TempDir()
	writeTree(t, dir, map[string]string{"a.thrift": "struct A {\n  1: string a\n}\n"})
	reg := convert.Builtin()
	cfg, err := project.Parse(filepath.Join(dir, project.FileName), []byte("conversions:\n  - {sources: a.thrift, to: proto, output: gen/a.proto}\n"), reg)
	if err != nil {
		t.Fatal(err)
	}
	cfg.Conversions[0].Output = filepath.Join(outside, "a.proto")
	res, err := project.Sync(context.Background(), reg, cfg, project.SyncOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Diagnostics) != 1 || !strings.Contains(res.Diagnostics[0].Msg, "lies outside the project folder") || res.Diagnostics[0].Pos.Line != 2 || res.Written {
		t.Errorf("diagnostics %v, written %v; want one error at the conversion, nothing written", res.Diagnostics, res.Written)
	}
	for _, d := range []string{dir, outside} {
		entries, _ := os.ReadDir(d)
		if d == outside && len(entries) != 0 || d == dir && len(entries) != 1 {
			t.Errorf("%s holds %v after the refused sync", d, entries)
		}
	}
}

// TestSyncWaitsForGuard checks that a sync waits while another holds the
// lock's guard, and fails after its LockWait with a message that says
// why, writing nothing.
func TestSyncWaitsForGuard(t *testing.T) {
	dir := t.TempDir()
	writeTree(t, dir, map[string]string{"a.thrift": "struct A {\n  1: string a\n}\n"})
	reg := convert.Builtin()
	cfg, err := project.Parse(filepath.Join(dir, project.FileName), []byte("conversions:\n  - {sources: a.thrift, to: proto, output: gen/a.proto}\n"), reg)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	g, err := idlock.Acquire(ctx, dir, time.Second)
	if err != nil {
		t.Fatal(err)
	}
	for _, check := range []bool{false, true} {
		_, err := project.Sync(ctx, reg, cfg, project.SyncOptions{Check: check, LockWait: 30 * time.Millisecond})
		if err == nil || !strings.Contains(err.Error(), "is held by another idlconv sync of this project: gave up after waiting 30ms") {
			t.Errorf("check %v: %v, want it to give up waiting", check, err)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "gen")); !os.IsNotExist(err) {
		t.Errorf("a sync that gave up wrote gen: %v", err)
	}
	g.Release()
	if res, err := project.Sync(ctx, reg, cfg, project.SyncOptions{}); err != nil || !res.Written {
		t.Fatalf("after the guard is released: %v", err)
	}
}

// childEnv names the project file a child process of
// TestConcurrentSyncs syncs (TestSyncChild).
const childEnv = "IDLCONV_TEST_SYNC_CHILD"

// TestSyncChild is a child process of TestConcurrentSyncs: it waits for
// the file "go" beside the project file, then syncs.
func TestSyncChild(t *testing.T) {
	path := os.Getenv(childEnv)
	if path == "" {
		t.Skip("run by TestConcurrentSyncs")
	}
	for deadline := time.Now().Add(5 * time.Second); ; time.Sleep(time.Millisecond) {
		if _, err := os.Stat(filepath.Join(filepath.Dir(path), "go")); err == nil {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("no go file")
		}
	}
	reg := convert.Builtin()
	cfg, err := project.Load(path, reg)
	if err != nil {
		t.Fatal(err)
	}
	res, err := project.Sync(context.Background(), reg, cfg, project.SyncOptions{})
	if err != nil || res.Diagnostics.HasErrors() {
		t.Fatalf("%v %v", err, res.Diagnostics)
	}
}

// TestConcurrentSyncs runs two syncs at once, in two processes, of two
// project files in one folder, which share its lock: the guard makes
// them run one after the other, so that the lock holds the types of
// both, every time.
func TestConcurrentSyncs(t *testing.T) {
	if os.Getenv(childEnv) != "" {
		t.Skip("a child")
	}
	dir := t.TempDir()
	files := map[string]string{
		"a.yaml": "conversions:\n  - {sources: a, to: proto, output: gen/a/}\n",
		"b.yaml": "conversions:\n  - {sources: b, to: proto, output: gen/b/}\n",
	}
	const perSide = 20
	for _, side := range []string{"a", "b"} {
		for i := range perSide {
			files[fmt.Sprintf("%s/t%d.thrift", side, i)] = fmt.Sprintf("struct %s%d {\n  1: string x\n  2: i64 y\n}\n", strings.ToUpper(side), i)
		}
	}
	writeTree(t, dir, files)
	for run := range 10 {
		for _, p := range []string{"go", idlock.FileName, "gen"} {
			if err := os.RemoveAll(filepath.Join(dir, p)); err != nil {
				t.Fatal(err)
			}
		}
		var cmds []*exec.Cmd
		var outs []*bytes.Buffer
		for _, cfg := range []string{"a.yaml", "b.yaml"} {
			cmd := exec.Command(os.Args[0], "-test.run=^TestSyncChild$")
			cmd.Env = append(os.Environ(), childEnv+"="+filepath.Join(dir, cfg))
			out := &bytes.Buffer{}
			cmd.Stdout, cmd.Stderr = out, out
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			cmds, outs = append(cmds, cmd), append(outs, out)
		}
		writeTree(t, dir, map[string]string{"go": ""})
		for i, cmd := range cmds {
			if err := cmd.Wait(); err != nil {
				t.Fatalf("run %d: a sync failed: %v\n%s", run, err, outs[i])
			}
		}
		src, err := os.ReadFile(filepath.Join(dir, idlock.FileName))
		if err != nil {
			t.Fatal(err)
		}
		l, err := idlock.Parse(idlock.FileName, src)
		if err != nil {
			t.Fatal(err)
		}
		if len(l.Types) != 2*perSide {
			t.Fatalf("run %d: the lock holds %d types, want %d:\n%s", run, len(l.Types), 2*perSide, src)
		}
	}
}

// TestSyncBeforeConvert checks that BeforeConvert sees the inputs of
// every conversion once, before any is converted (no output exists yet).
func TestSyncBeforeConvert(t *testing.T) {
	dir := t.TempDir()
	writeTree(t, dir, map[string]string{
		"a.thrift": "struct A {\n  1: string a\n}\n",
		"b.thrift": "struct B {\n  1: string b\n}\n",
	})
	reg := convert.Builtin()
	cfg, err := project.Parse(filepath.Join(dir, project.FileName), []byte("conversions:\n  - {sources: a.thrift, to: proto, output: gen/a.proto}\n  - {sources: [a.thrift, b.thrift], to: jsonschema, output: gen/json/}\n"), reg)
	if err != nil {
		t.Fatal(err)
	}
	var calls []string
	res, err := project.Sync(context.Background(), reg, cfg, project.SyncOptions{BeforeConvert: func(inputs []convert.Input) {
		for _, in := range inputs {
			calls = append(calls, filepath.Base(in.Path))
		}
		if _, err := os.Stat(filepath.Join(dir, "gen")); !os.IsNotExist(err) {
			t.Errorf("outputs exist before the conversions: %v", err)
		}
	}})
	if err != nil || !res.Written {
		t.Fatalf("%v %v", err, res.Diagnostics)
	}
	if got := strings.Join(calls, " "); got != "a.thrift a.thrift b.thrift" {
		t.Errorf("BeforeConvert saw %s, want a.thrift a.thrift b.thrift", got)
	}
}

// TestCheckReadOnly checks that Check goes on without the guard in a
// folder where it cannot make the guard file (a read-only checkout),
// while a sync, which would write, fails there.
func TestCheckReadOnly(t *testing.T) {
	if os.Geteuid() == 0 {
		t.Skip("root writes in read-only folders")
	}
	dir := t.TempDir()
	writeTree(t, dir, map[string]string{"a.thrift": "struct A {\n  1: string a\n}\n"})
	reg := convert.Builtin()
	cfg, err := project.Parse(filepath.Join(dir, project.FileName), []byte("conversions:\n  - {sources: a.thrift, to: proto, output: gen/a.proto}\n"), reg)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(dir, 0o555); err != nil {
		t.Fatal(err)
	}
	defer os.Chmod(dir, 0o755)
	res, err := project.Sync(context.Background(), reg, cfg, project.SyncOptions{Check: true})
	if err != nil || len(res.Changed) != 2 {
		t.Errorf("check in a read-only folder: %v, %d changes (want the output and the lock)", err, len(res.Changed))
	}
	if _, err := project.Sync(context.Background(), reg, cfg, project.SyncOptions{}); err == nil || !strings.Contains(err.Error(), "locking") {
		t.Errorf("sync in a read-only folder: %v, want an error locking the guard", err)
	}
}
