package conversion

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"

	"github.com/idlconv/idlconv/convert"
	"github.com/idlconv/idlconv/internal/outtree"
)

// Expansion is what a spec's sources expand to.
type Expansion struct {
	// Inputs are the files the sources expanded to.
	Inputs []convert.Input
	// Multi is true when the outputs must go to a folder: several
	// inputs, a folder among the sources, an output written as a folder,
	// or, on the command line, several arguments.
	Multi bool
	// Notes say what a folder source left out (files of an extension
	// read only with from).
	Notes []string
}

// Result is what running a conversion gave: its inputs, and its outputs
// and diagnostics.
type Result struct {
	Expansion
	*convert.Result
}

// SourceError is a source that gives no input: a missing file, a
// pattern or folder that matches nothing. The command reports it as a
// usage error, sync as an error of the conversion.
type SourceError struct{ Msg string }

func (e *SourceError) Error() string { return e.Msg }

func sourceErrorf(format string, args ...any) error {
	return &SourceError{Msg: fmt.Sprintf(format, args...)}
}

// Run expands the spec's sources into inputs ("-" reads stdin) and
// converts them with opts (the spec's options, to which the caller may
// add, e.g. an ID lock's BeforeMap). An error is a problem with the
// request (a *SourceError, or an unknown format or option); problems
// with the inputs are diagnostics in the result.
func Run(ctx context.Context, reg *convert.Registry, s *Spec, opts convert.Options, stdin io.Reader) (*Result, error) {
	x, err := s.Prepare(reg, stdin)
	if err != nil {
		return nil, err
	}
	return x.Convert(ctx, reg, opts)
}

// Prepare expands the spec's sources into inputs ([Spec.Inputs]) and
// checks that its output can take them: several inputs need a folder,
// not standard output nor a file. Its errors are a *SourceError.
func (s *Spec) Prepare(reg *convert.Registry, stdin io.Reader) (*Expansion, error) {
	x, err := s.Inputs(reg, stdin)
	if err != nil {
		return nil, err
	}
	if !x.Multi {
		return x, nil
	}
	outKey := KeyNamed("output")
	if s.Output == "" {
		return nil, sourceErrorf("several inputs need %s for the outputs", s.KeyHint(outKey, "DIR"))
	}
	if filepath.Ext(s.Output) != "" && !s.OutputDir && !hasSlash(s.Output) && !outtree.IsDir(s.Output) {
		return nil, sourceErrorf("%s names a file, but there are several inputs: give a folder (an existing one, or a name ending in /)", s.KeyHint(outKey, s.Output))
	}
	return x, nil
}

// Convert converts the inputs with opts (the spec's options, to which
// the caller may add). An error is a problem with the request; problems
// with the inputs are diagnostics in the result.
func (x *Expansion) Convert(ctx context.Context, reg *convert.Registry, opts convert.Options) (*Result, error) {
	res := &Result{Expansion: *x}
	var err error
	if res.Result, err = reg.Convert(ctx, x.Inputs, opts); err != nil {
		return nil, err
	}
	return res, nil
}

// Inputs expands the spec's sources into inputs: a path that exists as
// written is that file or folder; else a pattern's matches, sorted; each
// folder walked (by the registry's extensions), leaving out the files
// that Exclude matches; "-" read from stdin (which needs a from format,
// and a stdin: nil means it is no source); a file given twice taken
// once. A missing file, a pattern that matches nothing and a folder
// without schema files are a *SourceError.
func (s *Spec) Inputs(reg *convert.Registry, stdin io.Reader) (*Expansion, error) {
	res := &Expansion{Multi: s.OutputDir || s.FromCommandLine && len(s.Sources) > 1}
	seen := map[string]bool{}
	add := func(in convert.Input) {
		if !seen[in.Path] {
			seen[in.Path] = true
			res.Inputs = append(res.Inputs, in)
		}
	}
	fromKey := KeyNamed("from")
	for _, src := range s.Sources {
		if src == "-" {
			if stdin == nil {
				return nil, sourceErrorf("source \"-\": standard input is a source on the command line only")
			}
			if s.Options.From == "" {
				return nil, sourceErrorf("reading standard input needs %s", s.KeyHint(fromKey, "FORMAT"))
			}
			b, err := io.ReadAll(stdin)
			if err != nil {
				return nil, fmt.Errorf("reading standard input: %w", err)
			}
			name := "stdin" + reg.Format(s.Options.From).Extensions[0]
			add(convert.Input{Path: name, Content: b, Name: name})
			continue
		}
		p := resolve(s.Dir, src)
		matches := []string{p}
		pattern := false
		if _, err := os.Stat(p); err != nil && strings.ContainsAny(src, "*?[") {
			pattern = true
			if matches, err = filepath.Glob(p); err != nil {
				return nil, sourceErrorf("source %q: %v", src, err)
			}
			if len(matches) == 0 {
				return nil, sourceErrorf("source %q matches no file", src)
			}
			sort.Strings(matches)
		}
		for _, m := range matches {
			st, err := os.Stat(m)
			if errors.Is(err, fs.ErrNotExist) {
				return nil, sourceErrorf("%s: no such file or folder", src)
			}
			if err != nil {
				return nil, sourceErrorf("source %s: %v", src, err)
			}
			if !st.IsDir() {
				if !pattern || !s.Excluded(m, filepath.Dir(m)) {
					add(convert.Input{Path: m})
				}
				continue
			}
			res.Multi = true
			found, needFrom, err := reg.WalkInputs(m, s.Options)
			if err != nil {
				return nil, err
			}
			var kept []convert.Input
			for _, in := range found {
				if !s.Excluded(in.Path, m) {
					kept = append(kept, in)
				}
			}
			var skipped []string
			for _, f := range reg.Formats() {
				if n := needFrom[f.Name]; n > 0 {
					files := "files"
					if n == 1 {
						files = "file"
					}
					skipped = append(skipped, fmt.Sprintf("%d %s %s, read only with %s", n, strings.Join(f.Extensions, "/"), files, s.KeyHint(fromKey, string(f.Name))))
				}
			}
			switch {
			case len(kept) == 0 && len(found) > 0:
				return nil, sourceErrorf("%s: every schema file in it is excluded", src)
			case len(kept) == 0 && len(skipped) > 0:
				return nil, sourceErrorf("%s: no schema files found: %s", src, strings.Join(skipped, "; "))
			case len(kept) == 0:
				return nil, sourceErrorf("%s: no schema files found", src)
			case len(skipped) > 0:
				res.Notes = append(res.Notes, fmt.Sprintf("idlconv: %s: skipped %s", m, strings.Join(skipped, "; ")))
			}
			for _, in := range kept {
				add(in)
			}
		}
	}
	if len(res.Inputs) == 0 && len(s.Sources) > 0 {
		return nil, sourceErrorf("every file the sources match is excluded")
	}
	res.Multi = res.Multi || len(res.Inputs) > 1
	return res, nil
}

// Excluded reports whether an Exclude pattern matches the file p, found
// under the folder root (a folder source, or a pattern's match's folder):
// its slash path relative to Dir (the working folder on the command
// line), or to root when it lies outside that, or any run of the
// trailing elements of that path, so that a pattern matches at any depth
// ("legacy/*", "*_test.thrift") and a folder matches the files under it.
// The elements of the path above root never match.
func (s *Spec) Excluded(p, root string) bool {
	if len(s.Exclude) == 0 {
		return false
	}
	base := s.Dir
	if base == "" {
		base = "."
	}
	rel, err := relPath(base, p)
	if err != nil || rel == ".." || strings.HasPrefix(rel, "../") {
		if rel, err = relPath(root, p); err != nil {
			return false
		}
	}
	parts := strings.Split(rel, "/")
	for _, pat := range s.Exclude {
		pat = strings.TrimSuffix(filepath.ToSlash(pat), "/")
		n := strings.Count(pat, "/") + 1
		// Every run of n path elements: a trailing part, or a folder.
		for i := 0; i+n <= len(parts); i++ {
			if ok, _ := path.Match(pat, strings.Join(parts[i:i+n], "/")); ok {
				return true
			}
		}
	}
	return false
}

// relPath is p relative to base, slash-separated, both made absolute
// first.
func relPath(base, p string) (string, error) {
	ab, err := filepath.Abs(base)
	if err != nil {
		return "", err
	}
	ap, err := filepath.Abs(p)
	if err != nil {
		return "", err
	}
	rel, err := filepath.Rel(ab, ap)
	return filepath.ToSlash(rel), err
}
