package schema

import "slices"

// TypedefCycle is typedefs that name each other in a cycle (typedef B A,
// typedef A B), which name no type.
type TypedefCycle struct {
	// First is the member declared first (in the order of the files and
	// their top-level declarations).
	First *Typedef
	// Names are the members' names from First round to First again.
	Names []string
}

// TypedefCycles finds every cycle of typedefs in the files' top-level
// declarations, ordered by their first members. Each typedef names at
// most one other, so one walk from each typedef not yet reached,
// stopping at the first reached before, finds every cycle in time linear
// in the typedefs (a walk of the whole chain from every link would be
// quadratic in a chain's length). A cycle none of whose members is a
// top-level declaration of the files is left out.
func TypedefCycles(files []*File) []TypedefCycle {
	next := func(td *Typedef) *Typedef {
		if td.Type == nil || td.Type.Kind != TypeNamed {
			return nil
		}
		n, _ := td.Type.Decl.(*Typedef)
		return n
	}
	// order is each typedef's place among the declarations.
	order := map[*Typedef]int{}
	for _, f := range files {
		for _, d := range f.Decls {
			if td, ok := d.(*Typedef); ok {
				order[td] = len(order)
			}
		}
	}
	// walk is the walk that reached each typedef (1 and up).
	walk := map[*Typedef]int{}
	var cycles []TypedefCycle
	for _, f := range files {
		for _, d := range f.Decls {
			td, ok := d.(*Typedef)
			if !ok || walk[td] != 0 {
				continue
			}
			id := len(walk) + 1
			cur := td
			for cur != nil && walk[cur] == 0 {
				walk[cur] = id
				cur = next(cur)
			}
			if cur == nil || walk[cur] != id {
				continue
			}
			// cur is on a cycle this walk found.
			first, firstAt := (*Typedef)(nil), len(order)
			for m := cur; ; {
				if at, ok := order[m]; ok && at < firstAt {
					first, firstAt = m, at
				}
				if m = next(m); m == cur {
					break
				}
			}
			if first == nil {
				continue
			}
			names := []string{first.Name}
			for m := next(first); ; m = next(m) {
				names = append(names, m.Name)
				if m == first {
					break
				}
			}
			cycles = append(cycles, TypedefCycle{First: first, Names: names})
		}
	}
	slices.SortFunc(cycles, func(a, b TypedefCycle) int { return order[a.First] - order[b.First] })
	return cycles
}
