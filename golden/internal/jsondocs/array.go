package jsondocs

import (
	"fmt"

	"github.com/idlconv/idlconv/internal/jsonschema"
)

// array builds an array that all parts accept.
func (c *cand) array(parts []*jsonschema.Schema, owner *jsonschema.Schema, k, depth int, minimal bool) (any, error) {
	var prefix [][]*jsonschema.Schema // per index, the schemas of every tuple
	var rest, contains []*jsonschema.Schema
	closed := false
	lo, hi, unique := 0, -1, false
	minContains, maxContains := 0, -1
	for _, p := range parts {
		tuple := p.PrefixItems
		if t, ok := p.Items.([]*jsonschema.Schema); ok {
			tuple = t
		}
		for i, s := range tuple {
			if i == len(prefix) {
				prefix = append(prefix, nil)
			}
			prefix[i] = append(prefix[i], s)
		}
		var more any // what applies after the tuple
		switch {
		case p.PrefixItems != nil || p.Items2020 != nil:
			if p.Items2020 != nil {
				more = p.Items2020
			}
		case tuple != nil:
			more = p.AdditionalItems
		default:
			more = p.Items
		}
		switch m := more.(type) {
		case *jsonschema.Schema:
			if m.Bool != nil && !*m.Bool {
				closed = true
				if len(tuple) < hi || hi < 0 {
					hi = len(tuple)
				}
			} else {
				rest = append(rest, m)
			}
		case bool:
			if !m {
				closed = true
				if len(tuple) < hi || hi < 0 {
					hi = len(tuple)
				}
			}
		}
		if p.Contains != nil {
			contains = append(contains, p.Contains)
			mc := 1
			if p.MinContains != nil {
				mc = *p.MinContains
			}
			if mc > minContains {
				minContains = mc
			}
			if p.MaxContains != nil && (maxContains < 0 || *p.MaxContains < maxContains) {
				maxContains = *p.MaxContains
			}
		}
		if p.MinItems != nil && *p.MinItems > lo {
			lo = *p.MinItems
		}
		if p.MaxItems != nil && (hi < 0 || *p.MaxItems < hi) {
			hi = *p.MaxItems
		}
		unique = unique || p.UniqueItems
	}
	if len(contains) > 0 && minContains > lo {
		lo = minContains
	}

	full := 2
	if len(prefix) > full || closed {
		full = len(prefix)
	}
	var opts []int
	for _, n := range []int{full, 0, 1} {
		if n < lo {
			n = lo
		}
		if hi >= 0 && n > hi && hi >= lo {
			n = hi
		}
		if !containsInt(opts, n) {
			opts = append(opts, n)
		}
	}
	small := 0
	for i, n := range opts {
		if n < opts[small] {
			small = i
		}
	}
	n := opts[c.choose(point{s: owner, kind: kindLen}, len(opts), k, minimal, small)]

	withContains := minContains
	if maxContains >= 0 && withContains > maxContains {
		withContains = maxContains
	}
	items := make([]any, 0, n)
	for i := 0; i < n; i++ {
		var schemas []*jsonschema.Schema
		if i < len(prefix) {
			schemas = append(schemas, prefix[i]...)
		} else {
			schemas = append(schemas, rest...)
		}
		if i < withContains {
			schemas = append(schemas, contains...)
		}
		v, err := c.value(schemas, k+i, depth+1, minimal)
		if unique {
			// Another variant of the item, until it differs from the
			// earlier ones.
			for try := 1; err == nil && try <= 4 && hasEqual(items, v); try++ {
				v, err = c.value(schemas, k+i+3*try, depth+1, false)
			}
			if err == nil && hasEqual(items, v) {
				if i >= lo {
					break
				}
			}
		}
		if err != nil {
			return nil, fmt.Errorf("item %d: %w", i, err)
		}
		items = append(items, v)
	}
	return items, nil
}

func containsInt(a []int, n int) bool {
	for _, e := range a {
		if e == n {
			return true
		}
	}
	return false
}

// hasEqual reports whether items has a value equal to v as JSON.
func hasEqual(items []any, v any) bool {
	for _, it := range items {
		if jsonEqual(it, v) {
			return true
		}
	}
	return false
}
