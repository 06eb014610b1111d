package convert

import "github.com/idlconv/idlconv/schema"

// FileHeader is what a front-end's Headers reads of one file without
// decoding it: the files its includes find and its namespaces.
type FileHeader struct {
	// Name is the file's logical name, as Load names it.
	Name string
	// Includes are the indexes, among the headers, of the files its
	// includes find.
	Includes []int
	// Namespaces are the file's namespace declarations.
	Namespaces []*schema.Namespace
}

// groups splits the inputs into groups (indexes into inputs, in order)
// that convert apart to the same outputs and diagnostics as together, when
// none has an error (Convert then converts them again as one): inputs
// that include one file, directly or not, or whose files share a
// direction's GroupKey, are in one group. Without the hooks, or when
// what the inputs include is not known for sure, all the inputs are one
// group.
func (r *Registry) groups(base *Request, from schema.Format, d *Direction) [][]int {
	inputs, opts := base.Inputs, base.Options
	whole := [][]int{allInputs(len(inputs))}
	f := r.Format(from)
	if len(inputs) < 2 || f.Headers == nil || d.GroupKey == nil || opts.together {
		return whole
	}
	// The files the headers are read from are kept for the groups, which
	// read them again, each file in one group.
	base.reads = &readCache{files: map[string][]byte{}, filling: true}
	headers, ok := f.Headers(base)
	base.reads.stopFilling()
	if !ok || len(headers) < len(inputs) {
		return whole
	}
	parent := make([]int, len(headers))
	for i := range parent {
		parent[i] = i
	}
	find := func(i int) int {
		for parent[i] != i {
			parent[i] = parent[parent[i]]
			i = parent[i]
		}
		return i
	}
	union := func(a, b int) {
		if ra, rb := find(a), find(b); ra != rb {
			parent[max(ra, rb)] = min(ra, rb)
		}
	}
	byKey := map[string]int{}
	for i, h := range headers {
		for _, j := range h.Includes {
			union(i, j)
		}
		key := d.GroupKey(&schema.File{Path: h.Name, Namespaces: h.Namespaces}, opts)
		if key == "" {
			continue
		}
		if j, ok := byKey[key]; ok {
			union(i, j)
		} else {
			byKey[key] = i
		}
	}
	index := map[int]int{} // group of each root
	var groups [][]int
	for i := range inputs {
		root := find(i)
		g, ok := index[root]
		if !ok {
			g = len(groups)
			index[root] = g
			groups = append(groups, nil)
		}
		groups[g] = append(groups[g], i)
	}
	return groups
}
