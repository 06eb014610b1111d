package jsonschemaast

import (
	"fmt"
	neturl "net/url"
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

// deref follows $refs (and one-element allOf wrappers of a $ref).
func (fs *fileState) deref(v *Value) (*located, error) {
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

// resolve finds the schema a $ref names: in this document (in an
// embedded resource when base is one's $id), or in another one by
// relative path, $id or the ref map. base is the URL the $ref resolves
// against; empty means the document's.
func (fs *fileState) resolve(ref, base string) (*located, error) {
	if base == "" {
		base = fs.d.url
		if fs.d.id != "" {
			base = fs.d.id
		}
	}
	abs, err := resolveURL(base, ref)
	if err != nil {
		return nil, fmt.Errorf("bad $ref %q: %v", ref, err)
	}
	docURL, frag, _ := strings.Cut(abs, "#")
	if res := fs.dec.ld.index(fs.d).resources[docURL]; res != nil {
		// A $ref into an embedded resource (a schema with an $id of its
		// own): its fragment is a pointer within that resource.
		at := findSchema(fs.d.root, "", func(v *Value) bool { return v == res })
		if unescaped, err := neturl.PathUnescape(frag); err == nil {
			frag = unescaped
		}
		if frag == "" || !strings.HasPrefix(frag, "/") {
			return &located{fs: fs, ptr: at.ptr, v: res}, nil
		}
		v := res.Pointer(frag)
		if v == nil {
			return nil, fmt.Errorf("$ref %s: nothing at %s in %s", ref, frag, docURL)
		}
		return &located{fs: fs, ptr: at.ptr + frag, v: v}, nil
	}
	var d *doc
	if docURL == fs.d.url || docURL == fs.d.id {
		d = fs.d
	} else if known, ok := fs.dec.ld.docs[docURL]; ok {
		d = known
	} else if p, ok := urlPath(docURL); ok {
		if d, err = fs.dec.ld.doc(p); err != nil {
			return nil, err
		}
	} else if p, ok := fs.dec.ld.remote(docURL); ok {
		if d, err = fs.dec.ld.doc(p); err != nil {
			return nil, err
		}
	} else {
		return nil, fmt.Errorf("remote $ref %s is not fetched: map its prefix to a local folder with --ref-map PREFIX=DIR", docURL)
	}
	target := fs.dec.fileOf(d, "")
	if target != fs {
		target.root()
	}
	if unescaped, err := neturl.PathUnescape(frag); err == nil {
		frag = unescaped
	}
	if frag != "" && !strings.HasPrefix(frag, "/") {
		if a := findSchema(d.root, "", func(v *Value) bool {
			if anchor, ok := keyword(v, "$anchor"); ok && anchor == frag {
				return true
			}
			// Drafts 4 to 7 name an anchor with an $id (id) of "#name".
			for _, k := range []string{"$id", "id"} {
				if id, ok := keyword(v, k); ok && id == "#"+frag {
					return true
				}
			}
			return false
		}); a != nil {
			return &located{fs: target, ptr: a.ptr, v: a.v}, nil
		}
		return nil, fmt.Errorf("$ref %s: no anchor %q", ref, frag)
	}
	v := d.root.Pointer(frag)
	if v == nil {
		return nil, fmt.Errorf("$ref %s: nothing at %s", ref, frag)
	}
	return &located{fs: target, ptr: frag, v: v}, nil
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
				fs.importFile(other)
			}
		}
	}
	fs.importTypes(t.Key)
	fs.importTypes(t.Elem)
}

// importFile records that this file uses declarations of another one.
func (fs *fileState) importFile(other *fileState) {
	if other == fs {
		return
	}
	for _, imp := range fs.f.Imports {
		if imp.File == other.f {
			return
		}
	}
	fs.f.Imports = append(fs.f.Imports, &schema.Import{Path: other.f.Path, File: other.f})
}
