// Package idlock keeps field IDs and enum numbers from moving: the ID
// lock, idlconv.lock, beside idlconv.yaml.
//
// For every type a conversion generates, the lock records the ID of each
// field and the number of each enum value, and the IDs retired. On every
// sync a field keeps its ID; a field its source gives no ID (a JSON Schema
// property without x-idlconv-id, a Thrift field without one) gets the next
// ID above every ID the type ever used; a removed field's ID is retired,
// never given again, and written as reserved in proto outputs (a comment in
// Thrift). A proto field number over 32767 going to Thrift, which Thrift
// cannot hold, gets such an ID too, and the lock records it. The lock
// gives only IDs the targets hold (proto 1 to 536870911 but 19000 to
// 19999, Thrift 1 to 32767, enum numbers 0 to 2^31-1): when none is left
// above the highest, the lowest the type never used.
//
// Syncs of one project at the same time take turns through the lock's
// guard file (Acquire), so that none loses what another wrote.
//
// The lock is JSON, written in one canonical layout (keys sorted), so that
// it diffs well and `idlconv sync --check` can compare it byte for byte.
package idlock

import (
	"bytes"
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"strconv"

	"github.com/idlconv/idlconv/schema"
)

// FileName is the name of the lock file, beside idlconv.yaml.
const FileName = "idlconv.lock"

// Lock is the ID lock of a project: its types by key ("SOURCE#TYPE": the
// source file's slash path relative to the project folder, and the
// declaration's name, dotted when nested). Every conversion of a source
// shares its types' IDs.
type Lock struct {
	Types map[string]*Type
}

// Type is what the lock holds of one type.
type Type struct {
	// Fields maps each field's name to its ID.
	Fields map[string]int
	// ThriftIDs maps the fields whose number Thrift cannot hold (proto
	// numbers over 32767) to the ID their Thrift outputs use.
	ThriftIDs map[string]int
	// Retired are the IDs of removed fields, never given again.
	Retired []int
	// Values maps each enum value's name to its number.
	Values map[string]int64
	// RetiredValues are the numbers of removed enum values.
	RetiredValues []int64
}

// New returns an empty lock.
func New() *Lock { return &Lock{Types: map[string]*Type{}} }

func (t *Type) clone() *Type {
	return &Type{Fields: maps.Clone(t.Fields), ThriftIDs: maps.Clone(t.ThriftIDs), Retired: slices.Clone(t.Retired),
		Values: maps.Clone(t.Values), RetiredValues: slices.Clone(t.RetiredValues)}
}

// equal reports whether two types hold the same IDs (the retired ones
// in any order).
func (t *Type) equal(u *Type) bool {
	return maps.Equal(t.Fields, u.Fields) && maps.Equal(t.ThriftIDs, u.ThriftIDs) && maps.Equal(t.Values, u.Values) &&
		sameSet(t.Retired, u.Retired) && sameSet(t.RetiredValues, u.RetiredValues)
}

// sameSet reports whether two lists hold the same numbers.
func sameSet[V int | int64](a, b []V) bool {
	if slices.Equal(a, b) {
		return true
	}
	if len(a) != len(b) {
		return false
	}
	a, b = slices.Clone(a), slices.Clone(b)
	slices.Sort(a)
	slices.Sort(b)
	return slices.Equal(a, b)
}

// Merge takes into l the types of part, which Apply gave a conversion
// (or the conversion's groups of inputs, put together). taken records
// which conversion each type came from: a type that an earlier Merge
// took with other IDs (two conversions of one source that disagree) is an
// error that names both.
func (l *Lock) Merge(part *Lock, taken map[string]string, who string) error {
	for _, k := range sortedKeys(part.Types) {
		t := part.Types[k]
		if prev, ok := taken[k]; ok {
			if !l.Types[k].equal(t) {
				return fmt.Errorf("%s and %s give %s different IDs", prev, who, k)
			}
			continue
		}
		taken[k] = who
		l.Types[k] = t
	}
	return nil
}

// Marshal writes the lock in its canonical layout.
func (l *Lock) Marshal() []byte {
	var b bytes.Buffer
	b.WriteString("{\n  \"version\": 1,\n  \"types\": {")
	keys := sortedKeys(l.Types)
	for i, key := range keys {
		comma(&b, i)
		fmt.Fprintf(&b, "\n    %s: {", quote(key))
		b.Write(l.Types[key].marshal())
		b.WriteString("\n    }")
	}
	if len(keys) > 0 {
		b.WriteString("\n  ")
	}
	b.WriteString("}\n}\n")
	return b.Bytes()
}

// marshal writes a type's members, one a line.
func (t *Type) marshal() []byte {
	var b bytes.Buffer
	var parts []string
	if len(t.Fields) > 0 {
		parts = append(parts, "\"fields\": "+intMap(t.Fields))
	}
	if len(t.ThriftIDs) > 0 {
		parts = append(parts, "\"thrift_ids\": "+intMap(t.ThriftIDs))
	}
	if len(t.Retired) > 0 {
		parts = append(parts, "\"retired\": "+intList(t.Retired))
	}
	if len(t.Values) > 0 {
		parts = append(parts, "\"values\": "+intMap(t.Values))
	}
	if len(t.RetiredValues) > 0 {
		parts = append(parts, "\"retired_values\": "+intList(t.RetiredValues))
	}
	for k, p := range parts {
		comma(&b, k)
		b.WriteString("\n      " + p)
	}
	return b.Bytes()
}

func comma(b *bytes.Buffer, i int) {
	if i > 0 {
		b.WriteByte(',')
	}
}

func quote(s string) string {
	q, _ := json.Marshal(s)
	return string(q)
}

func intMap[V int | int64](m map[string]V) string {
	var b bytes.Buffer
	b.WriteByte('{')
	for i, k := range sortedKeys(m) {
		if i > 0 {
			b.WriteString(", ")
		}
		fmt.Fprintf(&b, "%s: %d", quote(k), m[k])
	}
	b.WriteByte('}')
	return b.String()
}

func intList[V int | int64](l []V) string {
	s := slices.Clone(l)
	slices.Sort(s)
	var b bytes.Buffer
	b.WriteByte('[')
	for i, v := range s {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(strconv.FormatInt(int64(v), 10))
	}
	b.WriteByte(']')
	return b.String()
}

// sortedKeys returns the keys of m in order.
func sortedKeys[V any](m map[string]V) []string { return slices.Sorted(maps.Keys(m)) }

// Error is a problem in a lock file, at a place in it, and what to do
// about it.
type Error struct {
	Pos  schema.Pos
	Msg  string
	Hint string
}

func (e *Error) Error() string { return e.Pos.String() + ": " + e.Msg }

// fixHint is what to do about a lock that is not what idlconv writes.
const fixHint = "fix it, or delete the lock to number every type afresh"

// conflictHint says how to resolve a lock that git merged with conflicts
// (README: "Merging the ID lock").
const conflictHint = "resolve it by hand, not by taking one side, which moves the other branch's new fields: " +
	"keep the entries both sides agree on and the retired IDs of both; delete each field or value the sides number differently " +
	"and add the IDs either side gave it to retired (retired_values); then run idlconv sync, which gives it a fresh ID above every one ever used " +
	"(README: Merging the ID lock)"

// conflictMarkers are the lines git writes around the two sides of a
// conflict (and diff3's base).
var conflictMarkers = []string{"<<<<<<<", "|||||||", "=======", ">>>>>>>"}

// conflictAt finds the first line that starts with a conflict marker.
func conflictAt(src []byte) (line int, marker string, ok bool) {
	for n, rest := 1, src; len(rest) > 0; n++ {
		l, after, _ := bytes.Cut(rest, []byte("\n"))
		for _, m := range conflictMarkers {
			if bytes.HasPrefix(l, []byte(m)) {
				return n, m, true
			}
		}
		rest = after
	}
	return 0, "", false
}
