package thriftast

import "github.com/idlconv/idlconv/schema"

// The rules the Thrift front-end reports, besides the common ones of
// package schema.
var (
	// RuleIncludeNotFound reports an include found nowhere.
	RuleIncludeNotFound = schema.Rule{ID: "include-not-found", Severity: schema.Error,
		Purpose: "An include was not found next to the including file or in any `-I` folder."}
	// RuleDuplicateName reports a name declared twice.
	RuleDuplicateName = schema.Rule{ID: "duplicate-name", Severity: schema.Error,
		Purpose: "A definition, field or enum value name is declared twice in one file, or a type name in a file and a file it includes that declare the same namespaces."}
	// RuleFBThriftSyntax reports syntax only fbthrift reads.
	RuleFBThriftSyntax = schema.Rule{ID: "fbthrift-syntax", Severity: schema.Error,
		Purpose: "fbthrift-only syntax (`package`, `@` annotations)."}
	// RuleUnsupportedConstruct reports Thrift idlconv does not read.
	RuleUnsupportedConstruct = schema.Rule{ID: "unsupported-construct", Severity: schema.Error,
		Purpose: "`senum`, or a negative hex constant too long to rewrite."}
)

// Rules returns the rules of the Thrift front-end.
func Rules() []schema.Rule {
	return []schema.Rule{RuleIncludeNotFound, RuleDuplicateName, RuleFBThriftSyntax, RuleUnsupportedConstruct,
		schema.RuleReadError, schema.RuleSyntax, schema.RuleUnknownType, schema.RuleDuplicateID}
}
