// Package udiff writes the unified diff of two texts, line by line, in the
// form `diff -u` and `git diff` print: ---/+++ headers, @@ hunks with three
// lines of context. The edit script is a shortest one (Myers' algorithm,
// in its linear-space refinement: memory in proportion to the texts, see
// myers.go), and the same texts always give the same diff. A search that
// would take more than about 2^26 steps (texts of tens of thousands of
// lines that differ in most of the lines they share) settles for a diff
// that may be a little longer than the shortest, in bounded time.
package udiff

import (
	"fmt"
	"strings"
)

// context is the number of unchanged lines shown around each change.
const context = 3

// Unified returns the unified diff that turns old (named oldName) into new
// (named newName), or "" when they are equal. A text that does not end in
// a newline gets the "\ No newline at end of file" marker.
func Unified(oldName, newName, old, new string) string {
	if old == new {
		return ""
	}
	a, b := lines(old), lines(new)
	ops := script(a, b)
	var out strings.Builder
	fmt.Fprintf(&out, "--- %s\n+++ %s\n", oldName, newName)
	// Group the operations into hunks: changes with up to 2*context
	// unchanged lines between them share one.
	for i := 0; i < len(ops); {
		for i < len(ops) && ops[i].kind == ' ' {
			i++
		}
		if i == len(ops) {
			break
		}
		start := max(i-context, 0)
		end := i
		for j := i; j < len(ops); j++ {
			if ops[j].kind != ' ' {
				end = j + 1
				continue
			}
			if j-end >= 2*context {
				break
			}
		}
		end = min(end+context, len(ops))
		writeHunk(&out, ops[start:end])
		i = end
	}
	return out.String()
}

// op is one line of an edit script: kind ' ' (kept), '-' (removed from
// old) or '+' (added from new), with the line's 0-based numbers.
type op struct {
	kind     byte
	text     string
	oldLine  int
	newLine  int
	noEOLine bool // the last line of its text, without a newline
}

func writeHunk(out *strings.Builder, ops []op) {
	oldStart, newStart, oldLen, newLen := -1, -1, 0, 0
	for _, o := range ops {
		if o.kind != '+' {
			if oldStart < 0 {
				oldStart = o.oldLine
			}
			oldLen++
		}
		if o.kind != '-' {
			if newStart < 0 {
				newStart = o.newLine
			}
			newLen++
		}
	}
	fmt.Fprintf(out, "@@ -%s +%s @@\n", hunkRange(oldStart, oldLen, ops[0].oldLine), hunkRange(newStart, newLen, ops[0].newLine))
	for _, o := range ops {
		out.WriteByte(o.kind)
		out.WriteString(o.text)
		out.WriteByte('\n')
		if o.noEOLine {
			out.WriteString("\\ No newline at end of file\n")
		}
	}
}

// hunkRange spells a hunk's range: start (1-based) and length, as
// `diff -u` does ("0,0" for an empty side at its position).
func hunkRange(start, n, at int) string {
	if n == 0 {
		return fmt.Sprintf("%d,0", at)
	}
	if n == 1 {
		return fmt.Sprint(start + 1)
	}
	return fmt.Sprintf("%d,%d", start+1, n)
}

// line is one line of a text; last marks a final line without newline.
type line struct {
	text string
	last bool
}

func lines(s string) []line {
	if s == "" {
		return nil
	}
	parts := strings.SplitAfter(s, "\n")
	if parts[len(parts)-1] == "" {
		parts = parts[:len(parts)-1]
	}
	out := make([]line, len(parts))
	for i, p := range parts {
		out[i] = line{text: strings.TrimSuffix(p, "\n"), last: !strings.HasSuffix(p, "\n")}
	}
	return out
}
