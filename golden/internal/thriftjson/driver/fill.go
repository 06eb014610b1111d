package driver

import (
	"math"
	"reflect"
	"sort"
	"strings"
)

// MaxDepth is how deep [Filler.Sample] nests structs and containers: at
// this depth struct pointers stay as the constructor left them (nil) and
// containers stay empty, so recursive structs end.
const MaxDepth = 3

// Filler fills values of generated Go types with varied values.
type Filler struct {
	enums map[reflect.Type][]int64
	ctors map[reflect.Type]func() any
}

// NewFiller returns a Filler for the types of reg: it builds nested
// structs with their constructors in reg.Structs and picks enum values from
// reg.Enums.
func NewFiller(reg Registry) *Filler {
	f := &Filler{enums: map[reflect.Type][]int64{}, ctors: map[reflect.Type]func() any{}}
	for t, vals := range reg.Enums {
		seen := map[int64]bool{}
		for _, v := range vals {
			if !seen[v] {
				seen[v] = true
				f.enums[t] = append(f.enums[t], v)
			}
		}
	}
	for _, c := range reg.Structs {
		f.ctors[reflect.TypeOf(c())] = c
	}
	return f
}

// Sample returns variant k of n of the struct that ctor makes.
//
// Variants 0 to n-2 set every field (a required one always); the last
// variant, when n ≥ 2, leaves every optional and default field as the
// constructor made it. Field i of variant k takes value k+i of its type's
// sequence, so over n-1 variants an enum field takes every declared value
// when n-1 is at least the number of values. A union sets exactly one
// member, member k mod the member count, in every variant. Lists, sets
// and maps get k+i mod 3 entries (a union member at least one), distinct
// ones; a map the constructor filled (a Thrift default) keeps its entries,
// because encoding/json.Unmarshal merges into them. Numbers run through
// the minimum and maximum of their width, strings through escapes and
// non-ASCII text, doubles through ±MaxFloat64, the smallest denormal and
// -0; NaN and infinities are never chosen.
//
// A non-pointer enum field whose constructor value is no declared value
// (an enum without a default and without a 0 member) is given the first
// declared value even when left unset: encoding/json writes such a value
// as "<UNSET>", which it cannot read back.
func (f *Filler) Sample(ctor func() any, k, n int) any {
	v := ctor()
	rv := reflect.ValueOf(v)
	if rv.Kind() != reflect.Pointer || rv.Elem().Kind() != reflect.Struct {
		return v
	}
	f.fillStruct(rv.Elem(), k, 0, n < 2 || k < n-1)
	return v
}

type fieldInfo struct {
	index    int
	required bool
}

// jsonFields lists the fields that encoding/json sees.
func jsonFields(t reflect.Type) []fieldInfo {
	var out []fieldInfo
	for i := 0; i < t.NumField(); i++ {
		sf := t.Field(i)
		if !sf.IsExported() || sf.Anonymous {
			continue
		}
		if name, _, _ := strings.Cut(sf.Tag.Get("json"), ","); name == "-" {
			continue
		}
		parts := strings.Split(sf.Tag.Get("thrift"), ",")
		out = append(out, fieldInfo{index: i, required: len(parts) > 2 && parts[2] == "required"})
	}
	return out
}

// isUnion tells whether the generated struct is a union: only unions get a
// CountSetFieldsX method.
func isUnion(t reflect.Type) bool {
	_, ok := reflect.PointerTo(t).MethodByName("CountSetFields" + t.Name())
	return ok
}

func (f *Filler) fillStruct(s reflect.Value, seed, depth int, set bool) {
	fields := jsonFields(s.Type())
	if isUnion(s.Type()) {
		for i, fd := range fields {
			f.fixEnum(s.Field(fd.index), seed+i)
		}
		// The member the seed picks, or the next one that can be set at
		// this depth; near MaxDepth, members that nest nothing first (a
		// struct member cannot be set past it, a container's items
		// cannot hold one): a union with no member set is no Thrift
		// value.
		order := make([]int, 0, len(fields))
		for k := range fields {
			order = append(order, mod(seed+k, len(fields)))
		}
		if depth+2 >= MaxDepth {
			sort.SliceStable(order, func(a, b int) bool {
				return !nests(s.Field(fields[order[a]].index).Type()) && nests(s.Field(fields[order[b]].index).Type())
			})
		}
		for _, i := range order {
			fv := s.Field(fields[i].index)
			f.setValue(fv, seed, depth, true)
			if !fv.IsZero() {
				break
			}
		}
		return
	}
	for i, fd := range fields {
		fv := s.Field(fd.index)
		if set || fd.required {
			f.setValue(fv, seed+i, depth, false)
		} else {
			f.fixEnum(fv, seed+i)
		}
	}
}

// nests reports whether a Go field type holds structs or containers.
func nests(t reflect.Type) bool {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	switch t.Kind() {
	case reflect.Struct, reflect.Slice, reflect.Map:
		return t != reflect.TypeOf([]byte(nil))
	}
	return false
}

// fixEnum gives a non-pointer enum field a declared value when it holds
// none.
func (f *Filler) fixEnum(v reflect.Value, seed int) {
	vals := f.enums[v.Type()]
	if len(vals) == 0 {
		return
	}
	cur := v.Int()
	for _, x := range vals {
		if x == cur {
			return
		}
	}
	v.SetInt(vals[mod(seed, len(vals))])
}

var (
	floats = []float64{1.5, 0, -2.25, math.MaxFloat64, math.SmallestNonzeroFloat64,
		-math.MaxFloat64, 1e21, 0.1, 123456789.125, math.Copysign(0, -1)}
	strs = []string{"", "a", "Zürich", "<&>\"\\/\n\t\u2028\u0001", "日本語",
		"😀 emoji", "x y z"}
	bins = [][]byte{{}, {0}, {0xfb, 0xff, 0xfe}, []byte("hello"),
		{0, 1, 2, 3, 4, 5, 6, 7, 8, 9}}
)

func ints(bits int) []int64 {
	lo, hi := int64(math.MinInt64), int64(math.MaxInt64)
	if bits < 64 {
		lo, hi = -1<<(bits-1), 1<<(bits-1)-1
	}
	return []int64{lo, hi, 0, -1, 1, 42}
}

func uints(bits int) []uint64 {
	hi := uint64(math.MaxUint64)
	if bits < 64 {
		hi = 1<<bits - 1
	}
	return []uint64{0, hi, 1, 42}
}

func mod(a, b int) int {
	if b <= 0 {
		return 0
	}
	return ((a % b) + b) % b
}

// distinct is how many distinct values setValue can give type t, or -1 for
// many.
func (f *Filler) distinct(t reflect.Type) int {
	if vals, ok := f.enums[t]; ok {
		return len(vals)
	}
	if t.Kind() == reflect.Bool {
		return 2
	}
	return -1
}

// count is how many entries a list, set or map gets; elems are its element
// types (a map's key, then its value), the first of which must be
// distinct. Entries that are structs must fit under
// MaxDepth: a nil struct pointer in a container is no Thrift value.
func (f *Filler) count(seed, depth int, nonEmpty bool, elems ...reflect.Type) int {
	if depth >= MaxDepth {
		return 0
	}
	for _, t := range elems {
		if t.Kind() == reflect.Pointer && t.Elem().Kind() == reflect.Struct && depth+1 >= MaxDepth {
			return 0
		}
	}
	n := mod(seed, 3)
	if nonEmpty && n == 0 {
		n = 1
	}
	if d := f.distinct(elems[0]); d >= 0 && n > d {
		n = d
	}
	return n
}

func (f *Filler) setValue(v reflect.Value, seed, depth int, nonEmpty bool) {
	t := v.Type()
	if vals, ok := f.enums[t]; ok && len(vals) > 0 {
		v.SetInt(vals[mod(seed, len(vals))])
		return
	}
	switch t.Kind() {
	case reflect.Bool:
		v.SetBool(mod(seed, 2) == 0)
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		s := ints(t.Bits())
		v.SetInt(s[mod(seed, len(s))])
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		s := uints(t.Bits())
		v.SetUint(s[mod(seed, len(s))])
	case reflect.Float32, reflect.Float64:
		v.SetFloat(floats[mod(seed, len(floats))])
	case reflect.String:
		v.SetString(strs[mod(seed, len(strs))])
	case reflect.Slice:
		if t.Elem().Kind() == reflect.Uint8 {
			b := bins[mod(seed, len(bins))]
			if nonEmpty && len(b) == 0 {
				b = bins[1]
			}
			s := reflect.MakeSlice(t, len(b), len(b))
			reflect.Copy(s, reflect.ValueOf(b))
			v.Set(s)
			return
		}
		n := f.count(seed, depth, nonEmpty, t.Elem())
		s := reflect.MakeSlice(t, n, n)
		for j := 0; j < n; j++ {
			f.setValue(s.Index(j), seed+j, depth+1, false)
		}
		v.Set(s)
	case reflect.Map:
		m := v
		if v.IsNil() {
			m = reflect.MakeMap(t)
		}
		n := f.count(seed, depth, nonEmpty, t.Key(), t.Elem())
		// Keys the constructor put in (defaults) are kept as they are.
		for j, added := 0, 0; added < n && j < n+8; j++ {
			key := reflect.New(t.Key()).Elem()
			f.setValue(key, seed+j, depth+1, false)
			if m.MapIndex(key).IsValid() {
				continue
			}
			val := reflect.New(t.Elem()).Elem()
			f.setValue(val, seed+j+1, depth+1, false)
			m.SetMapIndex(key, val)
			added++
		}
		v.Set(m)
	case reflect.Pointer:
		if t.Elem().Kind() == reflect.Struct {
			if depth >= MaxDepth {
				return
			}
			p := f.newStruct(t)
			f.fillStruct(p.Elem(), seed, depth+1, true)
			v.Set(p)
			return
		}
		p := reflect.New(t.Elem())
		if !v.IsNil() {
			p.Elem().Set(v.Elem())
		}
		f.setValue(p.Elem(), seed, depth, nonEmpty)
		v.Set(p)
	case reflect.Struct:
		if depth < MaxDepth {
			f.fillStruct(v, seed, depth+1, true)
		}
	}
}

// newStruct returns a new value of pointer type t, made by the generated
// constructor when there is one.
func (f *Filler) newStruct(t reflect.Type) reflect.Value {
	if c, ok := f.ctors[t]; ok {
		return reflect.ValueOf(c())
	}
	return reflect.New(t.Elem())
}
