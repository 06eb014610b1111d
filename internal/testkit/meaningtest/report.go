package meaningtest

import (
	"fmt"
	"regexp"
	"sort"
	"strings"
	"sync"
)

// Difference is one undocumented difference between the two readings.
type Difference struct {
	File  string // the input file
	Decl  string // the declaration ("struct Order", "service Store")
	Field string // the field, value or method ("3: total", "get"); empty for the declaration itself
	What  string // what differs ("type", "presence", "missing in proto", …)
	// Thrift and Proto are the two readings of it: what `thrift --gen
	// json` and protocompile read.
	Thrift, Proto string
}

func (d Difference) String() string {
	where := d.Decl
	if d.Field != "" {
		where += ", " + d.Field
	}
	return fmt.Sprintf("%s: %s: %s: thrift reads %s; protocompile reads %s", d.File, where, d.What, d.Thrift, d.Proto)
}

// Report collects the comparisons of a test run; it is safe for
// concurrent use.
type Report struct {
	mu           sync.Mutex
	files        int
	declarations int
	documented   map[string]int
	undocumented []Difference
}

// NewReport returns an empty report.
func NewReport() *Report { return &Report{documented: map[string]int{}} }

// Files is how many file pairs were compared.
func (r *Report) Files() int { r.mu.Lock(); defer r.mu.Unlock(); return r.files }

// Declarations is how many declarations (structs, unions, exceptions,
// messages, enums, services) were compared.
func (r *Report) Declarations() int { r.mu.Lock(); defer r.mu.Unlock(); return r.declarations }

// Documented is how many documented differences were found.
func (r *Report) Documented() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	n := 0
	for _, c := range r.documented {
		n += c
	}
	return n
}

// Undocumented returns the undocumented differences, sorted.
func (r *Report) Undocumented() []Difference {
	r.mu.Lock()
	defer r.mu.Unlock()
	out := append([]Difference(nil), r.undocumented...)
	sort.SliceStable(out, func(i, j int) bool { return out[i].String() < out[j].String() })
	return out
}

// ByRule lists the documented differences by rule: "narrow-int=3, …".
func (r *Report) ByRule() string {
	r.mu.Lock()
	defer r.mu.Unlock()
	var parts []string
	for id, n := range r.documented {
		parts = append(parts, fmt.Sprintf("%s=%d", id, n))
	}
	sort.Strings(parts)
	return strings.Join(parts, ", ")
}

// Groups groups the undocumented differences by what differs and the
// first word of each reading ("presence (thrift req_out, protocompile
// explicit)"), largest group first, each with its count and first
// example.
func (r *Report) Groups() []string {
	type group struct {
		key     string
		n       int
		example Difference
	}
	byKey := map[string]*group{}
	var order []*group
	for _, d := range r.Undocumented() {
		key := d.What
		if d.Decl != "" && !strings.HasPrefix(key, "thrift rejects") {
			key += " (thrift " + firstWord(d.Thrift) + ", protocompile " + firstWord(d.Proto) + ")"
		}
		g := byKey[key]
		if g == nil {
			g = &group{key: key, example: d}
			byKey[key] = g
			order = append(order, g)
		}
		g.n++
	}
	sort.SliceStable(order, func(i, j int) bool { return order[i].n > order[j].n })
	var out []string
	for _, g := range order {
		out = append(out, fmt.Sprintf("%d× %s (e.g. %s)", g.n, g.key, g.example))
	}
	return out
}

var lastTokenRe = regexp.MustCompile(`^\(last token was '[^']*'\) `)

// Rejected records that thrift rejects idlconv's Thrift output of file
// (an undocumented difference: the proto side reads it), and returns it.
func (r *Report) Rejected(file, output string, err error) Difference {
	// The kind of rejection: the compiler's first message, without its
	// location and the token it stopped at.
	msg := err.Error()
	if i := strings.Index(msg, "] "); i >= 0 {
		msg = msg[i+2:]
	}
	msg, _, _ = strings.Cut(msg, " [")
	msg = lastTokenRe.ReplaceAllString(msg, "")
	d := Difference{File: file, Decl: output, What: "thrift rejects idlconv's Thrift output: " + msg,
		Thrift: err.Error(), Proto: "the proto file without error"}
	r.mu.Lock()
	defer r.mu.Unlock()
	r.undocumented = append(r.undocumented, d)
	return d
}

func firstWord(s string) string {
	w, _, _ := strings.Cut(s, " ")
	return w
}

// Failed records that idlconv cannot convert its own proto output of a
// file back to Thrift (an undocumented difference: protocompile reads
// that output), and returns it.
func (r *Report) Failed(file string, err error) Difference {
	msg := err.Error()
	if i := strings.LastIndex(msg, ": error: "); i >= 0 {
		msg = msg[i+len(": error: "):]
	}
	d := Difference{File: file, What: "idlconv cannot convert its proto output back to Thrift",
		Thrift: "no output: " + msg, Proto: "the proto file without error"}
	r.mu.Lock()
	defer r.mu.Unlock()
	r.undocumented = append(r.undocumented, d)
	return d
}

// comparison is one file pair being compared; it records into the report.
type comparison struct {
	r    *Report
	file string
	// documented counts this pair's documented differences, added to the
	// report when the pair is done.
	documented map[string]int
	diffs      []Difference
	decls      int
}

func (r *Report) begin(file string) *comparison {
	return &comparison{r: r, file: file, documented: map[string]int{}}
}

// end adds the pair's findings to the report.
func (c *comparison) end() {
	c.r.mu.Lock()
	defer c.r.mu.Unlock()
	c.r.files++
	c.r.declarations += c.decls
	for id, n := range c.documented {
		c.r.documented[id] += n
	}
	c.r.undocumented = append(c.r.undocumented, c.diffs...)
}

// rule counts one documented difference; the rule must be in [Rules].
func (c *comparison) rule(ids ...string) {
	for _, id := range ids {
		if _, ok := Rules[id]; !ok {
			panic("meaningtest: rule " + id + " is not in Rules")
		}
		c.documented[id]++
	}
}

// diff records an undocumented difference.
func (c *comparison) diff(decl, field, what, thrift, proto string) {
	c.diffs = append(c.diffs, Difference{File: c.file, Decl: decl, Field: field, What: what, Thrift: thrift, Proto: proto})
}
