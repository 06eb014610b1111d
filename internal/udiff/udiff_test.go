package udiff

import (
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

func TestUnified(t *testing.T) {
	tests := []struct {
		name, old, new, want string
	}{
		{"equal", "a\nb\n", "a\nb\n", ""},
		{"one line changed", "a\nb\nc\n", "a\nB\nc\n", "--- o\n+++ n\n@@ -1,3 +1,3 @@\n a\n-b\n+B\n c\n"},
		{"added to empty", "", "x\n", "--- o\n+++ n\n@@ -0,0 +1 @@\n+x\n"},
		{"removed all", "x\ny\n", "", "--- o\n+++ n\n@@ -1,2 +0,0 @@\n-x\n-y\n"},
		{"no newline at end", "a\n", "a", "--- o\n+++ n\n@@ -1 +1 @@\n-a\n+a\n\\ No newline at end of file\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Unified("o", "n", tt.old, tt.new); got != tt.want {
				t.Errorf("got\n%s\nwant\n%s", got, tt.want)
			}
		})
	}
}

// TestUnifiedAppliesWithPatch checks larger diffs against patch(1): the
// diff of old to new, applied to old, gives new.
func TestUnifiedAppliesWithPatch(t *testing.T) {
	patch, err := exec.LookPath("patch")
	if err != nil {
		t.Skip("patch not installed; skipping")
	}
	var old, new strings.Builder
	for i := 0; i < 200; i++ {
		if i%17 != 3 {
			old.WriteString(strings.Repeat("x", i%5) + "line\n")
		}
		if i%13 != 5 {
			new.WriteString(strings.Repeat("x", i%5) + "line\n")
		}
		if i%29 == 0 {
			new.WriteString("inserted\n")
		}
	}
	dir := t.TempDir()
	f := filepath.Join(dir, "f")
	if err := os.WriteFile(f, []byte(old.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(patch, "-s", f)
	cmd.Stdin = strings.NewReader(Unified("a/f", "b/f", old.String(), new.String()))
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("patch: %v\n%s", err, out)
	}
	got, _ := os.ReadFile(f)
	if string(got) != new.String() {
		t.Error("the patched text differs from the new one")
	}
}

// TestScriptShortestOnRandomInputs compares the edit script with that of
// the quadratic-memory Myers algorithm udiff used before (classicScript):
// on random texts of few distinct lines (many matches, many ties) and of
// many (few matches), with and without a final newline, both are valid
// scripts with the same number of removed and added lines, the shortest.
func TestScriptShortestOnRandomInputs(t *testing.T) {
	tests := []struct {
		name          string
		cases, maxLen int
		alphabet      int
	}{
		{"short, 2 distinct lines", 20000, 12, 2},
		{"short, 4 distinct lines", 20000, 20, 4},
		{"long, 3 distinct lines", 2000, 200, 3},
		{"long, 40 distinct lines", 2000, 200, 40},
		{"long, mostly unique lines", 1000, 300, 1000},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rng := rand.New(rand.NewPCG(1, uint64(tt.alphabet)))
			for c := range tt.cases {
				a := randomText(rng, rng.IntN(tt.maxLen+1), tt.alphabet)
				b := randomText(rng, rng.IntN(tt.maxLen+1), tt.alphabet)
				if c%3 == 0 {
					b = mutate(rng, a, tt.alphabet)
				}
				la, lb := lines(a), lines(b)
				got, want := script(la, lb), classicScript(la, lb)
				checkScript(t, la, lb, got)
				checkScript(t, la, lb, want)
				if g, w := edits(got), edits(want); g != w {
					t.Fatalf("%d edits, the classic algorithm %d\nold %q\nnew %q", g, w, a, b)
				}
			}
		})
	}
}

// TestScriptOverBudget lowers the search budget so that the split at the
// furthest point is taken: the script is still valid, a little longer at
// most.
func TestScriptOverBudget(t *testing.T) {
	rng := rand.New(rand.NewPCG(2, 3))
	for range 300 {
		a := randomText(rng, rng.IntN(400), 5)
		b := randomText(rng, rng.IntN(400), 5)
		la, lb := lines(a), lines(b)
		d := newDiffer(la, lb)
		d.budget, d.least = 1, 1
		got := d.script(la, lb)
		checkScript(t, la, lb, got)
		if shortest := edits(classicScript(la, lb)); edits(got) < shortest {
			t.Fatalf("%d edits, fewer than the shortest %d", edits(got), shortest)
		}
	}
}

// TestUnifiedLinearMemory diffs 15,000 lines against the same lines with
// CRLF endings (every line differs, as git's autocrlf gives) and 15,000
// lines against a shuffle of them (every line on both sides, in another
// order): the classic algorithm kept O((n+m)·D) ints, about 3.6 GB at
// 7,500 lines; the diff's allocations stay a small multiple of the
// texts'.
func TestUnifiedLinearMemory(t *testing.T) {
	var lf, crlf, shuffled strings.Builder
	perm := rand.New(rand.NewPCG(4, 5)).Perm(15000)
	for i := range 15000 {
		fmt.Fprintf(&lf, "  optional string field_%d = %d;\n", i, i+1)
		fmt.Fprintf(&crlf, "  optional string field_%d = %d;\r\n", i, i+1)
		fmt.Fprintf(&shuffled, "  optional string field_%d = %d;\n", perm[i], perm[i]+1)
	}
	for _, tt := range []struct{ name, old, new string }{
		{"all lines differ", crlf.String(), lf.String()},
		{"every line moved", shuffled.String(), lf.String()},
	} {
		t.Run(tt.name, func(t *testing.T) {
			var before, after runtime.MemStats
			runtime.GC()
			runtime.ReadMemStats(&before)
			out := Unified("a", "b", tt.old, tt.new)
			runtime.ReadMemStats(&after)
			alloc := after.TotalAlloc - before.TotalAlloc
			texts := uint64(len(tt.old) + len(tt.new))
			t.Logf("%d bytes of texts, %d of diff, %.1f MB allocated", texts, len(out), float64(alloc)/(1<<20))
			if limit := 40*texts + 64<<20; alloc > limit {
				t.Errorf("%d bytes allocated, over %d", alloc, limit)
			}
			if !strings.HasPrefix(out, "--- a\n+++ b\n@@ ") {
				t.Errorf("no diff: %.80q", out)
			}
		})
	}
}

// randomText is n lines drawn from alphabet distinct ones; the last may
// lack its newline.
func randomText(rng *rand.Rand, n, alphabet int) string {
	var s strings.Builder
	for range n {
		fmt.Fprintf(&s, "l%d\n", rng.IntN(alphabet))
	}
	if n > 0 && rng.IntN(4) == 0 {
		return strings.TrimSuffix(s.String(), "\n")
	}
	return s.String()
}

// mutate removes, adds and changes a few lines of a.
func mutate(rng *rand.Rand, a string, alphabet int) string {
	ls := strings.SplitAfter(a, "\n")
	for range rng.IntN(6) {
		i := rng.IntN(len(ls) + 1)
		switch rng.IntN(3) {
		case 0:
			if i < len(ls) {
				ls = append(ls[:i], ls[i+1:]...)
			}
		case 1:
			ls = append(ls[:i], append([]string{fmt.Sprintf("l%d\n", rng.IntN(alphabet))}, ls[i:]...)...)
		default:
			if i < len(ls) {
				ls[i] = fmt.Sprintf("m%d\n", rng.IntN(alphabet))
			}
		}
	}
	return strings.Join(ls, "")
}

// edits counts the lines a script removes or adds.
func edits(ops []op) int {
	n := 0
	for _, o := range ops {
		if o.kind != ' ' {
			n++
		}
	}
	return n
}

// checkScript fails when ops does not turn a into b: the kept and
// removed lines, in order, are a; the kept and added lines are b; each
// op's line numbers are where it stands.
func checkScript(t *testing.T, a, b []line, ops []op) {
	t.Helper()
	i, j := 0, 0
	for _, o := range ops {
		if o.oldLine != i || o.newLine != j {
			t.Fatalf("op %c %q at old %d new %d, want %d %d", o.kind, o.text, o.oldLine, o.newLine, i, j)
		}
		switch o.kind {
		case ' ':
			if i >= len(a) || j >= len(b) || a[i] != b[j] || o.text != a[i].text {
				t.Fatalf("kept line %q at %d, %d is not on both sides", o.text, i, j)
			}
			i++
			j++
		case '-':
			if i >= len(a) || o.text != a[i].text || o.noEOLine != a[i].last {
				t.Fatalf("removed line %q at %d is not a's", o.text, i)
			}
			i++
		case '+':
			if j >= len(b) || o.text != b[j].text || o.noEOLine != b[j].last {
				t.Fatalf("added line %q at %d is not b's", o.text, j)
			}
			j++
		}
	}
	if i != len(a) || j != len(b) {
		t.Fatalf("the script ends at %d, %d of %d, %d lines", i, j, len(a), len(b))
	}
}

// classicScript is the edit script udiff computed before the linear-space
// search: Myers' O(ND) algorithm with the trace of every step kept to
// walk back, O((n+m)·D) memory. The tests compare with it.
func classicScript(a, b []line) []op {
	n, m := len(a), len(b)
	maxD := n + m
	offset := maxD + 1
	v := make([]int, 2*maxD+3)
	var trace [][]int
	for d := 0; d <= maxD; d++ {
		trace = append(trace, append([]int(nil), v...))
		for k := -d; k <= d; k += 2 {
			var x int
			if k == -d || k != d && v[offset+k-1] < v[offset+k+1] {
				x = v[offset+k+1]
			} else {
				x = v[offset+k-1] + 1
			}
			y := x - k
			for x < n && y < m && a[x] == b[y] {
				x++
				y++
			}
			v[offset+k] = x
			if x >= n && y >= m {
				return classicBacktrack(a, b, trace, v, d, offset)
			}
		}
	}
	return nil
}

// classicBacktrack walks the trace of classicScript back from the end.
func classicBacktrack(a, b []line, trace [][]int, last []int, d, offset int) []op {
	var rev []op
	x, y := len(a), len(b)
	v := last
	for ; d > 0; d-- {
		k := x - y
		var prevK int
		if k == -d || k != d && v[offset+k-1] < v[offset+k+1] {
			prevK = k + 1
		} else {
			prevK = k - 1
		}
		pv := trace[d]
		prevX := pv[offset+prevK]
		prevY := prevX - prevK
		for x > prevX && y > prevY {
			x--
			y--
			rev = append(rev, op{kind: ' ', text: a[x].text, oldLine: x, newLine: y, noEOLine: a[x].last})
		}
		if x == prevX {
			y--
			rev = append(rev, op{kind: '+', text: b[y].text, oldLine: x, newLine: y, noEOLine: b[y].last})
		} else {
			x--
			rev = append(rev, op{kind: '-', text: a[x].text, oldLine: x, newLine: y, noEOLine: a[x].last})
		}
		v = pv
	}
	for x > 0 && y > 0 {
		x--
		y--
		rev = append(rev, op{kind: ' ', text: a[x].text, oldLine: x, newLine: y, noEOLine: a[x].last})
	}
	out := make([]op, len(rev))
	for i, o := range rev {
		out[len(rev)-1-i] = o
	}
	return out
}
