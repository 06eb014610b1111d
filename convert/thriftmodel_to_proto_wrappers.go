package convert

import (
	"encoding/binary"
	"hash/fnv"
	"strconv"
	"strings"

	"github.com/idlconv/idlconv/internal/ident"
	"github.com/idlconv/idlconv/schema"
	"github.com/idlconv/idlconv/thriftast"
)

// maxShapeName is the longest name of a wrapper or entry message that is
// spelled out in full (ListOfMapOfStringToI32). A longer one, from
// containers nested dozens deep, keeps its first maxShapeName-9 bytes and
// ends in '_' and eight hex digits of a hash of the whole shape
// (docs/mapping.md), so that names, and the output, grow linearly with
// the nesting depth.
const maxShapeName = 100

// maxSpelledType is the longest spelling of a Thrift type in a wrapper's
// comment, its marker and the warnings about it; a longer one is cut and
// ends in "...".
const maxSpelledType = 200

// shape is what a Thrift type node's shape is known by.
type shape struct {
	// key identifies the shape exactly and is short: a container's
	// elements appear in it by the number the index gave their shape.
	key string
	// hash is a hash of the whole shape, from the hashes of its parts,
	// whatever order the shapes were met in.
	hash uint64
}

// shapeIndex gives each type node its shape once, so that naming the
// wrappers of a container nested d deep takes time linear in d.
type shapeIndex struct {
	ids   map[string]int
	nodes map[*schema.Type]shape
}

func newShapeIndex() *shapeIndex {
	return &shapeIndex{ids: map[string]int{}, nodes: map[*schema.Type]shape{}}
}

// of returns the shape of t, typedefs inlined.
func (x *shapeIndex) of(t *schema.Type) shape {
	t = derefTypedef(t)
	if sh, ok := x.nodes[t]; ok {
		return sh
	}
	h := fnv.New64a()
	var key string
	switch t.Kind {
	case schema.TypeList, schema.TypeSet:
		elem := x.of(t.Elem)
		kind := "list"
		if t.Kind == schema.TypeSet {
			kind = "set"
		}
		key = kind + "<#" + strconv.Itoa(x.ids[elem.key]) + ">"
		h.Write([]byte(kind))
		h.Write(binary.BigEndian.AppendUint64(nil, elem.hash))
	case schema.TypeMap:
		k, v := x.of(t.Key), x.of(t.Elem)
		key = "map<#" + strconv.Itoa(x.ids[k.key]) + ",#" + strconv.Itoa(x.ids[v.key]) + ">"
		h.Write([]byte("map"))
		h.Write(binary.BigEndian.AppendUint64(nil, k.hash))
		h.Write(binary.BigEndian.AppendUint64(nil, v.hash))
	case schema.TypeNamed:
		key = t.Decl.DeclName()
		if t.DeclFile != nil {
			key = t.DeclFile.Path + "#" + key
		}
		h.Write([]byte(key))
	default:
		key = thriftTypeName(t)
		h.Write([]byte(key))
	}
	if _, ok := x.ids[key]; !ok {
		x.ids[key] = len(x.ids)
	}
	sh := shape{key: key, hash: h.Sum64()}
	x.nodes[t] = sh
	return sh
}

// name names the wrapper (suffix "") or entry message (suffix "Entry") of
// a type: ListOfString, MapOfStringToListOfI32, SetOfPerson,
// MapOfPointToStringEntry, cut to maxShapeName bytes with a hash.
func (x *shapeIndex) name(t *schema.Type, suffix string) string {
	var b strings.Builder
	writeShapeName(&b, t, maxShapeName+1)
	b.WriteString(suffix)
	if b.Len() <= maxShapeName {
		return b.String()
	}
	// The suffix joins the hash, so that a wrapper and an entry message of
	// one long shape get different names.
	hash := x.of(t).hash
	if suffix != "" {
		h := fnv.New64a()
		h.Write(binary.BigEndian.AppendUint64(nil, hash))
		h.Write([]byte(suffix))
		hash = h.Sum64()
	}
	return ident.ShortenWithHash(b.String(), maxShapeName, hash)
}

// writeShapeName writes the full shape name of t to b, stopping once b
// holds at least limit bytes.
func writeShapeName(b *strings.Builder, t *schema.Type, limit int) {
	if b.Len() >= limit {
		return
	}
	t = derefTypedef(t)
	switch t.Kind {
	case schema.TypeList:
		b.WriteString("ListOf")
		writeShapeName(b, t.Elem, limit)
	case schema.TypeSet:
		b.WriteString("SetOf")
		writeShapeName(b, t.Elem, limit)
	case schema.TypeMap:
		b.WriteString("MapOf")
		writeShapeName(b, t.Key, limit)
		b.WriteString("To")
		writeShapeName(b, t.Elem, limit)
	case schema.TypeNamed:
		b.WriteString(ident.UpperFirst(strings.ReplaceAll(t.Decl.DeclName(), ".", "_")))
	default:
		b.WriteString(ident.UpperFirst(thriftTypeName(t)))
	}
}

// spelledType spells a type as Thrift does, without the space after a map
// key, cut to maxSpelledType bytes: for wrapper comments, markers and
// warnings.
func spelledType(t *schema.Type) string {
	return strings.ReplaceAll(thriftast.TypeNameUpTo(t, maxSpelledType), ", ", ",")
}
