// Package outtree writes a tree of outputs all or nothing: every output
// goes to a temporary file beside its destination (creating the folders
// it needs), and only when all are written are they renamed into place. On
// a failure, or when the context is cancelled while writing, the
// temporaries and the folders it created are removed, so no file that
// existed changes and no new one remains; the one exception is a rename
// that fails after others succeeded (a disk error mid-way), which the
// error then names with the files already in place. Before anything is written Plan
// refuses an output whose path would leave the output folder (absolute,
// "..", or through a symbolic link), two outputs with one destination,
// an output that would replace an input, and one that would replace
// anything but a regular file (a folder, a named pipe, a device, a
// socket, or a symbolic link to one); Changes reads the files an output
// would replace without blocking and up to a bound (ReadRegular). A
// temporary file's name says which process wrote it, and Commit removes
// those of runs that were killed (leftovers.go); a Guard lets a signal
// stop a Commit safely. Both idlconv convert and idlconv sync (the CLI
// and project.Sync) write through it.
package outtree

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"runtime"
	"strings"
	"syscall"
	"time"

	"github.com/idlconv/idlconv/convert"
	"github.com/idlconv/idlconv/internal/filekind"
	"github.com/idlconv/idlconv/internal/parallel"
	"github.com/idlconv/idlconv/internal/readlimit"
)

// ErrInterrupted means the context was cancelled (SIGINT or SIGTERM in the
// CLI) while the outputs were being written; the temporaries were removed
// and nothing changed.
var ErrInterrupted = errors.New("interrupted")

// File is one output on its way to its destination.
type File struct {
	// Dest is where it goes: the output file, or the output folder
	// joined with its path.
	Dest string
	// Source is the input it came from, for messages.
	Source string
	// Content is what is written.
	Content []byte
	// Mode is that of the file it replaces, else 0644.
	Mode fs.FileMode
	tmp  string // the temporary file, once written; "" once renamed
}

// Commit writes the files all or nothing (see the package comment). pause,
// zero in normal runs, is a test seam: the time to wait after every
// temporary file is written and before the first rename, returning early
// when ctx is cancelled.
//
// Under a Guard (WithGuard) Commit first asks it: once the guard is
// stopped, Commit writes nothing and returns ErrInterrupted. Before it
// writes, Commit removes the temporary files that runs which have ended
// left in the folders it writes into (see tempName), telling the guard's
// Note of each.
func Commit(ctx context.Context, files []*File, pause time.Duration) error {
	g := guardOf(ctx)
	if g != nil {
		if !g.begin() {
			return ErrInterrupted
		}
		pause = max(pause, g.Pause)
	}
	w := &writer{files: files, guard: g}
	err := w.commit(ctx, pause)
	if g != nil {
		g.end(w.moved)
	}
	return err
}

// Change is a planned file that is missing or differs from the file it
// would replace.
type Change struct {
	File *File
	// Old is the content it would replace; nil when it is missing or a
	// symbolic link.
	Old []byte
	// Link is true when the file it would replace is a symbolic link,
	// which is replaced, not written through: its target is not read, so
	// that a check or diff never shows a file the link leads to (which
	// may lie anywhere).
	Link bool
}

// Changes returns the planned files that are missing or differ from the
// files they would replace, in the plan's order. It reads each existing
// file as ReadRegular does, up to convert.DefaultMaxFileSize bytes (or
// the planned content's size, when larger): a larger file, or one that
// is no longer a regular file, is an error naming it.
func Changes(plan []*File) ([]Change, error) {
	var out []Change
	for _, p := range plan {
		if st, err := os.Lstat(p.Dest); err == nil && st.Mode()&fs.ModeSymlink != 0 {
			out = append(out, Change{File: p, Link: true})
			continue
		}
		old, err := ReadRegular(p.Dest, max(convert.DefaultMaxFileSize, int64(len(p.Content))))
		switch {
		case errors.Is(err, fs.ErrNotExist):
			old = nil
		case err != nil:
			return nil, fmt.Errorf("reading %s: %w", p.Dest, err)
		case bytes.Equal(old, p.Content):
			continue
		}
		out = append(out, Change{File: p, Old: old})
	}
	return out, nil
}

// ReadRegular reads the file at p, as idlconv reads a file it may
// replace: only a regular file (or a symbolic link to one), opened
// without blocking (a named pipe cannot hold the read up), of at most
// limit bytes. A file that does not exist gives an error that
// errors.Is(err, fs.ErrNotExist) recognises, as os.ReadFile's does.
func ReadRegular(p string, limit int64) ([]byte, error) {
	// Stat first, so that a device is not even opened; then the open
	// file again, in case p changed in between.
	st, err := os.Stat(p)
	if err != nil {
		return nil, err
	}
	if err := regular(p, st, limit); err != nil {
		return nil, err
	}
	f, err := os.OpenFile(p, os.O_RDONLY|syscall.O_NONBLOCK, 0)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	if st, err = f.Stat(); err != nil {
		return nil, err
	}
	if err := regular(p, st, limit); err != nil {
		return nil, err
	}
	b, ok, err := readlimit.Read(f, st.Size(), limit)
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, fmt.Errorf("%s has more than the %d bytes idlconv reads", p, limit)
	}
	return b, nil
}

// regular checks that st, what Stat says of p, is a regular file of at
// most limit bytes.
func regular(p string, st fs.FileInfo, limit int64) error {
	if !st.Mode().IsRegular() {
		return fmt.Errorf("%s is %s, not a regular file", p, filekind.Of(st.Mode()))
	}
	if st.Size() > limit {
		return fmt.Errorf("%s has %d bytes, more than the %d idlconv reads", p, st.Size(), limit)
	}
	return nil
}

// Plan decides where each output goes and checks that the
// destinations are safe, before anything is written: inside the output
// folder, one output a destination, no output over one of the inputs or
// over anything but a regular file (a folder, a named pipe, a device, a
// socket, or a symbolic link to one of those; a symbolic link to a
// regular file is replaced by the output, not written through).
func Plan(files []convert.OutputFile, inputs *Inputs, out string, multi bool) ([]*File, error) {
	// -o names a folder when there are several outputs, when it ends in a
	// separator or exists as a folder, or when it has no extension.
	toDir := multi || strings.HasSuffix(out, "/") || strings.HasSuffix(out, string(filepath.Separator)) || IsDir(out) || filepath.Ext(out) == ""
	var base string // the -o folder, absolute, its symbolic links resolved
	if toDir {
		var err error
		if base, err = resolvePath(out); err != nil {
			return nil, fmt.Errorf("output folder %s: %w", out, err)
		}
	}
	parents := map[string]string{} // output folders resolved by checkInside
	var plan []*File
	byDest := map[string]*File{}
	for _, f := range files {
		dest := out
		if toDir {
			rel, err := confinedPath(f.Path)
			if err != nil {
				return nil, fmt.Errorf("output %q of %s: %v; refusing to write outside the output folder %s", f.Path, f.Source, err, out)
			}
			dest = filepath.Join(out, rel)
			if err := checkInside(base, rel, parents); err != nil {
				return nil, fmt.Errorf("output %q of %s: %v; refusing to write outside the output folder %s", f.Path, f.Source, err, out)
			}
		}
		key := AbsClean(dest)
		if prev, ok := byDest[key]; ok {
			return nil, fmt.Errorf("%s: the outputs of %s and %s would both be written there; nothing was written", dest, prev.Source, f.Source)
		}
		lst, lerr := os.Lstat(dest)
		input, ok := inputs.byAbs[key]
		if !ok && lerr == nil {
			// The file a link leads to, else the file itself.
			st, err := lst, error(nil)
			if lst.Mode()&fs.ModeSymlink != 0 {
				st, err = os.Stat(dest)
			}
			if err == nil {
				input, ok = inputs.sameFile(st)
			}
		}
		if ok {
			return nil, fmt.Errorf("%s: the output of %s would replace the input %s; nothing was written", dest, f.Source, input)
		}
		p := &File{Dest: dest, Source: f.Source, Content: f.Content, Mode: 0o644}
		if lerr == nil {
			// What a link leads to; a link that leads nowhere is
			// replaced as a missing file is.
			target := lst
			if lst.Mode()&fs.ModeSymlink != 0 {
				if st, err := os.Stat(dest); err == nil {
					target = st
				}
			}
			switch {
			case lst.IsDir():
				return nil, fmt.Errorf("%s: the output of %s would replace a folder; nothing was written", dest, f.Source)
			case lst.Mode().IsRegular():
				p.Mode = lst.Mode().Perm()
			case target != lst && target.IsDir():
				return nil, fmt.Errorf("%s: the output of %s would replace a symbolic link to a folder; nothing was written", dest, f.Source)
			case target != lst && !target.Mode().IsRegular():
				return nil, fmt.Errorf("%s: the output of %s would replace a symbolic link to %s, not a regular file; nothing was written", dest, f.Source, filekind.Of(target.Mode()))
			case target == lst && lst.Mode()&fs.ModeSymlink == 0:
				return nil, fmt.Errorf("%s: the output of %s would replace %s, not a regular file; nothing was written", dest, f.Source, filekind.Of(lst.Mode()))
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

// Inputs are the inputs of a run, which no output may replace: by
// absolute path, and, for those that exist, by file (a link to an input,
// or its path spelled another way, is the input too). IndexInputs makes
// them once for every Plan of a run.
type Inputs struct {
	byAbs map[string]string // the input as given, by absolute clean path
	// byStamp holds the inputs that exist by size and modification time,
	// which one file has whatever its name, so that a file is compared
	// with few.
	byStamp map[stamp][]inputFile
}

// inputFile is an input that exists, as given, and what Stat says of it.
type inputFile struct {
	path string
	st   fs.FileInfo
}

// stamp is what keys the inputs that exist.
type stamp struct {
	size  int64
	mtime int64
}

// IndexInputs indexes the inputs (standard input, which has Content, is
// none); an input given twice counts once.
func IndexInputs(inputs []convert.Input) *Inputs {
	x := &Inputs{byAbs: map[string]string{}, byStamp: map[stamp][]inputFile{}}
	for _, in := range inputs {
		if in.Content != nil {
			continue
		}
		abs := AbsClean(in.Path)
		if _, dup := x.byAbs[abs]; dup {
			continue
		}
		x.byAbs[abs] = in.Path
		if st, err := os.Stat(in.Path); err == nil {
			k := stamp{st.Size(), st.ModTime().UnixNano()}
			x.byStamp[k] = append(x.byStamp[k], inputFile{in.Path, st})
		}
	}
	return x
}

// sameFile names the input that is the file st describes (os.SameFile),
// if any.
func (x *Inputs) sameFile(st fs.FileInfo) (string, bool) {
	for _, in := range x.byStamp[stamp{st.Size(), st.ModTime().UnixNano()}] {
		if os.SameFile(in.st, st) {
			return in.path, true
		}
	}
	return "", false
}

// checkInside checks that rel, joined to the resolved output folder base,
// stays inside it once the symbolic links of the folders that exist on
// the way are resolved. The file itself may be a link: a rename replaces
// the link, it does not write through it. parents keeps the folders
// resolved, for the next output in one of them.
func checkInside(base, rel string, parents map[string]string) error {
	dir := filepath.Dir(filepath.Join(base, rel))
	parent, ok := parents[dir]
	if !ok {
		var err error
		if parent, err = resolvePath(dir); err != nil {
			return err
		}
		parents[dir] = parent
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

// AbsClean is p absolute and clean, or p clean if the working folder is
// unknown.
func AbsClean(p string) string {
	if a, err := filepath.Abs(p); err == nil {
		return a
	}
	return filepath.Clean(p)
}

// IsDir reports whether p is a folder.
func IsDir(p string) bool {
	st, err := os.Stat(p)
	return err == nil && st.IsDir()
}

// writer writes a plan, remembering what it created so that it can take
// it back.
type writer struct {
	files   []*File
	guard   *Guard   // nil without one
	created []string // folders it made, parents first
	moved   bool     // a file was moved into place
}

// commit writes every temporary file, then renames them all into place.
// Once the first rename is done it no longer stops for ctx: stopping then
// would leave some outputs new and some old.
func (w *writer) commit(ctx context.Context, pause time.Duration) error {
	if ctx.Err() != nil {
		return ErrInterrupted
	}
	// The folders first, one after the other (w remembers those it
	// makes); then the temporary files, on every core: creating a file is
	// a system call that costs about as much as converting it.
	made := map[string]bool{}
	for _, f := range w.files {
		dir := filepath.Dir(f.Dest)
		if made[dir] {
			continue
		}
		existed := len(w.created)
		if err := w.mkdirs(dir); err != nil {
			return w.abort(fmt.Errorf("creating the folder for %s: %w", f.Dest, err))
		}
		made[dir] = true
		if len(w.created) == existed {
			// A folder that existed may hold the temporaries of a run
			// that was killed.
			notes, err := removeLeftovers(dir)
			for _, n := range notes {
				w.guard.note(n)
			}
			if err != nil {
				return w.abort(err)
			}
		}
	}
	// Each worker takes a run of the plan, so that workers create files in
	// different folders: the kernel creates one file at a time in a folder.
	errs := make([]error, len(w.files))
	workers := min(runtime.GOMAXPROCS(0), len(w.files))
	parallel.Each(workers, func(k int) {
		for i := k * len(w.files) / workers; i < (k+1)*len(w.files)/workers; i++ {
			if ctx.Err() != nil {
				return
			}
			errs[i] = w.files[i].writeTemp()
		}
	})
	for _, err := range errs {
		if err != nil {
			return w.abort(err) // the first in the plan's order
		}
	}
	if ctx.Err() != nil {
		return w.abort(ErrInterrupted)
	}
	if pause > 0 {
		t := time.NewTimer(pause)
		select {
		case <-ctx.Done():
		case <-t.C:
		}
		t.Stop()
	}
	if ctx.Err() != nil {
		return w.abort(ErrInterrupted)
	}
	var done []string
	for _, f := range w.files {
		if err := os.Rename(f.tmp, f.Dest); err != nil {
			err = fmt.Errorf("writing %s: %w", f.Dest, err)
			if len(done) > 0 {
				err = fmt.Errorf("%w; already in place: %s", err, strings.Join(done, ", "))
			}
			return w.abort(err)
		}
		f.tmp = ""
		w.moved = true
		done = append(done, f.Dest)
	}
	return nil
}

// writeTemp writes f's content to a temporary file beside its
// destination, whose folder exists.
func (f *File) writeTemp() error {
	dir := filepath.Dir(f.Dest)
	tmp, err := os.CreateTemp(dir, tempPattern(filepath.Base(f.Dest)))
	if err != nil {
		return fmt.Errorf("writing %s: %w", f.Dest, err)
	}
	f.tmp = tmp.Name()
	_, err = tmp.Write(f.Content)
	if err == nil {
		err = tmp.Chmod(f.Mode)
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("writing %s: %w", f.Dest, err)
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
			if errors.Is(err, fs.ErrExist) && IsDir(missing[i]) {
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
