package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"sync"

	"github.com/spf13/cobra"

	"github.com/idlconv/idlconv/convert"
	"github.com/idlconv/idlconv/idlock"
	"github.com/idlconv/idlconv/project"
	"github.com/idlconv/idlconv/schema"
)

// syncFlags are the flags of `idlconv sync`.
type syncFlags struct {
	config      string
	check, diff bool
	errorFormat string
}

func newSyncCommand(reg *convert.Registry, stdout, stderr io.Writer, errorFormat *string) *cobra.Command {
	var fl syncFlags
	cmd := &cobra.Command{
		Use:   "sync",
		Short: "Regenerate every output idlconv.yaml lists",
		Long: `Regenerate every output that the project file lists.

The project file is idlconv.yaml in the current folder or the nearest one
above it, or --config FILE. Its conversions run in parallel; when any has
an error nothing is written. Otherwise every output that is missing or
differs is written, all or nothing, and the others are left untouched.

--check writes nothing and exits 1 when an output is missing or stale
(--diff prints a unified diff of each), 0 when all are current.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			fl.errorFormat = *errorFormat
			return runSync(cmd.Context(), reg, fl, stdout, stderr)
		},
	}
	f := cmd.Flags()
	f.StringVar(&fl.config, "config", "", "the project file (default: "+project.FileName+" here or in a folder above)")
	f.BoolVar(&fl.check, "check", false, "write nothing; exit 1 when an output is missing or stale (with --diff, print how)")
	f.BoolVar(&fl.diff, "diff", false, "write nothing; print a unified diff of each output that is missing or stale")
	return cmd
}

// syncResult is what one conversion of the project gave.
type syncResult struct {
	res    *convert.Result
	inputs []convert.Input
	multi  bool
	out    string
	notes  []string
	err    error
}

func runSync(ctx context.Context, reg *convert.Registry, fl syncFlags, stdout, stderr io.Writer) error {
	if ctx == nil {
		ctx = context.Background()
	}
	path := fl.config
	if path == "" {
		var err error
		if path, err = project.Find("."); err != nil {
			return usagef("%v", err)
		}
		if rel, err := filepath.Rel(mustGetwd(), path); err == nil {
			path = rel
		}
	}
	cfg, err := project.Load(path, reg)
	if err != nil {
		var pe *project.Error
		if errors.As(err, &pe) {
			d := schema.Diagnostic{Pos: pe.Pos, Severity: schema.Error, Rule: schema.RuleInvalidConfig.ID, Msg: pe.Msg}
			if err := printDiagnostics(stderr, schema.Diagnostics{d}, fl.errorFormat); err != nil {
				return err
			}
			return errInput
		}
		return err
	}
	lockPath := filepath.Join(cfg.Dir, idlock.FileName)
	lock, oldLock, err := readLock(lockPath)
	if err != nil {
		var le *idlock.Error
		if errors.As(err, &le) {
			d := schema.Diagnostic{Pos: le.Pos, Severity: schema.Error, Rule: schema.RuleInvalidConfig.ID, Msg: le.Msg + " (fix it, or delete the lock to number every type afresh)"}
			if err := printDiagnostics(stderr, schema.Diagnostics{d}, fl.errorFormat); err != nil {
				return err
			}
			fmt.Fprintln(stderr, "idlconv: nothing was written")
			return errInput
		}
		return err
	}
	// Each conversion applies a copy of the lock to its model before the
	// mapping; the copies are merged afterwards, in the file's order, so
	// that conversions running in parallel do not share it.
	copies := make([]*idlock.Lock, len(cfg.Conversions))
	visited := make([][]string, len(cfg.Conversions))
	for i, c := range cfg.Conversions {
		copies[i] = lock.Clone()
		toThrift := c.To == schema.Thrift
		c.Options.BeforeMap = func(files []*schema.File, diags *schema.Diagnostics) {
			visited[i] = copies[i].Apply(files, func(f *schema.File) string { return lockKey(cfg.Dir, f) }, toThrift, diags)
		}
	}
	results := make([]syncResult, len(cfg.Conversions))
	// Conversions run in parallel; their results are kept in the file's
	// order, so that what is printed and written does not depend on
	// which finishes first.
	var wg sync.WaitGroup
	sem := make(chan struct{}, runtime.GOMAXPROCS(0))
	for i, c := range cfg.Conversions {
		wg.Add(1)
		go func() {
			defer wg.Done()
			sem <- struct{}{}
			defer func() { <-sem }()
			results[i] = runConversion(ctx, reg, cfg, c)
		}()
	}
	wg.Wait()
	// One list of diagnostics, in the file's order of conversions, and
	// one summary; a diagnostic two conversions of one source both give
	// (an ID the lock gives, a warning of the source) is printed once.
	var diags schema.Diagnostics
	seen := map[string]bool{}
	taken := map[string]string{}
	for i, r := range results {
		c := cfg.Conversions[i]
		for _, n := range r.notes {
			fmt.Fprintln(stderr, n)
		}
		if r.err != nil {
			diags = append(diags, schema.Diagnostic{Pos: c.Pos, Severity: schema.Error, Rule: schema.RuleInvalidConfig.ID, Msg: c.Name + ": " + r.err.Error()})
			continue
		}
		for _, d := range r.res.Diagnostics {
			if k := d.String(); !seen[k] {
				seen[k] = true
				diags = append(diags, d)
			}
		}
		if err := lock.Merge(copies[i], visited[i], taken, c.Name); err != nil {
			diags = append(diags, schema.Diagnostic{Pos: c.Pos, Severity: schema.Error, Rule: schema.RuleInvalidConfig.ID, Msg: err.Error()})
		}
	}
	if err := printDiagnostics(stderr, diags, fl.errorFormat); err != nil {
		return err
	}
	if diags.HasErrors() {
		fmt.Fprintln(stderr, "idlconv: nothing was written")
		return errInput
	}
	var plan []*pendingFile
	byDest := map[string]string{}
	for i, r := range results {
		p, err := planOutputs(r.res.Files, r.inputs, r.out, r.multi)
		if err != nil {
			return fmt.Errorf("%s: %w", cfg.Conversions[i].Name, err)
		}
		for _, f := range p {
			key := absClean(f.dest)
			if prev, ok := byDest[key]; ok {
				return fmt.Errorf("%s: %s and %s would both write it; nothing was written", f.dest, prev, cfg.Conversions[i].Name)
			}
			byDest[key] = cfg.Conversions[i].Name
		}
		plan = append(plan, p...)
	}
	if content := lock.Marshal(); !bytes.Equal(content, oldLock) {
		p := &pendingFile{dest: lockPath, source: cfg.Path, content: content, mode: 0o644}
		if st, err := os.Lstat(lockPath); err == nil && st.Mode().IsRegular() {
			p.mode = st.Mode().Perm()
		}
		plan = append(plan, p)
	}
	if fl.check || fl.diff {
		err := comparePlan(plan, fl.diff, stdout, stderr)
		if errors.Is(err, errStale) && !fl.check {
			return nil // --diff alone only shows
		}
		return err
	}
	changed, err := staleFiles(plan)
	if err != nil {
		return err
	}
	if err := commitPlan(ctx, changed); err != nil {
		return err
	}
	for _, f := range changed {
		fmt.Fprintf(stderr, "idlconv: wrote %s\n", filepath.ToSlash(f.dest))
	}
	return nil
}

// runConversion runs one conversion of the project.
func runConversion(ctx context.Context, reg *convert.Registry, cfg *project.Config, c *project.Conversion) syncResult {
	args, err := expandSources(cfg.Dir, c.Sources)
	if err != nil {
		return syncResult{err: err}
	}
	inputs, multi, notes, err := collectInputs(reg, args, c.Options, nil)
	if err != nil {
		return syncResult{err: err}
	}
	out := filepath.Join(cfg.Dir, filepath.FromSlash(c.Output))
	if strings.HasSuffix(c.Output, "/") {
		out += string(filepath.Separator)
		multi = true
	}
	res, err := reg.Convert(ctx, inputs, c.Options)
	if err != nil {
		return syncResult{err: err}
	}
	return syncResult{res: res, inputs: inputs, multi: multi, out: out, notes: notes}
}

// expandSources turns a conversion's sources (files, folders, glob
// patterns, relative to dir) into paths, each pattern's matches sorted.
// A pattern that matches nothing, or a file that does not exist, is an
// error.
func expandSources(dir string, sources []string) ([]string, error) {
	var out []string
	seen := map[string]bool{}
	for _, s := range sources {
		p := filepath.Join(dir, filepath.FromSlash(s))
		var matches []string
		if strings.ContainsAny(s, "*?[") {
			m, err := filepath.Glob(p)
			if err != nil {
				return nil, fmt.Errorf("source %q: %v", s, err)
			}
			if len(m) == 0 {
				return nil, fmt.Errorf("source %q matches no file", s)
			}
			sort.Strings(m)
			matches = m
		} else {
			if _, err := os.Stat(p); err != nil {
				return nil, fmt.Errorf("source %q: %v", s, err)
			}
			matches = []string{p}
		}
		for _, m := range matches {
			if !seen[m] {
				seen[m] = true
				out = append(out, m)
			}
		}
	}
	return out, nil
}

// staleFiles returns the planned outputs that are missing or differ from
// the file they would replace.
func staleFiles(plan []*pendingFile) ([]*pendingFile, error) {
	var out []*pendingFile
	for _, p := range plan {
		old, err := os.ReadFile(p.dest)
		switch {
		case errors.Is(err, os.ErrNotExist):
		case err != nil:
			return nil, fmt.Errorf("reading %s: %w", p.dest, err)
		case bytes.Equal(old, p.content):
			continue
		}
		out = append(out, p)
	}
	return out, nil
}

func mustGetwd() string {
	wd, err := os.Getwd()
	if err != nil {
		return "."
	}
	return wd
}

// readLock reads the ID lock, or starts an empty one when there is none;
// old is the file's bytes (nil when there is none).
func readLock(path string) (lock *idlock.Lock, old []byte, err error) {
	old, err = os.ReadFile(path)
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
