package schema

import (
	"fmt"
	"strings"
)

// Rule is one kind of diagnostic: the stable ID users look up in
// docs/mapping.md, the severity it is reported with, one line of purpose
// and the directions it applies to. Each rule is one exported record,
// defined once in the package that owns it (this package holds the rules
// that several packages report) and used by every package that reports
// it.
type Rule struct {
	// ID is the stable identifier, such as set-to-repeated.
	ID string
	// Severity is the severity the rule is reported with.
	Severity Severity
	// AlsoError marks a warning rule that is reported as an error in the
	// cases its Purpose names.
	AlsoError bool
	// Purpose says in one line what the rule reports.
	Purpose string
	// Directions lists where the rule applies, as "FROM → TO" with format
	// names, "any" standing for every format ("thrift → any": whenever
	// Thrift is read). A record leaves it empty: convert's Registry.Rules
	// derives it from the rule lists of the formats and directions that
	// report the rule. Only a rule that no list holds (one reported
	// around a conversion, such as invalid-config) or that is reported
	// outside a conversion (idlconv check's) sets it.
	Directions []string
}

// SeverityText is the rule's severity as the rule index writes it:
// "warning", "error" or "warning, error".
func (r Rule) SeverityText() string {
	if r.AlsoError && r.Severity == Warning {
		return "warning, error"
	}
	return r.Severity.String()
}

// The rules that several packages report.
var (
	// RuleReadError reports a file that cannot be read.
	RuleReadError = Rule{ID: "read-error", Severity: Error,
		Purpose: "An input or included file cannot be read."}
	// RuleSyntax reports input that its format's grammar rejects.
	RuleSyntax = Rule{ID: "syntax", Severity: Error,
		Purpose: "The input is not valid Thrift, proto or JSON (JSON Schema input: also an object key given twice)."}
	// RuleUnknownType reports a reference that does not resolve.
	RuleUnknownType = Rule{ID: "unknown-type", Severity: Error,
		Purpose: "A type or extended service name does not resolve."}
	// RuleDuplicateID reports two fields with one ID.
	RuleDuplicateID = Rule{ID: "duplicate-id", Severity: Error,
		Purpose: "Two fields share an explicit ID (JSON Schema: two properties pin the same ID)."}
	// RuleNameCollision reports two things that get one name.
	RuleNameCollision = Rule{ID: "name-collision", Severity: Warning, AlsoError: true,
		Purpose: "A name is taken and another is chosen (warning): a generated request, response, wrapper or entry message gets `_`; " +
			"of two files that map to one proto package and declare one name, the later file's becomes `NAME_FILE` (an enum value: `_2`); " +
			"a flattened nested name (proto → Thrift, JSON Schema) gets `_2`; a helper struct `Empty_`. Error: two declarations still " +
			"end up with one Thrift name (a reserved word's `_` meeting a declared name). JSON Schema input numbers a taken declaration name " +
			"(`Order2`) without this rule."}
	// RuleOutputCollision reports two inputs whose outputs have one path.
	RuleOutputCollision = Rule{ID: "output-collision", Severity: Error, Directions: []string{"any → any"},
		Purpose: "Two inputs would be written to one output path (`x/dup.thrift` and `y/dup.thrift` named without an -I root): nothing is written."}
	// RuleInvalidConfig reports a problem in idlconv.yaml or idlconv.lock.
	RuleInvalidConfig = Rule{ID: "invalid-config", Severity: Error, Directions: []string{"any → any"},
		Purpose: "`idlconv sync`: the project file `idlconv.yaml` or the ID lock `idlconv.lock` is not valid (an unknown key, a bad value, a source that matches nothing, an ID used twice): nothing is written."}
	// RuleIDLock reports what the ID lock did beyond keeping IDs.
	RuleIDLock = Rule{ID: "id-lock", Severity: Warning, Directions: []string{"any → any"},
		Purpose: "`idlconv sync`: the ID lock gave a field or enum value an ID its source does not have (a new field numbered above every ID ever used, a proto number over 32767 renumbered for Thrift), retired the ID of a removed one, or saw a source reuse a retired ID."}
	// RuleDefaultDropped reports a default value the target cannot hold.
	RuleDefaultDropped = Rule{ID: "default-dropped", Severity: Warning,
		Purpose: "A field default cannot be expressed and is dropped (JSON Schema: an array, object or `null` default, or one that does not fit the Thrift field's type)."}
)

// CommonRules returns the rules of this package.
func CommonRules() []Rule {
	return []Rule{RuleReadError, RuleSyntax, RuleUnknownType, RuleDuplicateID, RuleNameCollision, RuleDefaultDropped, RuleOutputCollision,
		RuleInvalidConfig, RuleIDLock}
}

// Report appends a diagnostic of rule r at pos, with r's severity.
func (ds *Diagnostics) Report(pos Pos, r Rule, format string, args ...any) {
	*ds = append(*ds, Diagnostic{Pos: pos, Severity: r.Severity, Rule: r.ID, Msg: fmt.Sprintf(format, args...)})
}

// ReportError appends an error of rule r at pos: for the cases in which a
// rule marked AlsoError (or an error rule) stops the conversion.
func (ds *Diagnostics) ReportError(pos Pos, r Rule, format string, args ...any) {
	*ds = append(*ds, Diagnostic{Pos: pos, Severity: Error, Rule: r.ID, Msg: fmt.Sprintf(format, args...)})
}

// Diagnostic returns a diagnostic of rule r, with r's severity.
func (r Rule) Diagnostic(pos Pos, format string, args ...any) Diagnostic {
	return Diagnostic{Pos: pos, Severity: r.Severity, Rule: r.ID, Msg: fmt.Sprintf(format, args...)}
}

// DirectionText joins the rule's directions for a table cell.
func (r Rule) DirectionText() string { return strings.Join(r.Directions, ", ") }
