package jsonschemaast

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/idlconv/idlconv/schema"
)

// located is a schema with the document and pointer it lives at.
type located struct {
	fs  *fileState
	ptr string
	v   *Value
}

// derefKey is a schema of a document, as deref's memo holds it.
type derefKey struct {
	fs *fileState
	v  *Value
}

// derefResult is what deref returned.
type derefResult struct {
	loc *located
	err error
}

// deref follows $refs (and one-element allOf wrappers of a $ref). Each
// schema's is found once (the decoder's derefs): the checks that follow
// $refs ask again for the same schemas, and resolving a $ref parses
// URLs.
func (fs *fileState) deref(v *Value) (*located, error) {
	k := derefKey{fs, v}
	if r, ok := fs.dec.derefs[k]; ok {
		return r.loc, r.err
	}
	loc, err := fs.derefOnce(v)
	fs.dec.derefs[k] = derefResult{loc, err}
	return loc, err
}

func (fs *fileState) derefOnce(v *Value) (*located, error) {
	cur := &located{fs: fs, v: v}
	for i := 0; i < 64; i++ {
		r := cur.v.Get("$ref")
		if r == nil || r.Kind != String {
			return cur, nil
		}
		next, err := cur.fs.resolve(r.Str, cur.fs.dec.ld.index(cur.fs.d).bases[cur.v])
		if err != nil {
			return nil, err
		}
		cur = next
	}
	return nil, fmt.Errorf("$ref chain too long")
}

// resolve finds the schema a $ref names (loader.locate) and makes sure
// the declarations of its document are made. base is the URL the $ref
// resolves against; empty means the document's.
func (fs *fileState) resolve(ref, base string) (*located, error) {
	loc, err := fs.dec.ld.locate(fs.d, base, ref)
	if err != nil {
		return nil, err
	}
	target := fs.dec.fileOf(loc.doc, "")
	if target != fs {
		target.root()
	}
	return &located{fs: target, ptr: loc.ptr, v: loc.v}, nil
}

type found struct {
	ptr string
	v   *Value
}

// findSchema walks v depth-first, in document order, and returns the
// first value match accepts, with its JSON pointer (ptr is v's own).
func findSchema(v *Value, ptr string, match func(*Value) bool) *found {
	if v == nil {
		return nil
	}
	if match(v) {
		return &found{ptr, v}
	}
	for i, c := range v.Vals {
		seg := strconv.Itoa(i)
		if v.Kind == Object {
			seg = escapePointer(v.Keys[i])
		}
		if f := findSchema(c, ptr+"/"+seg, match); f != nil {
			return f
		}
	}
	return nil
}

// keyword returns the string value of an object's keyword, or "".
func keyword(v *Value, key string) (string, bool) {
	if v.Kind != Object {
		return "", false
	}
	k := v.Get(key)
	if k == nil || k.Kind != String {
		return "", false
	}
	return k.Str, true
}

func escapePointer(s string) string {
	return strings.ReplaceAll(strings.ReplaceAll(s, "~", "~0"), "/", "~1")
}

// importTypes imports the files that declare the named types in t.
func (fs *fileState) importTypes(t *schema.Type) {
	if t == nil {
		return
	}
	if t.Kind == schema.TypeNamed && t.DeclFile != nil && t.DeclFile != fs.f {
		for _, other := range fs.dec.order {
			if other.f == t.DeclFile {
				fs.importFile(other, t.Pos)
			}
		}
	}
	fs.importTypes(t.Key)
	fs.importTypes(t.Elem)
}

// importFile records that this file uses declarations of another one,
// first at pos (the $ref), where the import is placed.
func (fs *fileState) importFile(other *fileState, pos schema.Pos) {
	if other == fs {
		return
	}
	for _, imp := range fs.f.Imports {
		if imp.File == other.f {
			return
		}
	}
	fs.f.Imports = append(fs.f.Imports, &schema.Import{Pos: pos, Path: other.f.Path, File: other.f})
}
