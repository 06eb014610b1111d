package jsonschemaast

import (
	"maps"
	"slices"
	"strconv"
	"strings"

	"github.com/idlconv/idlconv/internal/ident"
	"github.com/idlconv/idlconv/internal/marker"
	"github.com/idlconv/idlconv/schema"
)

// fieldID reads a property's ID from the vendor keywords.
func fieldID(v *Value) (int, *Value) {
	if v == nil || v.Kind != Object {
		return 0, nil
	}
	for _, k := range []string{marker.KeyID, "x-proto-tag", "x-protobuf-index"} {
		if n := v.Get(k); n != nil && n.Kind == Number {
			if id, err := strconv.Atoi(n.Num); err == nil {
				return id, n
			}
		}
	}
	return 0, nil
}

// The field numbers protobuf reserves for its own use, which declaration
// order numbering skips (so that the IDs are the same into every IDL).
const (
	reservedIDsFrom = 19000
	reservedIDsTo   = 19999
)

// prop is one property of an object schema.
type prop struct {
	name     string
	v        *Value
	required bool
	// as, when set, is the type of a property that branches of a merged
	// oneOf declare with different schemas: TypeString when each only
	// allows strings (a const each, say), else TypeJSONValue.
	as schema.TypeKind
	// branch marks a property that a oneOf branch declares.
	branch bool
	fs     *fileState // the document the property is declared in
}

// structFields fills a struct from an object schema, merging allOf.
func (fs *fileState) structFields(s *schema.Struct, v *Value) {
	fs.fields(s, v, fs.objectProps(s, v))
}

// objectProps collects the properties of an object schema, its allOf
// parts' included, in declaration order, with their requiredness, and
// reports what merging them says of s.
func (fs *fileState) objectProps(s *schema.Struct, v *Value) []prop {
	m := fs.mergedProps(v)
	for _, say := range m.notes {
		say(s.Name)
	}
	return slices.Clone(m.props)
}

// mergedBranches returns the properties of a oneOf/anyOf of object
// schemas merged into one object: each property once, in the order the
// branches declare them, required when every branch requires it; a
// property that branches declare with different schemas is a string when
// each only allows strings, else any JSON value. It reports what merging
// them says of s.
func (fs *fileState) mergedBranches(s *schema.Struct, v *Value) []prop {
	m := fs.branchesOf(v)
	for _, say := range m.notes {
		say(s.Name)
	}
	return slices.Clone(m.props)
}

// merged is what merging an object schema gives, which depends on the
// schema alone (and the document whose fileState resolves its $refs):
// its properties, with their allOf parts' and merged oneOf branches', and
// notes, the diagnostics to report of each struct made of it, given its
// name. The decoder keeps each by schema, so that a schema that many
// structs reach through allOf (a ladder, each level two $refs to the one
// below) is merged once, and not again for every struct above it.
type merged struct {
	props    []prop
	index    map[string]int
	required []*Value
	notes    []func(name string)
}

// add adds p, or, when a property of its name is there, keeps the one
// there: the same schema, the object's own schema of what a branch
// allows, or the two kinds of two branches merged; else a conflict.
func (m *merged) add(fs *fileState, p prop) {
	if at, dup := m.index[p.name]; dup {
		prev := &m.props[at]
		switch {
		case compact(prev.v) == compact(p.v) && prev.as == p.as:
		case p.branch && !prev.branch:
			// The object's own schema of the property holds
			// what the branch allows of it.
		case p.branch:
			prev.as = mergedKind(prev, p)
		default:
			m.notes = append(m.notes, func(name string) {
				fs.dec.diags.Report(p.v.Pos, RuleAllOfConflict, "property %s of %s is declared twice with different schemas (allOf); the schemas must agree", p.name, name)
			})
		}
		return
	}
	m.index[p.name] = len(m.props)
	m.props = append(m.props, p)
}

// mergedProps is the properties of the struct an object schema makes,
// and their requiredness (decoder.merges keeps it).
func (fs *fileState) mergedProps(v *Value) *merged {
	key := derefKey{fs, v}
	if m, ok := fs.dec.merges[key]; ok {
		return m
	}
	c, _ := fs.closure(v, map[*Value]bool{})
	m := &merged{props: slices.Clone(c.props), index: maps.Clone(c.index), notes: slices.Clone(c.notes)}
	for _, r := range c.required {
		if r.Kind != String {
			continue
		}
		if at, ok := m.index[r.Str]; ok {
			m.props[at].required = true
			continue
		}
		// The name is required without a schema of its own: the
		// additionalProperties schema, or any value, is its schema.
		switch ap := v.Get("additionalProperties"); {
		case ap != nil && ap.Kind == Bool && !ap.Bool:
			m.notes = append(m.notes, func(name string) {
				fs.dec.diags.Report(r.Pos, RuleUnsupported, "%s lists %q as required, but declares no such property and allows no other; the requirement is dropped", name, r.Str)
			})
			continue
		case ap != nil && ap.Kind == Object:
			m.index[r.Str] = len(m.props)
			m.props = append(m.props, prop{name: r.Str, v: ap, required: true, fs: fs})
		default:
			m.index[r.Str] = len(m.props)
			m.props = append(m.props, prop{name: r.Str, v: &Value{Kind: Bool, Bool: true, Pos: r.Pos}, required: true, fs: fs})
		}
		m.notes = append(m.notes, func(name string) {
			fs.dec.diags.Report(r.Pos, RuleUnsupported, "%s lists %q as required without declaring it: it becomes a property whose value is what additionalProperties allows (any value without it)", name, r.Str)
		})
	}
	fs.dec.merges[key] = m
	return m
}

// closure merges an object schema and its allOf parts: their properties
// in declaration order (a part before the schema's own), and the names
// they require. A schema that an allOf reaches again while it is being
// merged (through a $ref to itself) adds nothing more; what was merged
// then depends on where the merge began (cyclic), and is not kept.
func (fs *fileState) closure(v *Value, merging map[*Value]bool) (c *merged, cyclic bool) {
	loc, err := fs.deref(v)
	if err != nil {
		c = &merged{index: map[string]int{}}
		if r := v.Get("$ref"); r != nil {
			c.notes = append(c.notes, func(string) { fs.dec.diags.Report(r.Pos, RuleRefNotFound, "%v", err) })
		}
		return c, false
	}
	v = loc.v
	if merging[v] {
		return nil, true
	}
	key := derefKey{fs, v}
	if c, ok := fs.dec.closures[key]; ok {
		return c, false
	}
	merging[v] = true
	defer delete(merging, v)
	c = &merged{index: map[string]int{}}
	if fs.hasKeywordNotes(v) {
		c.notes = append(c.notes, func(name string) { fs.checkKeywords(v, name) })
	}
	owner := loc.fs
	if all := v.Get("allOf"); all != nil && all.Kind == Array {
		for _, item := range all.Vals {
			part, cyc := fs.closure(item, merging)
			cyclic = cyclic || cyc
			if part == nil {
				continue
			}
			for _, p := range part.props {
				c.add(fs, p)
			}
			c.required = append(c.required, part.required...)
			c.notes = append(c.notes, part.notes...)
		}
	}
	if req := v.Get("required"); req != nil && req.Kind == Array {
		c.required = append(c.required, req.Vals...)
	}
	if ps := v.Get("properties"); ps != nil && ps.Kind == Object {
		for i, k := range ps.Keys {
			c.add(fs, prop{name: k, v: ps.Vals[i], fs: owner})
		}
	}
	if _, _, key := variants(v); key != "" && isUnion(owner, v) {
		// A oneOf of objects beside properties, or in an allOf part:
		// its branches' properties join the struct's.
		at := v.Get(key).Pos
		c.notes = append(c.notes, func(name string) {
			fs.dec.diags.Report(at, RuleOneOfMerged, "%s of %s: its branches' properties join %s's; each branch's documents read and write unchanged, but one that mixes branches is not refused", key, name, name)
		})
		b := owner.branchesOf(v)
		c.notes = append(c.notes, b.notes...)
		for _, p := range b.props {
			c.add(fs, p)
		}
	}
	if !cyclic {
		fs.dec.closures[key] = c
	}
	return c, cyclic
}

// branchesOf merges the branches of a oneOf/anyOf of object schemas (see
// mergedBranches; decoder.branches keeps it).
func (fs *fileState) branchesOf(v *Value) *merged {
	key := derefKey{fs, v}
	if m, ok := fs.dec.branches[key]; ok {
		return m
	}
	vs, _, _ := variants(v)
	m := &merged{index: map[string]int{}}
	count := map[string]int{}
	for _, item := range vs {
		bm := fs.mergedProps(item)
		m.notes = append(m.notes, bm.notes...)
		for _, p := range bm.props {
			p.branch = true
			if p.required {
				count[p.name]++
			}
			k, dup := m.index[p.name]
			if !dup {
				m.index[p.name] = len(m.props)
				m.props = append(m.props, p)
				continue
			}
			if prev := &m.props[k]; compact(prev.v) != compact(p.v) || prev.fs != p.fs || prev.as != p.as {
				prev.as = mergedKind(prev, p)
			}
		}
	}
	for i := range m.props {
		m.props[i].required = count[m.props[i].name] == len(vs)
	}
	fs.dec.branches[key] = m
	return m
}

// mergedKind is the type of a property two branches declare with
// different schemas: a string when both only allow strings, else any JSON
// value.
func mergedKind(a *prop, b prop) schema.TypeKind {
	if a.as != schema.TypeJSONValue && b.as != schema.TypeJSONValue && stringLeaf(a.fs, a.v) && stringLeaf(b.fs, b.v) {
		return schema.TypeString
	}
	return schema.TypeJSONValue
}

// stringLeaf reports whether a schema only allows strings: a string
// const, a string enum, or "type": "string" without a format.
func stringLeaf(fs *fileState, v *Value) bool {
	loc, err := fs.deref(v)
	if err != nil {
		return false
	}
	v = loc.v
	if c := v.Get("const"); c != nil {
		return c.Kind == String
	}
	if isEnum(v) {
		return true
	}
	types := typeNames(v)
	return len(types) == 1 && types[0] == "string" && !v.Has("format") && !v.Has("contentEncoding")
}

// fields fills a struct with fields made of its properties.
func (fs *fileState) fields(s *schema.Struct, v *Value, props []prop) {
	fs.checkOpen(s, v)
	ids := map[int]string{}
	for _, p := range props {
		if id, at := fieldID(p.v); at != nil {
			if other, dup := ids[id]; dup {
				fs.dec.diags.Report(at.Pos, schema.RuleDuplicateID, "property %s of %s has ID %d, already used by %s", p.name, s.Name, id, other)
			}
			ids[id] = p.name
		}
	}
	implicit := 0
	taken := map[string]bool{}
	for i, p := range props {
		base := ident.Sanitize(p.name)
		if n := p.v.Get(marker.KeyName); n != nil && n.Kind == String {
			// Written by idlconv: the proto field name of a JSON name.
			base = ident.Sanitize(n.Str)
		}
		f := &schema.Field{Pos: p.v.Pos, Name: base, IDExplicit: true, Comments: schema.Comments{Leading: description(p.v)}}
		if p.as != 0 {
			// Its const or enum is one branch's: only the text stays.
			f.Comments.Leading = ""
			if d := p.v.Get("description"); d != nil && d.Kind == String {
				f.Comments.Leading = strings.TrimSpace(d.Str)
			}
		}
		// Two property names can make the same identifier ("a-b", "a_b").
		if taken[f.Name] {
			f.Name = ident.Numbered(base, func(s string) bool { return taken[s] })
		}
		taken[f.Name] = true
		if f.Name != p.name {
			f.JSONName = &schema.Text{Pos: p.v.Pos, Value: p.name}
		}
		if id, at := fieldID(p.v); at != nil {
			f.ID = id
		} else {
			// Declaration order, skipping IDs other properties pin.
			implicit++
			f.IDFromOrder = true
			f.ID = i + 1
			if f.ID >= reservedIDsFrom {
				// Past the numbers protobuf reserves for itself.
				f.ID += reservedIDsTo - reservedIDsFrom + 1
			}
			for ids[f.ID] != "" {
				f.ID++
			}
			ids[f.ID] = p.name
		}
		// A property copied from another document (allOf of a $ref) is
		// read there, so that its $refs resolve against that document.
		t, nullable := p.fs.typ(p.v, s.Name+ident.Pascal(p.name))
		switch p.as {
		case schema.TypeString:
			t, nullable = &schema.Type{Pos: p.v.Pos, Kind: schema.TypeString}, false
		case schema.TypeJSONValue:
			t, nullable = anyJSON(p.v.Pos, schema.TypeJSONValue, true, "branches of a oneOf declaring it with different schemas"), false
		}
		if nullable {
			fs.dec.diags.Report(p.v.Pos, RuleNullValue, "%s.%s allows null, which no IDL field holds: a null property is read as absent, and left out when written", s.Name, p.name)
		}
		fs.importTypes(t)
		f.Type = t
		switch pr := p.v.Get(marker.KeyPresence); {
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
				fs.dec.diags.Report(d.Pos, schema.RuleDefaultDropped, "default %s of %s.%s has no equivalent and is dropped", compact(d), s.Name, p.name)
			}
		}
		if dep := p.v.Get("deprecated"); dep != nil && dep.Kind == Bool && dep.Bool {
			f.Annotations = append(f.Annotations, schema.Annotation{Key: "deprecated", Value: "true"})
		}
		if o := p.v.Get(marker.KeyOneof); o != nil && o.Kind == String {
			// Written by idlconv for a proto oneof member.
			f.Annotations = append(f.Annotations, schema.Annotation{Key: marker.ProtoOneof, Value: o.Str})
		}
		s.Fields = append(s.Fields, f)
	}
	if implicit > 0 {
		what := "properties of %s have no field ID and are"
		if implicit == 1 {
			what = "property of %s has no field ID and is"
		}
		fs.dec.diags.Report(v.Pos, RuleFieldIDFromOrder, "%d "+what+" numbered in declaration order; add \""+marker.KeyID+"\": N to each property to pin them", implicit, s.Name)
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

// checkOpen reports an object schema that declares properties and allows
// others, which no field holds: at once when it says so (an
// additionalProperties schema or true, patternProperties); once per
// document, counted, when it is open by JSON Schema's default (no
// additionalProperties).
func (fs *fileState) checkOpen(s *schema.Struct, v *Value) {
	if loc, err := fs.deref(v); err == nil {
		v = loc.v
	}
	if !fs.onlyObjects(v, 0) {
		if fs.untyped == 0 {
			fs.firstUntyped, fs.firstUntypedName = v.Pos, s.Name
		}
		fs.untyped++
	}
	if v.Get(marker.KeyUnion) != nil {
		return
	}
	for _, k := range []string{"unevaluatedProperties", "additionalProperties"} {
		if ap := v.Get(k); ap != nil && ap.Kind == Bool && !ap.Bool && !v.Has("patternProperties") {
			return
		}
	}
	var says []string
	at := v.Pos
	for _, k := range []string{"additionalProperties", "patternProperties"} {
		if kv := v.Get(k); kv != nil {
			says = append(says, k)
			at = kv.Pos
		}
	}
	if len(says) > 0 {
		fs.dec.diags.Report(at, RuleOpenObject, "%s declares properties and allows others (%s): no field holds those; protojson refuses them, Thrift's Go code drops them", s.Name, strings.Join(says, ", "))
		return
	}
	if fs.open == 0 {
		fs.firstOpen, fs.firstOpenName = v.Pos, s.Name
	}
	fs.open++
}

// onlyObjects reports whether a schema allows objects only (null aside):
// its type says so, or an allOf part does, or every oneOf/anyOf branch
// does, following $refs.
//
// The answer for a schema at a depth is kept (the decoder's onlyObjects):
// a ladder of allOfs, each of two $refs to the one below, asked the same
// questions about the lower rungs about 2^16 times each, as deep as the
// limit of 32 lets it.
func (fs *fileState) onlyObjects(v *Value, depth int) bool {
	if depth > 32 {
		return false
	}
	k := onlyObjectsKey{fs, v, depth}
	if r, ok := fs.dec.onlyObjects[k]; ok {
		return r
	}
	r := fs.onlyObjectsOnce(v, depth)
	fs.dec.onlyObjects[k] = r
	return r
}

// onlyObjectsKey is a schema of a document at a depth, as onlyObjects's
// memo holds it.
type onlyObjectsKey struct {
	fs    *fileState
	v     *Value
	depth int
}

func (fs *fileState) onlyObjectsOnce(v *Value, depth int) bool {
	if loc, err := fs.deref(v); err == nil && loc.v != v {
		return loc.fs.onlyObjects(loc.v, depth+1)
	}
	if types := remove(typeNames(v), "null"); len(types) > 0 {
		return len(types) == 1 && types[0] == "object"
	}
	if all := v.Get("allOf"); all != nil && all.Kind == Array {
		for _, part := range all.Vals {
			if fs.onlyObjects(part, depth+1) {
				return true
			}
		}
	}
	if vs, _, key := variants(v); key != "" && len(vs) > 0 {
		for _, b := range vs {
			if !fs.onlyObjects(b, depth+1) {
				return false
			}
		}
		return true
	}
	return false
}

// reportOpen reports the objects of a document that are open by default,
// and those without a type.
func (fs *fileState) reportOpen() {
	switch {
	case fs.untyped == 1:
		fs.dec.diags.Report(fs.firstUntyped, RuleUntypedObject, "%s has no \"type\": \"object\": it also allows other kinds of values (null, strings, numbers, arrays), which no struct holds", fs.firstUntypedName)
	case fs.untyped > 1:
		fs.dec.diags.Report(fs.firstUntyped, RuleUntypedObject, "%d objects of this document (%s first) have no \"type\": \"object\": they also allow other kinds of values (null, strings, numbers, arrays), which no struct holds", fs.untyped, fs.firstUntypedName)
	}
	switch {
	case fs.open == 1:
		fs.dec.diags.Report(fs.firstOpen, RuleOpenObject, "%s allows properties it does not declare, as JSON Schema does without \"additionalProperties\": false: no field holds those; protojson refuses them, Thrift's Go code drops them", fs.firstOpenName)
	case fs.open > 1:
		fs.dec.diags.Report(fs.firstOpen, RuleOpenObject, "%d objects of this document (%s first) allow properties they do not declare, as JSON Schema does without \"additionalProperties\": false: no field holds those; protojson refuses them, Thrift's Go code drops them", fs.open, fs.firstOpenName)
	}
}
