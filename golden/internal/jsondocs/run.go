package jsondocs

import (
	"bytes"
	"errors"
	"fmt"

	"github.com/idlconv/idlconv/internal/jsonschema"
)

// Limits of one Generate call.
const (
	// nodeBudget bounds the values one Generate call builds.
	nodeBudget = 300000
	// candidateNodes is the size past which a candidate fills the rest
	// of itself with the smallest values.
	candidateNodes = 2000
	// maxDepth is the depth from which values are the smallest allowed.
	maxDepth = 5
	// hardDepth is the depth at which a candidate is given up (a schema
	// whose smallest value is infinite).
	hardDepth = 48
	// minVariants and maxVariants bound the first round.
	minVariants = 4
	maxVariants = 16
	// maxStale variants in a row that cover nothing new end the first
	// round.
	maxStale = 3
)

// kind tells the choice points of one schema apart.
type kind uint8

const (
	kindOneOf kind = iota
	kindAnyOf
	kindEnum
	kindType
	kindProp    // name: the property; option 0 present, 1 absent
	kindPattern // name: the pattern; option 0 present, 1 absent
	kindMap     // option 0: two entries, 1: none
	kindLen
	kindString
	kindNumber
	kindBool
	kindAny
)

// point is a choice point: a place where candidates can differ.
type point struct {
	s    *jsonschema.Schema
	kind kind
	name string
}

// choice forces option i at point p.
type choice struct {
	p point
	i int
}

// fact records that a candidate took option i of n at p.
type fact struct {
	p    point
	n, i int
}

// pointState is what a Generate call knows of a choice point.
type pointState struct {
	p       point
	n       int
	covered []bool // by a kept document
	uses    []int  // how many kept documents took each option
	failed  []bool // forcing it gave no valid document
	reach   int    // index in run.reaches of the first candidate to reach p
	tries   int    // targeted candidates that forced an option of p
}

// reach is how a candidate was made: its variant and the options it took,
// all forced, so that it comes out the same however much the run has
// covered since.
type reach struct {
	k      int
	forced []choice
}

// run is one Generate call.
type run struct {
	root    *jsonschema.Schema
	limit   int
	budget  int
	docs    [][]byte
	seen    map[string]bool
	dropped int
	points  []*pointState
	index   map[point]int
	reaches []reach
	costs   map[*jsonschema.Schema]int
	costing map[*jsonschema.Schema]bool
	onDrop  func([]byte, error)
	samples map[sampleKey][]string
}

func newRun(root *jsonschema.Schema, limit int) *run {
	return &run{
		root:    root,
		limit:   limit,
		budget:  nodeBudget,
		seen:    map[string]bool{},
		index:   map[point]int{},
		costs:   map[*jsonschema.Schema]int{},
		costing: map[*jsonschema.Schema]bool{},
		samples: map[sampleKey][]string{},
	}
}

// generate runs the variants, then the targeted candidates.
func (r *run) generate() error {
	stale := 0
	for k := 0; len(r.docs) < r.limit && k < maxVariants && (k < minVariants || stale < maxStale); k++ {
		res, err := r.try(reach{k: k})
		if err != nil {
			return budgetOK(err)
		}
		if res.newFacts == 0 {
			stale++
		} else {
			stale = 0
		}
	}
	for len(r.docs) < r.limit {
		batch, base := r.nextBatch()
		if len(batch) == 0 {
			return nil
		}
		res, err := r.try(withForced(base, batch))
		if err != nil {
			return budgetOK(err)
		}
		if !res.valid && len(batch) > 1 {
			batch = batch[:1]
			if res, err = r.try(withForced(base, batch)); err != nil {
				return budgetOK(err)
			}
		}
		// The first forced option is given up when it is still not
		// covered, so that every round settles one option.
		if ps := r.points[r.index[batch[0].p]]; !ps.covered[batch[0].i] {
			ps.failed[batch[0].i] = true
		}
	}
	return nil
}

// coverage returns how many options of the choice points reached the
// kept documents cover, of how many.
func (r *run) coverage() (covered, options int) {
	for _, ps := range r.points {
		options += ps.n
		for _, c := range ps.covered {
			if c {
				covered++
			}
		}
	}
	return covered, options
}

// budgetOK turns running out of budget into a normal end.
func budgetOK(err error) error {
	if errors.Is(err, errBudget) {
		return nil
	}
	return err
}

// withForced returns base with the options of batch forced as well.
func withForced(base reach, batch []choice) reach {
	forced := make([]choice, 0, len(base.forced)+len(batch))
	for _, c := range base.forced {
		replaced := false
		for _, b := range batch {
			if b.p == c.p {
				replaced = true
			}
		}
		if !replaced {
			forced = append(forced, c)
		}
	}
	return reach{k: base.k, forced: append(forced, batch...)}
}

// nextBatch picks an option no document covers yet, of the point that
// was forced least often so far (the first on a tie), so that a long enum
// does not crowd out the other points; and one uncovered option of every
// other point first reached the same way, unless that option leaves
// something out (an absent property, fewer items), which could hide the
// other points of the batch.
func (r *run) nextBatch() ([]choice, reach) {
	open := func(ps *pointState) int {
		for i := 0; i < ps.n; i++ {
			if !ps.covered[i] && !ps.failed[i] {
				return i
			}
		}
		return -1
	}
	var lead *pointState
	for _, ps := range r.points {
		if (lead == nil || ps.tries < lead.tries) && open(ps) >= 0 {
			lead = ps
		}
	}
	if lead == nil {
		return nil, reach{}
	}
	batch := []choice{{p: lead.p, i: open(lead)}}
	lead.tries++
	for _, ps := range r.points {
		if ps == lead || ps.reach != lead.reach {
			continue
		}
		if i := open(ps); i >= 0 && !leavesOut(ps.p.kind, i) {
			batch = append(batch, choice{p: ps.p, i: i})
			ps.tries++
		}
	}
	return batch, r.reaches[lead.reach]
}

// leavesOut reports whether option i of a point of kind k builds less
// than option 0 does.
func leavesOut(k kind, i int) bool {
	switch k {
	case kindProp, kindPattern, kindMap, kindLen:
		return i > 0
	}
	return false
}

// result is what one candidate gave.
type result struct {
	valid    bool // the candidate is a document (new or not)
	newFacts int  // options it covered first
}

// try builds the candidate of rc and validates it; it keeps it when it
// is valid, new, and covers an option no kept document took (variants 0
// and 1 are kept for their own sake). Only errBudget is returned as an
// error.
func (r *run) try(rc reach) (result, error) {
	c := &cand{run: r, k: rc.k, forced: map[point]int{}, taken: map[choice]bool{}, onPath: map[*jsonschema.Schema]int{}}
	for _, f := range rc.forced {
		c.forced[f.p] = f.i
	}
	v, err := c.value([]*jsonschema.Schema{r.root}, rc.k, 0, false)
	if errors.Is(err, errBudget) {
		return result{}, err
	}
	if err != nil {
		r.drop(nil, err)
		return result{}, nil
	}
	b, err := encode(v)
	if err != nil {
		r.drop(nil, err)
		return result{}, nil
	}
	if r.seen[string(b)] {
		return result{valid: true}, nil
	}
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(b))
	if err != nil {
		return result{}, fmt.Errorf("reading a candidate back: %w", err)
	}
	if err := r.root.Validate(doc); err != nil {
		r.drop(b, err)
		return result{}, nil
	}
	r.seen[string(b)] = true
	if !r.covers(c.facts) && rc.k >= 2 {
		return result{valid: true}, nil
	}
	r.docs = append(r.docs, b)
	return result{valid: true, newFacts: r.merge(c.facts, rc)}, nil
}

// covers reports whether facts take an option no kept document took.
func (r *run) covers(facts []fact) bool {
	for _, f := range facts {
		idx, ok := r.index[f.p]
		if !ok {
			return true
		}
		if ps := r.points[idx]; f.i < ps.n && !ps.covered[f.i] {
			return true
		}
	}
	return false
}

// replay returns the reach that makes the candidate of variant k again:
// each point forced to the option its first place took.
func replay(k int, facts []fact) reach {
	rc := reach{k: k}
	seen := map[point]bool{}
	for _, f := range facts {
		if !seen[f.p] {
			seen[f.p] = true
			rc.forced = append(rc.forced, choice{p: f.p, i: f.i})
		}
	}
	return rc
}

// drop counts a candidate the schema rejects, or one that could not be
// built (b nil).
func (r *run) drop(b []byte, err error) {
	r.dropped++
	if r.onDrop != nil {
		r.onDrop(b, err)
	}
}

// merge records the facts of a valid candidate made as rc and returns
// how many options they covered first.
func (r *run) merge(facts []fact, rc reach) int {
	ri := -1
	n := 0
	for _, f := range facts {
		idx, ok := r.index[f.p]
		if !ok {
			if ri < 0 {
				r.reaches = append(r.reaches, replay(rc.k, facts))
				ri = len(r.reaches) - 1
			}
			idx = len(r.points)
			r.index[f.p] = idx
			r.points = append(r.points, &pointState{p: f.p, n: f.n, covered: make([]bool, f.n), uses: make([]int, f.n), failed: make([]bool, f.n), reach: ri})
		}
		ps := r.points[idx]
		if f.i < ps.n {
			ps.uses[f.i]++
			if !ps.covered[f.i] {
				ps.covered[f.i] = true
				n++
			}
		}
	}
	return n
}
