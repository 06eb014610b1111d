// Command robustness measures how idlconv's time and memory grow with the
// size of its input, over the series of package robustness: for each
// size it writes the input, runs the idlconv binary on it (several times;
// the median time counts), reads the wall time and the peak resident set
// of each run from the operating system, fits the exponent b of
// time ≈ a·n^b and of memory ≈ a·n^b, and prints Markdown tables. It
// exits 1 when an exponent of a gating series is above the limit, or a
// run of one timed out. scripts/robustness.sh builds and runs it.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"time"

	"github.com/idlconv/idlconv/internal/testkit/robustness"
)

// config is what the flags set.
type config struct {
	idlconv string        // the binary measured
	work    string        // where inputs and outputs are written
	reps    int           // runs per size
	floor   time.Duration // times below it are noise, left out of the fit
	limit   float64       // the largest exponent a gating series may have
	timeout time.Duration // one run's limit
	only    string        // measure only the series whose name contains it
	scale   float64       // multiplies every size (a quick run: 0.25)
	baseKB  int64         // the peak RSS of a tiny conversion
}

// baseline returns the smallest peak RSS, in KB, of converting a tiny
// Thrift file: what the process takes whatever its input.
func baseline(c config) (int64, error) {
	tiny := robustness.Series{Name: "baseline", File: "tiny.thrift", To: "proto",
		Gen: func(int) []byte { return []byte("struct S {\n  1: i32 a\n}\n") }}
	p, err := measure(c, tiny, 0)
	if err != nil {
		return 0, err
	}
	if p.exit != 0 {
		return 0, fmt.Errorf("converting a tiny file exits %d", p.exit)
	}
	return p.minRSSKB, nil
}

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

// run parses the flags, measures and prints; it returns the exit code.
func run(args []string, stdout, stderr io.Writer) int {
	var c config
	fl := flag.NewFlagSet("robustness", flag.ContinueOnError)
	fl.SetOutput(stderr)
	fl.StringVar(&c.idlconv, "idlconv", "", "the idlconv binary to measure (required)")
	fl.StringVar(&c.work, "work", "", "a folder for the inputs and outputs (required)")
	fl.IntVar(&c.reps, "reps", 3, "runs per size; the median time counts")
	fl.DurationVar(&c.floor, "floor", 20*time.Millisecond, "times below this are noise and left out of the fit")
	fl.Float64Var(&c.limit, "limit", 1.15, "the largest exponent a gating series may have")
	fl.DurationVar(&c.timeout, "timeout", 60*time.Second, "the longest one run may take")
	fl.StringVar(&c.only, "only", "", "measure only the series whose name contains this")
	fl.Float64Var(&c.scale, "scale", 1, "multiply every size by this")
	if err := fl.Parse(args); err != nil {
		return 2
	}
	if c.idlconv == "" || c.work == "" || c.reps < 1 || c.scale <= 0 {
		fmt.Fprintln(stderr, "robustness: -idlconv and -work are required; -reps and -scale must be positive")
		return 2
	}
	base, err := baseline(c)
	if err != nil {
		fmt.Fprintf(stderr, "robustness: %v\n", err)
		return 1
	}
	c.baseKB = base
	fmt.Fprintf(stdout, "Baseline: converting a 3-line Thrift file peaks at %.1f MB RSS; the memory exponent is fitted on the peak RSS above it.\n\n", float64(base)/1024)
	failed := false
	var summary []string
	for _, s := range robustness.Builtin() {
		if !strings.Contains(s.Name, c.only) {
			continue
		}
		r, err := measureSeries(c, s)
		if err != nil {
			fmt.Fprintf(stderr, "robustness: %s: %v\n", s.Name, err)
			return 1
		}
		r.print(stdout, c)
		line, ok := r.verdict(c)
		summary = append(summary, line)
		if s.Gate && !ok {
			failed = true
		}
	}
	fmt.Fprintf(stdout, "### Exponents (limit %.2f; times under %s left out)\n\n", c.limit, c.floor)
	fmt.Fprintln(stdout, "| series | direction | sizes | time exponent | memory exponent (above baseline) | output exponent | last step: time / output | gates | verdict |")
	fmt.Fprintln(stdout, "| --- | --- | --- | --- | --- | --- | --- | --- | --- |")
	for _, l := range summary {
		fmt.Fprintln(stdout, l)
	}
	fmt.Fprintln(stdout)
	if failed {
		fmt.Fprintln(stderr, "robustness: an exponent of a gating series is above the limit, or a run timed out")
		return 1
	}
	return 0
}

// point is the measurement of one size.
type point struct {
	n        int
	inBytes  int
	outBytes int64
	exit     int             // of the last run; -1 when it timed out
	times    []time.Duration // one per run
	rssKB    int64           // the largest peak resident set of the runs
	minRSSKB int64           // the smallest
	timedOut bool
}

// median returns the median run time.
func (p point) median() time.Duration {
	ts := slices.Clone(p.times)
	slices.Sort(ts)
	return ts[len(ts)/2]
}

// result is a measured series.
type result struct {
	s      robustness.Series
	points []point
}

// measureSeries measures every size of s, up to the first that times
// out (larger ones would too).
func measureSeries(c config, s robustness.Series) (*result, error) {
	r := &result{s: s}
	for _, size := range s.Sizes {
		n := int(math.Round(float64(size) * c.scale))
		p, err := measure(c, s, n)
		if err != nil {
			return nil, err
		}
		r.points = append(r.points, p)
		if p.timedOut {
			break
		}
	}
	return r, nil
}

// measure writes the input of size n and runs idlconv on it c.reps times
// (once when a run takes more than five seconds).
func measure(c config, s robustness.Series, n int) (point, error) {
	dir := filepath.Join(c.work, fmt.Sprintf("%s-%s-%d", s.Name, s.To, n))
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return point{}, fmt.Errorf("making the input folder: %w", err)
	}
	defer os.RemoveAll(dir)
	files := map[string][]byte{}
	if s.Files != nil {
		files = s.Files(n)
	} else {
		files[s.File] = s.Gen(n)
	}
	inBytes := 0
	for name, src := range files {
		if err := os.WriteFile(filepath.Join(dir, name), src, 0o644); err != nil {
			return point{}, fmt.Errorf("writing the input: %w", err)
		}
		inBytes += len(src)
	}
	in := filepath.Join(dir, s.File)
	p := point{n: n, inBytes: inBytes}
	for rep := 0; rep < c.reps; rep++ {
		out := filepath.Join(dir, fmt.Sprintf("out%d", rep))
		ctx, cancel := context.WithTimeout(context.Background(), c.timeout)
		cmd := exec.CommandContext(ctx, c.idlconv, "convert", in, "--to", s.To, "-o", out)
		// One collector's percent for every size: the command's own
		// choice changes at 2 MiB of input (package memlimit) and would
		// bend the memory curve there. The soft limit is the command's.
		cmd.Env = append(os.Environ(), "GOGC=100")
		start := time.Now()
		err := cmd.Run()
		wall := time.Since(start)
		stopped := errors.Is(ctx.Err(), context.DeadlineExceeded)
		cancel()
		var exit *exec.ExitError
		switch {
		case stopped:
			p.timedOut, p.exit = true, -1
		case err == nil:
			p.exit = 0
		case errors.As(err, &exit):
			p.exit = exit.ExitCode()
		default:
			return point{}, fmt.Errorf("running idlconv: %w", err)
		}
		p.times = append(p.times, wall)
		if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
			p.rssKB = max(p.rssKB, ru.Maxrss) // kilobytes on Linux
			if p.minRSSKB == 0 || ru.Maxrss < p.minRSSKB {
				p.minRSSKB = ru.Maxrss
			}
		}
		p.outBytes = folderSize(out)
		if p.timedOut || wall > 5*time.Second {
			break
		}
	}
	return p, nil
}

// folderSize is the size of the files under dir.
func folderSize(dir string) int64 {
	var n int64
	_ = filepath.WalkDir(dir, func(_ string, e fs.DirEntry, err error) error {
		if err == nil && !e.IsDir() {
			if info, err := e.Info(); err == nil {
				n += info.Size()
			}
		}
		return nil
	})
	return n
}

// print writes the series' table.
func (r *result) print(w io.Writer, c config) {
	s := r.s
	fmt.Fprintf(w, "### %s → %s\n\n", s.Name, s.To)
	fmt.Fprintf(w, "| %s | input bytes | output bytes | exit | time (median of %d) | peak RSS | RSS / input |\n", s.Unit, c.reps)
	fmt.Fprintln(w, "| ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
	for _, p := range r.points {
		t := fmt.Sprintf("%.3f s", p.median().Seconds())
		if p.timedOut {
			t = fmt.Sprintf("> %s (stopped)", c.timeout)
		}
		fmt.Fprintf(w, "| %d | %d | %d | %d | %s | %.1f MB | %.0f× |\n", p.n, p.inBytes, p.outBytes, p.exit, t,
			float64(p.rssKB)/1024, float64(p.rssKB)*1024/float64(p.inBytes))
	}
	fmt.Fprintln(w)
}

// verdict fits the exponents of the points above the noise floor and
// returns the summary row and whether the series passes.
func (r *result) verdict(c config) (string, bool) {
	var ns, ts, ms, allNs, allOuts []float64
	timedOut := false
	for _, p := range r.points {
		if p.timedOut {
			timedOut = true
			continue
		}
		// Output sizes are exact: every size counts.
		allNs = append(allNs, float64(p.n))
		allOuts = append(allOuts, float64(p.outBytes))
		if p.median() < c.floor {
			continue
		}
		ns = append(ns, float64(p.n))
		ts = append(ts, p.median().Seconds())
		ms = append(ms, float64(p.rssKB-c.baseKB))
	}
	ok := !timedOut
	show := func(b float64, err error) string {
		if err != nil {
			return "—"
		}
		if b > c.limit {
			ok = false
		}
		return fmt.Sprintf("%.2f", b)
	}
	tb := show(robustness.Fit(ns, ts))
	mb := show(robustness.Fit(ns, ms))
	// The output's exponent, fitted on every size (bytes are exact, not
	// noisy), also gates: an output that grows faster than the input
	// bounds how fast a conversion can be, which matters most where every
	// run is too quick to time.
	ob := show(robustness.Fit(allNs, allOuts))
	// The exponents of the last step (the two largest sizes), for
	// information: a fit over every size can hide a curve that bends up
	// at the end, and a bounded start (names that grow to a cap) can
	// raise a fit whose last steps are linear.
	last := func(ns, ys []float64) string {
		if len(ns) < 2 {
			return "—"
		}
		b, err := robustness.Fit(ns[len(ns)-2:], ys[len(ys)-2:])
		if err != nil {
			return "—"
		}
		return fmt.Sprintf("%.2f", b)
	}
	lastStep := last(ns, ts) + " / " + last(allNs, allOuts)
	var verdict string
	switch {
	case timedOut:
		verdict = fmt.Sprintf("fails: a run took more than %s", c.timeout)
	case !ok:
		verdict = "fails: superlinear"
	case len(ns) < 2:
		verdict = fmt.Sprintf("passes on output size; time not fitted, fewer than two sizes take %s or more", c.floor)
	default:
		verdict = "passes"
	}
	gates := "no"
	if r.s.Gate {
		gates = "yes"
	} else if strings.HasPrefix(verdict, "fails") {
		verdict += " (for information: the series does not gate)"
	}
	scaled := func(n int) int { return int(math.Round(float64(n) * c.scale)) }
	first, lastSize := scaled(r.s.Sizes[0]), scaled(r.s.Sizes[len(r.s.Sizes)-1])
	return fmt.Sprintf("| %s | → %s | %d…%d (%d measured, %d fitted) | %s | %s | %s | %s | %s | %s |",
		r.s.Name, r.s.To, first, lastSize, len(r.points), len(ns), tb, mb, ob, lastStep, gates, verdict), ok
}
