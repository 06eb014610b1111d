// Package sources keeps the files a front-end's Load reads, so that each
// is read once however many files import it, and parses a Load's inputs
// on every core.
package sources

import (
	"path"
	"sync"

	"github.com/idlconv/idlconv/internal/parallel"
	"github.com/idlconv/idlconv/schema"
)

// Files reads files through a read function, once each, by clean
// slash-separated path: what a read returned, the file or the error, is
// what every later read of the path returns. It is safe for concurrent
// use: different files are read side by side, and goroutines that read
// one file at once wait for one read.
type Files struct {
	read   func(name string) ([]byte, error)
	mu     sync.Mutex
	byPath map[string]*entry
}

// entry is one path's read.
type entry struct {
	once sync.Once
	src  []byte
	err  error
}

// New returns a Files that reads with read, which must be safe for
// concurrent use.
func New(read func(name string) ([]byte, error)) *Files {
	return &Files{read: read, byPath: map[string]*entry{}}
}

// Read returns the file at p, reading it the first time.
func (f *Files) Read(p string) ([]byte, error) {
	p = path.Clean(p)
	f.mu.Lock()
	e := f.byPath[p]
	if e == nil {
		e = &entry{}
		f.byPath[p] = e
	}
	f.mu.Unlock()
	e.once.Do(func() { e.src, e.err = f.read(p) })
	return e.src, e.err
}

// Parsed is what parsing one file gave: the file, nil when it did not
// parse, and the diagnostics.
type Parsed struct {
	File  *schema.File
	Diags schema.Diagnostics
}

// ParseFiles reads the files at paths and parses each with parse, on
// every core, under the path as given (its first spelling, for a path
// given twice). It returns the results of the files it could read, by
// clean path; one that could not be read is left out, for the caller to
// report when it reads it again. Each result is the one parsing the file
// alone gives, whatever the order the files were parsed in.
func ParseFiles(f *Files, paths []string, parse func(name string, src []byte) (*schema.File, schema.Diagnostics)) map[string]Parsed {
	var given, clean []string
	seen := map[string]bool{}
	for _, p := range paths {
		c := path.Clean(p)
		if !seen[c] {
			seen[c] = true
			given = append(given, p)
			clean = append(clean, c)
		}
	}
	results := make([]Parsed, len(clean))
	read := make([]bool, len(clean))
	parallel.Each(len(clean), func(i int) {
		if src, err := f.Read(clean[i]); err == nil {
			read[i] = true
			results[i].File, results[i].Diags = parse(given[i], src)
		}
	})
	out := make(map[string]Parsed, len(clean))
	for i, p := range clean {
		if read[i] {
			out[p] = results[i]
		}
	}
	return out
}
