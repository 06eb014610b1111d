package meaningtest

import (
	"regexp"
	"strings"

	"github.com/idlconv/idlconv/convert"
)

// enumValue is one enum value on either side.
type enumValue struct {
	name   string
	number int64
}

// How a proto value name matches a Thrift value name.
const (
	matchExact    = iota // the same name
	matchPrefix          // proto = PREFIX_ + thrift (Thrift → proto adds it, proto → Thrift strips it)
	matchReserved        // thrift = name_ (a Thrift reserved word)
	matchRenamed         // proto = … + _2 (enum-value-conflict, name-collision)
	noMatch
)

// enumPair is a proto value and the Thrift value it is paired with.
type enumPair struct {
	proto, thrift enumValue
	how           int
}

// rules are the documented differences between the pair's names;
// prefixRule names the prefix rule of the direction.
func (p enumPair) rules(prefixRule string) []string {
	switch p.how {
	case matchPrefix:
		return []string{prefixRule}
	case matchReserved:
		return []string{convert.RuleThriftReserved.ID}
	case matchRenamed:
		return []string{"enum-value-renamed"}
	}
	return nil
}

var renamedRe = regexp.MustCompile(`^(.*?)(?:_[0-9]+)+$`)

// nameMatch tells how a proto value name matches a Thrift one.
func nameMatch(proto, thrift string) int {
	prefixed := func(p, t string) bool { return p == t || strings.HasSuffix(p, "_"+t) }
	switch {
	case proto == thrift:
		return matchExact
	case strings.HasSuffix(proto, "_"+thrift):
		return matchPrefix
	case strings.HasSuffix(thrift, "_") && prefixed(proto, strings.TrimSuffix(thrift, "_")):
		return matchReserved
	}
	if m := renamedRe.FindStringSubmatch(proto); m != nil && prefixed(m[1], thrift) {
		return matchRenamed
	}
	return noMatch
}

// pairEnum pairs proto values with Thrift values by name. A proto name
// can match several Thrift names (RED and COLOR_RED both match
// COLOR_RED), so values are paired in two passes: first with a Thrift
// value of the same number whose name matches, then by name alone (a
// pair whose numbers differ is a difference). In each pass a proto value
// takes the unpaired Thrift value it matches best: the same name, then
// the longest name it ends with, then a reserved or renamed name. It
// returns the pairs and the values left on each side.
func pairEnum(proto, thrift []enumValue) (pairs []enumPair, protoOnly, thriftOnly []enumValue) {
	used := make([]bool, len(thrift))
	paired := make([]bool, len(proto))
	for _, sameNumber := range []bool{true, false} {
		for j, p := range proto {
			if paired[j] {
				continue
			}
			best, bestHow := -1, noMatch
			for i, t := range thrift {
				if used[i] || sameNumber && t.number != p.number {
					continue
				}
				how := nameMatch(p.name, t.name)
				if how < bestHow || how == bestHow && how != noMatch && len(t.name) > len(thrift[best].name) {
					best, bestHow = i, how
				}
			}
			if best >= 0 {
				used[best], paired[j] = true, true
				pairs = append(pairs, enumPair{proto: p, thrift: thrift[best], how: bestHow})
			}
		}
	}
	for j, p := range proto {
		if !paired[j] {
			protoOnly = append(protoOnly, p)
		}
	}
	for i, t := range thrift {
		if !used[i] {
			thriftOnly = append(thriftOnly, t)
		}
	}
	return pairs, protoOnly, thriftOnly
}
