package thriftast

import (
	"path"
	"sync/atomic"

	"github.com/idlconv/idlconv/internal/parallel"
	"github.com/idlconv/idlconv/schema"
)

// Header is what the light scan reads of a file's header: the files its
// includes name, found as Load finds them, and its namespaces.
type Header struct {
	// Path is where the file is read; Name is its logical name, the one
	// Load gives it.
	Path, Name string
	// Includes are the indexes, in the slice Headers returns, of the files
	// its includes find; an include that finds nothing is left out.
	Includes []int
	// Namespaces are the file's namespace lines.
	Namespaces []*schema.Namespace
}

// Headers reads the inputs and every file their includes reach, as Load
// does but with the light scan alone (no thriftgo, no model), and returns
// their headers: the inputs first, in order, then the included files in
// the order Load first includes them, named as Load names them. It
// returns false when a file cannot be read or scanned, or two inputs are
// one file: then what the files include is not known for sure.
func (l *Loader) Headers(inputs []Input) ([]Header, bool) {
	ld := newLoad(l)
	srcs := make([][]byte, len(inputs))
	for i, in := range inputs {
		src, err := ld.readFile(in.Path)
		if err != nil {
			return nil, false
		}
		srcs[i] = src
	}
	// Each input's scan is dropped as soon as its header is taken: the
	// scans of a large tree together take many times its size.
	type scanned struct {
		header   Header
		includes []string
	}
	heads := make([]scanned, len(inputs))
	var failed atomic.Bool
	parallel.Each(len(inputs), func(i int) {
		sk, err := scan(inputs[i].Path, string(srcs[i]))
		if err != nil {
			failed.Store(true)
			return
		}
		heads[i].header, heads[i].includes = headerOf(sk)
	})
	if failed.Load() {
		return nil, false
	}
	var headers []Header
	var stubs []*schema.File // what find needs of each file: its logical name and read path
	var includes [][]string
	byRead := map[string]int{}
	add := func(readPath, name string, h Header, incs []string) int {
		stub := &schema.File{Path: name}
		ld.read[stub] = readPath
		byRead[readPath] = len(headers)
		h.Path, h.Name = readPath, name
		headers = append(headers, h)
		stubs = append(stubs, stub)
		includes = append(includes, incs)
		return len(headers) - 1
	}
	for i, in := range inputs {
		p := path.Clean(in.Path)
		if _, dup := byRead[p]; dup {
			return nil, false
		}
		add(p, in.Name, heads[i].header, heads[i].includes)
	}
	for i := 0; i < len(headers); i++ {
		for _, inc := range includes[i] {
			readPath, name, found := ld.find(stubs[i], inc)
			if !found {
				continue
			}
			readPath = path.Clean(readPath)
			j, seen := byRead[readPath]
			if !seen {
				src, err := ld.readFile(readPath)
				if err != nil {
					return nil, false
				}
				sk, err := scan(readPath, string(src))
				if err != nil {
					return nil, false
				}
				h, incs := headerOf(sk)
				j = add(readPath, name, h, incs)
			}
			headers[i].Includes = append(headers[i].Includes, j)
		}
	}
	return headers, true
}

// headerOf takes a file's namespaces and the paths its includes name from
// its scan.
func headerOf(sk *skeleton) (Header, []string) {
	var h Header
	for _, ns := range sk.namespaces {
		h.Namespaces = append(h.Namespaces, &schema.Namespace{Pos: ns.pos, Lang: ns.lang, Name: ns.arg})
	}
	var incs []string
	for _, inc := range sk.includes {
		incs = append(incs, inc.arg)
	}
	return h, incs
}
