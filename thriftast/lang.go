package thriftast

import (
	"path"
	"strings"

	"github.com/idlconv/idlconv/schema"
)

// keywords are the words of Apache Thrift 0.17's lexer
// (compiler/cpp/src/thrift/thriftl.ll), and uuid; thriftgo's grammar has
// no others.
var keywords = map[string]bool{
	"async": true, "binary": true, "bool": true, "byte": true, "const": true, "cpp_include": true,
	"cpp_namespace": true, "cpp_type": true, "delphi_namespace": true, "double": true, "enum": true,
	"exception": true, "extends": true, "false": true, "i16": true, "i32": true, "i64": true,
	"i8": true, "include": true, "java_package": true, "list": true, "map": true, "namespace": true,
	"oneway": true, "optional": true, "perl_package": true, "php_namespace": true, "py_module": true,
	"required": true, "ruby_namespace": true, "senum": true, "service": true, "set": true,
	"slist": true, "smalltalk_category": true, "smalltalk_prefix": true, "string": true,
	"struct": true, "throws": true, "true": true, "typedef": true, "union": true, "uuid": true,
	"void": true, "xsd_all": true, "xsd_attrs": true, "xsd_namespace": true, "xsd_nillable": true,
	"xsd_optional": true,
}

// generatorKeywords are the words that every Apache Thrift 0.17 generator
// but Python's rejects as a name ("Cannot use reserved language keyword",
// t_generator::lang_keywords).
var generatorKeywords = map[string]bool{
	"BEGIN": true, "END": true, "__CLASS__": true, "__DIR__": true, "__FILE__": true,
	"__FUNCTION__": true, "__LINE__": true, "__METHOD__": true, "__NAMESPACE__": true,
	"abstract": true, "alias": true, "and": true, "args": true, "as": true, "assert": true,
	"begin": true, "break": true, "case": true, "catch": true, "class": true, "clone": true,
	"continue": true, "declare": true, "def": true, "default": true, "del": true, "delete": true,
	"do": true, "dynamic": true, "elif": true, "else": true, "elseif": true, "elsif": true,
	"end": true, "enddeclare": true, "endfor": true, "endforeach": true, "endif": true,
	"endswitch": true, "endwhile": true, "ensure": true, "except": true, "exec": true,
	"finally": true, "float": true, "for": true, "foreach": true, "from": true, "function": true,
	"global": true, "goto": true, "if": true, "implements": true, "import": true, "in": true,
	"inline": true, "instanceof": true, "interface": true, "is": true, "lambda": true, "module": true,
	"native": true, "new": true, "next": true, "nil": true, "not": true, "or": true, "package": true,
	"pass": true, "print": true, "private": true, "protected": true, "public": true, "raise": true,
	"redo": true, "register": true, "rescue": true, "retry": true, "return": true, "self": true,
	"sizeof": true, "static": true, "super": true, "switch": true, "synchronized": true, "then": true,
	"this": true, "throw": true, "transient": true, "try": true, "undef": true, "unless": true,
	"unsigned": true, "until": true, "use": true, "var": true, "virtual": true, "volatile": true,
	"when": true, "while": true, "with": true, "xor": true, "yield": true,
}

// pythonKeywords are the words the Python generator rejects
// (t_py_generator::lang_keywords); Python also cannot import a module of
// one of these names.
var pythonKeywords = map[string]bool{
	"False": true, "None": true, "True": true, "and": true, "as": true, "assert": true, "break": true,
	"class": true, "continue": true, "def": true, "del": true, "elif": true, "else": true,
	"except": true, "exec": true, "finally": true, "for": true, "from": true, "global": true,
	"if": true, "import": true, "in": true, "is": true, "lambda": true, "nonlocal": true, "not": true,
	"or": true, "pass": true, "print": true, "raise": true, "return": true, "try": true,
	"while": true, "with": true, "yield": true,
}

// IsKeyword reports whether name is a keyword of Thrift's grammar, which
// cannot stand where an identifier is expected, not even as a part of a
// dotted namespace.
func IsKeyword(name string) bool { return keywords[name] }

// IsReserved reports whether the Thrift compiler or one of its
// generators rejects name as the name of a declaration, field, enum value
// or method.
func IsReserved(name string) bool {
	return keywords[name] || generatorKeywords[name] || pythonKeywords[name]
}

// OutputPath is the path of the Thrift file generated from a source file
// named name. Thrift names an included file's types by its base name, and
// the Python generator makes it a module name, so a base name that is a
// keyword of Thrift or Python (string.proto) gets '_' appended
// (string_.thrift). The other generators never use it as a name.
func OutputPath(name string) string {
	base := strings.TrimSuffix(name, path.Ext(name))
	if b := path.Base(base); keywords[b] || pythonKeywords[b] {
		base += "_"
	}
	return base + ".thrift"
}

// DeclareBeforeUse moves each enum and typedef up to just before the
// first declaration that uses it (by reference or by bare name, in a type,
// a default or a method): Apache Thrift wants them declared before use,
// while structs may be used before they are declared. Declarations
// already in order keep their place.
//
// Each pass takes the declarations in order and places each one after
// those already placed, or an enum or typedef just before the first placed
// declaration that uses it; passes repeat until one moves nothing. A pass
// finds the users of a declaration from an index made once and compares
// places by labels on a list (order), so it takes time linear in the
// declarations and their references: comparing every pair, as it did, was
// quadratic in a file's declarations.
func DeclareBeforeUse(decls []schema.Decl) []schema.Decl {
	out := append([]schema.Decl(nil), decls...)
	byDecl := map[schema.Decl][]int{}
	byName := map[string][]int{}
	for u, d := range out {
		declRefs(d, func(t *schema.Type) {
			if t.Decl != nil {
				byDecl[t.Decl] = append(byDecl[t.Decl], u)
			}
			byName[t.Name] = append(byName[t.Name], u)
		}, func(ident string) {
			for i := range len(ident) {
				if ident[i] == '.' {
					byName[ident[:i]] = append(byName[ident[:i]], u)
				}
			}
		})
	}
	// users[i] are the indexes in decls of the declarations that use
	// decls[i], an enum or a typedef.
	users := make([][]int, len(out))
	for i, d := range out {
		switch d.(type) {
		case *schema.Enum, *schema.Typedef:
			users[i] = append(append([]int(nil), byDecl[d]...), byName[d.DeclName()]...)
		}
	}
	idx := make([]int, len(out))
	for i := range out {
		idx[i] = i
	}
	for pass := 0; pass < len(out); pass++ {
		var o order
		o.init(len(out))
		placed := make([]bool, len(out))
		moved := false
		for _, i := range idx {
			first := -1
			for _, u := range users[i] {
				if placed[u] && u != i && (first < 0 || o.before(u, first)) {
					first = u
				}
			}
			if first >= 0 {
				o.insertBefore(i, first)
				moved = true
			} else {
				o.append(i)
			}
			placed[i] = true
		}
		if !moved {
			break
		}
		idx = o.list(idx[:0])
	}
	for k, i := range idx {
		out[k] = decls[i]
	}
	return out
}

// declRefs calls named with each named type a declaration refers to (in
// its fields, its type, its methods) and ident with each identifier
// default of its fields.
func declRefs(d schema.Decl, named func(*schema.Type), ident func(string)) {
	var typ func(t *schema.Type)
	typ = func(t *schema.Type) {
		for ; t != nil; t = t.Elem {
			if t.Kind == schema.TypeNamed {
				named(t)
			}
			typ(t.Key)
		}
	}
	fields := func(fs []*schema.Field) {
		for _, f := range fs {
			typ(f.Type)
			if f.Default != nil && f.Default.Kind == schema.ValueIdent {
				ident(f.Default.Str)
			}
		}
	}
	switch d := d.(type) {
	case *schema.Struct:
		fields(d.Fields)
	case *schema.Typedef:
		typ(d.Type)
	case *schema.Service:
		for _, m := range d.Methods {
			typ(m.Result)
			fields(m.Args)
			fields(m.Throws)
		}
	}
}

// order is a list of the numbers 0…n-1 in an order that changes by
// appending and inserting before an element, with a label per element
// that grows along the list, so that two elements compare in constant
// time. When two neighbours have no label between them, the list is
// labelled again.
type order struct {
	next, prev []int
	label      []uint64
	head, tail int
}

// orderGap is the distance between the labels of neighbours when the
// list is labelled, and between an appended element and the one before.
const orderGap = 1 << 32

func (o *order) init(n int) {
	o.next, o.prev, o.label = make([]int, n), make([]int, n), make([]uint64, n)
	o.head, o.tail = -1, -1
}

func (o *order) before(a, b int) bool { return o.label[a] < o.label[b] }

func (o *order) append(e int) {
	o.next[e], o.prev[e] = -1, o.tail
	if o.tail < 0 {
		o.head = e
		o.label[e] = 1 << 62
	} else {
		o.next[o.tail] = e
		if o.label[o.tail] > ^uint64(0)-orderGap {
			o.relabel()
		}
		o.label[e] = o.label[o.tail] + orderGap
	}
	o.tail = e
}

func (o *order) insertBefore(e, at int) {
	p := o.prev[at]
	o.next[e], o.prev[e], o.prev[at] = at, p, e
	if p < 0 {
		o.head = e
	} else {
		o.next[p] = e
	}
	lo := uint64(0)
	if p >= 0 {
		lo = o.label[p]
	}
	if o.label[at]-lo < 2 {
		o.label[e] = 0 // placed by relabel
		o.relabel()
		return
	}
	if p < 0 && o.label[at] > orderGap {
		o.label[e] = o.label[at] - orderGap
		return
	}
	o.label[e] = lo + (o.label[at]-lo)/2
}

// relabel spreads the labels evenly, from the middle of the range.
func (o *order) relabel() {
	n := uint64(0)
	for e := o.head; e >= 0; e = o.next[e] {
		n++
	}
	gap := uint64(orderGap)
	for gap > 1 && n*gap > 1<<62 {
		gap /= 2
	}
	l := uint64(1 << 61)
	for e := o.head; e >= 0; e = o.next[e] {
		o.label[e] = l
		l += gap
	}
}

// list appends the elements in order to dst.
func (o *order) list(dst []int) []int {
	for e := o.head; e >= 0; e = o.next[e] {
		dst = append(dst, e)
	}
	return dst
}
