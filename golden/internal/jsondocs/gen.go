package jsondocs

import (
	"encoding/json"
	"errors"
	"fmt"
	"sort"

	"github.com/idlconv/idlconv/internal/jsonschema"
)

// cand builds one candidate document.
type cand struct {
	run    *run
	k      int
	forced map[point]int
	facts  []fact
	taken  map[choice]bool // the options facts holds
	nodes  int
	onPath map[*jsonschema.Schema]int // how often each schema is on the way from the root
}

var errUnsat = errors.New("no value satisfies the schema")

// choose returns the option to take at p among n: the forced one; in
// variants 0 and 1, def (mod n); in later variants the first option from
// def on that no kept document and no earlier place of this candidate
// took, else the one kept documents took least often; and small when the
// value is the smallest allowed. It records what it took, except for
// smallest values.
func (c *cand) choose(p point, n, def int, minimal bool, small int) int {
	return c.chooseAmong(p, n, def, minimal, small, nil)
}

// chooseAmong is choose, where only the options fits accepts are taken
// unless forced (all when fits is nil, or accepts none).
func (c *cand) chooseAmong(p point, n, def int, minimal bool, small int, fits func(int) bool) int {
	if n <= 1 {
		return 0
	}
	if minimal {
		return small
	}
	if fits != nil {
		some := false
		for i := 0; i < n && !some; i++ {
			some = fits(i)
		}
		if !some {
			fits = nil
		}
	}
	allowed := func(i int) bool { return fits == nil || fits(i) }
	i := ((def % n) + n) % n
	for j := 0; j < n && !allowed(i); j++ {
		i = (i + 1) % n
	}
	if f, ok := c.forced[p]; ok && f < n {
		i = f
	} else if idx, ok := c.run.index[p]; ok && c.k >= 2 {
		// The first option not taken yet, else the one kept documents
		// took least often, so that what lies below each gets its turn.
		ps := c.run.points[idx]
		best, bestUses := -1, 0
		for j := 0; j < n && j < ps.n; j++ {
			o := (i + j) % n
			if o >= ps.n || ps.failed[o] || !allowed(o) {
				continue
			}
			if !ps.covered[o] && !c.taken[choice{p, o}] {
				best = o
				break
			}
			if best < 0 || ps.uses[o] < bestUses {
				best, bestUses = o, ps.uses[o]
			}
		}
		switch {
		case best >= 0 && !ps.covered[best]:
			i = best
		case best >= 0 && !leavesOut(p.kind, best):
			// All taken: the least used, unless it leaves something
			// out (an absent property would hide what lies below).
			i = best
		}
	}
	if p.s != nil {
		c.facts = append(c.facts, fact{p: p, n: n, i: i})
		c.taken[choice{p, i}] = true
	}
	return i
}

// jsonType is a set of JSON types; integer is a subset of number.
type jsonType uint8

const (
	tNull jsonType = 1 << iota
	tBool
	tInt    // integral numbers
	tNonInt // numbers with a fraction
	tString
	tArray
	tObject
	tAll = tNull | tBool | tInt | tNonInt | tString | tArray | tObject
)

// typeOrder returns the order types are chosen in: the richest first, so
// that variant 0 fills the most.
func typeOrder() [7]jsonType {
	return [...]jsonType{tObject, tArray, tString, tNonInt, tInt, tBool, tNull}
}

// smallOrder returns the order the smallest value looks for a type in.
func smallOrder() [7]jsonType {
	return [...]jsonType{tNull, tBool, tInt, tNonInt, tString, tArray, tObject}
}

func typesOf(t jsonschema.Types) jsonType {
	var out jsonType
	for _, s := range t.ToStrings() {
		switch s {
		case "null":
			out |= tNull
		case "boolean":
			out |= tBool
		case "integer":
			out |= tInt
		case "number":
			out |= tInt | tNonInt
		case "string":
			out |= tString
		case "array":
			out |= tArray
		case "object":
			out |= tObject
		}
	}
	return out
}

// value builds a value that the schemas all accept, at depth, with
// variant k. No schemas means any value.
func (c *cand) value(schemas []*jsonschema.Schema, k, depth int, minimal bool) (any, error) {
	if c.run.budget <= 0 {
		return nil, errBudget
	}
	c.run.budget--
	c.nodes++
	if depth > hardDepth {
		return nil, fmt.Errorf("deeper than %d: %w", hardDepth, errUnsat)
	}
	var owner *jsonschema.Schema
	for _, s := range schemas {
		if s != nil {
			owner = s
			break
		}
	}
	if depth >= maxDepth || c.nodes > candidateNodes {
		minimal = true
	}
	for _, s := range schemas {
		if c.onPath[s] >= 2 {
			minimal = true
		}
	}
	known := tAll
	for _, s := range schemas {
		known &= staticTypes(s, 0)
	}
	// if/then/else is settled by trying: a value is built without it,
	// then again with then (and if) where the value meets if but not
	// then, and with else where it meets neither if nor else.
	var modes map[*jsonschema.Schema]bool
	for round := 0; ; round++ {
		mark := len(c.facts)
		parts, err := c.flatten(schemas, nil, map[*jsonschema.Schema]bool{}, k, minimal, modes, known)
		if err != nil {
			return nil, err
		}
		v, err := c.build(parts, owner, k, depth, minimal)
		if err != nil || round == maxIfRounds {
			return v, err
		}
		if modes == nil {
			modes = map[*jsonschema.Schema]bool{}
		}
		if !settleIfs(parts, v, modes) {
			return v, nil
		}
		for _, f := range c.facts[mark:] {
			delete(c.taken, choice{f.p, f.i})
		}
		c.facts = c.facts[:mark]
	}
}

// maxIfRounds bounds how often a value is rebuilt for if/then/else.
const maxIfRounds = 3

// settleIfs records in modes, for every part with an undecided if, whether
// v needs its then (true) or its else (false); it reports whether it
// decided any.
func settleIfs(parts []*jsonschema.Schema, v any, modes map[*jsonschema.Schema]bool) bool {
	changed := false
	for _, p := range parts {
		if p.If == nil {
			continue
		}
		if _, decided := modes[p]; decided {
			continue
		}
		if p.If.Validate(v) == nil {
			if p.Then != nil && p.Then.Validate(v) != nil {
				modes[p] = true
				changed = true
			}
		} else if p.Else != nil && p.Else.Validate(v) != nil {
			modes[p] = false
			changed = true
		}
	}
	return changed
}

// build builds a value that all parts accept.
func (c *cand) build(parts []*jsonschema.Schema, owner *jsonschema.Schema, k, depth int, minimal bool) (any, error) {
	for _, p := range parts {
		if c.onPath[p] >= 2 {
			minimal = true
		}
	}
	for _, p := range parts {
		c.onPath[p]++
	}
	defer func() {
		for _, p := range parts {
			c.onPath[p]--
		}
	}()
	if len(parts) > 0 {
		owner = parts[0]
	}

	types := tAll
	declared := false
	for _, p := range parts {
		if p.Types != nil {
			types &= typesOf(*p.Types)
			declared = true
		}
	}
	if types == 0 {
		return nil, fmt.Errorf("the types exclude one another: %w", errUnsat)
	}

	if vals, ep := enumValues(parts, types); ep != nil {
		if len(vals) == 0 {
			return nil, fmt.Errorf("no enum value fits: %w", errUnsat)
		}
		return vals[c.choose(point{s: ep, kind: kindEnum}, len(vals), k, minimal, 0)], nil
	}

	if !declared {
		if implied := impliedTypes(parts); implied != 0 {
			types = implied
		} else {
			// Any value: an object, an array, a string or a number.
			i := c.choose(point{s: owner, kind: kindAny}, anyKinds, k, minimal, 2)
			return anyValue(i), nil
		}
	}

	var opts []jsonType
	for _, t := range typeOrder() {
		if types&t == 0 {
			continue
		}
		if t == tInt && types&tNonInt != 0 {
			continue // number covers integers
		}
		opts = append(opts, t)
	}
	small := 0
	for _, t := range smallOrder() {
		if i := indexType(opts, t); i >= 0 {
			small = i
			break
		}
	}
	var tp *jsonschema.Schema
	for _, p := range parts {
		if p.Types != nil {
			tp = p
			break
		}
	}
	t := opts[c.choose(point{s: tp, kind: kindType}, len(opts), k, minimal, small)]
	v, err := c.typed(t, parts, owner, k, depth, minimal)
	if err != nil && !declared && errors.Is(err, errUnsat) {
		// The type the keywords imply cannot be met (contains: false, a
		// required property that is false), but the schema does not ask
		// for that type.
		return anyValue(2 + k), nil
	}
	return v, err
}

// typed builds a value of type t that all parts accept.
func (c *cand) typed(t jsonType, parts []*jsonschema.Schema, owner *jsonschema.Schema, k, depth int, minimal bool) (any, error) {
	switch t {
	case tObject:
		return c.object(parts, owner, k, depth, minimal, false)
	case tArray:
		return c.array(parts, owner, k, depth, minimal)
	case tString:
		return c.str(parts, owner, k, minimal)
	case tNonInt:
		return c.number(parts, owner, k, minimal, false)
	case tInt:
		return c.number(parts, owner, k, minimal, true)
	case tBool:
		return c.choose(point{s: owner, kind: kindBool}, 2, k, minimal, 1) == 0, nil
	}
	return nil, nil
}

func indexType(opts []jsonType, t jsonType) int {
	for i, o := range opts {
		if o == t {
			return i
		}
	}
	return -1
}

// flatten appends to parts every schema that applies to the same value as
// schemas: each schema, what it refers to, its allOf, and the chosen
// branch of its oneOf and anyOf; and if and then, or else, where modes
// says so. A false schema makes the value
// impossible; true schemas add nothing.
func (c *cand) flatten(schemas []*jsonschema.Schema, parts []*jsonschema.Schema, seen map[*jsonschema.Schema]bool, k int, minimal bool, modes map[*jsonschema.Schema]bool, known jsonType) ([]*jsonschema.Schema, error) {
	for _, s := range schemas {
		if s == nil || seen[s] {
			continue
		}
		seen[s] = true
		if s.Bool != nil {
			if !*s.Bool {
				return nil, fmt.Errorf("a false schema: %w", errUnsat)
			}
			continue
		}
		parts = append(parts, s)
		var next []*jsonschema.Schema
		next = append(next, s.Ref, s.RecursiveRef)
		if s.DynamicRef != nil {
			next = append(next, s.DynamicRef.Ref)
		}
		next = append(next, s.AllOf...)
		for _, alt := range [...]struct {
			kind     kind
			branches []*jsonschema.Schema
		}{{kindOneOf, s.OneOf}, {kindAnyOf, s.AnyOf}} {
			if len(alt.branches) == 0 {
				continue
			}
			small := 0
			if minimal {
				small = c.run.cheapest(alt.branches)
			}
			fits := func(i int) bool { return staticTypes(alt.branches[i], 0)&known != 0 }
			next = append(next, alt.branches[c.chooseAmong(point{s: s, kind: alt.kind}, len(alt.branches), k, minimal, small, fits)])
		}
		if then, decided := modes[s]; decided {
			if then {
				next = append(next, s.If, s.Then)
			} else {
				next = append(next, s.Else)
			}
		}
		var err error
		if parts, err = c.flatten(next, parts, seen, k, minimal, modes, known); err != nil {
			return nil, err
		}
	}
	return parts, nil
}

// staticTypes returns the types s allows by its type, enum and const,
// and those of what it refers to and its allOf (to a small depth); tAll
// when it says nothing.
func staticTypes(s *jsonschema.Schema, depth int) jsonType {
	if s == nil || depth > 4 {
		return tAll
	}
	if s.Bool != nil {
		if *s.Bool {
			return tAll
		}
		return 0
	}
	t := tAll
	if s.Types != nil {
		t &= typesOf(*s.Types)
	}
	var vals []any
	if s.Const != nil {
		vals = []any{*s.Const}
	} else if s.Enum != nil {
		vals = s.Enum.Values
	}
	if vals != nil {
		var et jsonType
		for _, v := range vals {
			et |= typeOfValue(v)
		}
		t &= et
	}
	t &= staticTypes(s.Ref, depth+1)
	for _, a := range s.AllOf {
		t &= staticTypes(a, depth+1)
	}
	return t
}

// impliedTypes returns the types the keywords of parts imply when none
// declares a type: object keywords imply an object, and so on.
func impliedTypes(parts []*jsonschema.Schema) jsonType {
	var t jsonType
	for _, p := range parts {
		if p.Properties != nil || p.Required != nil || p.AdditionalProperties != nil || p.PatternProperties != nil ||
			p.PropertyNames != nil || p.MinProperties != nil || p.MaxProperties != nil || p.DependentRequired != nil ||
			p.Dependencies != nil || p.DependentSchemas != nil {
			t |= tObject
		}
		if p.Items != nil || p.Items2020 != nil || p.PrefixItems != nil || p.AdditionalItems != nil || p.Contains != nil ||
			p.MinItems != nil || p.MaxItems != nil || p.UniqueItems {
			t |= tArray
		}
		if p.MinLength != nil || p.MaxLength != nil || p.Pattern != nil || (p.Format != nil && formatExamples(p.Format.Name) != nil) {
			t |= tString
		}
		if p.Minimum != nil || p.Maximum != nil || p.ExclusiveMinimum != nil || p.ExclusiveMaximum != nil || p.MultipleOf != nil {
			t |= tInt | tNonInt
		}
	}
	return t
}

// anyKinds is how many values anyValue has.
const anyKinds = 4

// anyValue returns value i of a schema that says nothing of its type: an
// object, an array, a string, a number.
func anyValue(i int) any {
	switch i % anyKinds {
	case 0:
		return map[string]any{"key1": ordinary, "key2": json.Number("1.5")}
	case 1:
		return []any{json.Number("1"), "two"}
	case 2:
		return ordinary
	}
	return json.Number("1.5")
}

// enumValues returns the values the enum or const of parts allow, of the
// allowed types, and the part that lists them; nil when no part has one.
func enumValues(parts []*jsonschema.Schema, types jsonType) ([]any, *jsonschema.Schema) {
	var vals []any
	var owner *jsonschema.Schema
	for _, p := range parts {
		var these []any
		switch {
		case p.Const != nil:
			these = []any{*p.Const}
		case p.Enum != nil:
			these = p.Enum.Values
		default:
			continue
		}
		if owner == nil {
			owner = p
			for _, v := range these {
				if types&typeOfValue(v) != 0 {
					vals = append(vals, v)
				}
			}
			continue
		}
		var kept []any
		for _, v := range vals {
			for _, w := range these {
				if jsonEqual(v, w) {
					kept = append(kept, v)
					break
				}
			}
		}
		vals = kept
	}
	if owner != nil && vals == nil {
		vals = []any{}
	}
	return vals, owner
}

// cheapest returns the index of the branch with the smallest estimated
// smallest value (the first on a tie).
func (r *run) cheapest(branches []*jsonschema.Schema) int {
	best, bi := infinite+1, 0
	for i, b := range branches {
		if c := r.cost(b); c < best {
			best, bi = c, i
		}
	}
	return bi
}

const infinite = 1 << 30

func addCost(a, b int) int {
	if a+b > infinite {
		return infinite
	}
	return a + b
}

// cost estimates the size of the smallest value of s; infinite for a
// false schema or one that only recurses. Memoised per Generate call.
func (r *run) cost(s *jsonschema.Schema) int {
	if s == nil {
		return 1
	}
	if s.Bool != nil {
		if *s.Bool {
			return 1
		}
		return infinite
	}
	if v, ok := r.costs[s]; ok {
		return v
	}
	if r.costing[s] {
		return infinite
	}
	if r.budget <= 0 {
		return 1
	}
	r.budget--
	r.costing[s] = true
	c := 1
	for _, ref := range []*jsonschema.Schema{s.Ref, s.RecursiveRef} {
		if ref != nil {
			c = addCost(c, r.cost(ref)-1)
		}
	}
	if s.DynamicRef != nil && s.DynamicRef.Ref != nil {
		c = addCost(c, r.cost(s.DynamicRef.Ref)-1)
	}
	for _, a := range s.AllOf {
		c = addCost(c, r.cost(a)-1)
	}
	for _, alts := range [][]*jsonschema.Schema{s.OneOf, s.AnyOf} {
		if len(alts) > 0 {
			c = addCost(c, r.cost(alts[r.cheapest(alts)])-1)
		}
	}
	if s.Enum == nil && s.Const == nil {
		t := tAll
		if s.Types != nil {
			t = typesOf(*s.Types)
		}
		if t&(tNull|tBool|tInt|tNonInt|tString) == 0 {
			if t&tObject != 0 {
				for _, name := range s.Required {
					c = addCost(c, r.cost(s.Properties[name]))
				}
			} else if t&tArray != 0 && s.MinItems != nil && *s.MinItems > 0 {
				var item *jsonschema.Schema
				if it, ok := s.Items.(*jsonschema.Schema); ok {
					item = it
				} else if s.Items2020 != nil {
					item = s.Items2020
				}
				ic := r.cost(item)
				for i := 0; i < *s.MinItems && c < infinite; i++ {
					c = addCost(c, ic)
				}
			}
		}
	}
	delete(r.costing, s)
	r.costs[s] = c
	return c
}

// sortedKeys returns the keys of m in order.
func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// sortedPatterns returns the patterns of m ordered by their source.
func sortedPatterns(m map[jsonschema.Regexp]*jsonschema.Schema) []jsonschema.Regexp {
	res := make([]jsonschema.Regexp, 0, len(m))
	for re := range m {
		res = append(res, re)
	}
	sort.Slice(res, func(i, j int) bool { return res[i].String() < res[j].String() })
	return res
}
