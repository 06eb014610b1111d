package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/signal"
	"path"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"github.com/idlconv/idlconv/convert"
	"github.com/idlconv/idlconv/internal/udiff"
)

// errInterrupted means SIGINT or SIGTERM arrived while the outputs were
// being written; the temporaries were removed and nothing changed. Main
// reports it as "idlconv: interrupted" with exit code 1.
var errInterrupted = errors.New("interrupted")

// pauseBeforeRename is a test seam, zero in normal runs: when positive,
// writeOutputs waits this long after every temporary file is written and
// before the first rename, returning early if a signal arrives. Only main
// sets it, from the environment variable IDLCONV_TEST_PAUSE_BEFORE_RENAME
// (milliseconds), so that TestSignalLeavesNothing can interrupt the
// command at the moment it holds the most temporaries.
var pauseBeforeRename time.Duration

// pendingFile is one output on its way to its destination.
type pendingFile struct {
	dest    string // where it goes: -o, or -o joined with its path
	source  string // the input it came from, for messages
	content []byte
	mode    fs.FileMode // of the file it replaces, else 0644
	tmp     string      // the temporary file, once written; "" once renamed
}

// writeOutputs writes the outputs to standard output (out == "") or under
// out, all or nothing: every output goes to a temporary file in its
// destination's folder (creating the folders it needs), and only when all
// are written are they renamed into place. On a failure, or on SIGINT or
// SIGTERM while writing, the temporaries and the folders it created are
// removed, so no file that existed changes and no new one remains.
//
// Before anything is written it refuses, with an error naming it, an
// output whose path would leave out (absolute, "..", or through a symbolic
// link in out), two outputs with the same destination, and an output that
// would replace one of the inputs.
func writeOutputs(ctx context.Context, files []convert.OutputFile, inputs []convert.Input, out string, multi bool, stdout io.Writer) error {
	if out == "" {
		for _, f := range files {
			if _, err := stdout.Write(f.Content); err != nil {
				return fmt.Errorf("writing standard output: %w", err)
			}
		}
		return nil
	}
	plan, err := planOutputs(files, inputs, out, multi)
	if err != nil {
		return err
	}
	return commitPlan(ctx, plan)
}

// commitPlan writes planned outputs all or nothing (see writeOutputs).
func commitPlan(ctx context.Context, plan []*pendingFile) error {
	// Until the handler is installed a signal kills the process, which
	// has written nothing yet; while it is installed a signal cancels ctx.
	ctx, stop := signal.NotifyContext(ctx, os.Interrupt, syscall.SIGTERM)
	defer stop()
	w := &writer{files: plan}
	return w.commit(ctx)
}

// checkOutputs compares the outputs with the files they would replace,
// writing nothing: with showDiff it prints a unified diff for each stale
// or missing one to stdout (else its name to stderr). It returns
// errStale when any differs.
func checkOutputs(files []convert.OutputFile, inputs []convert.Input, out string, multi, showDiff bool, stdout, stderr io.Writer) error {
	if out == "" {
		return usagef("--check and --diff compare with the files under -o: give -o")
	}
	plan, err := planOutputs(files, inputs, out, multi)
	if err != nil {
		return err
	}
	return comparePlan(plan, showDiff, stdout, stderr)
}

// comparePlan compares planned outputs with the files they would replace
// (see checkOutputs).
func comparePlan(plan []*pendingFile, showDiff bool, stdout, stderr io.Writer) error {
	stale := 0
	for _, p := range plan {
		old, err := os.ReadFile(p.dest)
		switch {
		case errors.Is(err, fs.ErrNotExist):
			old = nil
		case err != nil:
			return fmt.Errorf("reading %s: %w", p.dest, err)
		case bytes.Equal(old, p.content):
			continue
		}
		stale++
		name := filepath.ToSlash(p.dest)
		if !showDiff {
			what := "stale"
			if old == nil {
				what = "missing"
			}
			fmt.Fprintf(stderr, "idlconv: %s is %s (the output of %s)\n", name, what, p.source)
			continue
		}
		oldName := name
		if old == nil {
			oldName = "/dev/null"
		}
		if _, err := io.WriteString(stdout, udiff.Unified(oldName, name, string(old), string(p.content))); err != nil {
			return fmt.Errorf("writing the diff: %w", err)
		}
	}
	if stale > 0 {
		return errStale
	}
	return nil
}

// planOutputs decides where each output goes and checks that the
// destinations are safe, before anything is written.
func planOutputs(files []convert.OutputFile, inputs []convert.Input, out string, multi bool) ([]*pendingFile, error) {
	// -o names a folder when there are several outputs, when it ends in a
	// separator or exists as a folder, or when it has no extension.
	toDir := multi || strings.HasSuffix(out, "/") || strings.HasSuffix(out, string(filepath.Separator)) || isDir(out) || filepath.Ext(out) == ""
	var base string // the -o folder, absolute, its symbolic links resolved
	if toDir {
		var err error
		if base, err = resolvePath(out); err != nil {
			return nil, fmt.Errorf("output folder %s: %w", out, err)
		}
	}
	type inputFile struct {
		path string // as given
		abs  string
		st   fs.FileInfo // nil if it cannot be read
	}
	var ins []inputFile
	for _, in := range inputs {
		if in.Content != nil { // standard input
			continue
		}
		st, _ := os.Stat(in.Path)
		ins = append(ins, inputFile{in.Path, absClean(in.Path), st})
	}
	var plan []*pendingFile
	byDest := map[string]*pendingFile{}
	for _, f := range files {
		dest := out
		if toDir {
			rel, err := confinedPath(f.Path)
			if err != nil {
				return nil, fmt.Errorf("output %q of %s: %v; refusing to write outside the output folder %s", f.Path, f.Source, err, out)
			}
			dest = filepath.Join(out, rel)
			if err := checkInside(base, rel); err != nil {
				return nil, fmt.Errorf("output %q of %s: %v; refusing to write outside the output folder %s", f.Path, f.Source, err, out)
			}
		}
		key := absClean(dest)
		if prev, ok := byDest[key]; ok {
			return nil, fmt.Errorf("%s: the outputs of %s and %s would both be written there; nothing was written", dest, prev.source, f.Source)
		}
		destSt, statErr := os.Stat(dest)
		for _, in := range ins {
			if in.abs == key || (statErr == nil && in.st != nil && os.SameFile(in.st, destSt)) {
				return nil, fmt.Errorf("%s: the output of %s would replace the input %s; nothing was written", dest, f.Source, in.path)
			}
		}
		p := &pendingFile{dest: dest, source: f.Source, content: f.Content, mode: 0o644}
		if lst, err := os.Lstat(dest); err == nil {
			switch {
			case lst.IsDir():
				return nil, fmt.Errorf("%s: the output of %s would replace a folder; nothing was written", dest, f.Source)
			case lst.Mode().IsRegular():
				p.mode = lst.Mode().Perm()
			}
		}
		byDest[key] = p
		plan = append(plan, p)
	}
	return plan, nil
}

// confinedPath turns an output's slash-separated path, relative to the
// output folder, into a clean relative file path that stays inside it.
func confinedPath(p string) (string, error) {
	if p == "" {
		return "", errors.New("the path is empty")
	}
	rel := filepath.Clean(filepath.FromSlash(p))
	switch {
	case path.IsAbs(p) || filepath.IsAbs(rel) || filepath.VolumeName(rel) != "" || strings.HasPrefix(rel, string(filepath.Separator)):
		return "", errors.New("the path is absolute")
	case rel == "..", strings.HasPrefix(rel, ".."+string(filepath.Separator)):
		return "", errors.New("the path leads out of the output folder")
	case rel == ".":
		return "", errors.New("the path names the output folder itself")
	}
	return rel, nil
}

// checkInside checks that rel, joined to the resolved output folder base,
// stays inside it once the symbolic links of the folders that exist on
// the way are resolved. The file itself may be a link: a rename replaces
// the link, it does not write through it.
func checkInside(base, rel string) error {
	parent, err := resolvePath(filepath.Dir(filepath.Join(base, rel)))
	if err != nil {
		return err
	}
	r, err := filepath.Rel(base, filepath.Join(parent, filepath.Base(rel)))
	if err != nil || r == "." || r == ".." || strings.HasPrefix(r, ".."+string(filepath.Separator)) || filepath.IsAbs(r) {
		return errors.New("the path leads out of the output folder through a symbolic link")
	}
	return nil
}

// resolvePath returns p absolute and clean, with the symbolic links of its
// longest part that exists resolved.
func resolvePath(p string) (string, error) {
	p, err := filepath.Abs(p)
	if err != nil {
		return "", err
	}
	var rest []string
	for {
		if r, err := filepath.EvalSymlinks(p); err == nil {
			return filepath.Join(append([]string{r}, rest...)...), nil
		}
		parent := filepath.Dir(p)
		if parent == p {
			return filepath.Join(append([]string{p}, rest...)...), nil
		}
		rest = append([]string{filepath.Base(p)}, rest...)
		p = parent
	}
}

// absClean is p absolute and clean, or p clean if the working folder is
// unknown.
func absClean(p string) string {
	if a, err := filepath.Abs(p); err == nil {
		return a
	}
	return filepath.Clean(p)
}

func isDir(p string) bool {
	st, err := os.Stat(p)
	return err == nil && st.IsDir()
}

// writer writes a plan, remembering what it created so that it can take
// it back.
type writer struct {
	files   []*pendingFile
	created []string // folders it made, parents first
}

// commit writes every temporary file, then renames them all into place.
// Once the first rename is done it no longer stops for ctx: stopping then
// would leave some outputs new and some old.
func (w *writer) commit(ctx context.Context) error {
	for _, f := range w.files {
		if err := w.writeTemp(f); err != nil {
			return w.abort(err)
		}
		if ctx.Err() != nil {
			return w.abort(errInterrupted)
		}
	}
	if pauseBeforeRename > 0 {
		t := time.NewTimer(pauseBeforeRename)
		select {
		case <-ctx.Done():
		case <-t.C:
		}
		t.Stop()
	}
	if ctx.Err() != nil {
		return w.abort(errInterrupted)
	}
	var done []string
	for _, f := range w.files {
		if err := os.Rename(f.tmp, f.dest); err != nil {
			err = fmt.Errorf("writing %s: %w", f.dest, err)
			if len(done) > 0 {
				err = fmt.Errorf("%w; already in place: %s", err, strings.Join(done, ", "))
			}
			return w.abort(err)
		}
		f.tmp = ""
		done = append(done, f.dest)
	}
	return nil
}

// writeTemp writes f's content to a temporary file beside its destination.
func (w *writer) writeTemp(f *pendingFile) error {
	dir := filepath.Dir(f.dest)
	if err := w.mkdirs(dir); err != nil {
		return fmt.Errorf("creating the folder for %s: %w", f.dest, err)
	}
	tmp, err := os.CreateTemp(dir, "."+filepath.Base(f.dest)+".tmp*")
	if err != nil {
		return fmt.Errorf("writing %s: %w", f.dest, err)
	}
	f.tmp = tmp.Name()
	_, err = tmp.Write(f.content)
	if err == nil {
		err = tmp.Chmod(f.mode)
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("writing %s: %w", f.dest, err)
	}
	return nil
}

// mkdirs is os.MkdirAll that remembers the folders it made.
func (w *writer) mkdirs(dir string) error {
	var missing []string
	for d := dir; ; d = filepath.Dir(d) {
		st, err := os.Stat(d)
		if err == nil {
			if !st.IsDir() {
				return fmt.Errorf("%s is not a folder", d)
			}
			break
		}
		if !errors.Is(err, fs.ErrNotExist) && !errors.Is(err, syscall.ENOTDIR) {
			return err
		}
		missing = append(missing, d)
		if filepath.Dir(d) == d {
			break
		}
	}
	for i := len(missing) - 1; i >= 0; i-- {
		if err := os.Mkdir(missing[i], 0o755); err != nil {
			if errors.Is(err, fs.ErrExist) && isDir(missing[i]) {
				continue // made by someone else meanwhile: not ours to remove
			}
			return err
		}
		w.created = append(w.created, missing[i])
	}
	return nil
}

// abort removes the temporaries not yet renamed and the folders w made
// (those that are empty: after a failed rename some may hold outputs),
// and returns err, noting what it could not remove.
func (w *writer) abort(err error) error {
	var left []string
	for _, f := range w.files {
		if f.tmp == "" {
			continue
		}
		if rerr := os.Remove(f.tmp); rerr != nil && !errors.Is(rerr, fs.ErrNotExist) {
			left = append(left, f.tmp)
		}
		f.tmp = ""
	}
	for i := len(w.created) - 1; i >= 0; i-- {
		_ = os.Remove(w.created[i])
	}
	w.created = nil
	if len(left) > 0 {
		return fmt.Errorf("%w (could not remove %s)", err, strings.Join(left, ", "))
	}
	return err
}
