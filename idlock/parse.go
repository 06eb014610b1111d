package idlock

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/idlconv/idlconv/schema"
)

// Parse reads a lock file; name names it in errors. Anything but the
// layout Marshal writes (unknown keys, IDs that are not positive
// integers, an ID given to two fields of a type or both used and
// retired, git's conflict markers) is an *Error at its line and column,
// with what to do: a hand-edited lock must be fixed, or deleted to start
// again, and a merged one resolved, before anything is written.
//
// It reads the file token by token into the lock (positions are worked
// out only for an error), so that a large lock takes little more memory
// than the Lock it gives.
func Parse(name string, src []byte) (*Lock, error) {
	if line, marker, ok := conflictAt(src); ok {
		return nil, &Error{Pos: schema.Pos{File: name, Line: line, Col: 1, EndLine: line, EndCol: 1 + len(marker)},
			Msg: "the lock holds a merge conflict (" + marker + ")", Hint: conflictHint}
	}
	if bytes.HasPrefix(src, []byte("\xef\xbb\xbf")) {
		// A byte order mark; spaces keep every offset.
		src = append([]byte("   "), src[3:]...)
	}
	p := &parser{name: name, src: src, dec: json.NewDecoder(bytes.NewReader(src))}
	p.dec.UseNumber()
	l := New()
	err := p.object("the lock", func(key string, off int) error {
		switch key {
		case "version":
			tok, off, err := p.token()
			if err != nil {
				return err
			}
			if n, ok := tok.(json.Number); !ok || n != "1" {
				return p.errorf(off, "version must be 1")
			}
		case "types":
			return p.object("types", func(typ string, off int) error {
				t, err := p.typ()
				l.Types[typ] = t
				return err
			})
		default:
			return p.errorf(p.next(), "unknown key %q (known: version, types)", key)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	if _, err := p.dec.Token(); err != io.EOF {
		return nil, p.errorf(p.next(), "not valid JSON: unexpected data after the lock's object")
	}
	return l, nil
}

// parser reads a lock file's tokens.
type parser struct {
	name string
	src  []byte
	dec  *json.Decoder
}

// next is the byte offset where the next token starts.
func (p *parser) next() int {
	off := int(p.dec.InputOffset())
	for off < len(p.src) && strings.IndexByte(" \t\r\n,:", p.src[off]) >= 0 {
		off++
	}
	return off
}

// token reads the next token and says where it starts; JSON that is not
// valid is an error at the start of the token that is not.
func (p *parser) token() (json.Token, int, error) {
	off := p.next()
	tok, err := p.dec.Token()
	if err == nil {
		return tok, off, nil
	}
	var se *json.SyntaxError
	switch {
	case errors.As(err, &se):
		return nil, off, p.errorf(off, "not valid JSON: %v", se)
	case err == io.EOF:
		return nil, off, p.errorf(off, "not valid JSON: the file ends before the lock does")
	}
	return nil, off, p.errorf(off, "not valid JSON: %v", err)
}

// errorf is an *Error at the token that starts at the byte offset off.
func (p *parser) errorf(off int, format string, args ...any) error {
	lines := schema.NewLines(p.name, p.src)
	return &Error{Pos: lines.Pos(off, tokenEnd(p.src, off)), Msg: fmt.Sprintf(format, args...), Hint: fixHint}
}

// object reads an object, calling fn with each key (each once) and the
// offset of its value, which fn reads.
func (p *parser) object(what string, fn func(key string, off int) error) error {
	tok, off, err := p.token()
	if err != nil {
		return err
	}
	if tok != json.Delim('{') {
		return p.errorf(off, "%s must be an object", what)
	}
	seen := map[string]bool{}
	for p.dec.More() {
		kt, koff, err := p.token()
		if err != nil {
			return err
		}
		key, ok := kt.(string)
		if !ok {
			return p.errorf(koff, "not valid JSON: an object key must be a string")
		}
		if seen[key] {
			return p.errorf(koff, "key %q is given twice", key)
		}
		seen[key] = true
		if err := fn(key, p.next()); err != nil {
			return err
		}
	}
	_, _, err = p.token()
	return err
}

// use is what took an ID of a type, for the message when another does.
type use struct {
	name string
	kind int // useField, useThrift, useValue or useRetired
}

const (
	useField = iota
	useThrift
	useValue
	useRetired
)

func (u use) String() string {
	switch u.kind {
	case useField:
		return "the field " + u.name + "'s"
	case useThrift:
		return "the field " + u.name + "'s Thrift ID"
	case useValue:
		return "the value " + u.name + "'s"
	}
	return "retired"
}

// typ reads a type's entry.
func (p *parser) typ() (*Type, error) {
	t := &Type{}
	// The IDs taken so far, of fields (and their Thrift IDs) and of enum
	// values apart; enum values may share a number (aliases).
	var fields, values map[int64]use
	take := func(off int, enum bool, id int64, u use) error {
		m := &fields
		if enum {
			m = &values
		}
		if *m == nil {
			*m = map[int64]use{}
		}
		if prev, dup := (*m)[id]; dup && !(u.kind == useValue && prev.kind == useValue) {
			return p.errorf(off, "ID %d is %s and %s", id, prev, u)
		}
		(*m)[id] = u
		return nil
	}
	err := p.object("a type", func(key string, _ int) error {
		switch key {
		case "thrift_ids":
			return p.object(key, func(name string, off int) error {
				id, err := p.number(true)
				if err != nil {
					return err
				}
				if id < 1 || id > maxThriftID {
					return p.errorf(off, "%d is not a Thrift field ID from 1 to 32767", id)
				}
				if t.ThriftIDs == nil {
					t.ThriftIDs = map[string]int{}
				}
				t.ThriftIDs[name] = int(id)
				return take(off, false, id, use{name, useThrift})
			})
		case "fields", "values":
			return p.object(key, func(name string, off int) error {
				id, err := p.number(key == "fields")
				if err != nil {
					return err
				}
				if key == "fields" {
					if t.Fields == nil {
						t.Fields = map[string]int{}
					}
					t.Fields[name] = int(id)
					return take(off, false, id, use{name, useField})
				}
				if t.Values == nil {
					t.Values = map[string]int64{}
				}
				t.Values[name] = id
				return take(off, true, id, use{name, useValue})
			})
		case "retired", "retired_values":
			tok, off, err := p.token()
			if err != nil {
				return err
			}
			if tok != json.Delim('[') {
				return p.errorf(off, "%s must be a list of IDs", key)
			}
			for p.dec.More() {
				off := p.next()
				id, err := p.number(key == "retired")
				if err != nil {
					return err
				}
				if key == "retired" {
					t.Retired = append(t.Retired, int(id))
				} else {
					t.RetiredValues = append(t.RetiredValues, id)
				}
				if err := take(off, key == "retired_values", id, use{kind: useRetired}); err != nil {
					return err
				}
			}
			_, _, err = p.token()
			return err
		default:
			return p.errorf(p.next(), "unknown key %q in a type (known: fields, thrift_ids, retired, values, retired_values)", key)
		}
	})
	return t, err
}

// number reads an integer: a field ID is not 0 and fits Thrift's negative
// IDs and proto's largest number; an enum number is an int32.
func (p *parser) number(field bool) (int64, error) {
	tok, off, err := p.token()
	if err != nil {
		return 0, err
	}
	num, ok := tok.(json.Number)
	if !ok {
		return 0, p.errorf(off, "expected an integer")
	}
	n, err := strconv.ParseInt(string(num), 10, 64)
	switch {
	case field && (err != nil || n == 0 || n < -32768 || n > maxProtoID):
		return 0, p.errorf(off, "%s is not a field ID (an integer from -32768 to 536870911, not 0)", num)
	case !field && (err != nil || n < math.MinInt32 || n > math.MaxInt32):
		return 0, p.errorf(off, "%s is not an enum number (a 32-bit integer)", num)
	}
	return n, nil
}

// tokenEnd is the byte offset just after the JSON token that starts at
// src[off] (a string ends at its closing quote or before the end of its
// line), or off itself at white space and at the end of src.
func tokenEnd(src []byte, off int) int {
	if off < 0 || off >= len(src) {
		return off
	}
	switch c := src[off]; {
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
	case c == '-' || c == '.' || c == '+' || c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z':
		i := off + 1
		for i < len(src) && (src[i] == '.' || src[i] >= '0' && src[i] <= '9' || src[i] >= 'a' && src[i] <= 'z' || src[i] >= 'A' && src[i] <= 'Z' ||
			(src[i] == '-' || src[i] == '+') && (src[i-1] == 'e' || src[i-1] == 'E')) {
			i++
		}
		return i
	}
	_, size := utf8.DecodeRune(src[off:])
	return off + size
}
