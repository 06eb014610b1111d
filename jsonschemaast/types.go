package jsonschemaast

import (
	"fmt"
	"math"
	"path"
	"slices"
	"strconv"
	"strings"

	"github.com/idlconv/idlconv/internal/ident"
	"github.com/idlconv/idlconv/internal/marker"
	"github.com/idlconv/idlconv/schema"
)

// maxSuggestedName is the longest name suggested for a declaration of a
// nested schema; a longer one keeps its first 91 bytes and ends in '_' and
// a hash of the whole name (ident.Shorten, docs/mapping.md).
const maxSuggestedName = 100

// typ maps the schema v to a type. ctx names the declarations it
// needs (inline objects, enums, unions). The second result says the value
// may be null.
func (fs *fileState) typ(v *Value, ctx string) (*schema.Type, bool) {
	// Nested arrays and objects add to the name at every level: past
	// maxSuggestedName it ends in a hash, so that names stay bounded.
	ctx = ident.Shorten(ctx, maxSuggestedName)
	pos := v.Pos
	if v.Kind == Bool {
		if v.Bool {
			return anyJSON(pos, schema.TypeJSONValue, false, "the schema true"), false
		}
		fs.dec.diags.Report(pos, RuleAnyType, "the schema false of %s allows no value; it becomes a string", ctx)
		return &schema.Type{Pos: pos, Kind: schema.TypeString}, false
	}
	if v.Kind != Object {
		return &schema.Type{Pos: pos, Kind: schema.TypeString}, false
	}
	fs.checkKeywords(v, ctx)
	if r := v.Get("$ref"); r != nil && r.Kind == String {
		target, err := fs.resolve(r.Str, fs.dec.ld.index(fs.d).bases[v])
		if err != nil {
			fs.dec.diags.Report(r.Pos, RuleRefNotFound, "%v", err)
			return &schema.Type{Pos: pos, Kind: schema.TypeString}, false
		}
		suggested := ident.Pascal(path.Base(target.ptr))
		if target.ptr == "" {
			if t := target.v.Get("title"); t != nil && t.Kind == String {
				suggested = ident.Pascal(t.Str)
			} else {
				base := path.Base(target.fs.f.Path)
				suggested = ident.Pascal(strings.TrimSuffix(base, path.Ext(base)))
			}
		}
		if prop := generatedWrapper(target.v); prop != "" {
			// A wrapper message idlconv generated for a Thrift container
			// (kept by protojson's mapping): the container again.
			t, _ := target.fs.typ(target.v.Get("properties").Get(prop), ctx)
			fs.importTypes(t)
			return t, false
		}
		nd := target.fs.named(target.v, suggested)
		fs.importFile(nd.file, pos)
		return &schema.Type{Pos: pos, Kind: schema.TypeNamed, Name: nd.decl.DeclName(), Decl: nd.decl, DeclFile: nd.file.f}, nd.nullable
	}
	nullable := false
	if n := v.Get("nullable"); n != nil && n.Kind == Bool && n.Bool {
		nullable = true
	}
	if f := v.Get("format"); f != nil && f.Kind == String {
		// The forms idlconv writes for proto's JSON mapping: 64-bit
		// integers as strings or numbers, floats with NaN and Infinity.
		types := typeNames(v)
		switch {
		case (f.Str == "int64" || f.Str == "uint64") && slices.Contains(types, "string") && slices.Contains(types, "integer"):
			return &schema.Type{Pos: pos, Kind: schema.TypeI64}, nullable || slices.Contains(types, "null")
		case (f.Str == "double" || f.Str == "float") && v.Has("anyOf"):
			return &schema.Type{Pos: pos, Kind: schema.TypeDouble}, nullable
		}
	}
	if vs, _, key := variants(v); key != "" && isObject(v) && constraintsOnly(fs, vs) {
		// Branches such as {"required": ["a"]} beside properties only
		// say which properties are present.
		fs.dec.diags.Report(v.Get(key).Pos, RuleConstraintDropped, "%s of %s only constrains which of its properties are present, which the target IDL cannot: the constraint is dropped", key, ctx)
	} else if vs, null, key := variants(v); key != "" {
		nullable = nullable || null
		switch {
		case len(vs) == 1:
			t, n := fs.typ(vs[0], ctx)
			return t, nullable || n
		case isUnion(fs, v):
			nd := fs.named(v, ctx)
			return &schema.Type{Pos: pos, Kind: schema.TypeNamed, Name: nd.decl.DeclName(), Decl: nd.decl, DeclFile: fs.f}, nullable
		case len(vs) > 1:
			var first *schema.Type
			same := true
			for i, item := range vs {
				t, _ := fs.typ(item, fmt.Sprintf("%sOption%d", ctx, i+1))
				if first == nil {
					first = t
				} else if t.Kind != first.Kind || t.Kind == schema.TypeNamed || t.IsContainer() {
					same = false
				}
			}
			if same {
				return first, nullable
			}
			return anyJSON(v.Get(key).Pos, schema.TypeJSONValue, true, key+" mixing kinds of values"), false
		}
	}
	if isEnum(v) {
		nd := fs.named(v, ctx)
		return &schema.Type{Pos: pos, Kind: schema.TypeNamed, Name: nd.decl.DeclName(), Decl: nd.decl, DeclFile: fs.f}, nullable
	}
	if all := v.Get("allOf"); all != nil && all.Kind == Array {
		if len(all.Vals) == 1 && !isObject(v) {
			t, n := fs.typ(all.Vals[0], ctx)
			return t, nullable || n
		}
		nd := fs.named(v, ctx)
		return &schema.Type{Pos: pos, Kind: schema.TypeNamed, Name: nd.decl.DeclName(), Decl: nd.decl, DeclFile: fs.f}, nullable
	}
	types := typeNames(v)
	if len(remove(types, "null")) > 1 {
		return anyJSON(v.Get("type").Pos, schema.TypeJSONValue, true, "type "+strings.Join(types, ", ")), false
	}
	if slices.Contains(types, "null") {
		nullable = true
		types = remove(types, "null")
	}
	kind := ""
	if len(types) == 1 {
		kind = types[0]
	}
	if kind == "" {
		switch {
		case v.Has("properties") || v.Has("additionalProperties") || v.Has("patternProperties"):
			kind = "object"
		case v.Has("items"):
			kind = "array"
		case v.Has("const"):
			kind = jsonKind(v.Get("const"))
		}
	}
	switch kind {
	case "object":
		return fs.objectType(v, ctx), nullable
	case "array":
		return fs.arrayType(v, ctx), nullable
	case "string":
		t := &schema.Type{Pos: pos, Kind: schema.TypeString}
		f := v.Get("format")
		ce := v.Get("contentEncoding")
		if f != nil && f.Str == "byte" || ce != nil && strings.EqualFold(ce.Str, "base64") {
			t.Kind = schema.TypeBinary
			if p := v.Get("pattern"); p == nil || p.Str != Base64Pattern {
				fs.dec.diags.Report(pos, RuleBase64String, "%s becomes bytes, read only from base64 (padded standard base64 by Thrift's Go code): the schema allows any string", ctx)
			}
		} else if f != nil && f.Kind == String {
			t.Format = &schema.Text{Pos: f.Pos, Value: f.Str}
		}
		return t, nullable
	case "integer":
		return &schema.Type{Pos: pos, Kind: integerKind(v)}, nullable
	case "number":
		return &schema.Type{Pos: pos, Kind: schema.TypeDouble}, nullable
	case "boolean":
		return &schema.Type{Pos: pos, Kind: schema.TypeBool}, nullable
	}
	return anyJSON(pos, schema.TypeJSONValue, false, "a schema without type information"), false
}

// anyJSON is a free-form JSON type (kind TypeJSONValue, TypeJSONObject or
// TypeJSONArray) that says, for the targets that cannot hold it, what
// allowed any value (why), and whether that mixes kinds of values (the
// Thrift mapping reports RuleMixedUnion then, else RuleAnyType).
func anyJSON(pos schema.Pos, kind schema.TypeKind, mixed bool, why string) *schema.Type {
	return &schema.Type{Pos: pos, Kind: kind, FreeFormWhy: why, FreeFormMixed: mixed}
}

func jsonKind(v *Value) string {
	switch v.Kind {
	case String:
		return "string"
	case Bool:
		return "boolean"
	case Number:
		if strings.ContainsAny(v.Num, ".eE") {
			return "number"
		}
		return "integer"
	case Object:
		return "object"
	case Array:
		return "array"
	}
	return ""
}

func typeNames(v *Value) []string {
	t := v.Get("type")
	if t == nil {
		return nil
	}
	if t.Kind == String {
		return []string{t.Str}
	}
	var out []string
	for _, item := range t.Vals {
		if item.Kind == String {
			out = append(out, item.Str)
		}
	}
	return out
}

func remove(list []string, s string) []string {
	var out []string
	for _, x := range list {
		if x != s {
			out = append(out, x)
		}
	}
	return out
}

// integerKind chooses an integer's width: from its format (int32,
// uint32, int64, uint64), else from its bounds (minimum or
// exclusiveMinimum, maximum or exclusiveMaximum) when both are given and
// fit int32 or uint32, else i64.
func integerKind(v *Value) schema.TypeKind {
	if f := v.Get("format"); f != nil && f.Kind == String {
		switch f.Str {
		case "int32":
			return schema.TypeI32
		case "uint32":
			return schema.TypeU32
		case "int64":
			return schema.TypeI64
		case "uint64":
			return schema.TypeU64
		}
	}
	lo, okLo := bound(v, "minimum", "exclusiveMinimum")
	hi, okHi := bound(v, "maximum", "exclusiveMaximum")
	switch {
	case !okLo || !okHi:
	case lo >= math.MinInt32 && hi <= math.MaxInt32:
		return schema.TypeI32
	case lo >= 0 && hi <= math.MaxUint32:
		return schema.TypeU32
	}
	return schema.TypeI64
}

// bound reads a numeric bound from the first of keys that holds a number
// (draft 4's boolean exclusiveMinimum is not one).
func bound(v *Value, keys ...string) (float64, bool) {
	for _, k := range keys {
		if b := v.Get(k); b != nil && b.Kind == Number {
			if f, err := strconv.ParseFloat(b.Num, 64); err == nil {
				return f, true
			}
		}
	}
	return 0, false
}

// Base64Pattern matches padded standard base64, the only form Go's
// encoding/json reads into a []byte: idlconv writes it beside
// "contentEncoding": "base64" for Thrift binary, and reads it as part of
// that form.
const Base64Pattern = "^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$"

// The propertyNames patterns of maps with integer keys: integers as
// protojson and encoding/json write them (no leading zeros, no "-0"), so
// that every key the pattern allows comes back the same. The reader also
// takes the looser ^-?[0-9]+$ and ^[0-9]+$ that idlconv wrote before.
const (
	IntKeyPattern  = "^(0|-?[1-9][0-9]*)$"
	UintKeyPattern = "^(0|[1-9][0-9]*)$"
)

// mapKey reads propertyNames: the key forms idlconv writes (integers,
// booleans, an enum) give that key type; anything else is a constraint.
func (fs *fileState) mapKey(v *Value, ctx string) *schema.Type {
	str := &schema.Type{Kind: schema.TypeString}
	pn := v.Get("propertyNames")
	if pn == nil || pn.Kind != Object {
		return str
	}
	if p := pn.Get("pattern"); p != nil && len(pn.Keys) == 1 && (p.Str == IntKeyPattern || p.Str == UintKeyPattern || p.Str == "^-?[0-9]+$" || p.Str == "^[0-9]+$") {
		return &schema.Type{Pos: pn.Pos, Kind: schema.TypeI64}
	}
	if e := pn.Get("enum"); e != nil && len(pn.Keys) == 1 && compact(e) == `["true", "false"]` {
		return &schema.Type{Pos: pn.Pos, Kind: schema.TypeBool}
	}
	if pn.Has("$ref") && len(pn.Keys) == 1 {
		if t, _ := fs.typ(pn, ctx+"Key"); t.Kind == schema.TypeNamed {
			if _, ok := t.Decl.(*schema.Enum); ok {
				return t
			}
		}
	}
	fs.dec.diags.Report(pn.Pos, RuleConstraintDropped, "propertyNames of %s constrains the map's keys, which the target IDL cannot; the keys are strings", ctx)
	return str
}

func (fs *fileState) objectType(v *Value, ctx string) *schema.Type {
	pos := v.Pos
	if isObject(v) {
		nd := fs.named(v, ctx)
		return &schema.Type{Pos: pos, Kind: schema.TypeNamed, Name: nd.decl.DeclName(), Decl: nd.decl, DeclFile: fs.f}
	}
	if ap := v.Get("additionalProperties"); ap != nil && ap.Kind == Object {
		elem, null := fs.typ(ap, ctx+"Value")
		if null {
			fs.dec.diags.Report(ap.Pos, RuleNullValue, "the values of map %s allow null, which no map value holds: a document with a null value cannot be read", ctx)
		}
		return &schema.Type{Pos: pos, Kind: schema.TypeMap, Key: fs.mapKey(v, ctx), Elem: elem}
	}
	if pp := v.Get("patternProperties"); pp != nil && pp.Kind == Object && len(pp.Keys) > 0 {
		for _, other := range pp.Vals[1:] {
			if compact(other) != compact(pp.Vals[0]) {
				// Values of several schemas: one type holds them all.
				return &schema.Type{Pos: pos, Kind: schema.TypeMap, Key: &schema.Type{Kind: schema.TypeString},
					Elem: anyJSON(pp.Pos, schema.TypeJSONValue, false, "patternProperties with several value schemas")}
			}
		}
		elem, null := fs.typ(pp.Vals[0], ctx+"Value")
		if null {
			fs.dec.diags.Report(pp.Vals[0].Pos, RuleNullValue, "the values of map %s allow null, which no map value holds: a document with a null value cannot be read", ctx)
		}
		return &schema.Type{Pos: pos, Kind: schema.TypeMap, Key: &schema.Type{Kind: schema.TypeString}, Elem: elem}
	}
	return anyJSON(pos, schema.TypeJSONObject, false, "an object with no declared properties")
}

func (fs *fileState) arrayType(v *Value, ctx string) *schema.Type {
	pos := v.Pos
	items := v.Get("items")
	kind := schema.TypeList
	if u := v.Get("uniqueItems"); u != nil && u.Kind == Bool && u.Bool {
		kind = schema.TypeSet
	}
	switch {
	case v.Has("prefixItems"):
		// Reported as an unsupported keyword.
		at := v.Get("prefixItems").Pos
		return &schema.Type{Pos: pos, Kind: kind, Elem: anyJSON(at, schema.TypeJSONValue, false, "prefixItems")}
	case items != nil && (items.Kind == Object || items.Kind == Bool):
		elem, null := fs.typ(items, ctx+"Item")
		if null {
			fs.dec.diags.Report(items.Pos, RuleNullValue, "the items of array %s allow null, which no list item holds: a document with a null item cannot be read", ctx)
		}
		return &schema.Type{Pos: pos, Kind: kind, Elem: elem}
	case items != nil && items.Kind == Array:
		fs.dec.diags.Report(items.Pos, RuleUnsupported, "tuple items of %s have no mapping: the array becomes a list of any JSON values", ctx)
		return &schema.Type{Pos: pos, Kind: kind, Elem: anyJSON(items.Pos, schema.TypeJSONValue, false, "tuple items")}
	}
	return anyJSON(pos, schema.TypeJSONArray, false, "an array without items")
}

// generatedWrapper returns the property (items or entries) of a schema
// that describes a wrapper message idlconv generated for a Thrift
// container, or "".
func generatedWrapper(v *Value) string {
	if v == nil || v.Kind != Object {
		return ""
	}
	d, props := v.Get("description"), v.Get("properties")
	if d == nil || props == nil || len(props.Keys) != 1 || props.Keys[0] != "items" && props.Keys[0] != "entries" {
		return ""
	}
	if _, ok := marker.Find(d.Str, marker.Wrapper); ok {
		return props.Keys[0]
	}
	return ""
}

func isEnum(v *Value) bool {
	e := v.Get("enum")
	if e == nil || e.Kind != Array || len(e.Vals) == 0 {
		return false
	}
	for _, item := range e.Vals {
		if item.Kind != String {
			return false
		}
	}
	return true
}

// isObject reports whether v is an object schema with properties.
func isObject(v *Value) bool {
	return v.Kind == Object && v.Has("properties")
}

// variants returns the non-null branches of oneOf/anyOf, and whether a
// null branch was there.
func variants(v *Value) (out []*Value, nullable bool, key string) {
	for _, k := range []string{"oneOf", "anyOf"} {
		if list := v.Get(k); list != nil && list.Kind == Array {
			for _, item := range list.Vals {
				if t := item.Get("type"); t != nil && t.Kind == String && t.Str == "null" && len(item.Keys) == 1 {
					nullable = true
					continue
				}
				out = append(out, item)
			}
			return out, nullable, k
		}
	}
	return nil, false, ""
}

// constraintsOnly reports whether no branch says what kind of value it
// is (each has no type, properties, items, enum, const or applicator).
func constraintsOnly(fs *fileState, branches []*Value) bool {
	for _, b := range branches {
		loc, err := fs.deref(b)
		if err != nil || loc.v.Kind != Object || isTypeSchema(loc.v) {
			return false
		}
	}
	return true
}

// isUnion reports whether v is a oneOf/anyOf of two or more object
// schemas.
func isUnion(fs *fileState, v *Value) bool {
	vs, _, _ := variants(v)
	if len(vs) < 2 {
		return false
	}
	for _, item := range vs {
		target, _ := fs.deref(item)
		if target == nil || !isObject(target.v) && !(target.v.Has("allOf")) {
			return false
		}
	}
	return true
}

// enum makes an enum from a string enum: value names are the strings made
// identifiers (the string kept in the value's JSONValue when it differs);
// numbers come from x-idlconv-enum-values, else 0, 1, ...
func (fs *fileState) enum(v *Value, name string, comments schema.Comments) *schema.Enum {
	e := &schema.Enum{Pos: v.Pos, Name: name, Comments: comments}
	fs.checkKeywords(v, name)
	var numbers []int64
	if nv := v.Get(marker.KeyEnumValues); nv != nil && nv.Kind == Array {
		for _, n := range nv.Vals {
			i, _ := strconv.ParseInt(n.Num, 10, 64)
			numbers = append(numbers, i)
		}
	}
	seen := map[string]string{}
	for i, item := range v.Get("enum").Vals {
		vn := enumName(item.Str)
		if prev, dup := seen[vn]; dup {
			clash := vn
			vn = ident.Numbered(clash, func(s string) bool { _, taken := seen[s]; return taken })
			fs.dec.diags.Report(item.Pos, RuleEnumName, "enum value %q of %s would get the name %s, like %q: it becomes %s (the string kept in %s)", item.Str, name, clash, prev, vn, marker.JSONValue)
		}
		seen[vn] = item.Str
		ev := &schema.EnumValue{Pos: item.Pos, Name: vn, Value: int64(i), ValueFromOrder: true}
		if i < len(numbers) {
			ev.Value, ev.ValueFromOrder = numbers[i], false
		}
		if vn != item.Str {
			ev.JSONValue = &schema.Text{Pos: item.Pos, Value: item.Str}
		}
		e.Values = append(e.Values, ev)
	}
	return e
}

// enumName makes an identifier of an enum string.
func enumName(s string) string {
	n := ident.Sanitize(s)
	if n == "_" && s != "_" {
		return "EMPTY"
	}
	return n
}
