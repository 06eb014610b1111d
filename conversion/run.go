package conversion

import (
	"context"
	"fmt"
	"io"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"

	"github.com/idlconv/idlconv/convert"
)

// Result is what running a conversion gave.
type Result struct {
	// Result is the conversion's outputs and diagnostics.
	*convert.Result
	// Inputs are the files the sources expanded to.
	Inputs []convert.Input
	// Multi is true when the outputs must go to a folder: several
	// inputs, a folder among the sources, or an output written as a
	// folder.
	Multi bool
	// Notes say what a folder source left out (files of an extension
	// read only with from).
	Notes []string
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
	res, err := s.Inputs(reg, stdin)
	if err != nil {
		return nil, err
	}
	if res.Result, err = reg.Convert(ctx, res.Inputs, opts); err != nil {
		return nil, err
	}
	return res, nil
}

// Inputs expands the spec's sources into inputs: each pattern's matches
// sorted, each folder walked (by the registry's extensions), "-" read
// from stdin (which needs a from format), a file given twice taken once,
// and the files that Exclude matches left out. A missing file, a pattern
// that matches nothing and a folder without schema files are a
// *SourceError.
func (s *Spec) Inputs(reg *convert.Registry, stdin io.Reader) (*Result, error) {
	res := &Result{Multi: len(s.Sources) > 1 || s.OutputDir}
	seen := map[string]bool{}
	add := func(in convert.Input) {
		if !seen[in.Path] && !s.Excluded(in.Path) {
			seen[in.Path] = true
			res.Inputs = append(res.Inputs, in)
		}
	}
	fromKey := KeyNamed("from")
	for _, src := range s.Sources {
		if src == "-" {
			if s.Options.From == "" {
				return nil, sourceErrorf("reading standard input needs %s", s.KeyHint(fromKey, "FORMAT"))
			}
			b, err := io.ReadAll(stdin)
			if err != nil {
				return nil, fmt.Errorf("reading standard input: %w", err)
			}
			name := "stdin" + reg.Format(s.Options.From).Extensions[0]
			res.Inputs = append(res.Inputs, convert.Input{Path: name, Content: b, Name: name})
			continue
		}
		p := resolve(s.Dir, src)
		matches := []string{p}
		if strings.ContainsAny(src, "*?[") {
			var err error
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
			if err != nil {
				return nil, sourceErrorf("%s: no such file or folder", src)
			}
			if !st.IsDir() {
				add(convert.Input{Path: m})
				continue
			}
			res.Multi = true
			found, needFrom, err := reg.WalkInputs(m, s.Options)
			if err != nil {
				return nil, err
			}
			var kept []convert.Input
			for _, in := range found {
				if !s.Excluded(in.Path) {
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
		return nil, sourceErrorf("every source is excluded")
	}
	res.Multi = res.Multi || len(res.Inputs) > 1
	return res, nil
}

// Excluded reports whether an Exclude pattern matches the file p: its
// slash path relative to Dir (or as written), or any trailing part of it
// (a pattern "legacy/*" or "*_test.thrift" matches at any depth), or a
// folder it lies in.
func (s *Spec) Excluded(p string) bool {
	if len(s.Exclude) == 0 {
		return false
	}
	rel := p
	if s.Dir != "" {
		if r, err := filepath.Rel(s.Dir, p); err == nil {
			rel = r
		}
	}
	parts := strings.Split(filepath.ToSlash(filepath.Clean(rel)), "/")
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
