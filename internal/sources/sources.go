// Package sources keeps the files a front-end's Load reads, so that each
// is read once however many files import it, and parses a Load's inputs
// on every core.
package sources

import (
	"path"
	"sync"

	"github.com/idlconv/idlconv/internal/parallel"
)

// Files reads files through a read function, once each, by clean
// slash-separated path. It is safe for concurrent use: files are read
// side by side.
type Files struct {
	read   func(name string) ([]byte, error)
	mu     sync.Mutex
	byPath map[string][]byte
}

// New returns a Files that reads with read.
func New(read func(name string) ([]byte, error)) *Files {
	return &Files{read: read, byPath: map[string][]byte{}}
}

// Read returns the file at p, reading it the first time. Errors are not
// kept: a file that could not be read is tried again.
func (f *Files) Read(p string) ([]byte, error) {
	p = path.Clean(p)
	f.mu.Lock()
	b, ok := f.byPath[p]
	f.mu.Unlock()
	if ok {
		return b, nil
	}
	b, err := f.read(p)
	if err != nil {
		return nil, err
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	if prev, ok := f.byPath[p]; ok {
		return prev, nil // read by two goroutines at once
	}
	f.byPath[p] = b
	return b, nil
}

// Each calls fn with every file read so far.
func (f *Files) Each(fn func(p string, src []byte)) {
	f.mu.Lock()
	defer f.mu.Unlock()
	for p, b := range f.byPath {
		fn(p, b)
	}
}

// Parse reads the files at paths and parses each with parse, on every
// core. It returns the results of the files it could read, by clean path;
// one that could not be read is left out, for the caller to report when
// it reads it again. Each result is the one parsing the file alone gives,
// whatever the order the files were parsed in.
func Parse[T any](f *Files, paths []string, parse func(p string, src []byte) T) map[string]T {
	var clean []string
	seen := map[string]bool{}
	for _, p := range paths {
		p = path.Clean(p)
		if !seen[p] {
			seen[p] = true
			clean = append(clean, p)
		}
	}
	results := make([]T, len(clean))
	read := make([]bool, len(clean))
	parallel.Each(len(clean), func(i int) {
		if src, err := f.Read(clean[i]); err == nil {
			read[i] = true
			results[i] = parse(clean[i], src)
		}
	})
	out := make(map[string]T, len(clean))
	for i, p := range clean {
		if read[i] {
			out[p] = results[i]
		}
	}
	return out
}
