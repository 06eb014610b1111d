package convert

import (
	"fmt"
	"slices"
	"strings"
)

// ProtoSyntaxes are the values of Options.ProtoSyntax, the default first.
var ProtoSyntaxes = []string{"proto3", "proto2", "editions"}

// JSONSchemaDrafts are the values of Options.JSONSchemaDraft, the default
// first.
var JSONSchemaDrafts = []string{"2020-12", "7"}

// OneofStyles are the values of Options.Oneof, the default first.
var OneofStyles = []string{string(OneofAnnotation), string(OneofUnion)}

// RuleLevelNames are the values of a rule level (Options.RuleLevels).
var RuleLevelNames = []string{string(RuleOff), string(RuleWarning), string(RuleError)}

// ParseProtoSyntax reads a proto output syntax: proto3 (also the empty
// string), proto2 or editions.
func ParseProtoSyntax(s string) (string, error) {
	switch {
	case s == "":
		return ProtoSyntaxes[0], nil
	case slices.Contains(ProtoSyntaxes, s):
		return s, nil
	}
	return "", fmt.Errorf("unknown proto syntax %q (want %s)", s, orList(ProtoSyntaxes))
}

// ParseJSONSchemaDraft reads a JSON Schema output draft: 2020-12 (also
// the empty string) or 7 (also draft-07 and draft7).
func ParseJSONSchemaDraft(s string) (string, error) {
	switch s {
	case "":
		return JSONSchemaDrafts[0], nil
	case "draft-07", "draft7":
		return "7", nil
	}
	if slices.Contains(JSONSchemaDrafts, s) {
		return s, nil
	}
	return "", fmt.Errorf("unknown JSON Schema draft %q (want %s)", s, orList(JSONSchemaDrafts))
}

// ParseOneofStyle reads how proto oneofs become Thrift: annotation (also
// the empty string) or union.
func ParseOneofStyle(s string) (OneofStyle, error) {
	switch {
	case s == "":
		return OneofStyle(OneofStyles[0]), nil
	case slices.Contains(OneofStyles, s):
		return OneofStyle(s), nil
	}
	return "", fmt.Errorf("unknown oneof style %q (want %s)", s, orList(OneofStyles))
}

// orList joins values as "a, b or c".
func orList(values []string) string {
	if len(values) < 2 {
		return strings.Join(values, "")
	}
	return strings.Join(values[:len(values)-1], ", ") + " or " + values[len(values)-1]
}
