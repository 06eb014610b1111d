package idlock

import (
	"math"
	"slices"

	"github.com/idlconv/idlconv/jsonschemaast"
	"github.com/idlconv/idlconv/schema"
)

// The ranges the lock gives IDs in: proto field numbers (1 to 2^29-1,
// but for the numbers 19000 to 19999 that protobuf reserves for itself),
// Thrift field IDs (16-bit signed: a proto number above 32767 goes to
// Thrift under an ID the lock gives it), and enum numbers (int32 in both;
// the lock never gives a negative one).
const (
	maxProtoID        = 1<<29 - 1
	maxThriftID       = 32767
	protoReservedFrom = 19000
	protoReservedTo   = 19999
)

// idRange is a range the lock gives IDs in, for messages and for
// nextFree.
type idRange struct {
	lo, hi int64
	// what names the IDs in messages; protoBlock says the range leaves
	// out protobuf's own 19000 to 19999.
	what       string
	protoBlock bool
}

var (
	protoRange  = idRange{lo: 1, hi: maxProtoID, what: "proto field number", protoBlock: true}
	thriftRange = idRange{lo: 1, hi: maxThriftID, what: "Thrift field ID"}
	enumRange   = idRange{lo: 0, hi: math.MaxInt32, what: "enum number"}
)

// nextFree returns the ID a new field (or value) gets: the first one
// above hi, the highest the type ever used, that the range holds and
// that is neither used nor reserved; when the range has none above hi,
// the lowest one the type never used (wrapped is then true). ok is false
// when the range is full.
func (r idRange) nextFree(hi int64, used func(int64) bool, reserved []schema.Reserved) (id int64, wrapped, ok bool) {
	// free says whether n may be given, and else the next number that
	// might be, past the block or range that holds n.
	free := func(n int64) (bool, int64) {
		if r.protoBlock && n >= protoReservedFrom && n <= protoReservedTo {
			return false, protoReservedTo + 1
		}
		for _, rs := range reserved {
			if rs.Covers(n) {
				return false, rs.End + 1
			}
		}
		return !used(n), n + 1
	}
	scan := func(from, to int64) (int64, bool) {
		for n := from; n <= to && n >= from; {
			ok, next := free(n)
			if ok {
				return n, true
			}
			n = next
		}
		return 0, false
	}
	if hi < r.hi {
		if n, ok := scan(max(hi+1, r.lo), r.hi); ok {
			return n, false, true
		}
	}
	n, ok := scan(r.lo, min(hi, r.hi))
	return n, true, ok
}

// Apply applies the lock to the loaded model of a conversion: every
// struct's fields and every enum's values get the IDs the lock holds,
// new ones get the next ID above every ID the type ever used (within the
// range the target can hold: when none is left above, the lowest one the
// type never used), removed ones are retired (and added to the type's
// Reserved, so that proto outputs reserve them). keyOf names a file as
// the lock does (its path relative to the project folder); toThrift says
// the output is Thrift, whose IDs stop at 32767. What the lock did beyond
// keeping IDs is reported as id-lock warnings, a type with no ID left to
// give as an invalid-config error at the field.
//
// Apply does not change l, so that several conversions (and the groups
// of inputs of one) may apply it at once: it returns the types it
// visited, as they are now, in a lock of their own, for Merge.
func (l *Lock) Apply(files []*schema.File, keyOf func(*schema.File) string, toThrift bool, diags *schema.Diagnostics) *Lock {
	out := New()
	// typ is the type of key as this Apply has it: a copy of the lock's
	// on its first visit.
	typ := func(key string) (*Type, bool) {
		if t, ok := out.Types[key]; ok {
			return t, true
		}
		t, known := l.Types[key]
		if known {
			t = t.clone()
		} else {
			t = &Type{}
		}
		out.Types[key] = t
		return t, known
	}
	for _, f := range files {
		prefix := keyOf(f) + "#"
		var walk func(decls []schema.Decl, scope string)
		walk = func(decls []schema.Decl, scope string) {
			for _, d := range decls {
				switch d := d.(type) {
				case *schema.Struct:
					t, known := typ(prefix + scope + d.Name)
					t.structIDs(known, d, toThrift, diags)
					walk(d.Nested, scope+d.Name+".")
				case *schema.Enum:
					t, known := typ(prefix + scope + d.Name)
					t.enumValues(known, d, diags)
				case *schema.Service:
					// A method's arguments and its exceptions are numbered
					// like a struct's fields (Thrift lets both leave IDs
					// out).
					for _, m := range d.Methods {
						for _, part := range []struct {
							suffix string
							fields []*schema.Field
						}{{"", m.Args}, {".throws", m.Throws}} {
							if len(part.fields) == 0 {
								continue
							}
							t, known := typ(prefix + scope + d.Name + "." + m.Name + part.suffix)
							t.structIDs(known, &schema.Struct{Pos: m.Pos, Name: d.Name + "." + m.Name + part.suffix, Fields: part.fields}, toThrift, diags)
						}
					}
				}
			}
		}
		walk(f.Decls, "")
	}
	// Every field numbered by its place now has the lock's ID: the
	// front-end's warning that it is numbered by its place no longer
	// holds.
	kept := (*diags)[:0]
	for _, d := range *diags {
		if d.Rule != jsonschemaast.RuleFieldIDFromOrder.ID {
			kept = append(kept, d)
		}
	}
	*diags = kept
	// A type the lock already held as it is now is given back as the
	// lock's, so that its copy is not kept.
	for key, t := range out.Types {
		if old, ok := l.Types[key]; ok && old.equal(t) {
			out.Types[key] = old
		}
	}
	return out
}

// structIDs locks the field IDs of one struct, whose type t is; known
// says the lock held it before.
func (t *Type) structIDs(known bool, st *schema.Struct, toThrift bool, diags *schema.Diagnostics) {
	if t.Fields == nil {
		t.Fields = map[string]int{}
	}
	// Every ID the type ever used (the lock's, its retired ones and the
	// source's own), the highest, and the highest that Thrift can hold: a
	// new ID is the next free one above.
	hi, hiThrift := 0, 0
	everUsed := map[int]bool{}
	use := func(id int) {
		everUsed[id] = true
		hi = max(hi, id)
		if id <= maxThriftID {
			hiThrift = max(hiThrift, id)
		}
	}
	for _, m := range []map[string]int{t.Fields, t.ThriftIDs} {
		for _, id := range m {
			use(id)
		}
	}
	for _, id := range t.Retired {
		use(id)
	}
	// next gives field f a new ID in r (proto's range, or Thrift's), or
	// reports that none is left.
	next := func(f *schema.Field, r idRange, top int) (int, bool) {
		id, wrapped, ok := r.nextFree(int64(top), func(n int64) bool { return everUsed[int(n)] }, st.Reserved)
		if !ok {
			diags.Report(f.Pos, schema.RuleInvalidConfig, "field %s of %s needs a new %s, but every one from %d to %d is used, retired or reserved (%s)", f.Name, st.Name, r.what, r.lo, r.hi, FileName)
			return 0, false
		}
		if wrapped {
			diags.Report(f.Pos, schema.RuleIDLock, "field %s of %s gets %s %d, the lowest one it never used: none is left above %d (%s)", f.Name, st.Name, r.what, id, top, FileName)
		}
		return int(id), true
	}
	inRange := func(id int) bool {
		return id >= 1 && id <= maxProtoID && (id < protoReservedFrom || id > protoReservedTo)
	}
	fromSource := func(f *schema.Field) bool { return f.IDExplicit && !f.IDFromOrder }
	present := map[string]bool{}
	taken := map[int]bool{} // IDs given in this sync
	for _, f := range st.Fields {
		present[f.Name] = true
		if !fromSource(f) {
			continue
		}
		use(f.ID)
		taken[f.ID] = true
		if i := slices.Index(t.Retired, f.ID); i >= 0 {
			diags.Report(f.Pos, schema.RuleIDLock, "field %s of %s takes ID %d, which %s retired: readers of old data may read it as the field that had it", f.Name, st.Name, f.ID, FileName)
			t.Retired = slices.Delete(t.Retired, i, i+1)
		}
		if old, ok := t.Fields[f.Name]; ok && old != f.ID {
			// The source moved the field: its old ID is retired.
			diags.Report(f.Pos, schema.RuleIDLock, "field %s of %s moves from ID %d to %d: ID %d is retired (%s)", f.Name, st.Name, old, f.ID, old, FileName)
			t.Retired = append(t.Retired, old)
		}
		t.Fields[f.Name] = f.ID
	}
	for _, f := range st.Fields {
		if fromSource(f) {
			continue
		}
		id, ok := t.Fields[f.Name]
		switch {
		case ok && !taken[id]:
		case !known && f.IDExplicit && f.IDFromOrder && !taken[f.ID] && inRange(f.ID):
			// A type met for the first time keeps the numbering of its
			// source (declaration order).
			id = f.ID
		default:
			var free bool
			if id, free = next(f, protoRange, hi); !free {
				continue
			}
			if known && id > hi {
				diags.Report(f.Pos, schema.RuleIDLock, "new field %s of %s gets ID %d, above every ID it ever used (%s)", f.Name, st.Name, id, FileName)
			}
		}
		f.ID, f.IDExplicit, f.IDFromOrder = id, true, false
		use(id)
		taken[id] = true
		t.Fields[f.Name] = id
	}
	// Every conversion of the source records the Thrift IDs of numbers
	// over 32767, so that the copies of the lock agree; those to Thrift
	// use them.
	for _, f := range st.Fields {
		if f.ID <= maxThriftID {
			continue
		}
		id, ok := t.ThriftIDs[f.Name]
		if !ok || taken[id] {
			var free bool
			if id, free = next(f, thriftRange, hiThrift); !free {
				continue
			}
			if toThrift {
				diags.Report(f.Pos, schema.RuleIDLock, "field %s of %s has number %d, above Thrift's 32767: its Thrift ID is %d, which %s keeps", f.Name, st.Name, f.ID, id, FileName)
			}
		}
		if t.ThriftIDs == nil {
			t.ThriftIDs = map[string]int{}
		}
		t.ThriftIDs[f.Name] = id
		use(id)
		taken[id] = true
		if toThrift {
			f.ID = id
		}
	}
	// The IDs the fields have now: a removed field's ID that another one
	// took (a field renamed) is not retired.
	names := map[int]string{}
	for _, m := range []map[string]int{t.Fields, t.ThriftIDs} {
		for name, id := range m {
			if present[name] {
				names[id] = name
			}
		}
	}
	for _, m := range []map[string]int{t.Fields, t.ThriftIDs} {
		for _, name := range sortedKeys(m) {
			if present[name] {
				continue
			}
			id := m[name]
			delete(m, name)
			if now, ok := names[id]; ok {
				diags.Report(st.Pos, schema.RuleIDLock, "ID %d of %s names field %s, no longer %s (%s)", id, st.Name, now, name, FileName)
				continue
			}
			t.Retired = append(t.Retired, id)
			diags.Report(st.Pos, schema.RuleIDLock, "field %s of %s is gone: its ID %d is retired, never given again (%s)", name, st.Name, id, FileName)
		}
	}
	if len(t.ThriftIDs) == 0 {
		t.ThriftIDs = nil
	}
	// An ID in use again (fields that swapped IDs in the source) is not
	// retired; each retired ID is listed once.
	t.Retired = slices.DeleteFunc(t.Retired, func(id int) bool { _, inUse := names[id]; return inUse })
	slices.Sort(t.Retired)
	t.Retired = slices.Compact(t.Retired)
	for _, id := range t.Retired {
		if !schema.IsReserved(st.Reserved, int64(id), "") {
			st.Reserved = append(st.Reserved, schema.Reserved{Pos: st.Pos, Start: int64(id), End: int64(id)})
		}
	}
}

// enumValues locks the numbers of one enum's values, whose type t is;
// known says the lock held it before.
func (t *Type) enumValues(known bool, e *schema.Enum, diags *schema.Diagnostics) {
	if t.Values == nil {
		t.Values = map[string]int64{}
	}
	// Every number the enum ever used, and the highest: a new one is the
	// next free one above (and never below 0).
	hi := int64(-1)
	everUsed := map[int64]bool{}
	use := func(n int64) { everUsed[n], hi = true, max(hi, n) }
	for _, v := range t.Values {
		use(v)
	}
	for _, v := range t.RetiredValues {
		use(v)
	}
	present := map[string]bool{}
	taken := map[int64]bool{}
	for _, v := range e.Values {
		present[v.Name] = true
		if v.ValueFromOrder {
			continue
		}
		use(v.Value)
		taken[v.Value] = true
		if i := slices.Index(t.RetiredValues, v.Value); i >= 0 {
			diags.Report(v.Pos, schema.RuleIDLock, "value %s of %s takes number %d, which %s retired", v.Name, e.Name, v.Value, FileName)
			t.RetiredValues = slices.Delete(t.RetiredValues, i, i+1)
		}
		if old, ok := t.Values[v.Name]; ok && old != v.Value {
			// The source renumbered the value: its old number is retired.
			diags.Report(v.Pos, schema.RuleIDLock, "value %s of %s moves from number %d to %d: %d is retired (%s)", v.Name, e.Name, old, v.Value, old, FileName)
			t.RetiredValues = append(t.RetiredValues, old)
		}
		t.Values[v.Name] = v.Value
	}
	for _, v := range e.Values {
		if !v.ValueFromOrder {
			continue
		}
		n, ok := t.Values[v.Name]
		if ok && taken[n] {
			ok = false
		}
		switch {
		case ok:
		case !known:
			n = v.Value
		default:
			var wrapped, free bool
			n, wrapped, free = enumRange.nextFree(hi, func(n int64) bool { return everUsed[n] }, e.Reserved)
			switch {
			case !free:
				diags.Report(v.Pos, schema.RuleInvalidConfig, "value %s of %s needs a new number, but every one from 0 to %d is used, retired or reserved (%s)", v.Name, e.Name, enumRange.hi, FileName)
				continue
			case wrapped:
				diags.Report(v.Pos, schema.RuleIDLock, "new value %s of %s gets number %d, the lowest one it never used: none is left above %d (%s)", v.Name, e.Name, n, hi, FileName)
			default:
				diags.Report(v.Pos, schema.RuleIDLock, "new value %s of %s gets number %d, above every number it ever used (%s)", v.Name, e.Name, n, FileName)
			}
		}
		v.Value, v.ValueFromOrder = n, false
		use(n)
		taken[n] = true
		t.Values[v.Name] = n
	}
	// The numbers the values have now (aliases share one): a removed
	// value's number that another value has (a value renamed) is not
	// retired.
	names := map[int64]string{}
	for _, v := range e.Values {
		if _, ok := names[v.Value]; !ok {
			names[v.Value] = v.Name
		}
	}
	for _, name := range sortedKeys(t.Values) {
		if present[name] {
			continue
		}
		n := t.Values[name]
		delete(t.Values, name)
		if now, ok := names[n]; ok {
			diags.Report(e.Pos, schema.RuleIDLock, "number %d of %s names value %s, no longer %s (%s)", n, e.Name, now, name, FileName)
			continue
		}
		t.RetiredValues = append(t.RetiredValues, n)
		diags.Report(e.Pos, schema.RuleIDLock, "value %s of %s is gone: its number %d is retired, never given again (%s)", name, e.Name, n, FileName)
	}
	t.RetiredValues = slices.DeleteFunc(t.RetiredValues, func(n int64) bool { _, inUse := names[n]; return inUse })
	slices.Sort(t.RetiredValues)
	t.RetiredValues = slices.Compact(t.RetiredValues)
	for _, n := range t.RetiredValues {
		if !schema.IsReserved(e.Reserved, n, "") {
			e.Reserved = append(e.Reserved, schema.Reserved{Pos: e.Pos, Start: n, End: n})
		}
	}
}
