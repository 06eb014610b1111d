package jsondocs

import (
	"encoding/json"
	"math/big"
	"reflect"
	"regexp/syntax"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/idlconv/idlconv/internal/jsonschema"
)

// ordinary is the string variant 0 takes: a non-ASCII letter and a quote.
const ordinary = `héllo "1"`

// maxStrings bounds how many string options one schema offers.
const maxStrings = 2

// str builds a string that all parts accept: format examples, strings
// generated from the patterns, or ordinary strings, fitted to the length
// bounds and checked against the patterns and formats.
func (c *cand) str(parts []*jsonschema.Schema, owner *jsonschema.Schema, k int, minimal bool) (any, error) {
	minLen, maxLen := 0, -1
	var patterns []jsonschema.Regexp
	var format *jsonschema.Format
	for _, p := range parts {
		if p.MinLength != nil && *p.MinLength > minLen {
			minLen = *p.MinLength
		}
		if p.MaxLength != nil && (maxLen < 0 || *p.MaxLength < maxLen) {
			maxLen = *p.MaxLength
		}
		if p.Pattern != nil {
			patterns = append(patterns, p.Pattern)
		}
		if p.Format != nil && format == nil {
			format = p.Format
		}
	}
	var raw []string
	if format != nil {
		raw = append(raw, formatExamples(format.Name)...)
	}
	for _, re := range patterns {
		raw = append(raw, c.run.patternSamples(re.String(), 0, 4)...)
	}
	raw = append(raw, ordinary, "")

	fits := func(s string) bool {
		n := utf8.RuneCountInString(s)
		if n < minLen || (maxLen >= 0 && n > maxLen) {
			return false
		}
		for _, re := range patterns {
			if !re.MatchString(s) {
				return false
			}
		}
		return format == nil || format.Validate == nil || format.Validate(s) == nil
	}
	var opts []string
	add := func(s string) {
		if len(opts) < maxStrings && fits(s) && !slices.Contains(opts, s) {
			opts = append(opts, s)
		}
	}
	for _, s := range raw {
		add(s)
		add(fitLength(s, minLen, maxLen))
	}
	if len(opts) == 0 {
		// Nothing fits: the first guess, which validation will judge.
		return fitLength(raw[0], minLen, maxLen), nil
	}
	small := 0
	for i, s := range opts {
		if len(s) < len(opts[small]) {
			small = i
		}
	}
	return opts[c.choose(point{s: owner, kind: kindString}, len(opts), k, minimal, small)], nil
}

// fitLength pads s with x or cuts it to between lo and hi code points.
func fitLength(s string, lo, hi int) string {
	n := utf8.RuneCountInString(s)
	if n < lo {
		if lo-n > 1<<16 {
			return s
		}
		return s + strings.Repeat("x", lo-n)
	}
	if hi >= 0 && n > hi {
		return string([]rune(s)[:hi])
	}
	return s
}

// formatExamples returns valid examples of a format the validator
// checks, nil for the others.
func formatExamples(name string) []string {
	switch name {
	case "date-time":
		return []string{"2024-01-15T10:30:00Z", "1999-12-31T23:59:59.5+01:00"}
	case "date":
		return []string{"2024-01-15", "1999-12-31"}
	case "time":
		return []string{"10:30:00Z", "23:59:59.5+01:00"}
	case "duration":
		return []string{"P1DT2H", "PT0.5S"}
	case "period":
		return []string{"2024-01-15T10:30:00Z/P1D"}
	case "email":
		return []string{"user@example.com", "first.last@example.org"}
	case "idn-email":
		return []string{"josé@example.org", "user@example.com"}
	case "hostname":
		return []string{"example.com", "a-b.example.org"}
	case "idn-hostname":
		return []string{"bücher.example", "example.com"}
	case "ipv4":
		return []string{"192.0.2.1", "10.0.0.255"}
	case "ipv6":
		return []string{"2001:db8::1", "::1"}
	case "uri":
		return []string{"https://example.com/a?b=1", "urn:isbn:0451450523"}
	case "iri":
		return []string{"https://example.com/héllo", "https://example.com/a"}
	case "uri-reference":
		return []string{"/a/b?c=1", "https://example.com/"}
	case "iri-reference":
		return []string{"/héllo", "/a"}
	case "uri-template":
		return []string{"https://example.com/{id}", "/a"}
	case "uuid":
		return []string{"123e4567-e89b-12d3-a456-426614174000", "00000000-0000-0000-0000-000000000000"}
	case "json-pointer":
		return []string{"/a/0", ""}
	case "relative-json-pointer":
		return []string{"0/a", "1"}
	case "regex":
		return []string{"^[a-z]+$", "a.b"}
	case "semver":
		return []string{"1.2.3", "0.1.0-rc.1"}
	}
	return nil
}

// sampleKey names the samples of one pattern, variant and count.
type sampleKey struct {
	pattern string
	k, n    int
}

// patternSamples returns up to n distinct strings generated from the
// syntax of pattern, starting with variant k; nil when Go cannot parse
// it. The run keeps them.
func (r *run) patternSamples(pattern string, k, n int) []string {
	key := sampleKey{pattern, k, n}
	if s, ok := r.samples[key]; ok {
		return s
	}
	s := patternSamples(pattern, k, n)
	r.samples[key] = s
	return s
}

func patternSamples(pattern string, k, n int) []string {
	re, err := syntax.Parse(pattern, syntax.Perl)
	if err != nil {
		return nil
	}
	re = re.Simplify()
	var out []string
	for v := k; v < k+2*n && len(out) < n; v++ {
		var b strings.Builder
		sample(re, v, &b)
		if s := b.String(); !slices.Contains(out, s) {
			out = append(out, s)
		}
	}
	return out
}

// maxSample bounds the length of a generated string.
const maxSample = 4096

// sample writes a string matching re to b; v varies repetitions,
// alternatives and characters.
func sample(re *syntax.Regexp, v int, b *strings.Builder) {
	if b.Len() > maxSample {
		return
	}
	switch re.Op {
	case syntax.OpLiteral:
		for _, r := range re.Rune {
			b.WriteRune(r)
		}
	case syntax.OpCharClass:
		b.WriteRune(pickRune(re.Rune, v))
	case syntax.OpAnyChar, syntax.OpAnyCharNotNL:
		b.WriteRune(rune('a' + v%3))
	case syntax.OpCapture:
		for _, s := range re.Sub {
			sample(s, v, b)
		}
	case syntax.OpConcat:
		for i, s := range re.Sub {
			sample(s, v+i, b)
		}
	case syntax.OpAlternate:
		sample(re.Sub[v%len(re.Sub)], v, b)
	case syntax.OpStar, syntax.OpPlus, syntax.OpQuest, syntax.OpRepeat:
		lo, hi := re.Min, re.Max
		switch re.Op {
		case syntax.OpStar:
			lo, hi = 0, -1
		case syntax.OpPlus:
			lo, hi = 1, -1
		case syntax.OpQuest:
			lo, hi = 0, 1
		}
		n := lo
		if v%3 == 0 && lo == 0 {
			n = 1
		} else if v%3 == 2 {
			n = lo + 1
		}
		if hi >= 0 && n > hi {
			n = hi
		}
		for i := 0; i < n && b.Len() <= maxSample; i++ {
			for _, s := range re.Sub {
				sample(s, v+i, b)
			}
		}
	}
}

// pickRune returns a rune of the class ranges (pairs lo, hi): a letter or
// digit where the class has one, else its first printable rune.
func pickRune(ranges []rune, v int) rune {
	const nice = "axb0Z1_-.é "
	pref := []rune(nice)
	for i := range pref {
		r := pref[(i+v)%len(pref)]
		for j := 0; j+1 < len(ranges); j += 2 {
			if ranges[j] <= r && r <= ranges[j+1] {
				return r
			}
		}
	}
	for j := 0; j+1 < len(ranges); j += 2 {
		for r := ranges[j]; r <= ranges[j+1] && r < ranges[j]+256; r++ {
			if unicode.IsPrint(r) {
				return r
			}
		}
	}
	if len(ranges) > 0 {
		return ranges[0]
	}
	return 'a'
}

// number builds a number that all parts accept: a middle value, 0, the
// bounds and a negative value, moved onto multipleOf, integral when
// integer is set.
func (c *cand) number(parts []*jsonschema.Schema, owner *jsonschema.Schema, k int, minimal, integer bool) (any, error) {
	var b bounds
	var mult []*big.Rat
	for _, p := range parts {
		b.tighten(p.Minimum, false, true)
		b.tighten(p.ExclusiveMinimum, true, true)
		b.tighten(p.Maximum, false, false)
		b.tighten(p.ExclusiveMaximum, true, false)
		if p.MultipleOf != nil && p.MultipleOf.Sign() > 0 {
			mult = append(mult, p.MultipleOf)
		}
	}
	var raw []*big.Rat
	if integer {
		raw = append(raw, b.middle(big.NewRat(42, 1), true), new(big.Rat), b.low(true), b.high(true), big.NewRat(-7, 1))
	} else {
		raw = append(raw, b.middle(big.NewRat(3, 2), false), new(big.Rat), big.NewRat(-1, 4), b.low(false), b.high(false))
	}
	var opts []*big.Rat
	for _, r := range raw {
		if r == nil {
			continue
		}
		r = onMultiple(r, mult, b)
		if r == nil || !b.allows(r) || (integer && !r.IsInt()) || !multipleOfAll(r, mult) {
			continue
		}
		dup := false
		for _, o := range opts {
			dup = dup || o.Cmp(r) == 0
		}
		if !dup {
			opts = append(opts, r)
		}
	}
	if len(opts) == 0 {
		// The first guess, which validation will judge.
		for _, r := range raw {
			if r != nil {
				return ratNumber(r), nil
			}
		}
		return json.Number("0"), nil
	}
	small := 0
	for i, r := range opts {
		if r.Sign() == 0 {
			small = i
		}
	}
	return ratNumber(opts[c.choose(point{s: owner, kind: kindNumber}, len(opts), k, minimal, small)]), nil
}

// bounds are the numeric bounds of a value.
type bounds struct {
	lo, hi     *big.Rat
	loEx, hiEx bool
}

// tighten narrows b by one bound.
func (b *bounds) tighten(r *big.Rat, exclusive, low bool) {
	if r == nil {
		return
	}
	if low {
		if b.lo == nil || r.Cmp(b.lo) > 0 || (r.Cmp(b.lo) == 0 && exclusive) {
			b.lo, b.loEx = r, exclusive
		}
		return
	}
	if b.hi == nil || r.Cmp(b.hi) < 0 || (r.Cmp(b.hi) == 0 && exclusive) {
		b.hi, b.hiEx = r, exclusive
	}
}

func (b *bounds) allows(r *big.Rat) bool {
	if b.lo != nil && (r.Cmp(b.lo) < 0 || (b.loEx && r.Cmp(b.lo) == 0)) {
		return false
	}
	if b.hi != nil && (r.Cmp(b.hi) > 0 || (b.hiEx && r.Cmp(b.hi) == 0)) {
		return false
	}
	return true
}

// safeInt returns 2^53: values stay within ±2^53 unless the bounds demand
// more.
func safeInt() *big.Rat { return new(big.Rat).SetInt64(1 << 53) }

// low returns the smallest allowed value (an exclusive bound stepped
// inside: to the next integer, or half-way to the other bound, or by
// 1/2), kept within ±2^53 when the bounds allow; nil without a lower
// bound.
func (b *bounds) low(integer bool) *big.Rat {
	if b.lo == nil {
		return nil
	}
	r := b.inside(b.lo, b.loEx, b.hi, integer, 1)
	if neg := new(big.Rat).Neg(safeInt()); r.Cmp(neg) < 0 && b.allows(neg) {
		return neg
	}
	return r
}

// high is low for the upper bound.
func (b *bounds) high(integer bool) *big.Rat {
	if b.hi == nil {
		return nil
	}
	r := b.inside(b.hi, b.hiEx, b.lo, integer, -1)
	if safe := safeInt(); r.Cmp(safe) > 0 && b.allows(safe) {
		return safe
	}
	return r
}

// inside returns bound, or the value next to it inside when it is
// exclusive or not integral while integer is set; dir is +1 for a lower
// bound and -1 for an upper one.
func (b *bounds) inside(bound *big.Rat, exclusive bool, other *big.Rat, integer bool, dir int) *big.Rat {
	if integer {
		f := floorRat(bound)
		if dir > 0 {
			if f.Cmp(bound) < 0 || exclusive {
				f.Add(f, big.NewRat(1, 1))
			}
			return f
		}
		if exclusive && f.Cmp(bound) == 0 {
			f.Sub(f, big.NewRat(1, 1))
		}
		return f
	}
	r := new(big.Rat).Set(bound)
	if !exclusive {
		return r
	}
	step := big.NewRat(int64(dir), 2)
	r.Add(r, step)
	if other != nil && !b.allows(r) {
		r.Add(bound, other)
		r.Quo(r, big.NewRat(2, 1))
	}
	return r
}

// middle returns typical when the bounds allow it, else the middle of
// the two bounds, or a value near the only bound.
func (b *bounds) middle(typical *big.Rat, integer bool) *big.Rat {
	if b.allows(typical) {
		return typical
	}
	var r *big.Rat
	switch {
	case b.lo != nil && b.hi != nil:
		r = new(big.Rat).Add(b.lo, b.hi)
		r.Quo(r, big.NewRat(2, 1))
	case b.lo != nil:
		r = new(big.Rat).Add(b.lo, big.NewRat(21, 2))
	default:
		r = new(big.Rat).Sub(b.hi, big.NewRat(21, 2))
	}
	if integer {
		r = floorRat(r)
	}
	return r
}

// floorRat returns the largest integer not above r.
func floorRat(r *big.Rat) *big.Rat {
	q := new(big.Int).Div(r.Num(), r.Denom()) // Euclidean: floor for a positive divisor
	return new(big.Rat).SetInt(q)
}

// onMultiple moves r onto a multiple of the first of mult, the next one
// up, or down when that leaves the bounds.
func onMultiple(r *big.Rat, mult []*big.Rat, b bounds) *big.Rat {
	if len(mult) == 0 {
		return r
	}
	m := mult[0]
	q := new(big.Rat).Quo(r, m)
	if q.IsInt() {
		return r
	}
	f := floorRat(q)
	up := new(big.Rat).Mul(new(big.Rat).Add(f, big.NewRat(1, 1)), m)
	if b.allows(up) {
		return up
	}
	return new(big.Rat).Mul(f, m)
}

func multipleOfAll(r *big.Rat, mult []*big.Rat) bool {
	for _, m := range mult {
		if !new(big.Rat).Quo(r, m).IsInt() {
			return false
		}
	}
	return true
}

// ratNumber writes r as a JSON number: exact when its decimal expansion
// ends.
func ratNumber(r *big.Rat) json.Number {
	if r.IsInt() {
		return json.Number(r.Num().String())
	}
	d := new(big.Int).Set(r.Denom())
	digits := 0
	two, five, zero := big.NewInt(2), big.NewInt(5), new(big.Int)
	twos, fives := 0, 0
	for new(big.Int).Mod(d, two).Cmp(zero) == 0 {
		d.Quo(d, two)
		twos++
	}
	for new(big.Int).Mod(d, five).Cmp(zero) == 0 {
		d.Quo(d, five)
		fives++
	}
	digits = max(twos, fives)
	if d.Cmp(big.NewInt(1)) != 0 || digits > 60 {
		digits = 17
	}
	return json.Number(r.FloatString(digits))
}

// typeOfValue returns the JSON type of a decoded value.
func typeOfValue(v any) jsonType {
	switch v := v.(type) {
	case nil:
		return tNull
	case bool:
		return tBool
	case string:
		return tString
	case []any:
		return tArray
	case map[string]any:
		return tObject
	case json.Number:
		if r, ok := new(big.Rat).SetString(string(v)); ok && r.IsInt() {
			return tInt
		}
		return tNonInt
	case float64:
		if v == float64(int64(v)) {
			return tInt
		}
		return tNonInt
	}
	return 0
}

// jsonEqual reports whether a and b are equal JSON values, numbers
// compared by value.
func jsonEqual(a, b any) bool {
	switch a := a.(type) {
	case json.Number:
		bn, ok := b.(json.Number)
		if !ok {
			return false
		}
		x, okx := new(big.Rat).SetString(string(a))
		y, oky := new(big.Rat).SetString(string(bn))
		if okx && oky {
			return x.Cmp(y) == 0
		}
		return a == bn
	case []any:
		bb, ok := b.([]any)
		if !ok || len(a) != len(bb) {
			return false
		}
		for i := range a {
			if !jsonEqual(a[i], bb[i]) {
				return false
			}
		}
		return true
	case map[string]any:
		bb, ok := b.(map[string]any)
		if !ok || len(a) != len(bb) {
			return false
		}
		for k, v := range a {
			w, ok := bb[k]
			if !ok || !jsonEqual(v, w) {
				return false
			}
		}
		return true
	}
	return reflect.DeepEqual(a, b)
}
