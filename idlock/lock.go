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
// cannot hold, gets such an ID too, and the lock records it.
//
// The lock is JSON, written in one canonical layout (keys sorted), so that
// it diffs well and `idlconv sync --check` can compare it byte for byte.
package idlock

import (
	"bytes"
	"encoding/json"
	"fmt"
	"maps"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/idlconv/idlconv/jsonschemaast"
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

// equal reports whether two types hold the same IDs.
func (t *Type) equal(u *Type) bool {
	return string(t.marshal()) == string(u.marshal())
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

// Parse reads a lock file; name names it in errors. Anything but the
// layout Marshal writes (unknown keys, IDs that are not positive
// integers, an ID given to two fields of a type or both used and
// retired, git's conflict markers) is an *Error at its line and column,
// with what to do: a hand-edited lock must be fixed, or deleted to start
// again, and a merged one resolved, before anything is written.
func Parse(name string, src []byte) (*Lock, error) {
	if line, marker, ok := conflictAt(src); ok {
		return nil, &Error{Pos: schema.Pos{File: name, Line: line, Col: 1, EndLine: line, EndCol: 1 + len(marker)},
			Msg: "the lock holds a merge conflict (" + marker + ")", Hint: conflictHint}
	}
	root, err := jsonschemaast.ParseJSON(name, src)
	if err != nil {
		if pe, ok := err.(*jsonschemaast.PositionError); ok {
			return nil, &Error{Pos: pe.Pos, Msg: "not valid JSON: " + pe.Msg, Hint: fixHint}
		}
		return nil, &Error{Pos: schema.Pos{File: name, Line: 1, Col: 1}, Msg: err.Error(), Hint: fixHint}
	}
	p := &parser{}
	l := New()
	err = p.object(root, "the lock", func(key string, v *jsonschemaast.Value) error {
		switch key {
		case "version":
			if v.Kind != jsonschemaast.Number || v.Num != "1" {
				return p.errorf(v, "version must be 1")
			}
		case "types":
			return p.object(v, "types", func(typ string, v *jsonschemaast.Value) error {
				t, err := p.typ(v)
				l.Types[typ] = t
				return err
			})
		default:
			return p.errorf(v, "unknown key %q (known: version, types)", key)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return l, nil
}

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

type parser struct{}

func (p *parser) errorf(v *jsonschemaast.Value, format string, args ...any) error {
	return &Error{Pos: v.Pos, Msg: fmt.Sprintf(format, args...), Hint: fixHint}
}

func (p *parser) object(v *jsonschemaast.Value, what string, fn func(key string, v *jsonschemaast.Value) error) error {
	if v.Kind != jsonschemaast.Object {
		return p.errorf(v, "%s must be an object", what)
	}
	for i, k := range v.Keys {
		if err := fn(k, v.Vals[i]); err != nil {
			return err
		}
	}
	return nil
}

func (p *parser) typ(v *jsonschemaast.Value) (*Type, error) {
	t := &Type{}
	// The IDs taken so far, of fields (and their Thrift IDs) and of enum
	// values apart; enum values may share a number (aliases).
	used := map[bool]map[int64]string{true: {}, false: {}}
	take := func(at *jsonschemaast.Value, field bool, id int64, what string, alias bool) error {
		if prev, dup := used[field][id]; dup && !(alias && !strings.HasPrefix(prev, "retired")) {
			return p.errorf(at, "ID %d is %s and %s", id, prev, what)
		}
		used[field][id] = what
		return nil
	}
	err := p.object(v, "a type", func(key string, v *jsonschemaast.Value) error {
		switch key {
		case "thrift_ids":
			return p.object(v, key, func(name string, n *jsonschemaast.Value) error {
				id, err := p.number(n, true)
				if err != nil {
					return err
				}
				if id < 1 || id > maxThriftID {
					return p.errorf(n, "%d is not a Thrift field ID from 1 to 32767", id)
				}
				if t.ThriftIDs == nil {
					t.ThriftIDs = map[string]int{}
				}
				t.ThriftIDs[name] = int(id)
				return take(n, true, id, "the field "+name+"'s Thrift ID", false)
			})
		case "fields", "values":
			return p.object(v, key, func(name string, n *jsonschemaast.Value) error {
				id, err := p.number(n, key == "fields")
				if err != nil {
					return err
				}
				if key == "fields" {
					if t.Fields == nil {
						t.Fields = map[string]int{}
					}
					t.Fields[name] = int(id)
					return take(n, true, id, "the field "+name+"'s", false)
				}
				if t.Values == nil {
					t.Values = map[string]int64{}
				}
				t.Values[name] = id
				return take(n, false, id, "the value "+name+"'s", true)
			})
		case "retired", "retired_values":
			if v.Kind != jsonschemaast.Array {
				return p.errorf(v, "%s must be a list of IDs", key)
			}
			for _, n := range v.Vals {
				id, err := p.number(n, key == "retired")
				if err != nil {
					return err
				}
				if key == "retired" {
					t.Retired = append(t.Retired, int(id))
				} else {
					t.RetiredValues = append(t.RetiredValues, id)
				}
				if err := take(n, key == "retired", id, "retired", false); err != nil {
					return err
				}
			}
		default:
			return p.errorf(v, "unknown key %q in a type (known: fields, thrift_ids, retired, values, retired_values)", key)
		}
		return nil
	})
	return t, err
}

// number reads an integer: a field ID is not 0 and fits Thrift's negative
// IDs and proto's largest number; an enum number is an int32.
func (p *parser) number(v *jsonschemaast.Value, field bool) (int64, error) {
	if v.Kind != jsonschemaast.Number {
		return 0, p.errorf(v, "expected an integer")
	}
	n, err := strconv.ParseInt(v.Num, 10, 64)
	switch {
	case field && (err != nil || n == 0 || n < -32768 || n > maxProtoID):
		return 0, p.errorf(v, "%s is not a field ID (an integer from -32768 to 536870911, not 0)", v.Num)
	case !field && (err != nil || n < math.MinInt32 || n > math.MaxInt32):
		return 0, p.errorf(v, "%s is not an enum number (a 32-bit integer)", v.Num)
	}
	return n, nil
}
