package thriftast

import (
	"github.com/idlconv/idlconv/schema"
)

// checkSharedScope reports a type name that a file and a file it
// includes both declare when the two declare the same namespaces, as the
// thrift compiler refuses it ("Type "UUID" is already defined",
// t_program::is_unique_typename): its generators would put both types in
// one package. Types are typedefs, enums, structs, unions, exceptions and
// services (not consts); only direct includes count, and two files
// without any namespace declare the same ones.
func checkSharedScope(files []*schema.File, diags *schema.Diagnostics) {
	// The types of each included file by name, made once however many
	// files include it.
	typesOf := map[*schema.File]map[string]schema.Decl{}
	types := func(f *schema.File) map[string]schema.Decl {
		if m, ok := typesOf[f]; ok {
			return m
		}
		m := map[string]schema.Decl{}
		for _, d := range f.Decls {
			if isThriftType(d) {
				m[d.DeclName()] = d
			}
		}
		typesOf[f] = m
		return m
	}
	for _, f := range files {
		for _, imp := range f.Imports {
			inc := imp.File
			if inc == nil || inc == f || !sameNamespaces(f, inc) {
				continue
			}
			theirs := types(inc)
			for _, d := range f.Decls {
				if other, ok := theirs[d.DeclName()]; ok && isThriftType(d) {
					diags.Report(d.DeclPos(), RuleDuplicateName, "type %s is already defined in %s (at %s), which this file includes and whose namespaces are the same: the thrift compiler refuses it, as its generated code would hold both in one package", d.DeclName(), inc.Path, other.DeclPos())
				}
			}
		}
	}
}

// sameNamespaces reports whether two files declare the same namespaces:
// each namespace of either is the other's for that language (the thrift
// compiler's get_namespace, which falls back to "*").
func sameNamespaces(a, b *schema.File) bool {
	for _, pair := range [][2]*schema.File{{a, b}, {b, a}} {
		for _, ns := range pair[0].Namespaces {
			if namespaceOf(pair[1], ns.Lang) != ns.Name {
				return false
			}
		}
	}
	return true
}

// namespaceOf is a file's namespace for lang, or its "*" one, or "".
func namespaceOf(f *schema.File, lang string) string {
	star := ""
	for _, ns := range f.Namespaces {
		switch ns.Lang {
		case lang:
			return ns.Name
		case "*":
			star = ns.Name
		}
	}
	return star
}

// isThriftType reports whether a declaration is a type to the thrift
// compiler's scope: anything but a const (and a free comment).
func isThriftType(d schema.Decl) bool {
	switch d.(type) {
	case *schema.Typedef, *schema.Enum, *schema.Struct, *schema.Service:
		return true
	}
	return false
}
