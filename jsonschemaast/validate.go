package jsonschemaast

import (
	"errors"
	"fmt"
	neturl "net/url"
	"strings"

	"github.com/idlconv/idlconv/internal/jsonschema"
	"github.com/idlconv/idlconv/schema"
)

// validate checks a document, and every document its $refs reach, against
// its metaschema, and checks that every $ref in a schema position names
// something, reporting problems at their place.
//
// The metaschema check validates the document as an instance of its
// metaschema (the one its $schema names, 2020-12 without one), compiled
// once per Load call by github.com/santhosh-tekuri/jsonschema/v6 (its copy
// in internal/jsonschema). That
// library's Compile would also check the document, but its time grows with
// the cube of the nesting depth and the square of the number of
// subschemas (docs/robustness.md); validating an instance is linear.
func (ld *loader) validate(d *doc) {
	if ld.validated[d] {
		return
	}
	ld.validated[d] = true
	// Remote $refs no ref map reaches are reported first, every one, in
	// document order, and nothing more is checked.
	if unreached := ld.unreachedRemote(d.root, d.url); len(unreached) > 0 {
		for _, r := range unreached {
			ld.diags.Report(r.v.Pos, RuleRefNotFound, "cannot resolve $ref %s: remote $ref %s is not fetched: map its prefix to a local folder with --ref-map PREFIX=DIR", r.doc, r.doc)
		}
		return
	}
	if !ld.checkMeta(d) {
		return
	}
	for _, next := range ld.checkRefs(d) {
		ld.validate(next)
	}
}

// defaultMetaschema is the metaschema of a document without $schema.
const defaultMetaschema = "https://json-schema.org/draft/2020-12/schema"

// checkMeta validates d against its metaschema and reports whether it is
// valid.
func (ld *loader) checkMeta(d *doc) bool {
	url := defaultMetaschema
	if s, ok := keyword(d.root, "$schema"); ok {
		url = s
	}
	meta, err := ld.metaschema(url)
	if err != nil {
		ld.diags.Report(d.root.Pos, RuleRefNotFound, "cannot load metaschema %s: %v", url, loadCause(err))
		return false
	}
	err = meta.Validate(d.root.Any())
	var ve *jsonschema.ValidationError
	if err == nil {
		return true
	}
	if !errors.As(err, &ve) {
		ld.diags.Report(d.root.Pos, RuleInvalidSchema, "%s", firstLine(err.Error()))
		return false
	}
	// The library lists the causes of properties in map order: the one
	// reported is the first in the document, the same on every run (at one
	// place, the first the library found: it checks a schema's keywords,
	// and anyOf's branches, in a fixed order).
	var leaf *jsonschema.ValidationError
	var pos schema.Pos
	var walk func(e *jsonschema.ValidationError)
	walk = func(e *jsonschema.ValidationError) {
		if len(e.Causes) > 0 {
			for _, c := range e.Causes {
				walk(c)
			}
			return
		}
		at := d.root.Pos
		if v := d.root.Pointer(pointerOf(e.InstanceLocation)); v != nil {
			at = v.Pos
		}
		if leaf == nil || at.Line < pos.Line || at.Line == pos.Line && at.Col < pos.Col {
			leaf, pos = e, at
		}
	}
	walk(ve)
	detail := firstLine(strings.TrimSpace(leaf.Error()))
	if i := strings.Index(detail, "': "); strings.HasPrefix(detail, "at '") && i > 0 {
		detail = detail[i+3:]
	}
	ld.diags.Report(pos, RuleInvalidSchema, "not a valid schema: at %s: %s", strings.Join(append([]string{""}, leaf.InstanceLocation...), "/"), detail)
	return false
}

// metaschema compiles the metaschema at url once: the drafts' own come
// with the library; another is read as any $ref target is (a local file
// or the ref map).
func (ld *loader) metaschema(url string) (*jsonschema.Schema, error) {
	if m, ok := ld.metas[url]; ok {
		return m.schema, m.err
	}
	c := jsonschema.NewCompiler()
	c.UseLoader(ld)
	c.UseRegexpEngine(lenientEngine)
	c.DefaultDraft(jsonschema.Draft2020)
	sch, err := c.Compile(url)
	if err == nil && isDraftMetaschema(url) {
		staticDynamicRefs(sch)
	}
	ld.metas[url] = compiledMeta{sch, err}
	return sch, err
}

// isDraftMetaschema reports whether url names the metaschema of a draft,
// which the library brings.
func isDraftMetaschema(url string) bool {
	u, _, _ := strings.Cut(url, "#")
	u = strings.TrimPrefix(strings.TrimPrefix(u, "http://"), "https://")
	switch u {
	case "json-schema.org/schema", "json-schema.org/draft/2020-12/schema", "json-schema.org/draft/2019-09/schema",
		"json-schema.org/draft-07/schema", "json-schema.org/draft-06/schema", "json-schema.org/draft-04/schema":
		return true
	}
	return false
}

// staticDynamicRefs points every $dynamicRef and $recursiveRef of a
// draft's compiled metaschema straight at its top schema. Validating an
// instance against that metaschema, the dynamic scope always starts at
// the top schema, which declares the anchor ("meta" in 2020-12,
// $recursiveAnchor in 2019-09), so every such reference resolves to it
// anyway; but the library finds that out by walking the whole dynamic
// scope, as deep as the document, at every subschema: time quadratic in
// the depth. Pointing them there directly gives the same result in linear
// time.
func staticDynamicRefs(top *jsonschema.Schema) {
	seen := map[*jsonschema.Schema]bool{}
	var walk func(s *jsonschema.Schema)
	walkAny := func(v any) {
		switch v := v.(type) {
		case *jsonschema.Schema:
			walk(v)
		case []*jsonschema.Schema:
			for _, s := range v {
				walk(s)
			}
		}
	}
	walk = func(s *jsonschema.Schema) {
		if s == nil || seen[s] {
			return
		}
		seen[s] = true
		if s.DynamicRef != nil && s.DynamicRef.Anchor != "" {
			s.DynamicRef = &jsonschema.DynamicRef{Ref: top}
		}
		if s.RecursiveRef != nil {
			s.RecursiveRef = top
		}
		s.RecursiveAnchor = false
		for _, sub := range []*jsonschema.Schema{s.Ref, s.Not, s.If, s.Then, s.Else, s.PropertyNames,
			s.UnevaluatedProperties, s.Contains, s.Items2020, s.UnevaluatedItems, s.ContentSchema} {
			walk(sub)
		}
		if s.DynamicRef != nil {
			walk(s.DynamicRef.Ref)
		}
		for _, list := range [][]*jsonschema.Schema{s.AllOf, s.AnyOf, s.OneOf, s.PrefixItems} {
			for _, sub := range list {
				walk(sub)
			}
		}
		for _, m := range []map[string]*jsonschema.Schema{s.Properties, s.DependentSchemas} {
			for _, sub := range m {
				walk(sub)
			}
		}
		for _, sub := range s.PatternProperties {
			walk(sub)
		}
		for _, v := range s.Dependencies {
			walkAny(v)
		}
		walkAny(s.AdditionalProperties)
		walkAny(s.Items)
		walkAny(s.AdditionalItems)
	}
	walk(top)
}

// compiledMeta is a metaschema compiled, or why it could not be.
type compiledMeta struct {
	schema *jsonschema.Schema
	err    error
}

// loadCause is the loader's own error inside a library error.
func loadCause(err error) error {
	var le *jsonschema.LoadURLError
	if errors.As(err, &le) {
		return le.Err
	}
	return err
}

func firstLine(s string) string {
	line, _, _ := strings.Cut(s, "\n")
	return line
}

// checkRefs checks every $ref in a schema position of d and returns the
// other documents they reach, in document order.
func (ld *loader) checkRefs(d *doc) []*doc {
	var reached []*doc
	seen := map[*doc]bool{d: true}
	walkSchemas(d.root, d.url, func(v *Value, base string, _ bool) {
		r := v.Get("$ref")
		if r == nil || r.Kind != String {
			return
		}
		loc, err := ld.locate(d, base, r.Str)
		if err != nil {
			ld.diags.Report(r.Pos, RuleRefNotFound, "%v", err)
			return
		}
		target := loc.doc
		if !seen[target] {
			seen[target] = true
			reached = append(reached, target)
		}
	})
	return reached
}

// refLoc is where a $ref lands: the document, the schema, and the
// schema's JSON pointer in that document (which names what is made of it).
type refLoc struct {
	doc *doc
	v   *Value
	ptr string
}

// locate resolves a $ref of document d, written where base is the base
// URL (empty: the document's own), in d, in one of d's embedded resources
// (a schema with an $id of its own, whose fragments are its own), or in
// another document (a file, a loaded document's $id, the ref map).
func (ld *loader) locate(d *doc, base, ref string) (refLoc, error) {
	if base == "" {
		base = d.url
		if d.id != "" {
			base = d.id
		}
	}
	abs, err := resolveURL(base, ref)
	if err != nil {
		return refLoc{}, fmt.Errorf("bad $ref %q: %v", ref, err)
	}
	docURL, frag, _ := strings.Cut(abs, "#")
	if unescaped, err := neturl.PathUnescape(frag); err == nil {
		frag = unescaped
	}
	target, res, resPtr := d, d.root, ""
	if embedded := ld.index(d).resources[docURL]; embedded != nil {
		res, resPtr = embedded, ld.index(d).pointer(d, embedded)
	} else if docURL != d.url && docURL != d.id {
		if known, ok := ld.docs[docURL]; ok {
			target = known
		} else if p, ok := urlPath(docURL); ok {
			target, err = ld.doc(p)
		} else if p, ok := ld.remote(docURL); ok {
			target, err = ld.doc(p)
		} else {
			err = fmt.Errorf("remote $ref %s is not fetched: map its prefix to a local folder with --ref-map PREFIX=DIR", docURL)
		}
		if err != nil {
			return refLoc{}, fmt.Errorf("cannot resolve $ref %s: %v", docURL, err)
		}
		res = target.root
	}
	switch {
	case frag == "":
		return refLoc{target, res, resPtr}, nil
	case strings.HasPrefix(frag, "/"):
		if v := res.Pointer(frag); v != nil {
			return refLoc{target, v, resPtr + frag}, nil
		}
	default:
		x := ld.index(target)
		if v := x.anchors[frag]; v != nil {
			return refLoc{target, v, x.pointer(target, v)}, nil
		}
	}
	return refLoc{}, fmt.Errorf("$ref target %s does not exist", ref)
}

// Keywords whose value is a schema, an array of schemas or an object of
// schemas, in any draft from 4 to 2020-12: where walkSchemas looks.
var (
	schemaKeywords = map[string]bool{
		"not": true, "additionalProperties": true, "additionalItems": true, "contains": true,
		"propertyNames": true, "if": true, "then": true, "else": true, "items": true,
		"unevaluatedProperties": true, "unevaluatedItems": true, "contentSchema": true,
	}
	schemaArrayKeywords = map[string]bool{
		"allOf": true, "anyOf": true, "oneOf": true, "prefixItems": true, "items": true,
	}
	schemaMapKeywords = map[string]bool{
		"properties": true, "patternProperties": true, "definitions": true, "$defs": true,
		"dependentSchemas": true, "dependencies": true,
	}
)

// walkSchemas calls fn for every schema object in v, v itself first, in
// document order, with the base URL its relative $refs resolve against
// ($id, or id in a draft 4 document, changes it), and whether its $id
// (id) counts: drafts 4 to 7 ignore every keyword beside a $ref, $id
// included, so that there an $id beside a $ref neither changes the base
// nor names a resource or an anchor (OCI's image-spec writes
// "id" beside each property's $ref).
func walkSchemas(v *Value, base string, fn func(v *Value, base string, idCounts bool)) {
	draft4, refAlone := false, false
	if s, ok := keyword(v, "$schema"); ok {
		draft4 = strings.Contains(s, "draft-04")
		refAlone = draft4 || strings.Contains(s, "draft-06") || strings.Contains(s, "draft-07")
	}
	var walk func(v *Value, base string)
	walk = func(v *Value, base string) {
		if v.Kind != Object {
			return
		}
		idCounts := !refAlone || !v.Has("$ref")
		if u, ok := schemaID(v, draft4); ok && idCounts {
			if abs, err := resolveURL(base, u); err == nil {
				base = abs
			}
		}
		fn(v, base, idCounts)
		for i, k := range v.Keys {
			sub := v.Vals[i]
			switch {
			case schemaKeywords[k] && sub.Kind == Object:
				walk(sub, base)
			case schemaArrayKeywords[k] && sub.Kind == Array, schemaMapKeywords[k] && sub.Kind == Object:
				for _, s := range sub.Vals {
					walk(s, base)
				}
			}
		}
	}
	walk(v, base)
}

// schemaID returns the URL a schema's $id (id in draft 4) gives it, without
// fragment, when it has one that is not only an anchor.
func schemaID(v *Value, draft4 bool) (string, bool) {
	key := "$id"
	if draft4 {
		key = "id"
	}
	id, ok := keyword(v, key)
	if !ok || strings.HasPrefix(id, "#") {
		return "", false
	}
	id, _, _ = strings.Cut(id, "#")
	return id, true
}

// docIndex is what a document's $refs may name besides JSON pointers: its
// embedded resources by URL and its anchors.
type docIndex struct {
	resources map[string]*Value
	// anchors are the schemas by anchor ($anchor, $dynamicAnchor, or in
	// drafts 4 to 7 an $id of "#name"), the first in document order.
	anchors map[string]*Value
	// ptrs are the JSON pointers pointer found.
	ptrs map[*Value]string
	// bases is the base URL of each schema with a $ref: an embedded $id
	// above it changes what its relative $ref means.
	bases map[*Value]string
}

// index builds a document's index once.
func (ld *loader) index(d *doc) *docIndex {
	if x, ok := ld.indexes[d]; ok {
		return x
	}
	x := &docIndex{resources: map[string]*Value{}, anchors: map[string]*Value{}, ptrs: map[*Value]string{}, bases: map[*Value]string{}}
	walkSchemas(d.root, d.url, func(v *Value, base string, idCounts bool) {
		if _, ok := keyword(v, "$ref"); ok {
			x.bases[v] = base
		}
		if !idCounts {
			return
		}
		if v != d.root {
			// An $id that is only an anchor ("#foo", drafts 6 and 7) names
			// no resource.
			if id, ok := keyword(v, "$id"); ok && !strings.HasPrefix(id, "#") {
				x.resources[strings.TrimSuffix(base, "#")] = v
			} else if id, ok := keyword(v, "id"); ok && !strings.HasPrefix(id, "#") && base != d.url {
				x.resources[strings.TrimSuffix(base, "#")] = v
			}
		}
		anchor := func(name string) {
			if _, seen := x.anchors[name]; !seen {
				x.anchors[name] = v
			}
		}
		for _, k := range []string{"$anchor", "$dynamicAnchor"} {
			if a, ok := keyword(v, k); ok {
				anchor(a)
			}
		}
		for _, k := range []string{"$id", "id"} {
			if a, ok := keyword(v, k); ok && strings.HasPrefix(a, "#") {
				anchor(a[1:])
			}
		}
	})
	ld.indexes[d] = x
	return x
}

// pointer returns the JSON pointer of schema v in document d, found once.
func (x *docIndex) pointer(d *doc, v *Value) string {
	if p, ok := x.ptrs[v]; ok {
		return p
	}
	p := ""
	if f := findSchema(d.root, "", func(c *Value) bool { return c == v }); f != nil {
		p = f.ptr
	}
	x.ptrs[v] = p
	return p
}

// pointerOf is the JSON pointer of an instance location.
func pointerOf(tokens []string) string {
	var b strings.Builder
	for _, t := range tokens {
		b.WriteByte('/')
		b.WriteString(escapePointer(t))
	}
	return b.String()
}
