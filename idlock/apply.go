package idlock

import (
	"slices"

	"github.com/idlconv/idlconv/jsonschemaast"
	"github.com/idlconv/idlconv/schema"
)

// Thrift field IDs are 16-bit signed: a proto number above this goes to
// Thrift under an ID the lock gives it.
const maxThriftID = 32767

// Protobuf reserves the field numbers 19000 to 19999 for itself; the lock
// never gives them.
const (
	protoReservedFrom = 19000
	protoReservedTo   = 19999
)

// Apply applies the lock to the loaded model of a conversion and updates
// it: every struct's fields and every enum's values get the IDs the lock
// holds, new ones get the next ID above every ID the type ever used,
// removed ones are retired (and added to the type's Reserved, so that
// proto outputs reserve them). keyOf names a file as the lock does (its
// path relative to the project folder); toThrift says the output is
// Thrift, whose IDs stop at 32767. What the lock did beyond keeping IDs
// is reported as id-lock warnings. It returns the keys of the types it
// visited, for Merge.
func (l *Lock) Apply(files []*schema.File, keyOf func(*schema.File) string, toThrift bool, diags *schema.Diagnostics) []string {
	var visited []string
	for _, f := range files {
		prefix := keyOf(f) + "#"
		var walk func(decls []schema.Decl, scope string)
		walk = func(decls []schema.Decl, scope string) {
			for _, d := range decls {
				switch d := d.(type) {
				case *schema.Struct:
					key := prefix + scope + d.Name
					visited = append(visited, key)
					l.structIDs(key, d, toThrift, diags)
					walk(d.Nested, scope+d.Name+".")
				case *schema.Enum:
					key := prefix + scope + d.Name
					visited = append(visited, key)
					l.enumValues(key, d, diags)
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
							key := prefix + scope + d.Name + "." + m.Name + part.suffix
							visited = append(visited, key)
							l.structIDs(key, &schema.Struct{Pos: m.Pos, Name: d.Name + "." + m.Name + part.suffix, Fields: part.fields}, toThrift, diags)
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
	return visited
}

// structIDs locks the field IDs of one struct.
func (l *Lock) structIDs(key string, st *schema.Struct, toThrift bool, diags *schema.Diagnostics) {
	t, known := l.Types[key]
	if !known {
		t = &Type{}
		l.Types[key] = t
	}
	if t.Fields == nil {
		t.Fields = map[string]int{}
	}
	// The highest ID the type ever used (the lock's, its retired ones and
	// the source's own), and the highest that Thrift can hold: a new ID is
	// one above.
	hi, hiThrift := 0, 0
	use := func(id int) {
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
	next := func(thrift bool) int {
		n := hi + 1
		if thrift {
			n = hiThrift + 1
		}
		if n >= protoReservedFrom && n <= protoReservedTo {
			n = protoReservedTo + 1
		}
		return n
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
		case !known && f.IDExplicit && f.IDFromOrder:
			// A type met for the first time keeps the numbering of its
			// source (declaration order).
			id = f.ID
		default:
			id = next(false)
			if known {
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
			id = next(true)
			if id > maxThriftID {
				diags.Report(f.Pos, schema.RuleInvalidConfig, "field %s of %s: no Thrift ID is left that %s never gave", f.Name, st.Name, FileName)
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

// enumValues locks the numbers of one enum's values.
func (l *Lock) enumValues(key string, e *schema.Enum, diags *schema.Diagnostics) {
	t, known := l.Types[key]
	if !known {
		t = &Type{}
		l.Types[key] = t
	}
	if t.Values == nil {
		t.Values = map[string]int64{}
	}
	// The highest number the enum ever used: a new one is one above (and
	// never below 0).
	hi := int64(-1)
	for _, v := range t.Values {
		hi = max(hi, v)
	}
	for _, v := range t.RetiredValues {
		hi = max(hi, v)
	}
	present := map[string]bool{}
	taken := map[int64]bool{}
	for _, v := range e.Values {
		present[v.Name] = true
		if v.ValueFromOrder {
			continue
		}
		hi, taken[v.Value] = max(hi, v.Value), true
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
			n = max(0, hi+1)
			diags.Report(v.Pos, schema.RuleIDLock, "new value %s of %s gets number %d, above every number it ever used (%s)", v.Name, e.Name, n, FileName)
		}
		v.Value, v.ValueFromOrder = n, false
		hi, taken[n] = max(hi, n), true
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
