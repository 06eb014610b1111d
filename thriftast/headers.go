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
	// Name is the file's logical name, the one Load gives it.
	Name string
	// Includes are the indexes, in the slice Headers returns, of the files
	// its includes find; an include that finds nothing is left out.
	Includes []int
	// Namespaces are the file's namespace lines.
	Namespaces []*schema.Namespace
}

// Headers reads the inputs and every file their includes reach, as Load
// does but with the light scan of their headers alone (no thriftgo, no
// model), and returns their headers: the inputs first, in order, then the
// included files in the order Load first includes them, named as Load
// names them. It returns false when a header cannot be read or scanned, or
// two inputs are one file: then what the files include is not known for
// sure. An error past a file's header is Load's to find.
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
	skeletons := make([]*skeleton, len(inputs))
	var failed atomic.Bool
	parallel.Each(len(inputs), func(i int) {
		sk, err := scanHeaders(inputs[i].Path, string(srcs[i]))
		if err != nil {
			failed.Store(true)
		}
		skeletons[i] = sk
	})
	if failed.Load() {
		return nil, false
	}
	var headers []Header
	var readPaths []string
	var includes [][]string
	byRead := map[string]int{}
	add := func(readPath, name string, sk *skeleton) int {
		h := Header{Name: name}
		for _, ns := range sk.namespaces {
			h.Namespaces = append(h.Namespaces, &schema.Namespace{Pos: ns.pos, Lang: ns.lang, Name: ns.arg})
		}
		var incs []string
		for _, inc := range sk.includes {
			incs = append(incs, inc.arg)
		}
		byRead[readPath] = len(headers)
		headers = append(headers, h)
		readPaths = append(readPaths, readPath)
		includes = append(includes, incs)
		return len(headers) - 1
	}
	for i, in := range inputs {
		p := path.Clean(in.Path)
		if _, dup := byRead[p]; dup {
			return nil, false
		}
		add(p, in.Name, skeletons[i])
	}
	for i := 0; i < len(headers); i++ {
		for _, inc := range includes[i] {
			readPath, name, found := ld.find(readPaths[i], headers[i].Name, inc)
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
				sk, err := scanHeaders(readPath, string(src))
				if err != nil {
					return nil, false
				}
				j = add(readPath, name, sk)
			}
			headers[i].Includes = append(headers[i].Includes, j)
		}
	}
	return headers, true
}
