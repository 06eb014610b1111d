package golden

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"math/big"
	"net/url"
	"path"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"github.com/idlconv/idlconv/jsonschemaast"
)

// pathToken is one step of a path into a JSON document: an object key or
// an array index.
type pathToken struct {
	key   string
	index int
	isKey bool
}

// docPath is a path into a JSON document.
type docPath []pathToken

// String spells the path as a JSON pointer.
func (p docPath) String() string {
	var b strings.Builder
	for _, t := range p {
		b.WriteByte('/')
		if t.isKey {
			b.WriteString(strings.ReplaceAll(strings.ReplaceAll(t.key, "~", "~0"), "/", "~1"))
		} else {
			b.WriteString(strconv.Itoa(t.index))
		}
	}
	return b.String()
}

func (p docPath) with(t pathToken) docPath {
	return append(append(docPath(nil), p...), t)
}

// decodeJSON decodes a document with numbers kept as json.Number.
func decodeJSON(data []byte) (any, error) {
	d := json.NewDecoder(bytes.NewReader(data))
	d.UseNumber()
	var v any
	if err := d.Decode(&v); err != nil {
		return nil, err
	}
	return v, nil
}

// jsonDiffs returns the paths where two decoded documents differ: a key
// only one of them has, values of different kinds, unequal scalars
// (numbers compared by value: 1.0 equals 1), arrays of different length.
func jsonDiffs(a, b any, at docPath) []docPath {
	switch a := a.(type) {
	case map[string]any:
		bm, ok := b.(map[string]any)
		if !ok {
			return []docPath{at}
		}
		keys := map[string]bool{}
		for k := range a {
			keys[k] = true
		}
		for k := range bm {
			keys[k] = true
		}
		var sorted []string
		for k := range keys {
			sorted = append(sorted, k)
		}
		sort.Strings(sorted)
		var out []docPath
		for _, k := range sorted {
			av, aok := a[k]
			bv, bok := bm[k]
			p := at.with(pathToken{key: k, isKey: true})
			if aok != bok {
				out = append(out, p)
				continue
			}
			out = append(out, jsonDiffs(av, bv, p)...)
		}
		return out
	case []any:
		bl, ok := b.([]any)
		if !ok || len(a) != len(bl) {
			return []docPath{at}
		}
		var out []docPath
		for i := range a {
			out = append(out, jsonDiffs(a[i], bl[i], at.with(pathToken{index: i}))...)
		}
		return out
	case json.Number:
		bn, ok := b.(json.Number)
		if !ok || !sameNumber(a, bn) {
			return []docPath{at}
		}
		return nil
	}
	if a != b {
		return []docPath{at}
	}
	return nil
}

// valueAt returns the value at p in a decoded document, or nil.
func valueAt(v any, p docPath) any {
	v, _ = lookupPath(v, p)
	return v
}

// lookupPath returns the value at p in a decoded document, and whether
// there is one (null included).
func lookupPath(v any, p docPath) (any, bool) {
	for _, t := range p {
		switch node := v.(type) {
		case map[string]any:
			x, ok := node[t.key]
			if !ok {
				return nil, false
			}
			v = x
		case []any:
			if t.index >= len(node) {
				return nil, false
			}
			v = node[t.index]
		default:
			return nil, false
		}
	}
	return v, true
}

// without returns a copy of a decoded document without the value at p (a
// non-empty path).
func without(v any, p docPath) any {
	switch node := v.(type) {
	case map[string]any:
		c := make(map[string]any, len(node))
		for k, x := range node {
			c[k] = x
		}
		if len(p) == 1 {
			delete(c, p[0].key)
		} else if x, ok := c[p[0].key]; ok {
			c[p[0].key] = without(x, p[1:])
		}
		return c
	case []any:
		c := append([]any(nil), node...)
		if p[0].index >= len(c) {
			return c
		}
		if len(p) == 1 {
			return append(c[:p[0].index], c[p[0].index+1:]...)
		}
		c[p[0].index] = without(c[p[0].index], p[1:])
		return c
	}
	return v
}

// marshalJSON encodes a decoded document.
func marshalJSON(v any) []byte {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err)
	}
	return b
}

// sameNumber compares two JSON numbers by value.
func sameNumber(a, b json.Number) bool {
	x, ok1 := new(big.Float).SetPrec(256).SetString(string(a))
	y, ok2 := new(big.Float).SetPrec(256).SetString(string(b))
	return ok1 && ok2 && x.Cmp(y) == 0
}

// pathAt returns the path of the deepest value (or object key) that starts
// at or before byte offset off of a document.
func pathAt(doc []byte, off int) docPath {
	d := json.NewDecoder(bytes.NewReader(doc))
	d.UseNumber()
	type frame struct {
		obj     bool
		n       int // items seen (arrays)
		key     string
		wantKey bool
	}
	var stack []*frame
	var best docPath
	current := func() docPath {
		var p docPath
		for _, f := range stack {
			if f.obj {
				p = append(p, pathToken{key: f.key, isKey: true})
			} else {
				p = append(p, pathToken{index: f.n - 1})
			}
		}
		return p
	}
	for {
		start := int(d.InputOffset())
		tok, err := d.Token()
		if err == io.EOF || err != nil {
			return best
		}
		// The token starts after any separator and space.
		for start < len(doc) && strings.ContainsRune(" \t\r\n,:", rune(doc[start])) {
			start++
		}
		if start > off {
			return best
		}
		var top *frame
		if len(stack) > 0 {
			top = stack[len(stack)-1]
		}
		if top != nil && top.obj && top.wantKey {
			if delim, ok := tok.(json.Delim); ok && delim == '}' {
				stack = stack[:len(stack)-1]
				continue
			}
			top.key, top.wantKey = tok.(string), false
			best = current()
			continue
		}
		if top != nil && !top.obj {
			if delim, ok := tok.(json.Delim); ok && delim == ']' {
				stack = stack[:len(stack)-1]
				continue
			}
			top.n++
		}
		best = current()
		if top != nil && top.obj {
			top.wantKey = true
		}
		if delim, ok := tok.(json.Delim); ok {
			switch delim {
			case '{':
				stack = append(stack, &frame{obj: true, wantKey: true})
			case '[':
				stack = append(stack, &frame{})
			}
		}
	}
}

// errorPosRe finds the "(line L:C)" position of a protojson error; C
// counts runes.
var errorPosRe = regexp.MustCompile(`\(line (\d+):(\d+)\)`)

// errorOffset reads the position of a protojson error as a byte offset
// into a one-line document, or -1.
func errorOffset(msg string, doc []byte) int {
	m := errorPosRe.FindStringSubmatch(msg)
	if m == nil || m[1] != "1" {
		return -1
	}
	col, _ := strconv.Atoi(m[2])
	runes := 0
	for i := range string(doc) {
		if runes == col-1 {
			return i
		}
		runes++
	}
	return len(doc)
}

// schemaIndex resolves the schema nodes that describe a place in a
// document, across the schema documents of a set, with their positions.
type schemaIndex struct {
	docs    map[string]*jsonschemaast.Value // by URL without fragment: the file, and every $id
	anchors map[string]*jsonschemaast.Value // by URL#anchor
	base    map[*jsonschemaast.Value]string // each schema node's base URL
}

// dataKeywords hold values, not schemas: an index does not look into them.
var dataKeywords = map[string]bool{"enum": true, "const": true, "examples": true, "example": true, "default": true, "required": true}

func newSchemaIndex() *schemaIndex {
	return &schemaIndex{docs: map[string]*jsonschemaast.Value{}, anchors: map[string]*jsonschemaast.Value{}, base: map[*jsonschemaast.Value]string{}}
}

// add indexes a schema document read from name, known by url.
func (ix *schemaIndex) add(url, name string, data []byte) error {
	v, err := jsonschemaast.ParseJSON(name, data)
	if err != nil {
		return err
	}
	ix.docs[url] = v
	ix.walk(v, url)
	return nil
}

func (ix *schemaIndex) walk(v *jsonschemaast.Value, base string) {
	switch v.Kind {
	case jsonschemaast.Object:
		for _, k := range []string{"$id", "id"} {
			if id := v.Get(k); id != nil && id.Kind == jsonschemaast.String {
				if u, err := resolveRef(base, id.Str); err == nil {
					frag := ""
					u, frag, _ = strings.Cut(u, "#")
					if frag != "" && !strings.HasPrefix(frag, "/") {
						ix.anchors[u+"#"+frag] = v
					} else {
						base = u
						ix.docs[u] = v
					}
				}
				break
			}
		}
		if a := v.Get("$anchor"); a != nil && a.Kind == jsonschemaast.String {
			ix.anchors[base+"#"+a.Str] = v
		}
		ix.base[v] = base
		for i, k := range v.Keys {
			if !dataKeywords[k] {
				ix.walk(v.Vals[i], base)
			}
		}
	case jsonschemaast.Array:
		for _, item := range v.Vals {
			ix.walk(item, base)
		}
	}
}

// resolveRef resolves ref against base.
func resolveRef(base, ref string) (string, error) {
	b, err := url.Parse(base)
	if err != nil {
		return "", err
	}
	r, err := url.Parse(ref)
	if err != nil {
		return "", err
	}
	return b.ResolveReference(r).String(), nil
}

// lookup returns the node a URL (with an optional fragment) names.
func (ix *schemaIndex) lookup(u string) *jsonschemaast.Value {
	doc, frag, _ := strings.Cut(u, "#")
	if frag != "" && !strings.HasPrefix(frag, "/") {
		return ix.anchors[doc+"#"+frag]
	}
	d := ix.docs[doc]
	if d == nil {
		return nil
	}
	if f, err := url.PathUnescape(frag); err == nil {
		frag = f
	}
	return d.Pointer(frag)
}

// expand returns a node with everything that applies to the same value:
// its $ref's target and its allOf, anyOf and oneOf branches, recursively.
func (ix *schemaIndex) expand(v *jsonschemaast.Value, seen map[*jsonschemaast.Value]bool) []*jsonschemaast.Value {
	if v == nil || seen[v] || v.Kind != jsonschemaast.Object && v.Kind != jsonschemaast.Bool {
		return nil
	}
	seen[v] = true
	out := []*jsonschemaast.Value{v}
	if v.Kind == jsonschemaast.Bool {
		return out
	}
	if r := v.Get("$ref"); r != nil && r.Kind == jsonschemaast.String {
		if u, err := resolveRef(ix.base[v], r.Str); err == nil {
			out = append(out, ix.expand(ix.lookup(u), seen)...)
		}
	}
	for _, k := range []string{"allOf", "anyOf", "oneOf"} {
		if list := v.Get(k); list != nil && list.Kind == jsonschemaast.Array {
			for _, item := range list.Vals {
				out = append(out, ix.expand(item, seen)...)
			}
		}
	}
	return out
}

// step returns the nodes that describe a child of values the nodes
// describe.
func (ix *schemaIndex) step(nodes []*jsonschemaast.Value, t pathToken) []*jsonschemaast.Value {
	var out []*jsonschemaast.Value
	seen := map[*jsonschemaast.Value]bool{}
	for _, n := range nodes {
		if t.isKey {
			found := false
			if p := n.Get("properties").Get(t.key); p != nil {
				out, found = append(out, ix.expand(p, seen)...), true
			}
			if pp := n.Get("patternProperties"); pp != nil && pp.Kind == jsonschemaast.Object {
				for i, pat := range pp.Keys {
					if re, err := regexp.Compile(pat); err != nil || re.MatchString(t.key) {
						out, found = append(out, ix.expand(pp.Vals[i], seen)...), true
					}
				}
			}
			if ap := n.Get("additionalProperties"); !found && ap != nil {
				out = append(out, ix.expand(ap, seen)...)
			}
			continue
		}
		if pi := n.Get("prefixItems"); pi != nil && pi.Kind == jsonschemaast.Array && t.index < len(pi.Vals) {
			out = append(out, ix.expand(pi.Vals[t.index], seen)...)
			continue
		}
		switch items := n.Get("items"); {
		case items == nil:
		case items.Kind == jsonschemaast.Array && t.index < len(items.Vals):
			out = append(out, ix.expand(items.Vals[t.index], seen)...)
		case items.Kind == jsonschemaast.Array:
			out = append(out, ix.expand(n.Get("additionalItems"), seen)...)
		default:
			out = append(out, ix.expand(items, seen)...)
		}
	}
	return out
}

// declares reports whether one of the nodes declares property key.
func declares(nodes []*jsonschemaast.Value, key string) bool {
	for _, n := range nodes {
		if n.Get("properties").Get(key) != nil {
			return true
		}
	}
	return false
}

// elementsNear lists the positions of the schemas a node gives its items
// or values (items, prefixItems, additionalProperties, patternProperties),
// and of their list items: where a warning about them is reported.
func elementsNear(n *jsonschemaast.Value) []string {
	var out []string
	for _, k := range []string{"items", "prefixItems", "additionalProperties", "patternProperties"} {
		v := n.Get(k)
		if v == nil {
			continue
		}
		out = append(out, posKey(v))
		if v.Kind == jsonschemaast.Array || v.Kind == jsonschemaast.Object && k == "patternProperties" {
			for _, item := range v.Vals {
				out = append(out, posKey(item))
			}
		}
	}
	return out
}

// near lists the positions of a node, of its keywords' values and of the
// items of its list-valued keywords (enum strings, type names, branches):
// where a warning about the node is reported.
func near(n *jsonschemaast.Value) []string {
	out := []string{posKey(n)}
	for i, k := range n.Keys {
		v := n.Vals[i]
		out = append(out, posKey(v))
		if v.Kind == jsonschemaast.Array && (k == "enum" || k == "type" || k == "oneOf" || k == "anyOf" || k == "items" || k == "prefixItems") {
			for _, item := range v.Vals {
				out = append(out, posKey(item))
			}
		}
	}
	return out
}

// posKey names a position by file base name, line and column.
func posKey(v *jsonschemaast.Value) string {
	return fmt.Sprintf("%s:%d:%d", path.Base(v.Pos.File), v.Pos.Line, v.Pos.Col)
}

// diffKind says how a document differs at a place after a round trip.
type diffKind int

// The kinds of differences.
const (
	// diffRefused: the client refused to read or write the document.
	diffRefused diffKind = iota
	// diffMissing: the place is in the input, not in the output.
	diffMissing
	// diffAdded: the place is in the output, not in the input.
	diffAdded
	// diffChanged: the place holds another value.
	diffChanged
)

// String names a kind as the tests print it.
func (k diffKind) String() string {
	return [...]string{"refused", "left out", "added", "changed"}[k]
}

// kindOf classifies a difference at p between a document and its round
// trip.
func kindOf(in, out any, p docPath) diffKind {
	inHas, outHas := has(in, p), has(out, p)
	switch {
	case inHas && !outHas:
		return diffMissing
	case !inHas && outHas:
		return diffAdded
	}
	return diffChanged
}

// has reports whether a decoded document has a value (null included) at
// p.
func has(v any, p docPath) bool {
	_, ok := lookupPath(v, p)
	return ok
}

// warnings are a conversion's warnings that explain differences, by
// position: each with the kinds of difference its rule explains.
type warnings struct {
	at map[string][]ruleEffect
	// openFiles holds the documents with an open-object warning, by base
	// name; untypedFiles those with an untyped-object warning.
	openFiles, untypedFiles map[string]bool
}

// ruleEffect is what the warning of a rule explains.
type ruleEffect struct {
	rule       string
	kinds      []diffKind
	structural bool // reshapes a value: explains its descendants too
}

// explainsAt reports whether a warning at position at explains a
// difference of kind k (only a structural one when structural is set).
func (w *warnings) explainsAt(at string, k diffKind, structural bool) bool {
	for _, e := range w.at[at] {
		if structural && !e.structural {
			continue
		}
		for _, kind := range e.kinds {
			if kind == k {
				return true
			}
		}
	}
	return false
}

// explains reports whether a warning explains a difference of kind k at p
// in a document of the schema node root: a warning near a node that
// describes the value at p (or, when p names nothing the schema declares,
// at the deepest place it does), a warning about the items or values of
// its parent, a structural warning near a node on the way there, or, for a
// property no schema declares, the open-object warning of its document.
func (ix *schemaIndex) explains(root *jsonschemaast.Value, p docPath, k diffKind, w *warnings) bool {
	nodes := ix.expand(root, map[*jsonschemaast.Value]bool{})
	var way [][]*jsonschemaast.Value
	for i, t := range p {
		next := ix.step(nodes, t)
		if i == len(p)-1 && t.isKey && !declares(nodes, t.key) {
			// A property no schema declares: its object's open-object
			// warning (at the object's keywords), or its document's for
			// objects open by default.
			for _, n := range nodes {
				if w.openFiles[path.Base(n.Pos.File)] && (k == diffRefused || k == diffMissing) {
					return true
				}
				for _, at := range near(n) {
					if w.explainsAt(at, k, false) {
						return true
					}
				}
				if k != diffAdded {
					continue
				}
				// A key the client writes in place of a declared one
				// (a field renamed): the rename's warning at that
				// property.
				if props := n.Get("properties"); props != nil {
					for _, pv := range props.Vals {
						for _, at := range near(pv) {
							if w.explainsAt(at, k, false) {
								return true
							}
						}
					}
				}
			}
		}
		if len(next) == 0 {
			break
		}
		way = append(way, nodes)
		nodes = next
	}
	for _, n := range nodes {
		for _, at := range near(n) {
			if w.explainsAt(at, k, false) {
				return true
			}
		}
	}
	for i, level := range way {
		parent := i == len(way)-1
		for _, n := range level {
			for _, at := range near(n) {
				if w.explainsAt(at, k, true) {
					return true
				}
			}
			if !parent {
				continue
			}
			for _, at := range elementsNear(n) {
				if w.explainsAt(at, k, false) {
					return true
				}
			}
		}
	}
	return false
}
