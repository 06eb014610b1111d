package jsonschemaast

import "github.com/idlconv/idlconv/schema"

// The rules the JSON Schema front-end reports, besides the common ones of
// package schema.
var (
	// RuleInvalidSchema reports a document its metaschema rejects.
	RuleInvalidSchema = schema.Rule{ID: "invalid-schema", Severity: schema.Error,
		Purpose: "The document breaks its draft's metaschema."}
	// RuleRefNotFound reports a $ref that does not resolve.
	RuleRefNotFound = schema.Rule{ID: "ref-not-found", Severity: schema.Error,
		Purpose: "A `$ref` (or `$schema`) names a file that cannot be read, a remote URL no `--ref-map` maps, or a JSON pointer that does not exist."}
	// RuleFieldIDFromOrder reports properties numbered by their order.
	RuleFieldIDFromOrder = schema.Rule{ID: "field-id-from-order", Severity: schema.Warning,
		Purpose: "Properties without `x-idlconv-id` (or `x-proto-tag`, `x-protobuf-index`) are numbered in declaration order."}
	// RuleConstraintDropped reports validation keywords no IDL holds.
	RuleConstraintDropped = schema.Rule{ID: "constraint-dropped", Severity: schema.Warning,
		Purpose: "Validation keywords no IDL can express (`pattern`, `minLength`, …), once per schema; a `propertyNames` that gives no key type."}
	// RuleUnsupported reports an applicator without a mapping.
	RuleUnsupported = schema.Rule{ID: "unsupported-keyword", Severity: schema.Warning,
		Purpose: "An applicator without a mapping (`not`, `if`, `prefixItems`, …), tuple `items`, or a `required` name without a property (it becomes a property of what `additionalProperties` allows)."}
	// RuleAnyType reports a schema that allows any value.
	RuleAnyType = schema.Rule{ID: "any-type", Severity: schema.Warning,
		Purpose: "A schema that allows any value (`true`, `{}`, an object without properties, an array without items) becomes a string holding JSON text."}
	// RuleMixedUnion reports a union of kinds of values.
	RuleMixedUnion = schema.Rule{ID: "mixed-union", Severity: schema.Warning,
		Purpose: "A `type` list or `oneOf`/`anyOf` mixing kinds of values becomes a string holding JSON text."}
	// RuleNullValue reports a schema that allows null where the targets
	// cannot hold it.
	RuleNullValue = schema.Rule{ID: "null-value", Severity: schema.Warning,
		Purpose: "A schema allows `null`, which no IDL field holds: a null property is read as absent (and left out of what is written); a null list item or map value cannot be read at all."}
	// RuleBase64String reports a base64 string the schema does not
	// constrain.
	RuleBase64String = schema.Rule{ID: "base64-string", Severity: schema.Warning,
		Purpose: "A string with `\"format\": \"byte\"` or `\"contentEncoding\": \"base64\"` becomes bytes, which protojson reads only from base64 and Thrift's Go code only from padded standard base64, where the schema allows any string (unless it has idlconv's base64 `pattern`)."}
	// RuleUntypedObject reports object schemas without a type.
	RuleUntypedObject = schema.Rule{ID: "untyped-object", Severity: schema.Warning,
		Purpose: "An object schema (with `properties`) without `\"type\": \"object\"` also allows other kinds of values (null, strings, numbers, arrays), which no struct holds; once per document, counting them."}
	// RuleOpenObject reports objects that allow undeclared properties.
	RuleOpenObject = schema.Rule{ID: "open-object", Severity: schema.Warning,
		Purpose: "An object declares properties and allows others, which no field holds (protojson refuses them, Thrift's Go code drops them): at the object when `additionalProperties` or `patternProperties` says so; once per document, counting them, for objects open by default (no `\"additionalProperties\": false`)."}
	// RuleOneOfMerged reports a oneOf of objects mapped to one object.
	RuleOneOfMerged = schema.Rule{ID: "oneof-merged", Severity: schema.Warning,
		Purpose: "A `oneOf`/`anyOf` of object schemas (alone, beside `properties`, or in an `allOf` part) becomes one struct with the properties of every branch: each branch's documents read and write unchanged, but one that mixes branches is not refused. A property branches declare with different schemas is a string when each only allows strings, else any JSON value."}
	// RuleAllOfConflict reports allOf parts that disagree.
	RuleAllOfConflict = schema.Rule{ID: "allof-conflict", Severity: schema.Error,
		Purpose: "`allOf` parts declare one property with different schemas."}
	// RuleNameTransliterated reports a name spelled in ASCII.
	RuleNameTransliterated = schema.Rule{ID: "name-transliterated", Severity: schema.Warning,
		Purpose: "A title or `$defs` key has letters outside ASCII, which no IDL allows in names: `Größe` becomes `Groesse`, other scripts `U0416`…; property names keep theirs in `json.name`."}
	// RuleRefCycle reports schemas that are only $refs to each other.
	RuleRefCycle = schema.Rule{ID: "ref-cycle", Severity: schema.Error,
		Purpose: "Schemas that are only `$ref`s to each other in a cycle (`a` → `b` → `a`, one-part `allOf`s too) name no schema to validate against: JSON Schema validators refuse them, and no IDL can declare them."}
	// RuleNoDeclaration reports an input that declares no type.
	RuleNoDeclaration = schema.Rule{ID: "no-declaration", Severity: schema.Warning,
		Purpose: "An input declares no type: its root is not the schema of a value (no `type`, `properties`, `items`, `enum`, `oneOf`, `anyOf`, `allOf` or `const`) or only names one elsewhere, and it has no `$defs` or `definitions` (a stray JSON file, an OpenAPI document): its output declares nothing."}
	// RuleEnumName reports enum strings that give one name.
	RuleEnumName = schema.Rule{ID: "enum-name", Severity: schema.Warning,
		Purpose: "Two enum strings give the same value name (`Etc/GMT-0` and `Etc/GMT+0`): the later one gets `_2` (`_3`, …), its string kept in `json.value`."}
)

// Rules returns the rules of the JSON Schema front-end.
func Rules() []schema.Rule {
	return []schema.Rule{RuleInvalidSchema, RuleRefNotFound, RuleFieldIDFromOrder, RuleConstraintDropped, RuleUnsupported,
		RuleAnyType, RuleMixedUnion, RuleNullValue, RuleBase64String, RuleUntypedObject, RuleOpenObject, RuleOneOfMerged, RuleAllOfConflict, RuleEnumName, RuleNameTransliterated, RuleNoDeclaration, RuleRefCycle, schema.RuleReadError, schema.RuleSyntax,
		schema.RuleDuplicateID, schema.RuleNameCollision, schema.RuleDefaultDropped}
}
