package jsonschemaast

import (
	"fmt"
	"math"
	neturl "net/url"
	"path"
	"strconv"
	"strings"
	"unicode"

	"github.com/idlconv/idlconv/schema"
)

// Rule IDs of the JSON Schema front-end; docs/mapping.md describes each.
const (
	RuleFieldIDFromOrder  = "field-id-from-order"
	RuleConstraintDropped = "constraint-dropped"
	RuleUnsupported       = "unsupported-keyword"
	RuleAnyType           = "any-type"
	RuleMixedUnion        = "mixed-union"
	RuleAllOfConflict     = "allof-conflict"
	RuleEnumName          = "enum-name"
	RuleRefNotFound       = "ref-not-found"
	RuleDuplicateID       = "duplicate-id"
	RuleNameCollision     = "name-collision"
	RuleDefaultDropped    = "default-dropped"
)

// Annotation keys the front-end writes and the JSON Schema emitter reads,
// so that what the IDLs cannot say survives a round trip.
const (
	// AnnName holds a property's JSON name when it is not an identifier.
	AnnName = "json.name"
	// AnnValue holds an enum value's JSON string when it is not an
	// identifier.
	AnnValue = "json.value"
	// AnnFormat holds a string's format.
	AnnFormat = "json.format"
)

// Load reads the inputs and the documents their $refs name. It returns one
// model file per document (inputs first), Thrift-shaped: structs, unions,
// enums and typedefs.
func (l *Loader) Load(inputs []Input) ([]*schema.File, schema.Diagnostics) {
	ld := &loader{l: l, docs: map[string]*doc{}}
	dec := &decoder{ld: ld, memo: map[string]*namedDecl{}, files: map[*doc]*fileState{}, names: map[string]string{}}
	for _, in := range inputs {
		p := path.Clean(in.Path)
		dec.names[p] = in.Name
		if root, ok := strings.CutSuffix(p, in.Name); ok {
			dec.roots = append(dec.roots, root)
		}
	}
	for _, in := range inputs {
		d, err := ld.doc(in.Path)
		if err != nil {
			ld.diags = append(ld.diags, errorDiagnostic(in.Path, err))
			continue
		}
		ld.validate(d)
		if ld.diags.HasErrors() {
			continue
		}
		dec.fileOf(d, in.Name).root()
	}
	for i := 0; i < len(dec.order); i++ {
		dec.order[i].finish()
	}
	var files []*schema.File
	for _, fs := range dec.order {
		files = append(files, fs.f)
	}
	ld.diags = append(ld.diags, dec.diags...)
	return files, ld.diags
}

func errorDiagnostic(name string, err error) schema.Diagnostic {
	if pe, ok := err.(*PositionError); ok {
		return schema.Diagnostic{Pos: pe.Pos, Severity: schema.Error, Rule: "syntax", Msg: pe.Msg}
	}
	return schema.Diagnostic{Pos: schema.Pos{File: name, Line: 1, Col: 1}, Severity: schema.Error, Rule: "read-error", Msg: err.Error()}
}

// namedDecl is a declaration made for a schema location.
type namedDecl struct {
	decl schema.Decl
	file *fileState
}

// decoder turns schemas into declarations, across documents.
type decoder struct {
	ld    *loader
	memo  map[string]*namedDecl // by document URL + "#" + JSON pointer
	files map[*doc]*fileState
	order []*fileState
	diags schema.Diagnostics
	// names are the inputs' logical names by read path; roots the folders
	// the inputs' names are relative to, for naming documents $refs load.
	names map[string]string
	roots []string
}

// fileState is the model file of one document.
type fileState struct {
	dec   *decoder
	d     *doc
	f     *schema.File
	names map[string]bool
	done  bool
}

func (dec *decoder) fileOf(d *doc, name string) *fileState {
	if fs, ok := dec.files[d]; ok {
		return fs
	}
	if given, ok := dec.names[path.Clean(d.path)]; ok {
		name = given
	}
	if name == "" {
		name = path.Base(d.path)
		for _, root := range dec.roots {
			if rel, ok := strings.CutPrefix(path.Clean(d.path), root); ok && !strings.HasPrefix(rel, "../") {
				name = strings.TrimPrefix(rel, "/")
				break
			}
		}
	}
	fs := &fileState{dec: dec, d: d, names: map[string]bool{},
		f: &schema.File{Path: name, Format: schema.JSONSchema, Pos: schema.Pos{File: d.path, Line: 1, Col: 1}}}
	dec.files[d] = fs
	dec.order = append(dec.order, fs)
	return fs
}

// root declares the document's root schema (named by its title, else
// the file name) and every entry of $defs or definitions.
func (fs *fileState) root() {
	if fs.done {
		return
	}
	fs.done = true
	r := fs.d.root
	if r.Kind == Object && isTypeSchema(r) && !r.Has("$ref") && !refWrapper(r) {
		name := ""
		if t := r.Get("title"); t != nil && t.Kind == String {
			name = typeName(t.Str)
		}
		if name == "" {
			base := path.Base(fs.f.Path)
			name = typeName(strings.TrimSuffix(strings.TrimSuffix(base, path.Ext(base)), ".schema"))
		}
		fs.named("", r, name)
	}
	for _, key := range []string{"$defs", "definitions"} {
		defs := r.Get(key)
		if defs == nil || defs.Kind != Object {
			continue
		}
		for i, k := range defs.Keys {
			if generatedWrapper(defs.Vals[i]) != "" {
				continue // read where it is used, as the container it wraps
			}
			fs.named("/"+key+"/"+escapePointer(k), defs.Vals[i], typeName(k))
		}
	}
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
	if name, _, ok := strings.Cut(d.Str, " wraps a Thrift "); ok && !strings.ContainsAny(name, " \n") {
		return props.Keys[0]
	}
	return ""
}

// refWrapper reports whether a schema only refers to another through a
// one-element allOf (the draft 7 root idlconv writes).
func refWrapper(v *Value) bool {
	all := v.Get("allOf")
	return all != nil && all.Kind == Array && len(all.Vals) == 1 && all.Vals[0].Has("$ref") &&
		!v.Has("properties") && !v.Has("type")
}

// finish orders declarations so that enums and typedefs come before their
// first use, which Thrift needs.
func (fs *fileState) finish() {
	fs.f.Decls = declareBeforeUse(fs.f.Decls)
}

// isTypeSchema reports whether a schema describes a value worth a named
// type (rather than being only a container of $defs).
func isTypeSchema(v *Value) bool {
	for _, k := range []string{"type", "properties", "items", "enum", "oneOf", "anyOf", "allOf", "additionalProperties", "patternProperties", "const"} {
		if v.Has(k) {
			return true
		}
	}
	return false
}

func escapePointer(s string) string {
	return strings.ReplaceAll(strings.ReplaceAll(s, "~", "~0"), "/", "~1")
}

// typeName makes an UpperCamelCase identifier of a title, key or path.
func typeName(s string) string {
	var b strings.Builder
	up := true
	for _, r := range s {
		switch {
		case r < 128 && (unicode.IsLetter(r) || unicode.IsDigit(r)):
			if b.Len() == 0 && unicode.IsDigit(r) {
				b.WriteByte('T')
			}
			if up {
				b.WriteRune(unicode.ToUpper(r))
				up = false
			} else {
				b.WriteRune(r)
			}
		default:
			up = true
		}
	}
	return b.String()
}

// fieldName makes an identifier of a property name: letters, digits and
// '_', not starting with a digit.
func fieldName(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch {
		case r == '_' || r < 128 && (unicode.IsLetter(r) || unicode.IsDigit(r)):
			if b.Len() == 0 && unicode.IsDigit(r) {
				b.WriteByte('_')
			}
			b.WriteRune(r)
		default:
			b.WriteByte('_')
		}
	}
	if b.Len() == 0 {
		return "_"
	}
	return b.String()
}

// reserve takes a declaration name in the file, numbering it 2, 3, ...
// while it is taken.
func (fs *fileState) reserve(want string, pos schema.Pos) string {
	if want == "" {
		want = "Type"
	}
	name := want
	for n := 2; fs.names[name]; n++ {
		name = want + strconv.Itoa(n)
	}
	fs.names[name] = true
	return name
}

// named returns the declaration for the schema at ptr, making it once.
func (fs *fileState) named(ptr string, v *Value, suggested string) *namedDecl {
	key := fs.d.url + "#" + ptr
	if nd, ok := fs.dec.memo[key]; ok {
		return nd
	}
	name := fs.reserve(suggested, v.Pos)
	nd := &namedDecl{file: fs}
	fs.dec.memo[key] = nd
	comments := schema.Comments{Leading: description(v)}
	switch {
	case isEnum(v):
		nd.decl = fs.enum(v, name, comments)
		fs.f.Decls = append(fs.f.Decls, nd.decl)
	case isObject(v) || v.Has("allOf") && !v.Has("$ref"):
		s := &schema.Struct{Pos: v.Pos, Name: name, Comments: comments}
		nd.decl = s
		fs.f.Decls = append(fs.f.Decls, s)
		fs.structFields(s, v, ptr)
		if u := v.Get("x-idlconv-union"); u != nil && u.Kind == Bool && u.Bool {
			// Written by idlconv for a Thrift union.
			s.Kind = schema.KindUnion
			for _, f := range s.Fields {
				f.Presence = schema.PresenceDefault
			}
		}
	case isUnion(fs, v):
		s := &schema.Struct{Pos: v.Pos, Name: name, Kind: schema.KindUnion, Comments: comments}
		nd.decl = s
		fs.f.Decls = append(fs.f.Decls, s)
		fs.unionFields(s, v, ptr)
	default:
		td := &schema.Typedef{Pos: v.Pos, Name: name, Comments: comments}
		nd.decl = td
		fs.f.Decls = append(fs.f.Decls, td)
		td.Type, _ = fs.typ(ptr, v, name)
	}
	return nd
}

func description(v *Value) string {
	if v == nil || v.Kind != Object {
		return ""
	}
	var lines []string
	if d := v.Get("description"); d != nil && d.Kind == String {
		lines = append(lines, strings.TrimSpace(d.Str))
	}
	for i, k := range v.Keys {
		if keywords[k] == kwComment {
			lines = append(lines, k+": "+compact(v.Vals[i]))
		}
	}
	return strings.Join(lines, "\n")
}

// compact prints a value on one line.
func compact(v *Value) string {
	return strings.Join(strings.Fields(string(Print(v))), " ")
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

// located is a schema with the document and pointer it lives at.
type located struct {
	fs  *fileState
	ptr string
	v   *Value
}

// deref follows $refs (and one-element allOf wrappers of a $ref).
func (fs *fileState) deref(v *Value) (*located, error) {
	cur := &located{fs: fs, v: v}
	for i := 0; i < 64; i++ {
		r := cur.v.Get("$ref")
		if r == nil || r.Kind != String {
			return cur, nil
		}
		next, err := cur.fs.resolve(r.Str)
		if err != nil {
			return nil, err
		}
		cur = next
	}
	return nil, fmt.Errorf("$ref chain too long")
}

// resolve finds the schema a $ref names: in this document, or in another
// one by relative path, $id or the ref map.
func (fs *fileState) resolve(ref string) (*located, error) {
	base := fs.d.url
	if fs.d.id != "" {
		base = fs.d.id
	}
	abs, err := resolveURL(base, ref)
	if err != nil {
		return nil, fmt.Errorf("bad $ref %q: %v", ref, err)
	}
	docURL, frag, _ := strings.Cut(abs, "#")
	var d *doc
	if docURL == strings.TrimSuffix(base, "#") || docURL == fs.d.url {
		d = fs.d
	} else if known, ok := fs.dec.ld.docs[docURL]; ok {
		d = known
	} else if p, ok := urlPath(docURL); ok {
		if d, err = fs.dec.ld.doc(p); err != nil {
			return nil, err
		}
	} else if p, ok := fs.dec.ld.remote(docURL); ok {
		if d, err = fs.dec.ld.doc(p); err != nil {
			return nil, err
		}
	} else {
		// A $ref to an embedded $id.
		if target := findSchema(fs.d.root, "", func(v *Value) bool {
			id, ok := keyword(v, "$id")
			return ok && strings.TrimSuffix(id, "#") == docURL
		}); target != nil {
			return &located{fs: fs, ptr: target.ptr, v: target.v}, nil
		}
		return nil, fmt.Errorf("remote $ref %s is not fetched: map its prefix to a local folder with --ref-map PREFIX=DIR", docURL)
	}
	target := fs.dec.fileOf(d, "")
	if target != fs {
		target.root()
	}
	if unescaped, err := neturl.PathUnescape(frag); err == nil {
		frag = unescaped
	}
	if frag != "" && !strings.HasPrefix(frag, "/") {
		if a := findSchema(d.root, "", func(v *Value) bool {
			anchor, ok := keyword(v, "$anchor")
			return ok && anchor == frag
		}); a != nil {
			return &located{fs: target, ptr: a.ptr, v: a.v}, nil
		}
		return nil, fmt.Errorf("$ref %s: no anchor %q", ref, frag)
	}
	v := d.root.Pointer(frag)
	if v == nil {
		return nil, fmt.Errorf("$ref %s: nothing at %s", ref, frag)
	}
	return &located{fs: target, ptr: frag, v: v}, nil
}

type found struct {
	ptr string
	v   *Value
}

// findSchema walks v depth-first, in document order, and returns the
// first value match accepts, with its JSON pointer (ptr is v's own).
func findSchema(v *Value, ptr string, match func(*Value) bool) *found {
	if v == nil {
		return nil
	}
	if match(v) {
		return &found{ptr, v}
	}
	for i, c := range v.Vals {
		seg := strconv.Itoa(i)
		if v.Kind == Object {
			seg = escapePointer(v.Keys[i])
		}
		if f := findSchema(c, ptr+"/"+seg, match); f != nil {
			return f
		}
	}
	return nil
}

// keyword returns the string value of an object's keyword, or "".
func keyword(v *Value, key string) (string, bool) {
	if v.Kind != Object {
		return "", false
	}
	k := v.Get(key)
	if k == nil || k.Kind != String {
		return "", false
	}
	return k.Str, true
}

// checkKeywords reports the keywords of a schema node that have no
// mapping, from the keyword table.
func (fs *fileState) checkKeywords(v *Value, what string) {
	if v == nil || v.Kind != Object {
		return
	}
	var constraints []string
	for i, k := range v.Keys {
		action, known := keywords[k]
		switch {
		case !known && !strings.HasPrefix(k, "x-"):
			// An unknown keyword is an annotation: it validates nothing.
		case action == kwUnsupported:
			fs.dec.diags.Warnf(v.Vals[i].Pos, RuleUnsupported, "keyword %s of %s has no mapping and is dropped", k, what)
		case action == kwConstraint && (k == "minProperties" || k == "maxProperties") && v.Has("x-idlconv-union"):
			// idlconv's own marking of a union.
		case action == kwConstraint:
			constraints = append(constraints, k)
		}
	}
	if len(constraints) > 0 {
		fs.dec.diags.Warnf(v.Pos, RuleConstraintDropped, "%s of %s: validation constraints have no equivalent in the target IDL and are dropped", strings.Join(constraints, ", "), what)
	}
}

// typ maps the schema at ptr to a type. ctx names the declarations it
// needs (inline objects, enums, unions). The second result says the value
// may be null.
func (fs *fileState) typ(ptr string, v *Value, ctx string) (*schema.Type, bool) {
	pos := v.Pos
	if v.Kind == Bool {
		if v.Bool {
			fs.dec.diags.Warnf(pos, RuleAnyType, "the schema true of %s allows any value, which becomes a string holding JSON text", ctx)
		} else {
			fs.dec.diags.Warnf(pos, RuleAnyType, "the schema false of %s allows no value; it becomes a string", ctx)
		}
		return &schema.Type{Pos: pos, Kind: schema.TypeString}, false
	}
	if v.Kind != Object {
		return &schema.Type{Pos: pos, Kind: schema.TypeString}, false
	}
	fs.checkKeywords(v, ctx)
	if r := v.Get("$ref"); r != nil && r.Kind == String {
		target, err := fs.resolve(r.Str)
		if err != nil {
			fs.dec.diags.Errorf(r.Pos, RuleRefNotFound, "%v", err)
			return &schema.Type{Pos: pos, Kind: schema.TypeString}, false
		}
		suggested := typeName(path.Base(target.ptr))
		if target.ptr == "" {
			if t := target.v.Get("title"); t != nil && t.Kind == String {
				suggested = typeName(t.Str)
			} else {
				base := path.Base(target.fs.f.Path)
				suggested = typeName(strings.TrimSuffix(base, path.Ext(base)))
			}
		}
		if prop := generatedWrapper(target.v); prop != "" {
			// A wrapper message idlconv generated for a Thrift container
			// (kept by protojson's mapping): the container again.
			t, _ := target.fs.typ(target.ptr+"/properties/"+prop, target.v.Get("properties").Get(prop), ctx)
			fs.importTypes(t)
			return t, false
		}
		nd := target.fs.named(target.ptr, target.v, suggested)
		fs.importFile(nd.file)
		return &schema.Type{Pos: pos, Kind: schema.TypeNamed, Name: nd.decl.DeclName(), Decl: nd.decl, DeclFile: nd.file.f}, false
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
		case (f.Str == "int64" || f.Str == "uint64") && contains(types, "string") && contains(types, "integer"):
			return &schema.Type{Pos: pos, Kind: schema.TypeI64}, nullable || contains(types, "null")
		case (f.Str == "double" || f.Str == "float") && v.Has("anyOf"):
			return &schema.Type{Pos: pos, Kind: schema.TypeDouble}, nullable
		}
	}
	if vs, null, key := variants(v); key != "" {
		nullable = nullable || null
		switch {
		case len(vs) == 1:
			t, n := fs.typ(ptr+"/"+key+"/0", vs[0], ctx)
			return t, nullable || n
		case isUnion(fs, v):
			nd := fs.named(ptr, v, ctx)
			return &schema.Type{Pos: pos, Kind: schema.TypeNamed, Name: nd.decl.DeclName(), Decl: nd.decl, DeclFile: fs.f}, nullable
		case len(vs) > 1:
			var first *schema.Type
			same := true
			for i, item := range vs {
				t, _ := fs.typ(fmt.Sprintf("%s/%s/%d", ptr, key, i), item, fmt.Sprintf("%sOption%d", ctx, i+1))
				if first == nil {
					first = t
				} else if t.Kind != first.Kind || t.Kind == schema.TypeNamed || t.IsContainer() {
					same = false
				}
			}
			if same {
				return first, nullable
			}
			fs.dec.diags.Warnf(v.Get(key).Pos, RuleMixedUnion, "%s of %s mixes kinds of values, which one type cannot hold: it becomes a string holding JSON text", key, ctx)
			return &schema.Type{Pos: pos, Kind: schema.TypeString}, nullable
		}
	}
	if isEnum(v) {
		nd := fs.named(ptr, v, ctx)
		return &schema.Type{Pos: pos, Kind: schema.TypeNamed, Name: nd.decl.DeclName(), Decl: nd.decl, DeclFile: fs.f}, nullable
	}
	if all := v.Get("allOf"); all != nil && all.Kind == Array {
		if len(all.Vals) == 1 && !isObject(v) {
			t, n := fs.typ(ptr+"/allOf/0", all.Vals[0], ctx)
			return t, nullable || n
		}
		nd := fs.named(ptr, v, ctx)
		return &schema.Type{Pos: pos, Kind: schema.TypeNamed, Name: nd.decl.DeclName(), Decl: nd.decl, DeclFile: fs.f}, nullable
	}
	types := typeNames(v)
	if contains(types, "null") {
		nullable = true
		types = remove(types, "null")
	}
	if len(types) > 1 {
		fs.dec.diags.Warnf(v.Get("type").Pos, RuleMixedUnion, "type %s of %s allows several kinds of values, which one type cannot hold: it becomes a string holding JSON text", strings.Join(types, ", "), ctx)
		return &schema.Type{Pos: pos, Kind: schema.TypeString}, nullable
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
		return fs.objectType(ptr, v, ctx), nullable
	case "array":
		return fs.arrayType(ptr, v, ctx), nullable
	case "string":
		t := &schema.Type{Pos: pos, Kind: schema.TypeString}
		f := v.Get("format")
		ce := v.Get("contentEncoding")
		if f != nil && f.Str == "byte" || ce != nil && strings.EqualFold(ce.Str, "base64") {
			t.Kind = schema.TypeBinary
		} else if f != nil && f.Kind == String {
			t.Annotations = append(t.Annotations, schema.Annotation{Pos: f.Pos, Key: AnnFormat, Value: f.Str})
		}
		return t, nullable
	case "integer":
		return &schema.Type{Pos: pos, Kind: integerKind(v)}, nullable
	case "number":
		return &schema.Type{Pos: pos, Kind: schema.TypeDouble}, nullable
	case "boolean":
		return &schema.Type{Pos: pos, Kind: schema.TypeBool}, nullable
	}
	fs.dec.diags.Warnf(pos, RuleAnyType, "%s allows any value, which becomes a string holding JSON text", ctx)
	return &schema.Type{Pos: pos, Kind: schema.TypeString}, true
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

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
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

// mapKey reads propertyNames: the key forms idlconv writes (integers,
// booleans, an enum) give that key type; anything else is a constraint.
func (fs *fileState) mapKey(ptr string, v *Value, ctx string) *schema.Type {
	str := &schema.Type{Kind: schema.TypeString}
	pn := v.Get("propertyNames")
	if pn == nil || pn.Kind != Object {
		return str
	}
	if p := pn.Get("pattern"); p != nil && len(pn.Keys) == 1 && (p.Str == "^-?[0-9]+$" || p.Str == "^[0-9]+$") {
		return &schema.Type{Pos: pn.Pos, Kind: schema.TypeI64}
	}
	if e := pn.Get("enum"); e != nil && len(pn.Keys) == 1 && compact(e) == `["true", "false"]` {
		return &schema.Type{Pos: pn.Pos, Kind: schema.TypeBool}
	}
	if pn.Has("$ref") && len(pn.Keys) == 1 {
		if t, _ := fs.typ(ptr+"/propertyNames", pn, ctx+"Key"); t.Kind == schema.TypeNamed {
			if _, ok := t.Decl.(*schema.Enum); ok {
				return t
			}
		}
	}
	fs.dec.diags.Warnf(pn.Pos, RuleConstraintDropped, "propertyNames of %s constrains the map's keys, which the target IDL cannot; the keys are strings", ctx)
	return str
}

// integerKind is i32 when format says int32 or the bounds fit, else i64.
func integerKind(v *Value) schema.TypeKind {
	if f := v.Get("format"); f != nil && f.Str == "int32" {
		return schema.TypeI32
	}
	lo, hi := v.Get("minimum"), v.Get("maximum")
	if lo != nil && hi != nil {
		l, err1 := strconv.ParseFloat(lo.Num, 64)
		h, err2 := strconv.ParseFloat(hi.Num, 64)
		if err1 == nil && err2 == nil && l >= math.MinInt32 && h <= math.MaxInt32 {
			return schema.TypeI32
		}
	}
	return schema.TypeI64
}

func (fs *fileState) objectType(ptr string, v *Value, ctx string) *schema.Type {
	pos := v.Pos
	if isObject(v) {
		nd := fs.named(ptr, v, ctx)
		return &schema.Type{Pos: pos, Kind: schema.TypeNamed, Name: nd.decl.DeclName(), Decl: nd.decl, DeclFile: fs.f}
	}
	if ap := v.Get("additionalProperties"); ap != nil && ap.Kind == Object {
		elem, _ := fs.typ(ptr+"/additionalProperties", ap, ctx+"Value")
		return &schema.Type{Pos: pos, Kind: schema.TypeMap, Key: fs.mapKey(ptr, v, ctx), Elem: elem}
	}
	if pp := v.Get("patternProperties"); pp != nil && pp.Kind == Object && len(pp.Keys) > 0 {
		if len(pp.Keys) > 1 {
			fs.dec.diags.Warnf(pp.Pos, RuleUnsupported, "patternProperties of %s has several patterns; the values of the first one give the map's value type", ctx)
		}
		elem, _ := fs.typ(ptr+"/patternProperties/"+escapePointer(pp.Keys[0]), pp.Vals[0], ctx+"Value")
		return &schema.Type{Pos: pos, Kind: schema.TypeMap, Key: &schema.Type{Kind: schema.TypeString}, Elem: elem}
	}
	fs.dec.diags.Warnf(pos, RuleAnyType, "%s is an object with no declared properties, which becomes a string holding JSON text", ctx)
	return &schema.Type{Pos: pos, Kind: schema.TypeString}
}

func (fs *fileState) arrayType(ptr string, v *Value, ctx string) *schema.Type {
	pos := v.Pos
	items := v.Get("items")
	kind := schema.TypeList
	if u := v.Get("uniqueItems"); u != nil && u.Kind == Bool && u.Bool {
		kind = schema.TypeSet
	}
	switch {
	case items != nil && (items.Kind == Object || items.Kind == Bool):
		elem, _ := fs.typ(ptr+"/items", items, ctx+"Item")
		return &schema.Type{Pos: pos, Kind: kind, Elem: elem}
	case items != nil && items.Kind == Array:
		fs.dec.diags.Warnf(items.Pos, RuleUnsupported, "tuple items of %s have no mapping: the array becomes a list of strings holding JSON text", ctx)
	default:
		if !v.Has("prefixItems") {
			fs.dec.diags.Warnf(pos, RuleAnyType, "array %s has no items schema: it becomes a list of strings holding JSON text", ctx)
		}
	}
	return &schema.Type{Pos: pos, Kind: kind, Elem: &schema.Type{Kind: schema.TypeString}}
}

// importTypes imports the files that declare the named types in t.
func (fs *fileState) importTypes(t *schema.Type) {
	if t == nil {
		return
	}
	if t.Kind == schema.TypeNamed && t.DeclFile != nil && t.DeclFile != fs.f {
		for _, other := range fs.dec.order {
			if other.f == t.DeclFile {
				fs.importFile(other)
			}
		}
	}
	fs.importTypes(t.Key)
	fs.importTypes(t.Elem)
}

// importFile records that this file uses declarations of another one.
func (fs *fileState) importFile(other *fileState) {
	if other == fs {
		return
	}
	for _, imp := range fs.f.Imports {
		if imp.File == other.f {
			return
		}
	}
	fs.f.Imports = append(fs.f.Imports, &schema.Import{Path: other.f.Path, File: other.f})
}

// fieldID reads a property's ID from the vendor keywords.
func fieldID(v *Value) (int, *Value) {
	if v == nil || v.Kind != Object {
		return 0, nil
	}
	for _, k := range []string{"x-idlconv-id", "x-proto-tag", "x-protobuf-index"} {
		if n := v.Get(k); n != nil && n.Kind == Number {
			if id, err := strconv.Atoi(n.Num); err == nil {
				return id, n
			}
		}
	}
	return 0, nil
}

// structFields fills a struct from an object schema, merging allOf.
func (fs *fileState) structFields(s *schema.Struct, v *Value, ptr string) {
	type prop struct {
		name, ptr string
		v         *Value
		required  bool
		fs        *fileState // the document the property is declared in
	}
	var props []prop
	index := map[string]int{}
	var required []string
	var collect func(v *Value, ptr string)
	collect = func(v *Value, ptr string) {
		loc, err := fs.deref(v)
		if err != nil {
			if r := v.Get("$ref"); r != nil {
				fs.dec.diags.Errorf(r.Pos, RuleRefNotFound, "%v", err)
			}
			return
		}
		if loc.v != v {
			ptr = loc.ptr
		}
		v = loc.v
		owner := loc.fs
		fs.checkKeywords(v, s.Name)
		if all := v.Get("allOf"); all != nil && all.Kind == Array {
			for i, item := range all.Vals {
				collect(item, fmt.Sprintf("%s/allOf/%d", ptr, i))
			}
		}
		if req := v.Get("required"); req != nil && req.Kind == Array {
			for _, r := range req.Vals {
				required = append(required, r.Str)
			}
		}
		ps := v.Get("properties")
		if ps == nil || ps.Kind != Object {
			return
		}
		for i, k := range ps.Keys {
			p := prop{name: k, ptr: ptr + "/properties/" + escapePointer(k), v: ps.Vals[i], fs: owner}
			if at, dup := index[k]; dup {
				prev := props[at]
				if compact(prev.v) != compact(p.v) {
					fs.dec.diags.Errorf(p.v.Pos, RuleAllOfConflict, "property %s of %s is declared twice with different schemas (allOf); the schemas must agree", k, s.Name)
				}
				continue
			}
			index[k] = len(props)
			props = append(props, p)
		}
	}
	collect(v, ptr)
	for _, r := range required {
		if at, ok := index[r]; ok {
			props[at].required = true
		} else {
			fs.dec.diags.Warnf(v.Pos, RuleUnsupported, "%s lists %q as required, but declares no such property; the requirement is dropped", s.Name, r)
		}
	}
	ids := map[int]string{}
	for _, p := range props {
		if id, at := fieldID(p.v); at != nil {
			if other, dup := ids[id]; dup {
				fs.dec.diags.Errorf(at.Pos, RuleDuplicateID, "property %s of %s has ID %d, already used by %s", p.name, s.Name, id, other)
			}
			ids[id] = p.name
		}
	}
	implicit := 0
	taken := map[string]bool{}
	for i, p := range props {
		base := fieldName(p.name)
		if n := p.v.Get("x-idlconv-name"); n != nil && n.Kind == String {
			// Written by idlconv: the proto field name of a JSON name.
			base = fieldName(n.Str)
		}
		f := &schema.Field{Pos: p.v.Pos, Name: base, IDExplicit: true, Comments: schema.Comments{Leading: description(p.v)}}
		// Two property names can make the same identifier ("a-b", "a_b").
		for n := 2; taken[f.Name]; n++ {
			f.Name = base + "_" + strconv.Itoa(n)
		}
		taken[f.Name] = true
		if f.Name != p.name {
			f.Annotations = append(f.Annotations, schema.Annotation{Pos: p.v.Pos, Key: AnnName, Value: p.name})
		}
		if id, at := fieldID(p.v); at != nil {
			f.ID = id
		} else {
			// Declaration order, skipping IDs other properties pin.
			implicit++
			f.ID = i + 1
			for ids[f.ID] != "" {
				f.ID++
			}
			ids[f.ID] = p.name
		}
		// A property copied from another document (allOf of a $ref) is
		// read there, so that its $refs resolve against that document.
		t, nullable := p.fs.typ(p.ptr, p.v, s.Name+typeName(p.name))
		fs.importTypes(t)
		f.Type = t
		f.Annotations = append(f.Annotations, t.Annotations...)
		t.Annotations = nil
		switch pr := p.v.Get("x-idlconv-presence"); {
		case pr != nil && pr.Kind == String && pr.Str == "default":
			// Written by idlconv: Thrift's default requiredness, proto3's
			// implicit presence.
			f.Presence = schema.PresenceDefault
		case p.required && !nullable:
			f.Presence = schema.PresenceRequired
		default:
			f.Presence = schema.PresenceOptional
		}
		if d := p.v.Get("default"); d != nil {
			if f.Default = defaultValue(d); f.Default == nil {
				fs.dec.diags.Warnf(d.Pos, RuleDefaultDropped, "default %s of %s.%s has no equivalent and is dropped", compact(d), s.Name, p.name)
			}
		}
		if dep := p.v.Get("deprecated"); dep != nil && dep.Kind == Bool && dep.Bool {
			f.Annotations = append(f.Annotations, schema.Annotation{Key: "deprecated", Value: "true"})
		}
		if o := p.v.Get("x-idlconv-oneof"); o != nil && o.Kind == String {
			// Written by idlconv for a proto oneof member.
			f.Annotations = append(f.Annotations, schema.Annotation{Key: "proto.oneof", Value: o.Str})
		}
		s.Fields = append(s.Fields, f)
	}
	if implicit > 0 {
		what := "properties of %s have no field ID and are"
		if implicit == 1 {
			what = "property of %s has no field ID and is"
		}
		fs.dec.diags.Warnf(v.Pos, RuleFieldIDFromOrder, "%d "+what+" numbered in declaration order; add \"x-idlconv-id\": N to each property to pin them", implicit, s.Name)
	}
}

// defaultValue converts a JSON default to a model value, or nil.
func defaultValue(d *Value) *schema.Value {
	switch d.Kind {
	case String:
		return &schema.Value{Pos: d.Pos, Kind: schema.ValueString, Str: d.Str}
	case Bool:
		return &schema.Value{Pos: d.Pos, Kind: schema.ValueBool, Bool: d.Bool}
	case Number:
		if i, err := strconv.ParseInt(d.Num, 10, 64); err == nil {
			return &schema.Value{Pos: d.Pos, Kind: schema.ValueInt, Int: i}
		}
		if f, err := strconv.ParseFloat(d.Num, 64); err == nil {
			return &schema.Value{Pos: d.Pos, Kind: schema.ValueFloat, Float: f}
		}
	}
	return nil
}

// unionFields fills a union from oneOf/anyOf branches: one field a branch,
// named after the referenced type or option_N, IDs 1, 2, ...
func (fs *fileState) unionFields(s *schema.Struct, v *Value, ptr string) {
	vs, _, key := variants(v)
	used := map[string]bool{}
	list := v.Get(key)
	for i, item := range vs {
		at := i
		for j, raw := range list.Vals {
			if raw == item {
				at = j
			}
		}
		t, _ := fs.typ(fmt.Sprintf("%s/%s/%d", ptr, key, at), item, fmt.Sprintf("%sOption%d", s.Name, i+1))
		name := fmt.Sprintf("option_%d", i+1)
		if t.Kind == schema.TypeNamed {
			name = snake(t.Name)
		}
		for used[name] {
			name += "_"
		}
		used[name] = true
		id := i + 1
		if n, at := fieldID(item); at != nil {
			id = n
		}
		s.Fields = append(s.Fields, &schema.Field{Pos: item.Pos, Name: name, ID: id, IDExplicit: true, Type: t,
			Comments: schema.Comments{Leading: description(item)}})
	}
}

// snake turns UpperCamel into lower_snake.
func snake(s string) string {
	var b strings.Builder
	for i, r := range s {
		if unicode.IsUpper(r) {
			if i > 0 {
				b.WriteByte('_')
			}
			b.WriteRune(unicode.ToLower(r))
		} else {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// enum makes an enum from a string enum: value names are the strings made
// identifiers (the string kept in a json.value annotation when it differs);
// numbers come from x-idlconv-enum-values, else 0, 1, ...
func (fs *fileState) enum(v *Value, name string, comments schema.Comments) *schema.Enum {
	e := &schema.Enum{Pos: v.Pos, Name: name, Comments: comments}
	fs.checkKeywords(v, name)
	var numbers []int64
	if nv := v.Get("x-idlconv-enum-values"); nv != nil && nv.Kind == Array {
		for _, n := range nv.Vals {
			i, _ := strconv.ParseInt(n.Num, 10, 64)
			numbers = append(numbers, i)
		}
	}
	seen := map[string]string{}
	for i, item := range v.Get("enum").Vals {
		vn := enumName(item.Str)
		if prev, dup := seen[vn]; dup {
			fs.dec.diags.Errorf(item.Pos, RuleEnumName, "enum value %q of %s becomes the name %s, like %q", item.Str, name, vn, prev)
			continue
		}
		seen[vn] = item.Str
		ev := &schema.EnumValue{Pos: item.Pos, Name: vn, Value: int64(i)}
		if i < len(numbers) {
			ev.Value = numbers[i]
		}
		if vn != item.Str {
			ev.Annotations = append(ev.Annotations, schema.Annotation{Pos: item.Pos, Key: AnnValue, Value: item.Str})
		}
		e.Values = append(e.Values, ev)
	}
	return e
}

// enumName makes an identifier of an enum string.
func enumName(s string) string {
	n := fieldName(s)
	if n == "_" && s != "_" {
		return "EMPTY"
	}
	return n
}

// declareBeforeUse moves enums and typedefs up to just before the first
// declaration that uses them: Thrift wants them declared before use.
func declareBeforeUse(decls []schema.Decl) []schema.Decl {
	out := append([]schema.Decl(nil), decls...)
	for pass := 0; pass < len(out); pass++ {
		moved := false
		for i := 0; i < len(out); i++ {
			switch out[i].(type) {
			case *schema.Enum, *schema.Typedef:
			default:
				continue
			}
			for j := 0; j < i; j++ {
				if uses(out[j], out[i]) {
					d := out[i]
					copy(out[j+1:i+1], out[j:i])
					out[j] = d
					moved = true
					break
				}
			}
		}
		if !moved {
			break
		}
	}
	return out
}

// uses reports whether a declaration refers to another.
func uses(user, used schema.Decl) bool {
	var typeUses func(t *schema.Type) bool
	typeUses = func(t *schema.Type) bool {
		return t != nil && (t.Decl == used || typeUses(t.Key) || typeUses(t.Elem))
	}
	switch d := user.(type) {
	case *schema.Struct:
		for _, f := range d.Fields {
			if typeUses(f.Type) {
				return true
			}
		}
	case *schema.Typedef:
		return typeUses(d.Type)
	}
	return false
}
