package protoast

import "github.com/idlconv/idlconv/schema"

// The rules the proto front-end reports, besides the common ones of
// package schema.
var (
	// RuleImportNotFound reports an import found on no import path.
	RuleImportNotFound = schema.Rule{ID: "import-not-found", Severity: schema.Error,
		Purpose: "An import found on no import path."}
	// RuleUnsupportedSyntax reports valid proto the parser rejects.
	RuleUnsupportedSyntax = schema.Rule{ID: "unsupported-syntax", Severity: schema.Error,
		Purpose: "Valid proto that the parser (emicklei/proto v1.14.3) rejects, named; see docs/corpus.md."}
)

// Rules returns the rules of the proto front-end.
func Rules() []schema.Rule {
	return []schema.Rule{RuleInvalidProto, RuleImportNotFound, RuleUnsupportedSyntax, schema.RuleReadError, schema.RuleSyntax, schema.RuleUnknownType}
}
