package udiff

// The edit script in linear space: Myers' divide and conquer on the
// middle snake ("An O(ND) Difference Algorithm and Its Variations",
// section 4b), after two steps that keep the script a shortest one and
// cost linear time: the lines the texts share at their start and end are
// kept, and a line that occurs on one side only (between those) is
// removed or added, whatever the rest, so the search runs on the lines
// that occur on both sides only. Memory is O(n+m) lines; time is
// O((n+m)·D) for D differences among those lines, with a cap (see
// searchBudget) beyond which a split is taken that may not be on a
// shortest path.

// searchBudget bounds the work of one middle-snake search, in steps
// times lines: a search of a region of n+m lines that has not met in the
// middle after max(minSearch, searchBudget/(n+m)) steps splits the region
// at the furthest point it reached instead (as GNU diff does when a
// search gets too expensive). Below it the script is a shortest one.
const (
	searchBudget = 1 << 26
	minSearch    = 64
)

// script is a shortest edit script from a to b (while within
// searchBudget): the kept lines in order, each line of a not kept
// removed and each of b not kept added, the removals of a run of changes
// before its additions.
func script(a, b []line) []op {
	return newDiffer(a, b).script(a, b)
}

// script is the edit script of the lines d numbered.
func (d *differ) script(a, b []line) []op {
	d.compare(0, len(d.xa), 0, len(d.xb))
	for i, r := range d.ra {
		if d.keptR[0][i] {
			d.kept[0][r] = true
		}
	}
	for j, r := range d.rb {
		if d.keptR[1][j] {
			d.kept[1][r] = true
		}
	}
	var ops []op
	i, j := 0, 0
	for i < len(a) || j < len(b) {
		for i < len(a) && !d.kept[0][i] {
			ops = append(ops, op{kind: '-', text: a[i].text, oldLine: i, newLine: j, noEOLine: a[i].last})
			i++
		}
		for j < len(b) && !d.kept[1][j] {
			ops = append(ops, op{kind: '+', text: b[j].text, oldLine: i, newLine: j, noEOLine: b[j].last})
			j++
		}
		if i < len(a) && j < len(b) {
			ops = append(ops, op{kind: ' ', text: a[i].text, oldLine: i, newLine: j, noEOLine: a[i].last})
			i++
			j++
		}
	}
	return ops
}

// differ holds one diff's state: every slice is allocated once, in
// proportion to the lines.
type differ struct {
	// kept marks the lines of a (kept[0]) and b (kept[1]) that the
	// script keeps.
	kept [2][]bool
	// ra and rb are the lines of a and b that the search runs on (after
	// the common start, before the common end, occurring on both sides),
	// by index; xa and xb their line identities, keptR what it keeps of
	// them.
	ra, rb []int
	xa, xb []int32
	keptR  [2][]bool
	// vf and vb are the furthest points of the forward and the reverse
	// search, by diagonal, long enough for every region's.
	vf, vb []int
	// budget and least are searchBudget and minSearch (tests lower them).
	budget, least int
}

// newDiffer numbers the lines (equal lines, the same number), keeps the
// common start and end, and picks the lines the search runs on.
func newDiffer(a, b []line) *differ {
	ids := map[line]int32{}
	number := func(ls []line) []int32 {
		out := make([]int32, len(ls))
		for i, l := range ls {
			id, ok := ids[l]
			if !ok {
				id = int32(len(ids))
				ids[l] = id
			}
			out[i] = id
		}
		return out
	}
	ia, ib := number(a), number(b)
	d := &differ{kept: [2][]bool{make([]bool, len(a)), make([]bool, len(b))}, budget: searchBudget, least: minSearch}
	start := 0
	for start < len(a) && start < len(b) && ia[start] == ib[start] {
		d.kept[0][start], d.kept[1][start] = true, true
		start++
	}
	endA, endB := len(a), len(b)
	for endA > start && endB > start && ia[endA-1] == ib[endB-1] {
		endA--
		endB--
		d.kept[0][endA], d.kept[1][endB] = true, true
	}
	// A line that occurs on one side only is in no common subsequence:
	// leaving it out keeps the longest ones.
	inA, inB := make([]bool, len(ids)), make([]bool, len(ids))
	for _, id := range ia[start:endA] {
		inA[id] = true
	}
	for _, id := range ib[start:endB] {
		inB[id] = true
	}
	for i := start; i < endA; i++ {
		if inB[ia[i]] {
			d.ra = append(d.ra, i)
			d.xa = append(d.xa, ia[i])
		}
	}
	for j := start; j < endB; j++ {
		if inA[ib[j]] {
			d.rb = append(d.rb, j)
			d.xb = append(d.xb, ib[j])
		}
	}
	d.keptR = [2][]bool{make([]bool, len(d.xa)), make([]bool, len(d.xb))}
	size := 2*((len(d.xa)+len(d.xb)+1)/2) + 2
	d.vf, d.vb = make([]int, size), make([]int, size)
	return d
}

// region is a part of the search: xa[aLo:aHi] against xb[bLo:bHi].
type region struct{ aLo, aHi, bLo, bHi int }

// compare marks what a shortest script of xa[aLo:aHi] to xb[bLo:bHi]
// keeps: the common start and end of each region, and the two regions on
// either side of its middle snake, until none is left (a stack, not
// recursion: a region splits in two).
func (d *differ) compare(aLo, aHi, bLo, bHi int) {
	stack := []region{{aLo, aHi, bLo, bHi}}
	for len(stack) > 0 {
		r := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		for r.aLo < r.aHi && r.bLo < r.bHi && d.xa[r.aLo] == d.xb[r.bLo] {
			d.keptR[0][r.aLo], d.keptR[1][r.bLo] = true, true
			r.aLo++
			r.bLo++
		}
		for r.aLo < r.aHi && r.bLo < r.bHi && d.xa[r.aHi-1] == d.xb[r.bHi-1] {
			r.aHi--
			r.bHi--
			d.keptR[0][r.aHi], d.keptR[1][r.bHi] = true, true
		}
		if r.aLo == r.aHi || r.bLo == r.bHi {
			continue // the rest is removed or added
		}
		x, y, ok := d.bisect(r)
		if !ok {
			continue // all of the region is removed and added
		}
		stack = append(stack, region{x, r.aHi, y, r.bHi}, region{r.aLo, x, r.bLo, y})
	}
}

// bisect finds the middle snake of region r, whose first lines differ
// and whose last lines differ: the forward search from its start and the
// reverse search from its end, a step each in turn, until they overlap on
// a diagonal. It returns the point where a shortest path through the
// region crosses that snake, to split it there; or, when the search runs
// past its budget, the furthest point either search reached. ok is false
// when there is no point strictly inside the region to split at.
func (d *differ) bisect(r region) (x, y int, ok bool) {
	a, b := d.xa[r.aLo:r.aHi], d.xb[r.bLo:r.bHi]
	n, m := len(a), len(b)
	maxD := (n + m + 1) / 2
	limit := max(d.least, d.budget/(n+m))
	// The diagonals a search of at most min(maxD, limit+1) steps reads
	// lie within w of 0; vf and vb hold those, diagonal 0 at off.
	w := min(maxD, limit+1)
	off := w
	vf, vb := d.vf[:2*w+1], d.vb[:2*w+1]
	for i := range vf {
		vf[i], vb[i] = -1, -1
	}
	vf[off+1], vb[off+1] = 0, 0
	delta := n - m
	// With delta odd the paths meet during a forward step, else during
	// a reverse one.
	front := delta&1 != 0
	// Diagonals whose path ran off the grid are left out at the next
	// steps: kfStart, kfEnd (forward) and krStart, krEnd (reverse) trim
	// the range of diagonals at either end.
	kfStart, kfEnd, krStart, krEnd := 0, 0, 0, 0
	for step := 0; step < maxD; step++ {
		for k := -step + kfStart; k <= step-kfEnd; k += 2 {
			i := off + k
			var xf int
			if k == -step || k != step && vf[i-1] < vf[i+1] {
				xf = vf[i+1]
			} else {
				xf = vf[i-1] + 1
			}
			yf := xf - k
			for xf < n && yf < m && a[xf] == b[yf] {
				xf++
				yf++
			}
			vf[i] = xf
			switch {
			case xf > n:
				kfEnd += 2 // off the right of the grid
			case yf > m:
				kfStart += 2 // off the bottom
			case front:
				if c := delta - k; c >= -w && c <= w && vb[off+c] != -1 && xf >= n-vb[off+c] {
					return d.split(r, xf, yf)
				}
			}
		}
		for k := -step + krStart; k <= step-krEnd; k += 2 {
			i := off + k
			var xr int
			if k == -step || k != step && vb[i-1] < vb[i+1] {
				xr = vb[i+1]
			} else {
				xr = vb[i-1] + 1
			}
			yr := xr - k
			for xr < n && yr < m && a[n-xr-1] == b[m-yr-1] {
				xr++
				yr++
			}
			vb[i] = xr
			switch {
			case xr > n:
				krEnd += 2
			case yr > m:
				krStart += 2
			case !front:
				if c := delta - k; c >= -w && c <= w && vf[off+c] != -1 && vf[off+c] >= n-xr {
					return d.split(r, vf[off+c], vf[off+c]-c)
				}
			}
		}
		if step >= limit {
			return d.furthest(r, vf, vb, off)
		}
	}
	return 0, 0, false
}

// split returns the point (x, y) of region r in the coordinates of xa
// and xb, when it lies strictly inside the region.
func (d *differ) split(r region, x, y int) (int, int, bool) {
	n, m := r.aHi-r.aLo, r.bHi-r.bLo
	if x < 0 || y < 0 || x > n || y > m || x+y == 0 || x == n && y == m {
		return 0, 0, false
	}
	return r.aLo + x, r.bLo + y, true
}

// furthest returns the point of region r furthest from its start that
// the forward search reached (vf, diagonal 0 at off), or the one furthest from its
// end that the reverse search reached (vb), whichever got further: a split
// that is not always on a shortest path, for a search over its budget.
func (d *differ) furthest(r region, vf, vb []int, off int) (int, int, bool) {
	n, m := r.aHi-r.aLo, r.bHi-r.bLo
	bestF, fx := -1, 0
	bestR, rx := -1, 0
	w := (len(vf) - 1) / 2
	for k := -w; k <= w; k++ {
		i := off + k
		if x := vf[i]; x >= 0 && x <= n && x-k >= 0 && x-k <= m && 2*x-k > bestF {
			bestF, fx = 2*x-k, x
		}
		if x := vb[i]; x >= 0 && x <= n && x-k >= 0 && x-k <= m && 2*x-k > bestR {
			bestR, rx = 2*x-k, x
		}
	}
	if bestF >= bestR && bestF > 0 {
		return d.split(r, fx, bestF-fx)
	}
	if bestR > 0 {
		return d.split(r, n-rx, m-(bestR-rx))
	}
	return 0, 0, false
}
