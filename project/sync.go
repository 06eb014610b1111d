package project

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/idlconv/idlconv/conversion"
	"github.com/idlconv/idlconv/convert"
	"github.com/idlconv/idlconv/idlock"
	"github.com/idlconv/idlconv/internal/outtree"
	"github.com/idlconv/idlconv/internal/parallel"
	"github.com/idlconv/idlconv/schema"
)

// SyncOptions changes what Sync does.
type SyncOptions struct {
	// Check writes nothing: the result only says what would change.
	Check bool
	// LockWait is how long Sync waits while another sync of the project
	// holds its ID lock (idlock.GuardName, beside it) before it fails;
	// zero means idlock.DefaultGuardWait.
	LockWait time.Duration
	// BeforeConvert, when set, is called once with the inputs of every
	// conversion (their sources expanded) before any is converted: the
	// CLI sets its memory policy by their size.
	BeforeConvert func(inputs []convert.Input)
}

// SyncResult is what Sync did, or found.
type SyncResult struct {
	// Diagnostics are those of every conversion and the problems of the
	// lock, sorted by position, each once (two conversions of a source
	// give the same ones). With an error nothing is written.
	Diagnostics schema.Diagnostics
	// Notes say what a folder source left out (.json files without from).
	Notes []string
	// Changed are the outputs (and the lock, idlconv.lock) that are
	// missing or differ from what the conversions give: written, unless
	// Check was set or there is an error.
	Changed []ChangedFile
	// Written is true when Changed was written.
	Written bool
}

// ChangedFile is an output that is missing or differs.
type ChangedFile struct {
	// Path is where it goes; Source what it is the output of.
	Path, Source string
	// Old is the content it replaces, nil when it is missing; New what
	// the conversion gives.
	Old, New []byte
}

// Sync runs every conversion of the project in parallel (the results are
// taken in the file's order, so the outputs and the diagnostics are the
// same whatever the number of cores), applies the ID lock idlconv.lock
// beside the project file, and writes every output that is missing or
// differs, with the lock, all or nothing: when any conversion or the lock
// has an error, or ctx is cancelled while writing, nothing changes.
//
// No output may leave the project folder or replace the project file,
// the lock or its guard (an invalid-config error of the conversion).
// Syncs of one project at the same time (in several processes, or
// several Syncs in one) run one after the other: each holds the lock's
// guard file, idlock.GuardName, from reading the lock to writing it,
// waiting at most opts.LockWait for another. A Check that cannot make
// the guard file (a read-only checkout) goes on without it.
func Sync(ctx context.Context, reg *convert.Registry, cfg *Config, opts SyncOptions) (*SyncResult, error) {
	res := &SyncResult{}
	bounds := newBounds(cfg.Dir, cfg.Path)
	for _, c := range cfg.Conversions {
		if msg := bounds.problem(c.Output); msg != "" {
			res.Diagnostics = append(res.Diagnostics, schema.RuleInvalidConfig.Diagnostic(c.Pos, "%s: output %s %s", c.Name, c.Output, msg))
		}
	}
	if res.Diagnostics.HasErrors() {
		return res, nil
	}
	guard, err := idlock.Acquire(ctx, cfg.Dir, opts.LockWait)
	if err != nil && !(opts.Check && (errors.Is(err, fs.ErrPermission) || errors.Is(err, syscall.EROFS))) {
		return nil, err
	}
	defer guard.Release()
	lockPath := filepath.Join(cfg.Dir, idlock.FileName)
	lock, oldLock, err := readLock(lockPath)
	if err != nil {
		var le *idlock.Error
		if !errors.As(err, &le) {
			return nil, err
		}
		res.Diagnostics = append(res.Diagnostics, schema.RuleInvalidConfig.Diagnostic(le.Pos, "%s (%s)", le.Msg, le.Hint))
		return res, nil
	}
	// Each conversion applies the lock to its model before the mapping
	// (each group of its inputs apart, perhaps at once: Apply only reads
	// the lock); what each gives is merged afterwards, in the file's
	// order.
	n := len(cfg.Conversions)
	expansions, prepared := make([]*conversion.Expansion, n), make([]error, n)
	parallel.Each(n, func(i int) { expansions[i], prepared[i] = cfg.Conversions[i].Prepare(reg, nil) })
	if opts.BeforeConvert != nil {
		var all []convert.Input
		for _, x := range expansions {
			if x != nil {
				all = append(all, x.Inputs...)
			}
		}
		opts.BeforeConvert(all)
	}
	parts, results := make([]*idlock.Lock, n), make([]conversionResult, n)
	parallel.Each(n, func(i int) {
		if prepared[i] != nil {
			results[i] = conversionResult{err: prepared[i]}
			return
		}
		c := cfg.Conversions[i]
		o := c.Options
		toThrift := c.Options.To == schema.Thrift
		var mu sync.Mutex
		parts[i] = idlock.New()
		o.BeforeMap = func(files []*schema.File, diags *schema.Diagnostics) {
			part := lock.Apply(files, func(f *schema.File) string { return lockKey(cfg.Dir, f) }, toThrift, diags)
			mu.Lock()
			defer mu.Unlock()
			// A type applied again (the inputs converted again as one)
			// is taken as applied last.
			maps.Copy(parts[i].Types, part.Types)
		}
		res, err := expansions[i].Convert(ctx, reg, o)
		results[i] = conversionResult{Result: res, err: err}
	})
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	taken := map[string]string{}
	for i, r := range results {
		c := cfg.Conversions[i]
		if r.err != nil {
			res.Diagnostics = append(res.Diagnostics, schema.RuleInvalidConfig.Diagnostic(c.Pos, "%s: %v", c.Name, r.err))
			continue
		}
		res.Notes = append(res.Notes, r.Notes...)
		res.Diagnostics = append(res.Diagnostics, r.Diagnostics...)
		if err := lock.Merge(parts[i], taken, c.Name); err != nil {
			res.Diagnostics = append(res.Diagnostics, schema.RuleInvalidConfig.Diagnostic(c.Pos, "%v", err))
		}
	}
	// Sorted by position, each once (two conversions of a source give
	// the same diagnostics).
	res.Diagnostics.Sort()
	if res.Diagnostics.HasErrors() {
		return res, nil
	}
	// No output may replace an input of any conversion: one conversion's
	// source may be another's output only when idlconv does not write it.
	var allInputs []convert.Input
	for _, r := range results {
		allInputs = append(allInputs, r.Inputs...)
	}
	inputs := outtree.IndexInputs(allInputs)
	var plan []*outtree.File
	byDest := map[string]string{}
	for i, r := range results {
		name := cfg.Conversions[i].Name
		p, err := outtree.Plan(r.Files, inputs, cfg.Conversions[i].Output, r.Multi)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		for _, f := range p {
			if msg := bounds.problem(f.Dest); msg != "" {
				res.Diagnostics = append(res.Diagnostics, schema.RuleInvalidConfig.Diagnostic(cfg.Conversions[i].Pos, "%s: output %s of %s %s; nothing was written", name, f.Dest, f.Source, msg))
				continue
			}
			key := outtree.AbsClean(f.Dest)
			if prev, ok := byDest[key]; ok {
				return nil, fmt.Errorf("%s: %s and %s would both write it; nothing was written", f.Dest, prev, name)
			}
			byDest[key] = name
		}
		plan = append(plan, p...)
	}
	if res.Diagnostics.HasErrors() {
		return res, nil
	}
	if content := lock.Marshal(); !bytes.Equal(content, oldLock) {
		// The lock is written as an output is (keeping its mode).
		p, err := outtree.Plan([]convert.OutputFile{{Path: idlock.FileName, Source: cfg.Path, Content: content}}, inputs, lockPath, false)
		if err != nil {
			return nil, err
		}
		plan = append(plan, p...)
	}
	changes, err := outtree.Changes(plan)
	if err != nil {
		return nil, err
	}
	var write []*outtree.File
	for _, c := range changes {
		res.Changed = append(res.Changed, ChangedFile{Path: c.File.Dest, Source: c.File.Source, Old: c.Old, New: c.File.Content})
		write = append(write, c.File)
	}
	if opts.Check || len(write) == 0 {
		return res, nil
	}
	if err := outtree.Commit(ctx, write, 0); err != nil {
		return nil, err
	}
	res.Written = true
	return res, nil
}

// conversionResult is what one conversion of the project gave.
type conversionResult struct {
	*conversion.Result
	err error
}

// readLock reads the ID lock, or starts an empty one when there is none;
// old is the file's bytes (nil when there is none).
func readLock(path string) (lock *idlock.Lock, old []byte, err error) {
	// As an output is read: a regular file only (a named pipe would
	// block, /dev/zero never end), at most 64 MiB.
	old, err = outtree.ReadRegular(path, convert.DefaultMaxFileSize)
	if errors.Is(err, os.ErrNotExist) {
		return idlock.New(), nil, nil
	}
	if err != nil {
		return nil, nil, fmt.Errorf("reading %s: %w", path, err)
	}
	lock, err = idlock.Parse(path, old)
	return lock, old, err
}

// lockKey names a source file in the lock: its slash path relative to
// the project folder.
func lockKey(dir string, f *schema.File) string {
	p := f.Pos.File
	if p == "" {
		p = f.Path
	}
	if rel, err := filepath.Rel(dir, filepath.FromSlash(p)); err == nil {
		return filepath.ToSlash(rel)
	}
	return filepath.ToSlash(p)
}

// bounds are what no output of a sync may do: leave the project folder,
// or replace the project file, the ID lock or its guard.
type bounds struct {
	// dir is the project folder, absolute, its symbolic links resolved;
	// own the project's files, resolved alike.
	dir string
	own []ownFile
	// parents are the output folders resolved so far.
	parents map[string]string
}

// ownFile is a file of the project that no output may replace.
type ownFile struct {
	path, what string
	st         fs.FileInfo // nil when it does not exist
}

// newBounds makes the bounds of the project whose file is path, in dir.
func newBounds(dir, path string) *bounds {
	b := &bounds{parents: map[string]string{}}
	b.dir = b.folder(outtree.AbsClean(dir))
	for _, f := range []ownFile{
		{path: path, what: "the project file"},
		{path: filepath.Join(dir, FileName), what: "the project file " + FileName},
		{path: filepath.Join(dir, idlock.FileName), what: "the ID lock " + idlock.FileName},
		{path: filepath.Join(dir, idlock.GuardName), what: "the ID lock's guard " + idlock.GuardName},
	} {
		f.path = b.resolve(f.path)
		f.st, _ = os.Stat(f.path)
		b.own = append(b.own, f)
	}
	return b
}

// resolve returns p absolute and clean, with the symbolic links of its
// folder resolved.
func (b *bounds) resolve(p string) string {
	p = outtree.AbsClean(p)
	return filepath.Join(b.folder(filepath.Dir(p)), filepath.Base(p))
}

// folder returns the absolute folder d with the symbolic links of its
// longest part that exists resolved.
func (b *bounds) folder(d string) string {
	if r, ok := b.parents[d]; ok {
		return r
	}
	r := d
	var rest []string
	for p := d; ; p = filepath.Dir(p) {
		if e, err := filepath.EvalSymlinks(p); err == nil {
			r = filepath.Join(append([]string{e}, rest...)...)
			break
		}
		if filepath.Dir(p) == p {
			break
		}
		rest = append([]string{filepath.Base(p)}, rest...)
	}
	b.parents[d] = r
	return r
}

// problem says why an output (a file, or the folder of several) may not
// be written where out says: it lies outside the project folder (as
// written, or through a symbolic link), or it is one of the project's
// own files (by path, or the same file by another name). "" when it may.
func (b *bounds) problem(out string) string {
	if out == "" {
		return ""
	}
	p := b.resolve(out)
	st, err := os.Stat(p)
	if err == nil && st.IsDir() {
		// An output folder's files go where its links lead.
		if r, err := filepath.EvalSymlinks(p); err == nil {
			p = r
		}
	}
	if rel, err := filepath.Rel(b.dir, p); err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
		return "lies outside the project folder (the project file's): sync writes only inside it"
	}
	for _, f := range b.own {
		if p == f.path || err == nil && f.st != nil && os.SameFile(st, f.st) {
			return fmt.Sprintf("is %s: sync would overwrite it", f.what)
		}
	}
	return ""
}
