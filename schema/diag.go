package schema

import (
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"strings"
)

// Severity says whether a [Diagnostic] stops a conversion.
type Severity int

const (
	// Warning marks a lossy or questionable mapping; the output is still
	// written unless the caller asked for strict mode.
	Warning Severity = iota
	// Error marks input that cannot be converted; no output is written.
	Error
)

// String returns "warning" or "error".
func (s Severity) String() string {
	if s == Error {
		return "error"
	}
	return "warning"
}

// Diagnostic is one finding about the input: where, how bad, which rule and
// what. Messages are lowercase and carry no trailing period.
type Diagnostic struct {
	// Pos is where the text the diagnostic is about starts and, when the
	// front-end knows it (Pos.EndLine, Pos.EndCol), where it ends: the
	// end of the name, number or quoted string there.
	Pos      Pos
	Severity Severity
	// Rule is a stable identifier such as set-to-repeated; users can
	// look it up in docs/mapping.md.
	Rule string
	Msg  string
}

// String formats d as `file:line:col: message [rule]`, with an "error: "
// prefix before the message for errors.
func (d Diagnostic) String() string {
	var b strings.Builder
	b.WriteString(d.Pos.String())
	b.WriteString(": ")
	if d.Severity == Error {
		b.WriteString("error: ")
	}
	b.WriteString(d.Msg)
	if d.Rule != "" {
		fmt.Fprintf(&b, " [%s]", d.Rule)
	}
	return b.String()
}

// Error makes a Diagnostic usable as an error value.
func (d Diagnostic) Error() string { return d.String() }

// Diagnostics is an ordered list of findings.
type Diagnostics []Diagnostic

// HasErrors reports whether any diagnostic is an error.
func (ds Diagnostics) HasErrors() bool {
	for _, d := range ds {
		if d.Severity == Error {
			return true
		}
	}
	return false
}

// Sort orders the list by position, then rule, then message, and removes
// exact duplicates.
func (ds *Diagnostics) Sort() {
	list := *ds
	sort.SliceStable(list, func(i, j int) bool {
		a, b := list[i], list[j]
		if a.Pos != b.Pos {
			return a.Pos.Before(b.Pos)
		}
		if a.Rule != b.Rule {
			return a.Rule < b.Rule
		}
		return a.Msg < b.Msg
	})
	out := list[:0]
	for i, d := range list {
		if i > 0 && d == list[i-1] {
			continue
		}
		out = append(out, d)
	}
	*ds = out
}

// Err returns the error diagnostics joined as one error, or nil when
// there are none.
func (ds Diagnostics) Err() error {
	var errs []error
	for _, d := range ds {
		if d.Severity == Error {
			errs = append(errs, d)
		}
	}
	return errors.Join(errs...)
}

// String prints one diagnostic a line.
func (ds Diagnostics) String() string {
	var b strings.Builder
	for _, d := range ds {
		b.WriteString(d.String())
		b.WriteByte('\n')
	}
	return b.String()
}

// diagnosticJSON is the JSON form of a Diagnostic, one object per finding:
// what `idlconv --error-format json` prints.
type diagnosticJSON struct {
	File      string `json:"file"`
	Line      int    `json:"line,omitempty"`
	Column    int    `json:"column,omitempty"`
	EndLine   int    `json:"end_line,omitempty"`
	EndColumn int    `json:"end_column,omitempty"`
	Severity  string `json:"severity"`
	Rule      string `json:"rule,omitempty"`
	Message   string `json:"message"`
}

// MarshalJSON writes d as {"file", "line", "column", "end_line",
// "end_column", "severity", "rule", "message"}; the positions are left out
// when unknown (the end: when its Pos has none).
func (d Diagnostic) MarshalJSON() ([]byte, error) {
	return json.Marshal(diagnosticJSON{File: d.Pos.File, Line: d.Pos.Line, Column: d.Pos.Col, EndLine: d.Pos.EndLine, EndColumn: d.Pos.EndCol,
		Severity: d.Severity.String(), Rule: d.Rule, Message: d.Msg})
}

// UnmarshalJSON reads the form MarshalJSON writes.
func (d *Diagnostic) UnmarshalJSON(data []byte) error {
	var j diagnosticJSON
	if err := json.Unmarshal(data, &j); err != nil {
		return err
	}
	sev := Warning
	switch j.Severity {
	case "error":
		sev = Error
	case "warning":
	default:
		return fmt.Errorf("diagnostic: unknown severity %q", j.Severity)
	}
	*d = Diagnostic{Pos: Pos{File: j.File, Line: j.Line, Col: j.Column, EndLine: j.EndLine, EndCol: j.EndColumn},
		Severity: sev, Rule: j.Rule, Msg: j.Message}
	return nil
}

// Summary is one line that counts the diagnostics by severity and rule:
// "2 errors, 3 warnings (required-field 2, set-to-repeated 1, …)", or ""
// when there are none. Rules are listed by count, then by ID.
func (ds Diagnostics) Summary() string {
	if len(ds) == 0 {
		return ""
	}
	errs, warns := 0, 0
	byRule := map[string]int{}
	for _, d := range ds {
		if d.Severity == Error {
			errs++
		} else {
			warns++
		}
		if d.Rule != "" {
			byRule[d.Rule]++
		}
	}
	rules := make([]string, 0, len(byRule))
	for r := range byRule {
		rules = append(rules, r)
	}
	sort.Slice(rules, func(i, j int) bool {
		if byRule[rules[i]] != byRule[rules[j]] {
			return byRule[rules[i]] > byRule[rules[j]]
		}
		return rules[i] < rules[j]
	})
	parts := make([]string, 0, len(rules))
	for _, r := range rules {
		parts = append(parts, fmt.Sprintf("%s %d", r, byRule[r]))
	}
	count := func(n int, what string) string {
		if n == 1 {
			return "1 " + what
		}
		return fmt.Sprintf("%d %ss", n, what)
	}
	s := count(errs, "error") + ", " + count(warns, "warning")
	if len(parts) > 0 {
		s += " (" + strings.Join(parts, ", ") + ")"
	}
	return s
}
