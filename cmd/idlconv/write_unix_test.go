//go:build unix

package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// The budgets of issue 25 ("Faults, hostile input and growth, second
// round"), as convert's TestHostileInputs keeps them: each outcome in a
// child process whose peak resident set stays under childMemory, within
// childTime (checked only under IDLCONV_HOSTILE_STRICT=1, on an idle
// machine; logged otherwise); childDeadline is when a child that blocks
// fails the test instead of hanging it.
const (
	childMemory   = 256 << 20
	childTime     = 2 * time.Second
	childDeadline = 30 * time.Second
)

// The environment of TestChildProcess.
const (
	// childArgsEnv holds the command line, as a JSON array.
	childArgsEnv = "IDLCONV_TEST_CHILD_ARGS"
	// childReportEnv names the file the child writes its peak RSS and
	// time into.
	childReportEnv = "IDLCONV_TEST_CHILD_REPORT"
)

// TestChildProcess is the idlconv command in a child process of the
// tests below (startChild), not a test: it runs only with childArgsEnv
// set. It runs Main as main does (the memory policy, the test seam of
// the pause before renaming), writes its own peak resident set (VmHWM,
// which the exec reset) and time to childReportEnv's file, and exits with
// Main's code, so that its standard output and error are the command's.
func TestChildProcess(t *testing.T) {
	spec := os.Getenv(childArgsEnv)
	if spec == "" {
		t.Skip("the idlconv command of a child process; runs only there")
	}
	var args []string
	if err := json.Unmarshal([]byte(spec), &args); err != nil {
		t.Fatal(err)
	}
	if ms, err := strconv.Atoi(os.Getenv("IDLCONV_TEST_PAUSE_BEFORE_RENAME")); err == nil && ms > 0 {
		pauseBeforeRename = time.Duration(ms) * time.Millisecond
	}
	applyMemoryLimit = true
	start := time.Now()
	code := Main(args, os.Stdin, os.Stdout, os.Stderr)
	report := fmt.Sprintf("%d %d", vmHWM(), time.Since(start).Nanoseconds())
	if err := os.WriteFile(os.Getenv(childReportEnv), []byte(report), 0o644); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(99)
	}
	os.Exit(code)
}

// vmHWM is this process's peak resident set in bytes, or 0 when it
// cannot be read.
func vmHWM() int64 {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(b), "\n") {
		if rest, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			var kb int64
			if _, err := fmt.Sscanf(strings.TrimSpace(rest), "%d kB", &kb); err == nil {
				return kb << 10
			}
		}
	}
	return 0
}

// child is the idlconv command running in a child process.
type child struct {
	cmd            *exec.Cmd
	args           []string
	stdout, stderr bytes.Buffer
	report         string
	finished       chan struct{} // closed once the process ended and err is set
	err            error         // what Wait returned
}

// ended reports whether the child has ended.
func (c *child) ended() bool {
	select {
	case <-c.finished:
		return true
	default:
		return false
	}
}

// childResult is how a child ended.
type childResult struct {
	code           int
	stdout, stderr string
	peakRSS        int64 // bytes; 0 when unknown
	elapsed        time.Duration
}

// startChild starts idlconv args in dir, with stdin (nil: none) and env
// added to the test's environment.
func startChild(t *testing.T, dir string, stdin *os.File, env []string, args ...string) *child {
	t.Helper()
	spec, err := json.Marshal(args)
	if err != nil {
		t.Fatal(err)
	}
	c := &child{args: args, report: filepath.Join(t.TempDir(), "report"), finished: make(chan struct{})}
	c.cmd = exec.Command(os.Args[0], "-test.run=^TestChildProcess$", "-test.count=1")
	c.cmd.Dir = dir
	c.cmd.Env = append(append(os.Environ(), childArgsEnv+"="+string(spec), childReportEnv+"="+c.report), env...)
	if stdin != nil {
		c.cmd.Stdin = stdin
	}
	c.cmd.Stdout, c.cmd.Stderr = &c.stdout, &c.stderr
	if err := c.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() {
		c.err = c.cmd.Wait()
		close(c.finished)
	}()
	t.Cleanup(func() {
		if !c.ended() {
			c.cmd.Process.Kill()
			<-c.finished
		}
	})
	return c
}

// wait waits for the child to end, childDeadline at most, and checks the
// budgets of its run: memory (but under the race detector), time under
// IDLCONV_HOSTILE_STRICT=1.
func (c *child) wait(t *testing.T) childResult {
	t.Helper()
	select {
	case <-c.finished:
	case <-time.After(childDeadline):
		c.cmd.Process.Kill()
		<-c.finished
		t.Fatalf("idlconv %s did not end within %s (it blocks)\nstderr:\n%s", strings.Join(c.args, " "), childDeadline, c.stderr.String())
	}
	err := c.err
	r := childResult{stdout: c.stdout.String(), stderr: c.stderr.String()}
	var ee *exec.ExitError
	switch {
	case err == nil:
	case errors.As(err, &ee) && ee.Exited():
		r.code = ee.ExitCode()
	default:
		t.Fatalf("the child: %v\nstderr:\n%s", err, r.stderr)
	}
	if r.code == 99 {
		t.Fatalf("the child failed to report: %s", r.stderr)
	}
	b, err := os.ReadFile(c.report)
	if err != nil {
		t.Fatalf("no report from the child: %v\nstderr:\n%s", err, r.stderr)
	}
	var ns int64
	if _, err := fmt.Sscanf(string(b), "%d %d", &r.peakRSS, &ns); err != nil {
		t.Fatalf("report %q: %v", b, err)
	}
	r.elapsed = time.Duration(ns)
	t.Logf("exit %d in %.3f s, peak RSS %.1f MB", r.code, r.elapsed.Seconds(), float64(r.peakRSS)/(1<<20))
	if r.peakRSS > childMemory && !raceBuild {
		t.Errorf("peak RSS %.1f MB, over the budget of %d MB", float64(r.peakRSS)/(1<<20), childMemory>>20)
	}
	if r.elapsed > childTime && os.Getenv("IDLCONV_HOSTILE_STRICT") == "1" {
		t.Errorf("took %s, over the budget of %s", r.elapsed, childTime)
	}
	return r
}

// signal sends sig to the child.
func (c *child) signal(t *testing.T, sig os.Signal) {
	t.Helper()
	if err := c.cmd.Process.Signal(sig); err != nil {
		t.Fatalf("signalling the child: %v\nstderr:\n%s", err, c.stderr.String())
	}
}

// runChild runs idlconv args in dir in a child process (see startChild
// and wait).
func runChild(t *testing.T, dir string, args ...string) childResult {
	t.Helper()
	return startChild(t, dir, nil, nil, args...).wait(t)
}

// skipChildren skips the test where child processes are not measured.
func skipChildren(t *testing.T) {
	t.Helper()
	if testing.Short() {
		t.Skip("runs idlconv in child processes; skipped with -short")
	}
	if vmHWM() == 0 {
		t.Skip("no peak RSS on this system (/proc/self/status VmHWM)")
	}
}

// projectFiles is a project of one conversion, idl/a.thrift to
// out/a.proto, for sync.
var projectFiles = map[string]string{
	"idlconv.yaml": "conversions:\n  - sources: idl/a.thrift\n    to: proto\n    output: out/a.proto\n",
	"idl/a.thrift": "struct A { 1: i32 a }\n",
}

// TestOutputNotARegularFile runs convert and sync (writing, --check,
// --diff) on an output that is a named pipe or a symbolic link to
// /dev/zero: each refuses it, naming the path, at once (a named pipe
// blocked the command, which ignored SIGINT and SIGTERM, and /dev/zero was
// read until the process ran out of memory), in bounded memory, with exit
// code 1 and nothing changed.
func TestOutputNotARegularFile(t *testing.T) {
	skipChildren(t)
	fifo := func(t *testing.T, p string) {
		if err := syscall.Mkfifo(p, 0o644); err != nil {
			t.Skipf("no named pipes: %v", err)
		}
	}
	zero := func(t *testing.T, p string) { symlink(t, "/dev/zero", p) }
	tests := []struct {
		name  string
		setup func(t *testing.T, p string) // makes out/a.proto
		args  []string                     // "$D" is the test folder
		want  string                       // what stderr says of out/a.proto
	}{
		{"named pipe, convert --check", fifo, []string{"convert", "$D/idl/a.thrift", "--to", "proto", "-o", "$D/out/a.proto", "--check"}, "a named pipe, not a regular file"},
		{"named pipe, convert --diff", fifo, []string{"convert", "$D/idl/a.thrift", "--to", "proto", "-o", "$D/out/a.proto", "--diff"}, "a named pipe, not a regular file"},
		{"named pipe, convert", fifo, []string{"convert", "$D/idl/a.thrift", "--to", "proto", "-o", "$D/out/a.proto"}, "a named pipe, not a regular file"},
		{"named pipe, sync", fifo, []string{"sync"}, "a named pipe, not a regular file"},
		{"named pipe, sync --check", fifo, []string{"sync", "--check"}, "a named pipe, not a regular file"},
		{"link to /dev/zero, convert --check", zero, []string{"convert", "$D/idl/a.thrift", "--to", "proto", "-o", "$D/out/a.proto", "--check"}, "a symbolic link to a character device, not a regular file"},
		{"link to /dev/zero, convert -o folder", zero, []string{"convert", "$D/idl/a.thrift", "--to", "proto", "-o", "$D/out/"}, "a symbolic link to a character device, not a regular file"},
		{"link to /dev/zero, sync", zero, []string{"sync"}, "a symbolic link to a character device, not a regular file"},
		{"link to /dev/zero, sync --diff", zero, []string{"sync", "--diff"}, "a symbolic link to a character device, not a regular file"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			writeFiles(t, dir, projectFiles)
			if err := os.Mkdir(filepath.Join(dir, "out"), 0o755); err != nil {
				t.Fatal(err)
			}
			tt.setup(t, filepath.Join(dir, "out/a.proto"))
			var args []string
			for _, a := range tt.args {
				args = append(args, strings.ReplaceAll(a, "$D", dir))
			}
			before := snapshot(t, dir)
			r := runChild(t, dir, args...)
			if r.code != exitError {
				t.Errorf("exit code %d, want %d", r.code, exitError)
			}
			want := regexp.MustCompile(`^idlconv: (conversion 1: )?\S*out/a\.proto: the output of \S*idl/a\.thrift would replace ` + regexp.QuoteMeta(tt.want) + `; nothing was written\n$`)
			if !want.MatchString(r.stderr) {
				t.Errorf("stderr does not match %s:\n%s", want, r.stderr)
			}
			sameTree(t, before, snapshot(t, dir))
		})
	}
}

// TestDiffLinearMemory runs convert --check --diff and sync --diff on an
// output of 15,000 lines whose existing file has CRLF line endings (as
// git's autocrlf gives): every line differs. The diff kept O((n+m)·D)
// ints, about 3.6 GB at 7,500 lines, and 15,000 ran out of memory under
// a 6 GB cap; it must stay under 256 MB.
func TestDiffLinearMemory(t *testing.T) {
	skipChildren(t)
	var src strings.Builder
	src.WriteString("struct Big {\n")
	for i := 1; i <= 15000; i++ {
		fmt.Fprintf(&src, "  %d: optional string field_%d\n", i, i)
	}
	src.WriteString("}\n")
	for _, tt := range []struct {
		name string
		args []string
		code int
	}{
		{"convert --check --diff", []string{"convert", "idl/a.thrift", "--to", "proto", "-o", "out/a.proto", "--check", "--diff"}, exitError},
		{"sync --diff", []string{"sync", "--diff"}, exitOK},
	} {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			writeFiles(t, dir, projectFiles)
			writeFiles(t, dir, map[string]string{"idl/a.thrift": src.String()})
			// The output and the lock, current.
			var stdout, stderr bytes.Buffer
			if code := Main([]string{"sync", "--config", filepath.Join(dir, "idlconv.yaml")}, nil, &stdout, &stderr); code != 0 {
				t.Fatalf("exit %d: %s", code, stderr.String())
			}
			out := filepath.Join(dir, "out/a.proto")
			lf, err := os.ReadFile(out)
			if err != nil {
				t.Fatal(err)
			}
			lines := bytes.Count(lf, []byte("\n"))
			if lines < 15000 {
				t.Fatalf("the output has %d lines", lines)
			}
			crlf := bytes.ReplaceAll(lf, []byte("\n"), []byte("\r\n"))
			if err := os.WriteFile(out, crlf, 0o644); err != nil {
				t.Fatal(err)
			}
			r := runChild(t, dir, tt.args...)
			if r.code != tt.code {
				t.Errorf("exit code %d, want %d\nstderr:\n%s", r.code, tt.code, r.stderr)
			}
			removed, added := 0, 0
			for _, l := range strings.Split(r.stdout, "\n") {
				switch {
				case strings.HasPrefix(l, "--- "), strings.HasPrefix(l, "+++ "):
				case strings.HasPrefix(l, "-"):
					removed++
				case strings.HasPrefix(l, "+"):
					added++
				}
			}
			if removed != lines || added != lines {
				t.Errorf("the diff removes %d lines and adds %d, want %d each", removed, added, lines)
			}
			if got, _ := os.ReadFile(out); !bytes.Equal(got, crlf) {
				t.Error("the output changed")
			}
		})
	}
}

// TestSignalAtAnyStage sends SIGTERM or SIGINT to convert and sync
// while a stage blocks or lasts (convert reading a standard input that
// stays open, sync reading a project file that is a named pipe, sync
// holding every temporary file before renaming them): each ends with
// exit code 1 and nothing changed. convert handled signals only while
// writing; before that a signal killed it (no exit code), or, in sync, a
// blocked stage ignored it.
func TestSignalAtAnyStage(t *testing.T) {
	skipChildren(t)
	tests := []struct {
		name   string
		setup  func(t *testing.T, dir string)
		stdin  bool     // a pipe that no one writes nor closes
		env    []string // added to the child's
		args   []string // "$D" is the test folder
		signal os.Signal
		// ready reports that the child reached the stage; nil: after
		// 300 ms
		ready func(dir string) bool
		// alsoErr, when set, is the stderr of another acceptable end:
		// the stage refused what blocked it instead
		alsoErr *regexp.Regexp
	}{
		{
			name:   "convert reading standard input, SIGTERM",
			stdin:  true,
			args:   []string{"convert", "-", "--from", "thrift", "--to", "proto", "-o", "$D/out/a.proto"},
			signal: syscall.SIGTERM,
		},
		{
			name:   "convert --check reading standard input, SIGINT",
			stdin:  true,
			args:   []string{"convert", "-", "--from", "thrift", "--to", "proto", "-o", "$D/out/a.proto", "--check"},
			signal: os.Interrupt,
		},
		{
			name: "sync reading a project file that is a named pipe, SIGTERM",
			setup: func(t *testing.T, dir string) {
				if err := syscall.Mkfifo(filepath.Join(dir, "pipe.yaml"), 0o644); err != nil {
					t.Skipf("no named pipes: %v", err)
				}
			},
			args:    []string{"sync", "--config", "pipe.yaml"},
			signal:  syscall.SIGTERM,
			alsoErr: regexp.MustCompile(`pipe\.yaml`),
		},
		{
			name:   "sync holding its temporaries, SIGTERM",
			env:    []string{"IDLCONV_TEST_PAUSE_BEFORE_RENAME=60000"},
			args:   []string{"sync"},
			signal: syscall.SIGTERM,
			ready:  func(dir string) bool { return len(tempsUnder(dir)) == 2 }, // the output and the lock
		},
		{
			name:   "sync holding its temporaries, SIGINT",
			env:    []string{"IDLCONV_TEST_PAUSE_BEFORE_RENAME=60000"},
			args:   []string{"sync"},
			signal: os.Interrupt,
			ready:  func(dir string) bool { return len(tempsUnder(dir)) == 2 },
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			writeFiles(t, dir, projectFiles)
			writeFiles(t, dir, map[string]string{"out/a.proto": "old output\n"})
			if tt.setup != nil {
				tt.setup(t, dir)
			}
			var args []string
			for _, a := range tt.args {
				args = append(args, strings.ReplaceAll(a, "$D", dir))
			}
			var stdin *os.File
			if tt.stdin {
				r, w, err := os.Pipe()
				if err != nil {
					t.Fatal(err)
				}
				defer r.Close()
				defer w.Close()
				stdin = r
			}
			before := snapshot(t, dir)
			c := startChild(t, dir, stdin, tt.env, args...)
			deadline := time.Now().Add(childDeadline)
			ready := tt.ready
			if ready == nil {
				start := time.Now()
				ready = func(string) bool { return time.Since(start) > 300*time.Millisecond }
			}
			for !ready(dir) {
				if c.ended() || time.Now().After(deadline) {
					break
				}
				time.Sleep(5 * time.Millisecond)
			}
			sent := time.Now()
			if err := c.cmd.Process.Signal(tt.signal); err != nil && !errors.Is(err, os.ErrProcessDone) {
				t.Fatal(err)
			}
			r := c.wait(t)
			t.Logf("ended %.3f s after the signal", time.Since(sent).Seconds())
			if r.code != exitError {
				t.Errorf("exit code %d, want %d\nstderr:\n%s", r.code, exitError, r.stderr)
			}
			if r.stderr != "idlconv: interrupted\n" && (tt.alsoErr == nil || !tt.alsoErr.MatchString(r.stderr)) {
				t.Errorf("stderr %q, want %q", r.stderr, "idlconv: interrupted\n")
			}
			sameTree(t, before, snapshot(t, dir))
		})
	}
}

// TestSignalLeavesNothing runs convert on a generated set of inputs
// with the IDLCONV_TEST_PAUSE_BEFORE_RENAME seam so that it stops once
// every temporary file is written, sends SIGINT or SIGTERM, and checks
// the exit code is 1 with "idlconv: interrupted" and that the tree is as
// before: no temporary, no new folder, no replaced output. Without a
// signal the same run completes.
func TestSignalLeavesNothing(t *testing.T) {
	skipChildren(t)
	const pkgs, perPkg = 10, 10
	files := map[string]string{"out/p0/f0.proto": "old output\n"}
	for p := range pkgs {
		for f := range perPkg {
			files[fmt.Sprintf("idl/p%d/f%d.thrift", p, f)] = fmt.Sprintf("struct S%d_%d {\n  1: string s\n  2: i64 n\n}\n", p, f)
		}
	}
	for _, tt := range []struct {
		name   string
		signal os.Signal // nil: no signal, the run completes
	}{
		{"SIGINT", os.Interrupt},
		{"SIGTERM", syscall.SIGTERM},
		{"no signal", nil},
	} {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			writeFiles(t, dir, files)
			before := snapshot(t, dir)
			pause := "60000"
			if tt.signal == nil {
				pause = "1"
			}
			c := startChild(t, dir, nil, []string{"IDLCONV_TEST_PAUSE_BEFORE_RENAME=" + pause}, "convert", filepath.Join(dir, "idl"), "--to", "proto", "-o", filepath.Join(dir, "out"))
			if tt.signal == nil {
				if r := c.wait(t); r.code != 0 {
					t.Fatalf("exit %d: %s", r.code, r.stderr)
				}
				after := snapshot(t, dir)
				if got := after["out/p0/f0.proto"].content; !strings.Contains(got, "message S0_0 {") {
					t.Errorf("out/p0/f0.proto was not replaced:\n%s", got)
				}
				if n := len(temporaries(t, dir)); n != 0 {
					t.Errorf("%d temporary files remain", n)
				}
				return
			}
			// Wait until every output has its temporary file: the command
			// is then in the write phase.
			waitFor(t, c, func() bool { return len(temporaries(t, dir)) == pkgs*perPkg })
			c.signal(t, tt.signal)
			r := c.wait(t)
			if r.code != exitError {
				t.Errorf("exit code %d, want %d\nstderr:\n%s", r.code, exitError, r.stderr)
			}
			if r.stderr != "idlconv: interrupted\n" {
				t.Errorf("stderr %q, want %q", r.stderr, "idlconv: interrupted\n")
			}
			sameTree(t, before, snapshot(t, dir))
		})
	}
}

// TestLeftoversOfAKilledRun kills convert and sync with SIGKILL while
// they hold their temporary files (which stay: nothing can remove them
// then), and runs the same command again: it removes them, naming each,
// and writes the outputs. The temporaries of a run that is still alive
// are left alone (TestCommitRemovesLeftovers in outtree).
func TestLeftoversOfAKilledRun(t *testing.T) {
	skipChildren(t)
	files := map[string]string{
		"idlconv.yaml":     "conversions:\n  - sources: idl\n    include: [idl]\n    to: proto\n    output: out/\n",
		"idl/a.thrift":     "struct A { 1: i32 a }\n",
		"idl/sub/b.thrift": "struct B { 1: i32 b }\n",
		"out/a.proto":      "old a\n",
		"out/sub/b.proto":  "old b\n",
	}
	for _, tt := range []struct {
		name  string
		args  []string
		temps int // the temporaries the killed run holds
	}{
		{"convert", []string{"convert", "-I", "idl", "idl", "--to", "proto", "-o", "out"}, 2},
		{"sync", []string{"sync"}, 3}, // and the lock's
	} {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			writeFiles(t, dir, files)
			c := startChild(t, dir, nil, []string{"IDLCONV_TEST_PAUSE_BEFORE_RENAME=60000"}, tt.args...)
			waitFor(t, c, func() bool { return len(tempsUnder(dir)) == tt.temps })
			c.signal(t, os.Kill)
			<-c.finished
			left := tempsUnder(dir)
			if len(left) != tt.temps {
				t.Fatalf("after SIGKILL, temporaries %q, want %d", left, tt.temps)
			}
			pid := c.cmd.Process.Pid
			r := runChild(t, dir, tt.args...)
			if r.code != 0 {
				t.Fatalf("exit %d: %s", r.code, r.stderr)
			}
			for _, tmp := range left {
				rel, _ := filepath.Rel(dir, tmp)
				note := regexp.MustCompile(`(?m)^idlconv: removed (\S*/)?` + regexp.QuoteMeta(filepath.ToSlash(rel)) + `, left by an idlconv run that ended \(process ` + strconv.Itoa(pid) + `\)$`)
				if !note.MatchString(r.stderr) {
					t.Errorf("stderr does not name %s:\n%s", rel, r.stderr)
				}
			}
			if n := tempsUnder(dir); len(n) != 0 {
				t.Errorf("temporaries remain: %q", n)
			}
			after := snapshot(t, dir)
			if got := after["out/sub/b.proto"].content; !strings.Contains(got, "message B {") {
				t.Errorf("out/sub/b.proto was not written:\n%s", got)
			}
		})
	}
}

// waitFor waits until ready, or fails when the child ends first or
// childDeadline passes.
func waitFor(t *testing.T, c *child, ready func() bool) {
	t.Helper()
	deadline := time.Now().Add(childDeadline)
	for !ready() {
		if c.ended() {
			t.Fatalf("the command ended before it was signalled: %v\n%s", c.err, c.stderr.String())
		}
		if time.Now().After(deadline) {
			t.Fatalf("not ready after %s", childDeadline)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// tempsUnder lists the temporary files of idlconv under dir, by path.
func tempsUnder(dir string) []string {
	var out []string
	_ = filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() && regexp.MustCompile(`^\..+\.idlconv-[0-9]+-[0-9]+\.tmp$`).MatchString(d.Name()) {
			out = append(out, p)
		}
		return nil
	})
	return out
}
