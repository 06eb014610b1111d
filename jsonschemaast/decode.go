package jsonschemaast

import (
	"path"
	"slices"
	"strconv"
	"strings"

	"github.com/idlconv/idlconv/internal/ident"
	"github.com/idlconv/idlconv/internal/marker"
	"github.com/idlconv/idlconv/schema"
)

// Load reads the inputs and the documents their $refs name. It returns one
// model file per document (inputs first), Thrift-shaped: structs, unions,
// enums and typedefs.
func (l *Loader) Load(inputs []Input) ([]*schema.File, schema.Diagnostics) {
	ld := &loader{l: l, docs: map[string]*doc{}, validated: map[*doc]bool{}, metas: map[string]compiledMeta{}, indexes: map[*doc]*docIndex{}}
	dec := &decoder{ld: ld, memo: map[*Value]*namedDecl{}, derefs: map[derefKey]derefResult{}, onlyObjects: map[onlyObjectsKey]bool{},
		merges: map[derefKey]*merged{}, closures: map[derefKey]*merged{}, branches: map[derefKey]*merged{}, files: map[*doc]*fileState{}, names: map[string]string{}}
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
		fs := dec.fileOf(d, in.Name)
		fs.root()
		fs.reportEmpty()
	}
	var files []*schema.File
	for _, fs := range dec.order {
		fs.reportOpen()
		files = append(files, fs.f)
	}
	breakTypedefCycles(files, &dec.diags)
	ld.diags = append(ld.diags, dec.diags...)
	return files, ld.diags
}

// reportEmpty warns when an input's document declared no type, saying
// why, rather than converting it to an empty file without a word.
func (fs *fileState) reportEmpty() {
	if len(fs.f.Decls) > 0 {
		return
	}
	r := fs.d.root
	why := "its root is not the schema of a value (no type, properties, items, enum, oneOf, anyOf, allOf or const)"
	switch {
	case r.Kind != Object:
		why = "its root is not a schema object"
	case r.Has("$ref") || refWrapper(r):
		why = "its root only names a schema declared elsewhere"
	case r.Has("openapi") || r.Has("swagger"):
		why = "it is an OpenAPI document, whose components/schemas and paths this front-end does not read"
	}
	fs.dec.diags.Report(r.Pos, RuleNoDeclaration, "the document declares no type: %s, and it has no $defs or definitions; its output declares nothing", why)
}

// breakTypedefCycles finds named schemas that are only $refs to each
// other in a cycle (a → b → a, schema.TypedefCycles): they name no schema
// to validate against (validators refuse them), an error at the first of
// each cycle. Its type becomes a string, so that the model holds no
// cycle for what reads it after the error.
func breakTypedefCycles(files []*schema.File, diags *schema.Diagnostics) {
	for _, c := range schema.TypedefCycles(files) {
		td := c.First
		diags.Report(td.Pos, RuleRefCycle, "%s only refers to itself (%s): it names no schema to validate against, which JSON Schema validators refuse and no IDL can declare", td.Name, strings.Join(c.Names, " → "))
		td.Type = &schema.Type{Pos: td.Type.Pos, Kind: schema.TypeString}
	}
}

func errorDiagnostic(name string, err error) schema.Diagnostic {
	if pe, ok := err.(*PositionError); ok {
		return schema.RuleSyntax.Diagnostic(pe.Pos, "%s", pe.Msg)
	}
	return schema.RuleReadError.Diagnostic(schema.Pos{File: name}, "%s", err.Error())
}

// namedDecl is a declaration made for a schema location.
type namedDecl struct {
	decl schema.Decl
	file *fileState
	// nullable is true for a typedef of a schema that allows null.
	nullable bool
}

// decoder turns schemas into declarations, across documents.
type decoder struct {
	ld   *loader
	memo map[*Value]*namedDecl // by schema (each document is read once)
	// derefs and onlyObjects keep what fileState.deref and
	// fileState.onlyObjects found.
	derefs      map[derefKey]derefResult
	onlyObjects map[onlyObjectsKey]bool
	// merges, closures and branches keep what fileState.mergedProps,
	// closure and branchesOf merged, by schema.
	merges, closures, branches map[derefKey]*merged
	files                      map[*doc]*fileState
	order                      []*fileState
	diags                      schema.Diagnostics
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
	// open counts the structs made of objects that are open by default,
	// the first at firstOpen (see checkOpen).
	open          int
	firstOpen     schema.Pos
	firstOpenName string
	// untyped counts the structs made of object schemas without a type,
	// the first at firstUntyped.
	untyped          int
	firstUntyped     schema.Pos
	firstUntypedName string
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
			name = fs.typeName(t.Str, t.Pos, "title")
		}
		if name == "" {
			base := path.Base(fs.f.Path)
			name = ident.Pascal(strings.TrimSuffix(strings.TrimSuffix(base, path.Ext(base)), ".schema"))
		}
		fs.named(r, name)
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
			fs.named(defs.Vals[i], fs.typeName(k, defs.Vals[i].Pos, key+" key"))
		}
	}
}

// refWrapper reports whether a schema only refers to another through a
// one-element allOf (the draft 7 root idlconv writes).
func refWrapper(v *Value) bool {
	all := v.Get("allOf")
	return all != nil && all.Kind == Array && len(all.Vals) == 1 && all.Vals[0].Has("$ref") &&
		!v.Has("properties") && !v.Has("type")
}

// onePartAllOf reports whether a schema is an allOf of one part with
// nothing beside it but annotations (a description, a title, $defs): it
// allows what its part allows, and its type is its part's (CycloneDX's
// refLinkType, an allOf of the $ref refType, is refType's string).
func onePartAllOf(v *Value) bool {
	all := v.Get("allOf")
	if all == nil || all.Kind != Array || len(all.Vals) != 1 {
		return false
	}
	for _, k := range v.Keys {
		switch k {
		case "allOf", "description", "title", "default", "deprecated", "$comment", "examples", "example",
			"readOnly", "writeOnly", "$schema", "$id", "id", "$anchor", "definitions", "$defs":
		default:
			if !strings.HasPrefix(k, "x-") {
				return false
			}
		}
	}
	return true
}

// typeName makes a declaration name of a title or $defs key, warning
// when letters outside ASCII had to be transliterated (no IDL allows them
// in names).
func (fs *fileState) typeName(s string, pos schema.Pos, what string) string {
	name := ident.Pascal(s)
	if _, changed := ident.Transliterate(s); changed {
		fs.dec.diags.Report(pos, RuleNameTransliterated, "%s %q has letters outside ASCII, which no IDL allows in names: it becomes %s", what, s, name)
	}
	return name
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

// named returns the declaration for the schema v, making it once.
func (fs *fileState) named(v *Value, suggested string) *namedDecl {
	if nd, ok := fs.dec.memo[v]; ok {
		return nd
	}
	name := fs.reserve(suggested, v.Pos)
	nd := &namedDecl{file: fs}
	fs.dec.memo[v] = nd
	comments := schema.Comments{Leading: description(v)}
	// A one-part allOf with only annotations beside it is its part's
	// type, a typedef of it, as where it is written inline
	// (fileState.typ).
	merges := v.Has("allOf") && !v.Has("$ref") && !onePartAllOf(v)
	isStruct := isObject(v) || merges || isUnion(fs, v)
	if at, ok := allowsNull(v); ok && (isStruct || isEnum(v)) {
		// A struct or an enum cannot be null: where it is used, a null
		// value is read as absent.
		nd.nullable = true
		fs.dec.diags.Report(at, RuleNullValue, "%s allows null, which no struct or enum holds: a null value is read as absent, and a null document cannot be read", name)
	}
	switch {
	case isEnum(v):
		nd.decl = fs.enum(v, name, comments)
		fs.f.Decls = append(fs.f.Decls, nd.decl)
	case isObject(v) || merges:
		s := &schema.Struct{Pos: v.Pos, Name: name, Comments: comments}
		nd.decl = s
		fs.f.Decls = append(fs.f.Decls, s)
		fs.structFields(s, v)
		if u := v.Get(marker.KeyUnion); u != nil && u.Kind == Bool && u.Bool {
			// Written by idlconv for a Thrift union.
			s.Kind = schema.KindUnion
			for _, f := range s.Fields {
				f.Presence = schema.PresenceDefault
			}
		}
	case isUnion(fs, v):
		s := &schema.Struct{Pos: v.Pos, Name: name, Comments: comments}
		nd.decl = s
		fs.f.Decls = append(fs.f.Decls, s)
		_, _, key := variants(v)
		fs.dec.diags.Report(v.Get(key).Pos, RuleOneOfMerged, "%s of %s: its branches become one struct with the properties of all of them; each branch's documents read and write unchanged, but one that mixes branches is not refused", key, name)
		fs.fields(s, v, fs.mergedBranches(s, v))
	default:
		td := &schema.Typedef{Pos: v.Pos, Name: name, Comments: comments}
		nd.decl = td
		fs.f.Decls = append(fs.f.Decls, td)
		td.Type, nd.nullable = fs.typ(v, name)
	}
	return nd
}

// allowsNull reports whether a schema allows null beside its kind of
// value ("null" in a type list, "nullable": true, a oneOf/anyOf branch
// that is exactly {"type": "null"}), and where it says so.
func allowsNull(v *Value) (schema.Pos, bool) {
	if n := v.Get("nullable"); n != nil && n.Kind == Bool && n.Bool {
		return n.Pos, true
	}
	if t := v.Get("type"); t != nil && t.Kind == Array && slices.Contains(typeNames(v), "null") {
		return t.Pos, true
	}
	if _, null, key := variants(v); null {
		return v.Get(key).Pos, true
	}
	return schema.Pos{}, false
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

// checkKeywords reports the keywords of a schema node that have no
// mapping, from the keyword table.
func (fs *fileState) checkKeywords(v *Value, what string) {
	fs.keywordNotes(v, what, &fs.dec.diags)
}

// hasKeywordNotes reports whether checkKeywords says anything of v.
func (fs *fileState) hasKeywordNotes(v *Value) bool {
	var probe schema.Diagnostics
	fs.keywordNotes(v, "", &probe)
	return len(probe) > 0
}

// keywordNotes reports to diags the keywords of v that checkKeywords
// speaks of, as keywords of what.
func (fs *fileState) keywordNotes(v *Value, what string, diags *schema.Diagnostics) {
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
			diags.Report(v.Vals[i].Pos, RuleUnsupported, "keyword %s of %s has no mapping and is dropped", k, what)
		case action == kwConstraint && (k == "minProperties" || k == "maxProperties") && v.Has(marker.KeyUnion):
			// idlconv's own marking of a union.
		case k == "pattern" && v.Vals[i].Str == Base64Pattern && v.Has("contentEncoding"):
			// idlconv's own spelling of binary.
		case action == kwConstraint:
			constraints = append(constraints, k)
		}
	}
	if len(constraints) > 0 {
		diags.Report(v.Pos, RuleConstraintDropped, "%s of %s: validation constraints have no equivalent in the target IDL and are dropped", strings.Join(constraints, ", "), what)
	}
}
