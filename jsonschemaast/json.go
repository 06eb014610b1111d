package jsonschemaast

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/idlconv/idlconv/schema"
)

// Kind is the kind of a JSON value.
type Kind int

// The JSON value kinds.
const (
	Null Kind = iota
	Bool
	Number
	String
	Array
	Object
)

// Value is a JSON value that keeps the order of object keys and the
// position of every value: the one token pass over the raw document that
// the JSON Schema library (which uses Go maps) cannot give.
type Value struct {
	Kind Kind
	Pos  schema.Pos
	Bool bool
	// Num is a number's literal text.
	Num  string
	Str  string
	Keys []string
	// Vals holds object values (parallel to Keys) or array items.
	Vals []*Value
	// index maps the keys of a large object to their position; it is
	// rebuilt when it no longer has as many keys as Keys.
	index map[string]int
}

// indexFrom is the number of keys from which an object is looked up
// through an index instead of a scan.
const indexFrom = 32

// find returns the position of key in an object, or -1.
func (v *Value) find(key string) int {
	if len(v.Keys) < indexFrom {
		for i, k := range v.Keys {
			if k == key {
				return i
			}
		}
		return -1
	}
	if len(v.index) != len(v.Keys) {
		v.index = make(map[string]int, len(v.Keys))
		for i, k := range v.Keys {
			v.index[k] = i
		}
	}
	if i, ok := v.index[key]; ok && i < len(v.Keys) && v.Keys[i] == key {
		return i
	}
	return -1
}

// Get returns the value of key in an object, or nil.
func (v *Value) Get(key string) *Value {
	if v == nil || v.Kind != Object {
		return nil
	}
	if i := v.find(key); i >= 0 {
		return v.Vals[i]
	}
	return nil
}

// Has reports whether an object has key.
func (v *Value) Has(key string) bool { return v.Get(key) != nil }

// Set adds or replaces key in an object, keeping the first position.
func (v *Value) Set(key string, val *Value) *Value {
	if i := v.find(key); i >= 0 {
		v.Vals[i] = val
		return v
	}
	v.Keys = append(v.Keys, key)
	v.Vals = append(v.Vals, val)
	if v.index != nil {
		v.index[key] = len(v.Keys) - 1
	}
	return v
}

// Pointer resolves a JSON pointer ("/a/0/b", or "" for v itself).
func (v *Value) Pointer(ptr string) *Value {
	if ptr == "" {
		return v
	}
	if !strings.HasPrefix(ptr, "/") {
		return nil
	}
	cur := v
	for _, tok := range strings.Split(ptr[1:], "/") {
		tok = strings.ReplaceAll(strings.ReplaceAll(tok, "~1", "/"), "~0", "~")
		switch {
		case cur == nil:
			return nil
		case cur.Kind == Object:
			cur = cur.Get(tok)
		case cur.Kind == Array:
			i, err := strconv.Atoi(tok)
			if err != nil || i < 0 || i >= len(cur.Vals) {
				return nil
			}
			cur = cur.Vals[i]
		default:
			return nil
		}
	}
	return cur
}

// NewObject returns an empty object.
func NewObject() *Value { return &Value{Kind: Object} }

// NewString returns a string value.
func NewString(s string) *Value { return &Value{Kind: String, Str: s} }

// NewInt returns an integer value.
func NewInt(n int64) *Value { return &Value{Kind: Number, Num: strconv.FormatInt(n, 10)} }

// NewNumber returns a number from its literal text.
func NewNumber(lit string) *Value { return &Value{Kind: Number, Num: lit} }

// NewBool returns a boolean value.
func NewBool(b bool) *Value { return &Value{Kind: Bool, Bool: b} }

// NewArray returns an array of items.
func NewArray(items ...*Value) *Value { return &Value{Kind: Array, Vals: items} }

// NewStrings returns an array of strings.
func NewStrings(ss ...string) *Value {
	a := &Value{Kind: Array}
	for _, s := range ss {
		a.Vals = append(a.Vals, NewString(s))
	}
	return a
}

// ParseJSON reads one JSON document, recording positions (1-based
// line:col in bytes) under name.
func ParseJSON(name string, src []byte) (*Value, error) {
	if bytes.HasPrefix(src, []byte("\xef\xbb\xbf")) {
		// A byte order mark, accepted as in Thrift and proto input; spaces
		// keep every offset.
		src = append([]byte("   "), src[3:]...)
	}
	p := &jsonParser{src: src, dec: json.NewDecoder(bytes.NewReader(src)), lines: schema.NewLines(name, src)}
	p.dec.UseNumber()
	v, err := p.value(0)
	if err != nil {
		return nil, err
	}
	if _, err := p.dec.Token(); err != io.EOF {
		return nil, p.errorf(p.nextOffset(), "unexpected data after the JSON document")
	}
	return v, nil
}

// PositionError is a JSON syntax error at a position.
type PositionError struct {
	Pos schema.Pos
	Msg string
}

func (e *PositionError) Error() string { return e.Pos.String() + ": " + e.Msg }

type jsonParser struct {
	src   []byte
	dec   *json.Decoder
	lines *schema.Lines // of src
}

// pos is the position of the token that starts at the byte offset off,
// with its end: a string, a number, true, false or null, else one
// character (a bracket, or what is not JSON there).
func (p *jsonParser) pos(off int) schema.Pos {
	return p.lines.Pos(off, tokenEnd(p.src, off))
}

// tokenEnd is the byte offset just after the JSON token that starts at
// src[off] (a string ends at its closing quote or before the end of its
// line), or off itself at white space and at the end of src.
func tokenEnd(src []byte, off int) int {
	if off < 0 || off >= len(src) {
		return off
	}
	c := src[off]
	switch {
	case c == ' ' || c == '\t' || c == '\r' || c == '\n':
		return off
	case c == '"':
		for i := off + 1; i < len(src) && src[i] != '\n'; i++ {
			switch src[i] {
			case '\\':
				i++
			case '"':
				return i + 1
			}
		}
		if i := bytes.IndexByte(src[off:], '\n'); i >= 0 {
			return off + i
		}
		return len(src)
	case c == '-' || isLiteralByte(c):
		i := off + 1
		for i < len(src) && (isLiteralByte(src[i]) || (src[i] == '-' || src[i] == '+') && (src[i-1] == 'e' || src[i-1] == 'E')) {
			i++
		}
		return i
	}
	_, size := utf8.DecodeRune(src[off:])
	return off + size
}

// isLiteralByte reports whether c can be part of a number (after its
// sign) or of true, false and null (or of a misspelling of them).
func isLiteralByte(c byte) bool {
	return c == '.' || c == '_' || c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
}

// nextOffset is where the next token starts.
func (p *jsonParser) nextOffset() int {
	off := int(p.dec.InputOffset())
	for off < len(p.src) && strings.IndexByte(" \t\r\n,:", p.src[off]) >= 0 {
		off++
	}
	return off
}

func (p *jsonParser) errorf(off int, format string, args ...any) error {
	return &PositionError{Pos: p.pos(off), Msg: fmt.Sprintf(format, args...)}
}

// syntaxOffset is the byte offset of the syntax error in the value that
// starts at off. json.Decoder.Token counts the offset of an error inside
// a value from elsewhere than the start of the document, so the value is
// read again on its own, where the offset counts from its start.
func (p *jsonParser) syntaxOffset(off int) int {
	var v any
	var se *json.SyntaxError
	if err := json.NewDecoder(bytes.NewReader(p.src[off:])).Decode(&v); errors.As(err, &se) && se.Offset > 0 {
		return off + int(se.Offset) - 1
	}
	return off
}

// MaxJSONDepth is how deeply arrays and objects may nest in a JSON
// document; deeper is a positioned syntax error, where the recursion of
// every later phase would otherwise grow without bound. A schema object
// with properties takes two levels a property, so this allows 5000 nested
// objects or 10000 nested arrays: real schemas nest a few dozen, and a
// Thrift container nested as deep as thriftast.MaxNesting allows becomes
// a JSON Schema about 2000 levels deep, which must read back. Every phase
// takes time linear in the depth (docs/robustness.md).
const MaxJSONDepth = 10000

func (p *jsonParser) value(depth int) (*Value, error) {
	off := p.nextOffset()
	if depth > MaxJSONDepth {
		return nil, p.errorf(off, "JSON nested more than %d deep", MaxJSONDepth)
	}
	tok, err := p.dec.Token()
	if err != nil {
		var se *json.SyntaxError
		if errors.As(err, &se) {
			return nil, p.errorf(p.syntaxOffset(off), "invalid JSON: %v", se)
		}
		if err == io.EOF {
			return nil, p.errorf(off, "unexpected end of the JSON document")
		}
		return nil, p.errorf(off, "invalid JSON: %v", err)
	}
	v := &Value{Pos: p.pos(off)}
	switch t := tok.(type) {
	case json.Delim:
		switch t {
		case '{':
			v.Kind = Object
			seen := map[string]bool{}
			for p.dec.More() {
				koff := p.nextOffset()
				kt, err := p.dec.Token()
				if err != nil {
					return nil, p.errorf(koff, "invalid JSON object key: %v", err)
				}
				key, ok := kt.(string)
				if !ok {
					return nil, p.errorf(koff, "invalid JSON object key")
				}
				val, err := p.value(depth + 1)
				if err != nil {
					return nil, err
				}
				if seen[key] {
					return nil, p.errorf(koff, "duplicate key %q", key)
				}
				seen[key] = true
				v.Keys = append(v.Keys, key)
				v.Vals = append(v.Vals, val)
			}
		case '[':
			v.Kind = Array
			for p.dec.More() {
				item, err := p.value(depth + 1)
				if err != nil {
					return nil, err
				}
				v.Vals = append(v.Vals, item)
			}
		}
		if _, err := p.dec.Token(); err != nil {
			return nil, p.errorf(p.nextOffset(), "invalid JSON: %v", err)
		}
	case string:
		v.Kind, v.Str = String, t
	case json.Number:
		v.Kind, v.Num = Number, t.String()
	case bool:
		v.Kind, v.Bool = Bool, t
	case nil:
		v.Kind = Null
	}
	return v, nil
}

// Any converts v to the Go value encoding/json would produce (with
// json.Number numbers), for the JSON Schema library.
func (v *Value) Any() any {
	switch v.Kind {
	case Bool:
		return v.Bool
	case Number:
		return json.Number(v.Num)
	case String:
		return v.Str
	case Array:
		out := make([]any, len(v.Vals))
		for i, item := range v.Vals {
			out[i] = item.Any()
		}
		return out
	case Object:
		out := make(map[string]any, len(v.Keys))
		for i, k := range v.Keys {
			out[k] = v.Vals[i].Any()
		}
		return out
	}
	return nil
}

// quoteJSON quotes s as a JSON string, without escaping <, > and &.
func quoteJSON(s string) string {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(s)
	return strings.TrimSuffix(b.String(), "\n")
}

// Print writes v as indented JSON, keys in their order, with a final
// newline: one canonical layout. Indentation stops growing at
// MaxPrintIndent levels, so that the output of a document nested d deep
// grows linearly with d, not with its square.
func Print(v *Value) []byte {
	var b bytes.Buffer
	printValue(&b, v, 0)
	b.WriteByte('\n')
	return b.Bytes()
}

// MaxPrintIndent is the deepest level Print indents; deeper levels are
// written at that indentation.
const MaxPrintIndent = 64

// maxPad is the indentation of MaxPrintIndent levels.
var maxPad = strings.Repeat("  ", MaxPrintIndent)

func printValue(b *bytes.Buffer, v *Value, indent int) {
	indent = min(indent, MaxPrintIndent-1)
	pad := maxPad[:2*indent]
	switch v.Kind {
	case Null:
		b.WriteString("null")
	case Bool:
		b.WriteString(strconv.FormatBool(v.Bool))
	case Number:
		b.WriteString(v.Num)
	case String:
		b.WriteString(quoteJSON(v.Str))
	case Array:
		if len(v.Vals) == 0 {
			b.WriteString("[]")
			return
		}
		simple := true
		for _, item := range v.Vals {
			if item.Kind == Array || item.Kind == Object {
				simple = false
			}
		}
		if simple {
			b.WriteByte('[')
			for i, item := range v.Vals {
				if i > 0 {
					b.WriteString(", ")
				}
				printValue(b, item, indent)
			}
			b.WriteByte(']')
			return
		}
		b.WriteString("[\n")
		for i, item := range v.Vals {
			b.WriteString(pad + "  ")
			printValue(b, item, indent+1)
			if i < len(v.Vals)-1 {
				b.WriteByte(',')
			}
			b.WriteByte('\n')
		}
		b.WriteString(pad + "]")
	case Object:
		if len(v.Keys) == 0 {
			b.WriteString("{}")
			return
		}
		b.WriteString("{\n")
		for i, k := range v.Keys {
			b.WriteString(pad + "  ")
			b.WriteString(quoteJSON(k))
			b.WriteString(": ")
			printValue(b, v.Vals[i], indent+1)
			if i < len(v.Keys)-1 {
				b.WriteByte(',')
			}
			b.WriteByte('\n')
		}
		b.WriteString(pad + "}")
	}
}
