// Package breaking finds the changes between two versions of a schema
// that break its readers: `idlconv check OLD NEW`.
//
// The two versions may be in one IDL (a file and its previous version) or
// in Thrift and proto (a .thrift and the .proto kept beside it, compared as
// idlconv maps one to the other). Types are matched by name, fields by ID
// (JSON Schema properties without x-idlconv-id by name). A
// change breaks the wire form (old data read by new code, or the other
// way) or the JSON form when it is one of: a field's ID changed, an ID
// given to another field, a field's type changed incompatibly, a field
// made required, a field removed without reserving its ID, an enum value
// removed or renumbered, a type removed. Each is an error diagnostic at
// the new version's place, naming the old one's.
package breaking

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/idlconv/idlconv/convert"
	"github.com/idlconv/idlconv/internal/marker"
	"github.com/idlconv/idlconv/protoast"
	"github.com/idlconv/idlconv/schema"
)

const dirCheck = "check"

// The rules of the check, each an error.
var (
	// RuleTypeRemoved reports a struct, message or enum that is gone.
	RuleTypeRemoved = schema.Rule{ID: "type-removed", Severity: schema.Error, Directions: []string{dirCheck},
		Purpose: "`idlconv check`: a struct, message or enum of the old version is gone from the new one."}
	// RuleFieldRemoved reports a field removed without reserving its ID.
	RuleFieldRemoved = schema.Rule{ID: "field-removed", Severity: schema.Error, Directions: []string{dirCheck},
		Purpose: "`idlconv check`: a field is gone and its ID is not reserved, so a later field may take it and read old data as its own."}
	// RuleFieldIDChanged reports a field whose ID changed.
	RuleFieldIDChanged = schema.Rule{ID: "field-id-changed", Severity: schema.Error, Directions: []string{dirCheck},
		Purpose: "`idlconv check`: a field of the same name has another ID: old data is not read into it."}
	// RuleFieldIDReused reports an ID given to another field.
	RuleFieldIDReused = schema.Rule{ID: "field-id-reused", Severity: schema.Error, Directions: []string{dirCheck},
		Purpose: "`idlconv check`: a field's ID now belongs to a field of another name: old data is read into the wrong field, and the JSON key changed."}
	// RuleFieldTypeChanged reports a field whose type changed.
	RuleFieldTypeChanged = schema.Rule{ID: "field-type-changed", Severity: schema.Error, Directions: []string{dirCheck},
		Purpose: "`idlconv check`: a field's type changed to one whose wire or JSON form differs (across IDLs: other than as idlconv maps it)."}
	// RulePresenceTightened reports a field made required.
	RulePresenceTightened = schema.Rule{ID: "presence-tightened", Severity: schema.Error, Directions: []string{dirCheck},
		Purpose: "`idlconv check`: a field that was not required is required: old data without it is refused."}
	// RuleEnumValueRemoved reports an enum value that is gone.
	RuleEnumValueRemoved = schema.Rule{ID: "enum-value-removed", Severity: schema.Error, Directions: []string{dirCheck},
		Purpose: "`idlconv check`: an enum value is gone and its number is not reserved."}
	// RuleEnumValueRenumbered reports an enum value with another number.
	RuleEnumValueRenumbered = schema.Rule{ID: "enum-value-renumbered", Severity: schema.Error, Directions: []string{dirCheck},
		Purpose: "`idlconv check`: an enum value of the same name has another number."}
)

// Rules returns the rules of the check.
func Rules() []schema.Rule {
	return []schema.Rule{RuleTypeRemoved, RuleFieldRemoved, RuleFieldIDChanged, RuleFieldIDReused, RuleFieldTypeChanged,
		RulePresenceTightened, RuleEnumValueRemoved, RuleEnumValueRenumbered}
}

// Check compares the old version of a schema with the new one and
// returns the breaking changes, sorted. The types of the old files are
// checked; they are looked up among those of the new files (give every
// file of the new version, includes included).
func Check(old, new []*schema.File) schema.Diagnostics {
	c := &checker{oldFormat: formatOf(old), newFormat: formatOf(new)}
	c.cross = c.oldFormat != c.newFormat
	if c.cross {
		// Across IDLs, types are matched by the names idlconv gives
		// proto's in Thrift.
		c.thriftNames = convert.ThriftNames(append(append([]*schema.File(nil), old...), new...))
	}
	c.old, c.new = c.index(old), c.index(new)
	for _, name := range c.old.order {
		od := c.old.decls[name]
		nd := c.new.find(name, c.old.thrift[name], c.cross)
		if nd == nil {
			c.report(c.new.pos, od.DeclPos(), RuleTypeRemoved, "%s is gone", name)
			continue
		}
		switch od := od.(type) {
		case *schema.Struct:
			if ns, ok := nd.(*schema.Struct); ok {
				c.structs(name, od, ns)
			} else {
				c.report(nd.DeclPos(), od.Pos, RuleTypeRemoved, "struct %s is now an enum", name)
			}
		case *schema.Enum:
			if ne, ok := nd.(*schema.Enum); ok {
				c.enums(name, od, ne)
			} else {
				c.report(nd.DeclPos(), od.Pos, RuleTypeRemoved, "enum %s is now a struct", name)
			}
		}
	}
	c.diags.Sort()
	return c.diags
}

type checker struct {
	old, new *declIndex
	// oldFormat and newFormat are the versions' IDLs; cross says they
	// differ.
	oldFormat, newFormat schema.Format
	cross                bool
	// thriftNames are the Thrift names of the proto versions' messages
	// and enums, across IDLs.
	thriftNames map[schema.Decl]string
	diags       schema.Diagnostics
}

// report adds a diagnostic of rule r (each an error) at the new
// version's place, naming the old one's.
func (c *checker) report(at, was schema.Pos, r schema.Rule, format string, args ...any) {
	c.diags.Report(at, r, "%s (old: %s)", fmt.Sprintf(format, args...), was)
}

// declIndex holds the structs and enums of one version by name (dotted
// when nested), in declaration order.
type declIndex struct {
	decls map[string]schema.Decl
	order []string
	// thrift is each name's Thrift name across IDLs (Outer_Inner for
	// Outer.Inner), and byThrift the name of each Thrift name.
	thrift, byThrift map[string]string
	pos              schema.Pos // the first file's, for what is gone
}

func (c *checker) index(files []*schema.File) *declIndex {
	x := &declIndex{decls: map[string]schema.Decl{}, thrift: map[string]string{}, byThrift: map[string]string{}}
	add := func(name string, d schema.Decl) {
		if _, dup := x.decls[name]; dup {
			return
		}
		x.decls[name] = d
		x.order = append(x.order, name)
		if c.cross {
			tn := c.thriftName(d)
			x.thrift[name] = tn
			if _, dup := x.byThrift[tn]; !dup {
				x.byThrift[tn] = name
			}
		}
	}
	for i, f := range files {
		if i == 0 {
			x.pos = schema.Pos{File: f.Pos.File, Line: 1, Col: 1}
			if x.pos.File == "" {
				x.pos.File = f.Path
			}
		}
		var walk func(decls []schema.Decl, scope string)
		walk = func(decls []schema.Decl, scope string) {
			for _, d := range decls {
				switch d := d.(type) {
				case *schema.Struct:
					if _, ok := marker.Find(d.Comments.Leading, marker.EnumScope); ok && len(d.Nested) == 1 {
						// A message that scopes an enum's values stands
						// for the enum.
						if e, ok := d.Nested[0].(*schema.Enum); ok {
							add(scope+d.Name, e)
						}
						continue
					}
					if isGenerated(d) {
						continue
					}
					add(scope+d.Name, d)
					walk(d.Nested, scope+d.Name+".")
				case *schema.Enum:
					add(scope+d.Name, d)
				}
			}
		}
		walk(f.Decls, "")
	}
	return x
}

// thriftName is the name of a declaration in Thrift: a Thrift one's own,
// a proto one's as proto → Thrift names it (convert.ThriftNames).
func (c *checker) thriftName(d schema.Decl) string {
	if n, ok := c.thriftNames[d]; ok {
		return n
	}
	return d.DeclName()
}

// find looks a type up by name; across IDLs also by its Thrift name
// (Outer.Inner is Outer_Inner in Thrift).
func (x *declIndex) find(name, thriftName string, cross bool) schema.Decl {
	if d, ok := x.decls[name]; ok {
		return d
	}
	if n, ok := x.byThrift[thriftName]; ok && cross {
		return x.decls[n]
	}
	return nil
}

// isGenerated reports whether a struct is a message idlconv generated
// (a wrapper, an entry, a request or a response): it stands for something
// else and is not compared on its own.
func isGenerated(s *schema.Struct) bool {
	for _, k := range []string{marker.Wrapper, marker.Entry, marker.Request, marker.Response} {
		if _, ok := marker.Find(s.Comments.Leading, k); ok {
			return true
		}
	}
	return false
}

// Comparable says why two versions cannot be checked, or nil: JSON Schema
// is compared only with JSON Schema (its properties are matched by name,
// which Thrift and proto field names do not keep).
func Comparable(old, new []*schema.File) error {
	if o, n := formatOf(old), formatOf(new); o != n && (o == schema.JSONSchema || n == schema.JSONSchema) {
		return fmt.Errorf("check compares JSON Schema only with JSON Schema (%s and %s given): convert one version first", o, n)
	}
	return nil
}

func formatOf(files []*schema.File) schema.Format {
	if len(files) == 0 {
		return ""
	}
	return files[0].Format
}

func (c *checker) structs(name string, o, n *schema.Struct) {
	newByID := map[int]*schema.Field{}
	newByName := map[string]*schema.Field{}
	for _, f := range n.Fields {
		newByID[f.ID] = f
		newByName[c.fieldKey(f.Name)] = f
	}
	oldNames := map[string]bool{}
	for _, f := range o.Fields {
		oldNames[c.fieldKey(f.Name)] = true
	}
	for _, of := range o.Fields {
		what := name + "." + of.Name
		nf := newByID[of.ID]
		if of.IDFromOrder {
			// A JSON Schema property without x-idlconv-id has no ID of
			// its own: it is matched by name.
			nf = newByName[c.fieldKey(of.Name)]
			if nf == nil {
				c.report(n.Pos, of.Pos, RuleFieldRemoved, "property %s is gone", what)
				continue
			}
		}
		if nf == nil {
			if moved := newByName[c.fieldKey(of.Name)]; moved != nil {
				c.report(moved.Pos, of.Pos, RuleFieldIDChanged, "field %s has ID %d, was %d", what, moved.ID, of.ID)
				continue
			}
			if !schema.IsReserved(n.Reserved, int64(of.ID), of.Name) && !retiredByLock(n.Comments, marker.RetiredFieldIDs, int64(of.ID)) {
				c.report(n.Pos, of.Pos, RuleFieldRemoved, "field %s (ID %d) is gone and its ID is not reserved", what, of.ID)
			}
			continue
		}
		if c.fieldKey(nf.Name) != c.fieldKey(of.Name) && !of.IDFromOrder {
			if oldNames[c.fieldKey(nf.Name)] {
				// Two old fields swapped IDs: each is reported as moved.
				c.report(nf.Pos, of.Pos, RuleFieldIDChanged, "ID %d of %s is now field %s", of.ID, name, nf.Name)
			} else {
				c.report(nf.Pos, of.Pos, RuleFieldIDReused, "ID %d of %s was field %s and is now field %s", of.ID, name, of.Name, nf.Name)
			}
		}
		if why := c.typeChange(of.Type, nf.Type); why != "" {
			c.report(nf.Pos, of.Pos, RuleFieldTypeChanged, "field %s (ID %d) %s", what, of.ID, why)
		}
		if nf.Presence == schema.PresenceRequired && of.Presence != schema.PresenceRequired {
			c.report(nf.Pos, of.Pos, RulePresenceTightened, "field %s is required, was not", what)
		}
	}
}

// fieldKey is a field's name as the check compares it: as written in one
// IDL; across IDLs lower-cased without underscores, since the JSON forms
// of Thrift and proto differ by design (docs/mapping.md).
func (c *checker) fieldKey(name string) string {
	if !c.cross {
		return name
	}
	return strings.ToLower(strings.ReplaceAll(name, "_", ""))
}

func (c *checker) enums(name string, o, n *schema.Enum) {
	newByName := map[string]*schema.EnumValue{}
	newByNumber := map[int64]*schema.EnumValue{}
	for _, v := range n.Values {
		for _, k := range c.valueKeys(n, v, c.newFormat) {
			if newByName[k] == nil {
				newByName[k] = v
			}
		}
		newByNumber[v.Value] = v
	}
	for _, ov := range o.Values {
		var nv *schema.EnumValue
		for _, k := range c.valueKeys(o, ov, c.oldFormat) {
			if nv = newByName[k]; nv != nil {
				break
			}
		}
		switch {
		case nv == nil && newByNumber[ov.Value] != nil:
			c.report(newByNumber[ov.Value].Pos, ov.Pos, RuleEnumValueRemoved, "value %s.%s is gone; its number %d is now %s", name, ov.Name, ov.Value, newByNumber[ov.Value].Name)
		case nv == nil && c.cross && ov.Value == 0 && c.oldFormat == schema.Proto && strings.EqualFold(ov.Name, convert.ProtoZeroValueName(n)):
			// The zero value idlconv adds in proto (enum-zero-value) has
			// none in Thrift.
		case nv == nil:
			if !schema.IsReserved(n.Reserved, ov.Value, ov.Name) && !retiredByLock(n.Comments, marker.RetiredValues, ov.Value) {
				c.report(n.Pos, ov.Pos, RuleEnumValueRemoved, "value %s.%s (%d) is gone and its number is not reserved", name, ov.Name, ov.Value)
			}
		case nv.Value != ov.Value:
			c.report(nv.Pos, ov.Pos, RuleEnumValueRenumbered, "value %s.%s is %d, was %d", name, ov.Name, nv.Value, ov.Value)
		}
	}
}

// valueKeys are the names an enum value of a version in format is
// matched by: as written in one IDL; across IDLs, upper-cased, its Thrift name and its proto name, as
// idlconv maps one to the other (RED and COLOR_RED in enum Color), so
// that a value matches whichever version idlconv wrote from the other.
func (c *checker) valueKeys(e *schema.Enum, v *schema.EnumValue, format schema.Format) []string {
	if !c.cross {
		return []string{v.Name}
	}
	thriftName, protoName := v.Name, v.Name
	if format == schema.Proto {
		thriftName = convert.ThriftEnumValueName(e, v)
	} else {
		protoName = convert.ProtoEnumValueName(e, v)
	}
	return []string{"thrift:" + strings.ToUpper(thriftName), "proto:" + strings.ToUpper(protoName)}
}

// retiredByLock reports whether a struct's or an enum's comment has the
// line idlconv sync writes for the numbers its lock retired in a Thrift
// output ("Retired field IDs (idlconv.lock), never to be used again: 2,
// 5.", prefix marker.RetiredFieldIDs; marker.RetiredValues for an enum),
// which stands for proto's reserved, and n among them.
func retiredByLock(c schema.Comments, prefix string, n int64) bool {
	for _, line := range strings.Split(c.Leading, "\n") {
		if list, ok := strings.CutPrefix(strings.TrimSpace(line), prefix); ok {
			for _, f := range strings.Split(strings.TrimSuffix(list, "."), ", ") {
				if f == strconv.FormatInt(n, 10) {
					return true
				}
			}
		}
	}
	return false
}

// typeChange says how a field's type changed, or "" when old data still
// reads the same.
func (c *checker) typeChange(o, n *schema.Type) string {
	if was, is := c.shape(o), c.shape(n); was != is {
		return fmt.Sprintf("was %s, is %s", was, is)
	}
	return ""
}

// shape spells a type as the check compares it: typedefs and idlconv's
// wrapper messages unfolded, named types by name, and, across IDLs, the
// kinds idlconv maps to one another made one.
func (c *checker) shape(t *schema.Type) string {
	var b strings.Builder
	c.writeShape(&b, t, 0)
	return b.String()
}

func (c *checker) writeShape(b *strings.Builder, t *schema.Type, depth int) {
	if depth > 64 {
		b.WriteString("…")
		return
	}
	for i := 0; t != nil && t.Kind == schema.TypeNamed && i < 100; i++ {
		if td, ok := t.Decl.(*schema.Typedef); ok {
			t = td.Type
			continue
		}
		if s, ok := t.Decl.(*schema.Struct); ok && marker.IsWrapper(s) {
			t = s.Fields[0].Type
			continue
		}
		break
	}
	if t == nil {
		b.WriteString("?")
		return
	}
	kind := t.Kind
	if c.cross {
		// The kinds idlconv maps to one another are one: a kind as Thrift
		// → proto maps it, then as proto → Thrift does.
		kind = convert.ThriftKind(convert.ProtoKind(kind))
	}
	if kind == schema.TypeList && t.Elem != nil && t.Elem.Kind == schema.TypeNamed {
		// A repeated entry message idlconv generated for a map whose key
		// proto maps cannot have is that map.
		if s, ok := t.Elem.Decl.(*schema.Struct); ok && marker.IsEntry(s) {
			b.WriteString("map<")
			c.writeShape(b, s.Fields[0].Type, depth+1)
			b.WriteString(",")
			c.writeShape(b, s.Fields[1].Type, depth+1)
			b.WriteString(">")
			return
		}
	}
	switch kind {
	case schema.TypeList, schema.TypeSet:
		b.WriteString(map[schema.TypeKind]string{schema.TypeList: "list<", schema.TypeSet: "set<"}[kind])
		c.writeShape(b, t.Elem, depth+1)
		b.WriteString(">")
	case schema.TypeMap:
		b.WriteString("map<")
		c.writeShape(b, t.Key, depth+1)
		b.WriteString(",")
		c.writeShape(b, t.Elem, depth+1)
		b.WriteString(">")
	case schema.TypeNamed:
		if c.cross && t.Decl != nil && protoast.IsWellKnown(t.DeclFile) {
			if w, ok := convert.LookupWellKnown(t.Decl.DeclName()); ok {
				// Proto's well-known types become what idlconv maps them
				// to.
				c.writeShape(b, w.ThriftType(), depth+1)
				return
			}
		}
		switch {
		case t.Decl == nil:
			b.WriteString(t.Name)
		case c.cross:
			// Nested names are flattened in Thrift (Outer_Inner).
			b.WriteString(c.thriftName(t.Decl))
		default:
			b.WriteString(t.Decl.DeclName())
		}
	default:
		b.WriteString(kindName(kind))
		if !c.cross && t.Encoding != 0 {
			fmt.Fprintf(b, "(%d)", t.Encoding)
		}
	}
}

// kindNames name the kinds of base types in shapes.
var kindNames = map[schema.TypeKind]string{
	schema.TypeBool: "bool", schema.TypeI8: "i8", schema.TypeI16: "i16", schema.TypeI32: "i32", schema.TypeI64: "i64",
	schema.TypeU32: "u32", schema.TypeU64: "u64", schema.TypeFloat: "float", schema.TypeDouble: "double",
	schema.TypeString: "string", schema.TypeBinary: "binary", schema.TypeUUID: "uuid",
	schema.TypeJSONValue: "json", schema.TypeJSONObject: "json-object", schema.TypeJSONArray: "json-array",
}

// kindName names a base type's kind in a shape.
func kindName(k schema.TypeKind) string {
	if n, ok := kindNames[k]; ok {
		return n
	}
	return fmt.Sprintf("kind%d", k)
}
