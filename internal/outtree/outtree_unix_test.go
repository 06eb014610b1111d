//go:build unix

package outtree

import (
	"context"
	"errors"
	"io/fs"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/idlconv/idlconv/convert"
)

// TestPlanRefusesWhatIsNotARegularFile plans an output over each kind of
// file: a named pipe, a device, a socket, a folder, or a symbolic link to
// one, are refused naming the destination and what it is; a regular
// file, a link to one, a dangling link and nothing are planned.
func TestPlanRefusesWhatIsNotARegularFile(t *testing.T) {
	tests := []struct {
		name  string
		setup func(t *testing.T, dest string)
		want  string // the refusal after "DEST: the output of a.thrift would replace ", or "" when planned
	}{
		{"absent", func(t *testing.T, dest string) {}, ""},
		{"regular file", func(t *testing.T, dest string) { writeFile(t, dest, "old\n") }, ""},
		{"link to a regular file", func(t *testing.T, dest string) {
			writeFile(t, dest+".target", "old\n")
			symlink(t, dest+".target", dest)
		}, ""},
		{"dangling link", func(t *testing.T, dest string) { symlink(t, dest+".nowhere", dest) }, ""},
		{"named pipe", func(t *testing.T, dest string) { mkfifo(t, dest) }, "a named pipe, not a regular file"},
		{"link to a named pipe", func(t *testing.T, dest string) {
			mkfifo(t, dest+".fifo")
			symlink(t, dest+".fifo", dest)
		}, "a symbolic link to a named pipe, not a regular file"},
		{"link to /dev/zero", func(t *testing.T, dest string) { symlink(t, "/dev/zero", dest) }, "a symbolic link to a character device, not a regular file"},
		{"socket", func(t *testing.T, dest string) { listenUnix(t, dest) }, "a socket, not a regular file"},
		{"folder", func(t *testing.T, dest string) { mkdir(t, dest) }, "a folder"},
		{"link to a folder", func(t *testing.T, dest string) {
			mkdir(t, dest+".dir")
			symlink(t, dest+".dir", dest)
		}, "a symbolic link to a folder"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			// A short folder name: a socket's path is at most 108 bytes.
			dir, err := os.MkdirTemp("", "ot")
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { os.RemoveAll(dir) })
			dest := filepath.Join(dir, "a.proto")
			tt.setup(t, dest)
			files := []convert.OutputFile{{Path: "a.proto", Source: "a.thrift", Content: []byte("new\n")}}
			plan, err := Plan(files, IndexInputs(nil), dir, true)
			if tt.want == "" {
				if err != nil || len(plan) != 1 {
					t.Fatalf("Plan: %v", err)
				}
				return
			}
			want := dest + ": the output of a.thrift would replace " + tt.want + "; nothing was written"
			if err == nil || err.Error() != want {
				t.Errorf("error %v, want %s", err, want)
			}
		})
	}
}

// TestReadRegular reads what an output would replace: a named pipe
// (that no one writes: opening it for reading would block), a device
// without end and a file over the limit are errors naming the file, at
// once and without reading them; a missing file is fs.ErrNotExist.
func TestReadRegular(t *testing.T) {
	dir := t.TempDir()
	fifo := filepath.Join(dir, "fifo")
	mkfifo(t, fifo)
	zero := filepath.Join(dir, "zero")
	symlink(t, "/dev/zero", zero)
	big := filepath.Join(dir, "big")
	writeFile(t, big, strings.Repeat("x", 101))
	small := filepath.Join(dir, "small")
	writeFile(t, small, strings.Repeat("x", 100))
	tests := []struct {
		path string
		want string // the error, or "" for the content of small
	}{
		{fifo, fifo + " is a named pipe, not a regular file"},
		{zero, zero + " is a character device, not a regular file"},
		{big, big + " has 101 bytes, more than the 100 idlconv reads"},
		{small, ""},
		{filepath.Join(dir, "missing"), "no such file"},
	}
	for _, tt := range tests {
		t.Run(filepath.Base(tt.path), func(t *testing.T) {
			done := make(chan struct{})
			var b []byte
			var err error
			go func() {
				b, err = ReadRegular(tt.path, 100)
				close(done)
			}()
			select {
			case <-done:
			case <-time.After(5 * time.Second):
				t.Fatal("ReadRegular blocked")
			}
			switch {
			case tt.want == "":
				if err != nil || len(b) != 100 {
					t.Errorf("%d bytes, error %v", len(b), err)
				}
			case err == nil || !strings.Contains(err.Error(), tt.want):
				t.Errorf("error %v, want %q", err, tt.want)
			}
		})
	}
	if _, err := ReadRegular(filepath.Join(dir, "missing"), 100); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("a missing file: %v, want fs.ErrNotExist", err)
	}
}

// TestCommitRemovesLeftovers puts in an output folder the temporary
// file of a process that has ended, one of a process that runs, and
// files that only look like temporaries: Commit removes the first (a
// note names it) and nothing else, and writes the output.
func TestCommitRemovesLeftovers(t *testing.T) {
	dir := t.TempDir()
	ended := endedPID(t)
	running := os.Getppid() // the go command, or a shell: it runs
	if running <= 1 {
		t.Skip("no parent process to stand for a running one")
	}
	dead := ".a.proto.idlconv-" + strconv.Itoa(ended) + "-123456.tmp"
	kept := []string{
		".a.proto.idlconv-" + strconv.Itoa(running) + "-123456.tmp", // a run still alive
		".b.proto.idlconv-" + strconv.Itoa(os.Getpid()) + "-1.tmp",  // this process's
		"a.proto.idlconv-" + strconv.Itoa(ended) + "-1.tmp",         // no leading dot
		".a.proto.idlconv-" + strconv.Itoa(ended) + "-1.tmp~",       // another ending
		".a.proto.tmp123456", // the old naming: not known to be ours
		"keep.proto",
	}
	writeFile(t, filepath.Join(dir, dead), "partial")
	for _, k := range kept {
		writeFile(t, filepath.Join(dir, k), "keep")
	}
	folder := ".c.proto.idlconv-" + strconv.Itoa(ended) + "-1.tmp" // a folder, not a file
	mkdir(t, filepath.Join(dir, folder))
	var notes []string
	g := &Guard{Note: func(s string) { notes = append(notes, s) }}
	ctx := WithGuard(context.Background(), g)
	plan := []*File{{Dest: filepath.Join(dir, "a.proto"), Source: "a.thrift", Content: []byte("new\n"), Mode: 0o644}}
	if err := Commit(ctx, plan, 0); err != nil {
		t.Fatal(err)
	}
	want := "idlconv: removed " + filepath.ToSlash(filepath.Join(dir, dead)) + ", left by an idlconv run that ended (process " + strconv.Itoa(ended) + ")"
	if len(notes) != 1 || notes[0] != want {
		t.Errorf("notes %q, want [%q]", notes, want)
	}
	var got []string
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		got = append(got, e.Name())
	}
	wantNames := append([]string{"a.proto", folder}, kept...)
	slices.Sort(got)
	slices.Sort(wantNames)
	if !slices.Equal(got, wantNames) {
		t.Errorf("files %q, want %q", got, wantNames)
	}
}

// TestTemporaryNames checks that a temporary file's name is one
// removeLeftovers recognises, with this process's PID.
func TestTemporaryNames(t *testing.T) {
	dir := t.TempDir()
	f := &File{Dest: filepath.Join(dir, "x.y.proto"), Content: []byte("x"), Mode: 0o644}
	if err := f.writeTemp(); err != nil {
		t.Fatal(err)
	}
	name := filepath.Base(f.tmp)
	if !regexp.MustCompile(`^\.x\.y\.proto\.idlconv-[0-9]+-[0-9]+\.tmp$`).MatchString(name) {
		t.Errorf("temporary %q", name)
	}
	if pid, ok := leftoverPID(name); !ok || pid != os.Getpid() {
		t.Errorf("leftoverPID(%q) = %d, %v, want %d", name, pid, ok, os.Getpid())
	}
}

// TestGuard stops the writing at each moment: before a Commit (it
// writes nothing), while one holds its temporaries (it takes them back;
// Stop waits for it), and after one (Stop says a file was moved).
func TestGuard(t *testing.T) {
	newPlan := func(dir string) []*File {
		return []*File{{Dest: filepath.Join(dir, "new/a.proto"), Content: []byte("a\n"), Mode: 0o644}}
	}
	t.Run("before", func(t *testing.T) {
		dir := t.TempDir()
		g := &Guard{}
		if moved := g.Stop(); moved {
			t.Error("Stop says a file was moved")
		}
		if err := Commit(WithGuard(context.Background(), g), newPlan(dir), 0); !errors.Is(err, ErrInterrupted) {
			t.Errorf("Commit after Stop: %v", err)
		}
		emptyDir(t, dir)
	})
	t.Run("while writing", func(t *testing.T) {
		dir := t.TempDir()
		g := &Guard{Pause: time.Minute}
		ctx, cancel := context.WithCancel(WithGuard(context.Background(), g))
		done := make(chan error, 1)
		go func() { done <- Commit(ctx, newPlan(dir), 0) }()
		for deadline := time.Now().Add(10 * time.Second); ; {
			if m, _ := filepath.Glob(filepath.Join(dir, "new/.a.proto.idlconv-*")); len(m) == 1 {
				break
			}
			if time.Now().After(deadline) {
				t.Fatal("no temporary file after 10s")
			}
			time.Sleep(5 * time.Millisecond)
		}
		cancel()
		if moved := g.Stop(); moved {
			t.Error("Stop says a file was moved")
		}
		// Once Stop returns, the Commit has taken everything back.
		emptyDir(t, dir)
		select {
		case err := <-done:
			if !errors.Is(err, ErrInterrupted) {
				t.Errorf("Commit: %v", err)
			}
		case <-time.After(10 * time.Second):
			t.Fatal("the Commit did not return")
		}
	})
	t.Run("after", func(t *testing.T) {
		dir := t.TempDir()
		g := &Guard{}
		if err := Commit(WithGuard(context.Background(), g), newPlan(dir), 0); err != nil {
			t.Fatal(err)
		}
		if moved := g.Stop(); !moved {
			t.Error("Stop says no file was moved")
		}
	})
}

// endedPID returns the PID of a process that has ended (and been
// waited for).
func endedPID(t *testing.T) int {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	if err := cmd.Run(); err != nil {
		t.Fatal(err)
	}
	pid := cmd.ProcessState.Pid()
	if !processEnded(pid, nil) {
		t.Skipf("process %d runs again", pid)
	}
	return pid
}

func writeFile(t *testing.T, p, content string) {
	t.Helper()
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

func mkdir(t *testing.T, p string) {
	t.Helper()
	if err := os.Mkdir(p, 0o755); err != nil {
		t.Fatal(err)
	}
}

func symlink(t *testing.T, target, link string) {
	t.Helper()
	if err := os.Symlink(target, link); err != nil {
		t.Fatal(err)
	}
}

func mkfifo(t *testing.T, p string) {
	t.Helper()
	if err := syscall.Mkfifo(p, 0o644); err != nil {
		t.Skipf("no named pipes: %v", err)
	}
}

func listenUnix(t *testing.T, p string) {
	t.Helper()
	l, err := net.Listen("unix", p)
	if err != nil {
		t.Skipf("no Unix sockets: %v", err)
	}
	t.Cleanup(func() { l.Close() })
}

// emptyDir fails when dir holds anything.
func emptyDir(t *testing.T, dir string) {
	t.Helper()
	if entries, _ := os.ReadDir(dir); len(entries) > 0 {
		t.Errorf("%s holds %v", dir, entries)
	}
}
