package protoast

import "github.com/idlconv/idlconv/schema"

// The rules the proto front-end reports, besides the common ones of
// package schema.
var (
	// RuleInvalidProto reports input that protoc rejects.
	RuleInvalidProto = schema.Rule{ID: "invalid-proto", Severity: schema.Error,
		Purpose: "protoc rejects the input, for another reason than a syntax error, a missing import or an unknown type (as github.com/bufbuild/protocompile, which checks like protoc, reads it): a missing `;`, a duplicate field number or name, a number that is 0, too large or reserved for the implementation (19000–19999), a proto3 enum whose first value is not 0, …"}
	// RuleImportNotFound reports an import found on no import path.
	RuleImportNotFound = schema.Rule{ID: "import-not-found", Severity: schema.Error,
		Purpose: "An import found on no import path."}
)

// Rules returns the rules of the proto front-end.
func Rules() []schema.Rule {
	return []schema.Rule{RuleInvalidProto, RuleImportNotFound, schema.RuleReadError, schema.RuleSyntax, schema.RuleUnknownType}
}
