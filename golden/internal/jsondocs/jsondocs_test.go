package jsondocs

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math/big"
	"regexp"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/idlconv/idlconv/internal/jsonschema"
)

// genCase is one schema and what its documents must show.
type genCase struct {
	name   string
	schema string
	others map[string]string // more documents of the Set, by URL
	frag   string            // appended to the schema's URL
	limit  int               // 40 when 0
	want   []string          // documents that must be among the output
	exact  []string          // the whole output, in order, when set
	check  func(t *testing.T, docs []any)
}

const caseURL = "file:///case/schema.json"

func mustDecode(t *testing.T, s string) any {
	t.Helper()
	v, err := jsonschema.UnmarshalJSON(strings.NewReader(s))
	if err != nil {
		t.Fatalf("%q: %v", s, err)
	}
	return v
}

// run generates the documents of c, checking that each is valid.
func (c genCase) run(t *testing.T) ([][]byte, []any) {
	t.Helper()
	set := NewSet()
	if err := set.Add(caseURL, mustDecode(t, c.schema)); err != nil {
		t.Fatal(err)
	}
	for _, url := range sortedKeys(c.others) {
		if err := set.Add(url, mustDecode(t, c.others[url])); err != nil {
			t.Fatal(err)
		}
	}
	limit := c.limit
	if limit == 0 {
		limit = 40
	}
	raw, _, err := set.Generate(caseURL+c.frag, limit)
	if err != nil {
		t.Fatal(err)
	}
	if len(raw) > limit {
		t.Errorf("%d documents, limit %d", len(raw), limit)
	}
	sch, err := set.compile(caseURL + c.frag)
	if err != nil {
		t.Fatal(err)
	}
	var docs []any
	for _, b := range raw {
		v := mustDecode(t, string(b))
		if err := sch.Validate(v); err != nil {
			t.Errorf("%s is invalid: %v", b, err)
		}
		docs = append(docs, v)
	}
	return raw, docs
}

// has reports whether docs holds a value equal to the JSON text want.
func has(t *testing.T, docs []any, want string) bool {
	t.Helper()
	w := mustDecode(t, want)
	for _, d := range docs {
		if jsonEqual(d, w) {
			return true
		}
	}
	return false
}

// everyValue checks that each of the JSON values appears as some
// document's value at path (object keys; "" for the document itself).
func everyValue(path []string, values ...string) func(t *testing.T, docs []any) {
	return func(t *testing.T, docs []any) {
		t.Helper()
		for _, want := range values {
			w := mustDecode(t, want)
			found := false
			for _, d := range docs {
				if v, ok := at(d, path); ok && jsonEqual(v, w) {
					found = true
				}
			}
			if !found {
				t.Errorf("no document has %s at %v", want, path)
			}
		}
	}
}

// at returns the value at path in v.
func at(v any, path []string) (any, bool) {
	for _, key := range path {
		obj, ok := v.(map[string]any)
		if !ok {
			return nil, false
		}
		if v, ok = obj[key]; !ok {
			return nil, false
		}
	}
	return v, true
}

// presence checks that each optional property is present in some
// document and absent in another, that some document has all of them,
// and that one has only the required ones.
func presence(required []string, optional ...string) func(t *testing.T, docs []any) {
	return func(t *testing.T, docs []any) {
		t.Helper()
		all, only := false, false
		for _, name := range optional {
			in, out := false, false
			for _, d := range docs {
				if _, ok := d.(map[string]any)[name]; ok {
					in = true
				} else {
					out = true
				}
			}
			if !in || !out {
				t.Errorf("property %s: present in some document %v, absent in some %v", name, in, out)
			}
		}
		for _, d := range docs {
			obj := d.(map[string]any)
			for _, name := range required {
				if _, ok := obj[name]; !ok {
					t.Errorf("%v lacks required %s", obj, name)
				}
			}
			all = all || len(obj) == len(required)+len(optional)
			only = only || len(obj) == len(required)
		}
		if !all || !only {
			t.Errorf("a document with every property %v, one with the required only %v", all, only)
		}
	}
}

// each checks pred on every document.
func each(what string, pred func(v any) bool) func(t *testing.T, docs []any) {
	return func(t *testing.T, docs []any) {
		t.Helper()
		for _, d := range docs {
			if !pred(d) {
				t.Errorf("%v: not %s", d, what)
			}
		}
	}
}

// some checks that pred holds for at least one document.
func some(what string, pred func(v any) bool) func(t *testing.T, docs []any) {
	return func(t *testing.T, docs []any) {
		t.Helper()
		for _, d := range docs {
			if pred(d) {
				return
			}
		}
		t.Errorf("no document is %s: %v", what, docs)
	}
}

func all(checks ...func(t *testing.T, docs []any)) func(t *testing.T, docs []any) {
	return func(t *testing.T, docs []any) {
		t.Helper()
		for _, c := range checks {
			c(t, docs)
		}
	}
}

// kinds returns the JSON types of docs' values at path.
func kinds(docs []any, path []string) map[string]bool {
	out := map[string]bool{}
	for _, d := range docs {
		v, ok := at(d, path)
		if !ok {
			continue
		}
		switch v := v.(type) {
		case nil:
			out["null"] = true
		case bool:
			out["boolean"] = true
		case string:
			out["string"] = true
		case []any:
			out["array"] = true
		case map[string]any:
			out["object"] = true
		case json.Number:
			if r, _ := new(big.Rat).SetString(string(v)); r.IsInt() {
				out["integer"] = true
			} else {
				out["number"] = true
			}
		}
	}
	return out
}

func kindsAre(path []string, want ...string) func(t *testing.T, docs []any) {
	return func(t *testing.T, docs []any) {
		t.Helper()
		got := kinds(docs, path)
		for _, w := range want {
			if !got[w] {
				t.Errorf("no %s at %v among %v", w, path, docs)
			}
		}
	}
}

func lengths(path []string, want ...int) func(t *testing.T, docs []any) {
	return func(t *testing.T, docs []any) {
		t.Helper()
		for _, n := range want {
			found := false
			for _, d := range docs {
				if v, ok := at(d, path); ok {
					switch v := v.(type) {
					case []any:
						found = found || len(v) == n
					case map[string]any:
						found = found || len(v) == n
					}
				}
			}
			if !found {
				t.Errorf("no value of length %d at %v among %v", n, path, docs)
			}
		}
	}
}

func TestGenerate(t *testing.T) {
	cases := []genCase{
		{name: "enum of strings", schema: `{"enum": ["red", "green", "blue"]}`,
			exact: []string{`"red"`, `"green"`, `"blue"`}},
		{name: "enum of mixed values", schema: `{"enum": [1, "x", true, null, 2.5, {"a": [1]}]}`,
			check: everyValue(nil, `1`, `"x"`, `true`, `null`, `2.5`, `{"a": [1]}`)},
		{name: "enum filtered by type", schema: `{"type": "string", "enum": ["a", 1, null, "b"]}`,
			exact: []string{`"a"`, `"b"`}},
		{name: "const", schema: `{"const": {"a": 1}}`, exact: []string{`{"a":1}`}},
		{name: "boolean", schema: `{"type": "boolean"}`, exact: []string{`true`, `false`}},
		{name: "null", schema: `{"type": "null"}`, exact: []string{`null`}},
		{name: "type list", schema: `{"type": ["string", "integer", "null", "boolean"]}`,
			check: kindsAre(nil, "string", "integer", "null", "boolean")},
		{name: "true schema", schema: `true`, check: kindsAre(nil, "object", "array", "string", "number")},
		{name: "empty schema", schema: `{}`, check: kindsAre(nil, "object", "array", "string", "number")},
		{name: "false schema", schema: `false`, exact: []string{}},
		{name: "nullable (OpenAPI 3.0)", schema: `{"type": "string", "nullable": true}`,
			check: kindsAre(nil, "string", "null")},
		{name: "nullable enum", schema: `{"type": "string", "enum": ["a"], "nullable": true}`,
			exact: []string{`"a"`, `null`}},

		{name: "optional properties", schema: `{
			"type": "object",
			"properties": {"id": {"type": "integer"}, "a": {"type": "string"}, "b": {"type": "boolean"}, "c": {"type": "number"}},
			"required": ["id"]}`,
			check: presence([]string{"id"}, "a", "b", "c")},
		{name: "nested objects", schema: `{
			"type": "object",
			"properties": {"inner": {"type": "object", "properties": {"x": {"enum": ["p", "q"]}, "y": {"type": "object", "properties": {"z": {"type": "boolean"}}}}}}}`,
			check: all(everyValue([]string{"inner", "x"}, `"p"`, `"q"`), everyValue([]string{"inner", "y", "z"}, `true`, `false`))},
		{name: "additionalProperties false", schema: `{
			"type": "object", "properties": {"a": {"type": "string"}}, "additionalProperties": false}`,
			check: each("without extra keys", func(v any) bool {
				for k := range v.(map[string]any) {
					if k != "a" {
						return false
					}
				}
				return true
			})},
		{name: "dependentRequired", schema: `{
			"type": "object", "properties": {"card": {"type": "string"}, "billing": {"type": "string"}},
			"dependentRequired": {"card": ["billing"]}}`,
			check: all(presence(nil, "card", "billing"), some("with card", func(v any) bool { _, ok := v.(map[string]any)["card"]; return ok }))},
		{name: "dependencies (draft 7)", schema: `{
			"$schema": "http://json-schema.org/draft-07/schema#",
			"type": "object", "properties": {"a": {"type": "integer"}, "b": {"type": "integer"}},
			"dependencies": {"a": ["b"], "b": {"properties": {"c": {"const": 1}}, "required": ["c"]}}}`,
			check: some("with a, b and c", func(v any) bool { return len(v.(map[string]any)) == 3 })},
		{name: "minProperties and maxProperties", schema: `{
			"type": "object", "properties": {"a": {"type": "integer"}, "b": {"type": "integer"}, "c": {"type": "integer"}},
			"minProperties": 1, "maxProperties": 2}`,
			check: each("of 1 or 2 properties", func(v any) bool { n := len(v.(map[string]any)); return n == 1 || n == 2 })},

		{name: "oneOf", schema: `{"oneOf": [
			{"type": "object", "properties": {"circle": {"type": "number"}}, "required": ["circle"], "additionalProperties": false},
			{"type": "object", "properties": {"square": {"type": "integer"}}, "required": ["square"], "additionalProperties": false},
			{"type": "string", "maxLength": 3}]}`,
			check: all(
				some("a circle", func(v any) bool { _, ok := at(v, []string{"circle"}); return ok }),
				some("a square", func(v any) bool { _, ok := at(v, []string{"square"}); return ok }),
				kindsAre(nil, "string"))},
		{name: "anyOf", schema: `{"anyOf": [{"type": "integer"}, {"type": "boolean"}, {"type": "null"}]}`,
			check: kindsAre(nil, "integer", "boolean", "null")},
		{name: "allOf merges", schema: `{"allOf": [
			{"type": "object", "properties": {"a": {"type": "string"}}, "required": ["a"]},
			{"properties": {"b": {"type": "integer", "minimum": 5}}, "required": ["b"]}]}`,
			check: each("with a and b", func(v any) bool {
				_, a := at(v, []string{"a"})
				_, b := at(v, []string{"b"})
				return a && b
			})},
		{name: "if then else", schema: `{
			"type": "object",
			"properties": {"kind": {"enum": ["num", "str"]}, "value": {}},
			"required": ["kind", "value"],
			"allOf": [
				{"if": {"properties": {"kind": {"const": "num"}}}, "then": {"properties": {"value": {"type": "integer"}}}},
				{"if": {"properties": {"kind": {"const": "str"}}}, "then": {"properties": {"value": {"type": "string"}}}}]}`,
			check: all(everyValue([]string{"kind"}, `"num"`, `"str"`), kindsAre([]string{"value"}, "integer", "string"))},

		{name: "$defs and $ref", schema: `{
			"$defs": {"Color": {"enum": ["red", "green"]}},
			"type": "object", "properties": {"c": {"$ref": "#/$defs/Color"}}, "required": ["c"]}`,
			check: everyValue([]string{"c"}, `"red"`, `"green"`)},
		{name: "definitions (draft 4, $ref siblings ignored)", schema: `{
			"$schema": "http://json-schema.org/draft-04/schema#",
			"id": "http://example.com/root.json",
			"definitions": {"N": {"type": "integer", "minimum": 3, "maximum": 3}},
			"type": "object", "properties": {"n": {"$ref": "#/definitions/N", "type": "string"}}, "required": ["n"]}`,
			exact: []string{`{"n":3}`}},
		{name: "fragment URL", schema: `{"$defs": {"Ticket": {"type": "object", "properties": {"id": {"type": "integer", "minimum": 1, "maximum": 1}}, "required": ["id"]}}}`,
			frag: "#/$defs/Ticket", exact: []string{`{"id":1}`}},
		{name: "$anchor", schema: `{"$defs": {"x": {"$anchor": "flag", "enum": ["on", "off"]}}, "$ref": "#flag"}`,
			exact: []string{`"on"`, `"off"`}},
		{name: "embedded $id", schema: `{
			"$defs": {"x": {"$id": "http://example.com/x.json", "type": "integer", "minimum": 7, "maximum": 7}},
			"$ref": "http://example.com/x.json"}`,
			exact: []string{`7`}},
		{name: "$ref to another document", schema: `{"type": "array", "items": {"$ref": "other.json#/$defs/Id"}, "minItems": 1, "maxItems": 1}`,
			others: map[string]string{"file:///case/other.json": `{"$defs": {"Id": {"type": "string", "format": "uuid"}}}`},
			check:  each("a uuid list", func(v any) bool { return len(v.([]any)) == 1 && len(v.([]any)[0].(string)) == 36 })},
		{name: "$ref to another document by its $id", schema: `{"$ref": "http://example.com/other.json"}`,
			others: map[string]string{"file:///elsewhere/o.json": `{"$id": "http://example.com/other.json", "const": "o"}`},
			exact:  []string{`"o"`}},
		{name: "recursive tree", schema: `{
			"$defs": {"Node": {"type": "object", "properties": {"name": {"type": "string"}, "kids": {"type": "array", "items": {"$ref": "#/$defs/Node"}}}, "required": ["name"]}},
			"$ref": "#/$defs/Node"}`,
			check: some("two levels deep", func(v any) bool {
				kids, _ := at(v, []string{"kids"})
				a, _ := kids.([]any)
				return len(a) > 0 && a[0].(map[string]any)["kids"] != nil
			})},
		{name: "recursion that needs the other branch", schema: `{"oneOf": [
			{"type": "object", "properties": {"next": {"$ref": "#"}}, "required": ["next"], "additionalProperties": false},
			{"type": "null"}]}`,
			check: all(kindsAre(nil, "object", "null"))},
		{name: "$recursiveRef (2019-09)", schema: `{
			"$schema": "https://json-schema.org/draft/2019-09/schema",
			"$recursiveAnchor": true,
			"type": "object", "properties": {"child": {"$recursiveRef": "#"}, "n": {"type": "integer"}}}`,
			check: some("nested", func(v any) bool { _, ok := at(v, []string{"child", "n"}); return ok })},

		{name: "string lengths", schema: `{"type": "string", "minLength": 3, "maxLength": 5}`,
			check: each("3 to 5 code points", func(v any) bool { n := utf8.RuneCountInString(v.(string)); return n >= 3 && n <= 5 })},
		{name: "ordinary strings", schema: `{"type": "string"}`, exact: []string{`"héllo \"1\""`, `""`}},
		{name: "pattern", schema: `{"type": "string", "pattern": "^[A-Z]{2}-\\d{3}$"}`,
			check: all(each("matching", func(v any) bool { return regexp.MustCompile(`^[A-Z]{2}-\d{3}$`).MatchString(v.(string)) }),
				some("any", func(any) bool { return true }))},
		{name: "pattern Go cannot compile", schema: `{"type": "object", "properties": {"a": {"type": "string", "pattern": "^(?!x)"}, "b": {"type": "integer"}}}`,
			check: all(each("without a", func(v any) bool { _, ok := at(v, []string{"a"}); return !ok }), kindsAre([]string{"b"}, "integer"))},
		{name: "formats", schema: `{"type": "object", "properties": {
			"dt": {"type": "string", "format": "date-time"}, "d": {"type": "string", "format": "date"}, "t": {"type": "string", "format": "time"},
			"e": {"type": "string", "format": "email"}, "u": {"type": "string", "format": "uuid"}, "uri": {"type": "string", "format": "uri"},
			"v4": {"type": "string", "format": "ipv4"}, "v6": {"type": "string", "format": "ipv6"}, "h": {"type": "string", "format": "hostname"},
			"dur": {"type": "string", "format": "duration"}},
			"required": ["dt", "d", "t", "e", "u", "uri", "v4", "v6", "h", "dur"]}`,
			check: some("any", func(any) bool { return true })},

		{name: "integer bounds", schema: `{"type": "integer", "minimum": 10, "maximum": 20}`,
			check: everyValue(nil, `15`, `10`, `20`)},
		{name: "exclusive bounds", schema: `{"type": "integer", "exclusiveMinimum": 0, "exclusiveMaximum": 10}`,
			check: everyValue(nil, `5`, `1`, `9`)},
		{name: "exclusive bounds (draft 4)", schema: `{"$schema": "http://json-schema.org/draft-04/schema#", "type": "number", "minimum": 0, "exclusiveMinimum": true, "maximum": 1, "exclusiveMaximum": true}`,
			check: everyValue(nil, `0.5`)},
		{name: "unbounded integer", schema: `{"type": "integer"}`, exact: []string{`42`, `0`, `-7`}},
		{name: "multipleOf", schema: `{"type": "integer", "multipleOf": 5, "minimum": 1, "maximum": 100}`,
			check: all(everyValue(nil, `5`, `100`), each("a multiple of 5", func(v any) bool {
				r, _ := new(big.Rat).SetString(string(v.(json.Number)))
				return new(big.Rat).Quo(r, big.NewRat(5, 1)).IsInt()
			}))},
		{name: "int64 bounds stay within 2^53", schema: `{"type": "integer", "minimum": -9223372036854775808, "maximum": 9223372036854775807}`,
			check: all(everyValue(nil, `9007199254740992`, `-9007199254740992`), each("within 2^53", func(v any) bool {
				r, _ := new(big.Rat).SetString(string(v.(json.Number)))
				return r.Cmp(safeInt()) <= 0 && r.Cmp(new(big.Rat).Neg(safeInt())) >= 0
			}))},
		{name: "bounds beyond 2^53", schema: `{"type": "integer", "minimum": 18014398509481984}`,
			check: everyValue(nil, `18014398509481984`)},
		{name: "number", schema: `{"type": "number"}`, exact: []string{`1.5`, `0`, `-0.25`}},
		{name: "number bounds", schema: `{"type": "number", "minimum": 2, "exclusiveMaximum": 3}`,
			check: all(everyValue(nil, `2`, `2.5`), kindsAre(nil, "number"))},

		{name: "array lengths", schema: `{"type": "array", "items": {"type": "string"}}`,
			check: lengths(nil, 0, 1, 2)},
		{name: "minItems and maxItems", schema: `{"type": "array", "items": {"type": "integer"}, "minItems": 3, "maxItems": 3}`,
			check: each("of 3 items", func(v any) bool { return len(v.([]any)) == 3 })},
		{name: "uniqueItems", schema: `{"type": "array", "items": {"enum": ["a", "b"]}, "minItems": 2, "uniqueItems": true}`,
			check: all(some("any", func(any) bool { return true }), each("of distinct items", func(v any) bool {
				a := v.([]any)
				return len(a) != 2 || a[0] != a[1]
			}))},
		{name: "prefixItems", schema: `{"type": "array", "prefixItems": [{"type": "integer"}, {"type": "string"}], "items": false}`,
			check: some("a full tuple", func(v any) bool {
				a := v.([]any)
				if len(a) != 2 {
					return false
				}
				_, n := a[0].(json.Number)
				_, s := a[1].(string)
				return n && s
			})},
		{name: "tuple items (draft 7)", schema: `{"$schema": "http://json-schema.org/draft-07/schema#", "type": "array", "items": [{"const": 1}, {"const": 2}], "additionalItems": false, "minItems": 2}`,
			exact: []string{`[1,2]`}},
		{name: "contains", schema: `{"type": "array", "contains": {"const": "needle"}}`,
			check: each("with the needle", func(v any) bool { return len(v.([]any)) > 0 && v.([]any)[0] == "needle" })},

		{name: "map", schema: `{"type": "object", "additionalProperties": {"type": "integer"}}`,
			check: lengths(nil, 0, 2)},
		{name: "map with propertyNames", schema: `{"type": "object", "additionalProperties": {"type": "boolean"}, "propertyNames": {"pattern": "^[a-z]+_[0-9]$"}}`,
			check: all(lengths(nil, 2), each("with matching keys", func(v any) bool {
				for k := range v.(map[string]any) {
					if !regexp.MustCompile(`^[a-z]+_[0-9]$`).MatchString(k) {
						return false
					}
				}
				return true
			}))},
		{name: "patternProperties", schema: `{"type": "object", "patternProperties": {"^x-[a-z]+$": {"type": "string"}, "^n[0-9]$": {"type": "integer"}}, "additionalProperties": false}`,
			check: all(lengths(nil, 0, 2), each("with matching keys", func(v any) bool {
				for k := range v.(map[string]any) {
					if !regexp.MustCompile(`^(x-[a-z]+|n[0-9])$`).MatchString(k) {
						return false
					}
				}
				return true
			}))},
		{name: "object without properties", schema: `{"type": "object"}`, check: lengths(nil, 0, 2)},

		{name: "limit", schema: `{"enum": [1, 2, 3, 4, 5]}`, limit: 2, exact: []string{`1`, `2`}},
		{name: "combined variants stay few", schema: `{
			"type": "object",
			"properties": {
				"a": {"enum": ["a1", "a2", "a3"]}, "b": {"enum": ["b1", "b2", "b3"]}, "c": {"type": "boolean"},
				"d": {"oneOf": [{"type": "integer"}, {"type": "string"}, {"type": "null"}]}}}`,
			check: all(everyValue([]string{"a"}, `"a1"`, `"a2"`, `"a3"`), everyValue([]string{"b"}, `"b1"`, `"b2"`, `"b3"`),
				kindsAre([]string{"d"}, "integer", "string", "null"),
				func(t *testing.T, docs []any) {
					if len(docs) > 8 {
						t.Errorf("%d documents for 3+3+2+3 options", len(docs))
					}
				})},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			raw, docs := c.run(t)
			if c.exact != nil {
				var got []string
				for _, b := range raw {
					got = append(got, string(b))
				}
				var want []string
				for _, w := range c.exact {
					b, err := encode(mustDecode(t, w))
					if err != nil {
						t.Fatal(err)
					}
					want = append(want, string(b))
				}
				if strings.Join(got, "\n") != strings.Join(want, "\n") {
					t.Errorf("documents:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
				}
			}
			for _, w := range c.want {
				if !has(t, docs, w) {
					t.Errorf("no document %s among %s", w, raw)
				}
			}
			if c.check != nil {
				c.check(t, docs)
			}
		})
	}
}

// TestDeterministic generates twice, from fresh Sets, and compares.
func TestDeterministic(t *testing.T) {
	schemas := []string{
		`{"type": "object", "properties": {"a": {"enum": [1, 2, 3]}, "b": {"type": "object", "additionalProperties": {"type": "string"}},
		  "c": {"patternProperties": {"^p": {"type": "integer"}, "^q": {"type": "boolean"}}}, "d": {"anyOf": [{"type": "string"}, {"type": "array"}]}}}`,
		`{"$defs": {"T": {"type": "object", "properties": {"v": {"type": "number"}, "l": {"$ref": "#/$defs/T"}, "r": {"$ref": "#/$defs/T"}}}}, "$ref": "#/$defs/T"}`,
		`true`,
	}
	for i, s := range schemas {
		var runs [2]string
		for r := range runs {
			set := NewSet()
			if err := set.Add(caseURL, mustDecode(t, s)); err != nil {
				t.Fatal(err)
			}
			docs, dropped, err := set.Generate(caseURL, 40)
			if err != nil {
				t.Fatal(err)
			}
			runs[r] = fmt.Sprintf("%s\ndropped %d", bytes.Join(docs, []byte("\n")), dropped)
		}
		if runs[0] != runs[1] {
			t.Errorf("schema %d: two runs differ:\n%s\n---\n%s", i, runs[0], runs[1])
		}
	}
}

// TestLargeSchema checks that generating for a 2 MB schema (600
// definitions, 15,000 subschemas, long descriptions as in SchemaStore)
// stays fast. Compiling it is the validator's work (quadratic in the
// number of subschemas in jsonschema/v6: 100,000 take 5 s) and is only
// logged.
func TestLargeSchema(t *testing.T) {
	desc := strings.Repeat("a description of the definition, as long as real ones are; ", 4)
	var b strings.Builder
	b.WriteString(`{"$defs": {`)
	const defs = 600
	for i := 0; i < defs; i++ {
		if i > 0 {
			b.WriteString(",")
		}
		fmt.Fprintf(&b, `"D%d": {"type": "object", "description": %q, "properties": {`, i, desc)
		for j := 0; j < 12; j++ {
			if j > 0 {
				b.WriteString(",")
			}
			switch j % 4 {
			case 0:
				fmt.Fprintf(&b, `"p%d": {"$ref": "#/$defs/D%d", "description": %q}`, j, (i+j+1)%defs, desc)
			case 1:
				fmt.Fprintf(&b, `"p%d": {"type": "array", "description": %q, "items": {"$ref": "#/$defs/D%d"}}`, j, desc, (i*7+j)%defs)
			case 2:
				fmt.Fprintf(&b, `"p%d": {"enum": ["a", "b", "c", "d"], "description": %q}`, j, desc)
			default:
				fmt.Fprintf(&b, `"p%d": {"description": %q, "oneOf": [{"type": "string", "maxLength": 8}, {"type": "integer"}, {"$ref": "#/$defs/D%d"}]}`, j, desc, (i+3)%defs)
			}
		}
		b.WriteString(`}, "required": ["p2"]}`)
	}
	b.WriteString(`}, "$ref": "#/$defs/D0"}`)
	if b.Len() < 2<<20 {
		t.Fatalf("schema of %d bytes, want 2 MB", b.Len())
	}
	set := NewSet()
	if err := set.Add(caseURL, mustDecode(t, b.String())); err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	if _, err := set.compile(caseURL); err != nil {
		t.Fatal(err)
	}
	compiled := time.Since(start)
	start = time.Now()
	docs, dropped, err := set.Generate(caseURL, 40)
	took := time.Since(start)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("%d bytes: compiled in %v; %d documents, %d dropped in %v", b.Len(), compiled.Round(time.Millisecond), len(docs), dropped, took.Round(time.Millisecond))
	if len(docs) == 0 {
		t.Error("no document")
	}
	if took > 2*time.Second {
		t.Errorf("generating took %v", took)
	}
}

// TestErrors checks the errors of the API.
func TestErrors(t *testing.T) {
	set := NewSet()
	if err := set.Add(caseURL, true); err != nil {
		t.Fatal(err)
	}
	if err := set.Add(caseURL, true); err == nil {
		t.Error("adding a URL twice gave no error")
	}
	if _, _, err := set.Generate("file:///case/missing.json", 10); err == nil || !strings.Contains(err.Error(), "missing.json") {
		t.Errorf("a missing document: %v", err)
	}
	if _, _, err := set.Generate(caseURL+"#/nowhere", 10); err == nil {
		t.Error("a missing fragment gave no error")
	}
	docs, _, err := set.Generate(caseURL, 0)
	if err != nil || len(docs) != 0 {
		t.Errorf("limit 0: %d documents, %v", len(docs), err)
	}
}

// FuzzGenerate fails on a panic or on a document its schema rejects.
func FuzzGenerate(f *testing.F) {
	for _, s := range []string{`{"type": "object", "properties": {"a": {"$ref": "#"}}, "required": ["a"]}`,
		`{"oneOf": [{"$ref": "#"}]}`, `{"allOf": [{"type": "string"}, {"type": "integer"}]}`,
		`{"type": "array", "items": false, "minItems": 1}`, `{"enum": []}`, `{"pattern": "(a|b)*c{2,4}[^x-z]"}`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		doc, err := jsonschema.UnmarshalJSON(strings.NewReader(s))
		if err != nil {
			return
		}
		set := NewSet()
		if err := set.Add(caseURL, doc); err != nil {
			t.Fatal(err)
		}
		start := time.Now()
		docs, _, err := set.Generate(caseURL, 10)
		if err != nil {
			return
		}
		if d := time.Since(start); d > 2*time.Second {
			t.Errorf("took %v", d)
		}
		sch, err := set.compile(caseURL)
		if err != nil {
			t.Fatal(err)
		}
		for _, b := range docs {
			if err := sch.Validate(mustDecode(t, string(b))); err != nil {
				t.Errorf("%s: %v", b, err)
			}
		}
	})
}

// TestConcurrent generates from one Set in several goroutines at once.
func TestConcurrent(t *testing.T) {
	set := NewSet()
	if err := set.Add(caseURL, mustDecode(t, `{"$defs": {"A": {"enum": ["x", "y"]}, "B": {"type": "array", "items": {"$ref": "#/$defs/A"}}}}`)); err != nil {
		t.Fatal(err)
	}
	frags := []string{"#/$defs/A", "#/$defs/B", "#/$defs/A", "#/$defs/B"}
	got := make([]string, len(frags))
	done := make(chan int)
	for i, f := range frags {
		go func() {
			docs, _, err := set.Generate(caseURL+f, 10)
			if err != nil {
				t.Error(err)
			}
			got[i] = string(bytes.Join(docs, []byte(" ")))
			done <- i
		}()
	}
	for range frags {
		<-done
	}
	if got[0] != got[2] || got[1] != got[3] || got[0] == "" || got[1] == "" {
		t.Errorf("concurrent runs differ: %q", got)
	}
}
