package convert_test

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/idlconv/idlconv/convert"
	"github.com/idlconv/idlconv/internal/testkit/demoformat"
	"github.com/idlconv/idlconv/schema"
)

// TestRuleDirections checks the directions Registry.Rules derives from
// the lists of the formats and directions: a front-end's rule applies
// whenever its format is read, a rule of every front-end to any
// direction, a direction's where it maps, in registration order; a rule
// no list holds keeps its record's.
func TestRuleDirections(t *testing.T) {
	toy := convert.Builtin()
	if err := demoformat.Register(toy); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		reg  *convert.Registry
		id   string
		want string
	}{
		{convert.Builtin(), schema.RuleReadError.ID, "any → any"},
		{toy, schema.RuleReadError.ID, "any → any"},
		{convert.Builtin(), schema.RuleDuplicateID.ID, "thrift → any, jsonschema → any"},
		{convert.Builtin(), schema.RuleNameCollision.ID, "thrift → proto, proto → thrift, proto → jsonschema, jsonschema → any"},
		{convert.Builtin(), schema.RuleDefaultDropped.ID, "thrift → proto, proto → thrift, thrift → jsonschema, jsonschema → any"},
		{convert.Builtin(), schema.RuleOutputCollision.ID, "any → any"},
		{convert.Builtin(), convert.RuleNarrowInt.ID, "thrift → proto"},
		{convert.Builtin(), convert.RuleIncludeCycle.ID, "thrift → proto, jsonschema → proto"},
		{convert.Builtin(), convert.RuleWellKnownType.ID, "proto → thrift, proto → jsonschema"},
		{convert.Builtin(), convert.RuleOptionalContainer.ID, "thrift → proto, jsonschema → thrift, jsonschema → proto"},
		{toy, demoformat.RuleFieldDropped.ID, "proto → demo"},
	}
	for _, tt := range tests {
		t.Run(tt.id, func(t *testing.T) {
			rules, err := tt.reg.Rules()
			if err != nil {
				t.Fatal(err)
			}
			for _, r := range rules {
				if r.ID == tt.id {
					if got := r.DirectionText(); got != tt.want {
						t.Errorf("directions %q, want %q", got, tt.want)
					}
					return
				}
			}
			t.Errorf("no rule %s", tt.id)
		})
	}
}

// TestDirectionsListTheirRules converts the inputs of every golden case,
// and inputs that reach what no golden case does, and checks that each
// diagnostic's rule is in the list of the direction, or in that of its
// source format's front-end, or is a common rule that no list holds
// (output-collision): the lists are where the rule index's directions
// come from, so a rule missing from one would be missing there.
func TestDirectionsListTheirRules(t *testing.T) {
	reg := convert.Builtin()
	rules, err := reg.Rules()
	if err != nil {
		t.Fatal(err)
	}
	listed := map[string]bool{}
	for _, f := range reg.Formats() {
		for _, r := range f.Rules {
			listed[r.ID] = true
		}
	}
	for _, d := range reg.Directions() {
		for _, r := range d.Rules {
			listed[r.ID] = true
		}
	}
	var unlisted []schema.Rule // reported by Convert itself, or idlconv sync
	for _, r := range rules {
		if !listed[r.ID] {
			unlisted = append(unlisted, r)
		}
	}
	check := func(t *testing.T, from, to schema.Format, diags schema.Diagnostics) {
		t.Helper()
		allowed := append(append(append([]schema.Rule(nil), reg.Direction(from, to).Rules...), reg.Format(from).Rules...), unlisted...)
		for _, d := range diags {
			if !containsRule(allowed, d.Rule) {
				t.Errorf("%s → %s reports %s, which neither its list nor that of the %s front-end holds: %s", from, to, d.Rule, from, d)
			}
		}
	}
	paths, err := filepath.Glob(filepath.Join("..", "golden", "testdata", "*", "*.txtar"))
	if err != nil || len(paths) == 0 {
		t.Fatalf("no golden cases (%v)", err)
	}
	for _, p := range paths {
		dir := filepath.Base(filepath.Dir(p))
		t.Run(dir+"/"+strings.TrimSuffix(filepath.Base(p), ".txtar"), func(t *testing.T) {
			from, to, ok := strings.Cut(dir, "-to-")
			if !ok {
				t.Fatalf("folder %s names no direction", dir)
			}
			check(t, schema.Format(from), schema.Format(to), convertGoldenInputs(t, p).Diagnostics)
		})
	}
	// What JSON Schema → proto reports that its golden cases do not show.
	fsys := fstest.MapFS{
		"a.json":    {Data: []byte(`{"title": "A", "type": "object", "properties": {"b": {"$ref": "b.json"}}}`)},
		"b.json":    {Data: []byte(`{"title": "B", "type": "object", "properties": {"a": {"$ref": "a.json"}}}`)},
		"ids.json":  {Data: []byte(`{"title": "I", "type": "object", "properties": {"x": {"type": "string", "x-idlconv-id": 0}}}`)},
		"enum.json": {Data: []byte(`{"title": "E", "type": "string", "enum": ["a", "b"], "x-idlconv-enum-values": [0, 3000000000]}`)},
	}
	for _, tt := range []struct {
		inputs []string
		want   string
	}{
		{[]string{"a.json", "b.json"}, convert.RuleIncludeCycle.ID},
		{[]string{"ids.json"}, convert.RuleInvalidFieldID.ID},
		{[]string{"enum.json"}, convert.RuleEnumValueRange.ID},
	} {
		t.Run(tt.want, func(t *testing.T) {
			var inputs []convert.Input
			for _, p := range tt.inputs {
				inputs = append(inputs, convert.Input{Path: p})
			}
			res, err := convert.Convert(context.Background(), inputs, convert.Options{To: schema.Proto, FS: fsys})
			if err != nil {
				t.Fatal(err)
			}
			found := false
			for _, d := range res.Diagnostics {
				found = found || d.Rule == tt.want
			}
			if !found {
				t.Errorf("no %s:\n%s", tt.want, res.Diagnostics)
			}
			check(t, schema.JSONSchema, schema.Proto, res.Diagnostics)
		})
	}
}

func containsRule(rules []schema.Rule, id string) bool {
	for _, r := range rules {
		if r.ID == id {
			return true
		}
	}
	return false
}
