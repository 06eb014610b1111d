package protoast

import (
	"strings"

	"github.com/idlconv/idlconv/schema"
)

// symbol is a message or enum with its fully qualified name.
type symbol struct {
	decl schema.Decl
	file *schema.File
}

// Symbols maps the fully qualified name (without leading dot) of every
// message and enum of the loaded files to its declaration.
type Symbols map[string]symbol

// FullName returns the fully qualified name of a declaration in f,
// following the nesting given by outer (outermost first).
func FullName(f *schema.File, outer []string, name string) string {
	parts := []string{}
	if f.Package != "" {
		parts = append(parts, f.Package)
	}
	parts = append(parts, outer...)
	return strings.Join(append(parts, name), ".")
}

func collect(syms Symbols, f *schema.File, outer []string, decls []schema.Decl) {
	for _, d := range decls {
		switch d := d.(type) {
		case *schema.Struct:
			syms[FullName(f, outer, d.Name)] = symbol{d, f}
			collect(syms, f, append(append([]string(nil), outer...), d.Name), d.Nested)
		case *schema.Enum:
			syms[FullName(f, outer, d.Name)] = symbol{d, f}
		}
	}
}

// visible returns the files whose declarations f can use: itself, its
// imports, and what those import publicly, transitively.
func visible(f *schema.File) map[*schema.File]bool {
	out := map[*schema.File]bool{f: true}
	var public func(g *schema.File)
	public = func(g *schema.File) {
		for _, imp := range g.Imports {
			if imp.Public && imp.File != nil && !out[imp.File] {
				out[imp.File] = true
				public(imp.File)
			}
		}
	}
	for _, imp := range f.Imports {
		if imp.File != nil && !out[imp.File] {
			out[imp.File] = true
			public(imp.File)
		}
	}
	return out
}

// resolveFiles points every named type at its declaration, with
// protobuf's scoping: a leading dot means fully qualified; otherwise the
// innermost enclosing scope (message nesting, then the package and its
// parents) where the name is declared wins. Only the file itself and what it
// imports (public imports transitively) are visible.
func resolveFiles(files []*schema.File, diags *schema.Diagnostics) {
	syms := Symbols{}
	for _, f := range files {
		collect(syms, f, nil, f.Decls)
	}
	for _, f := range files {
		r := &protoResolver{syms: syms, f: f, vis: visible(f), diags: diags}
		r.decls(nil, f.Decls)
	}
}

type protoResolver struct {
	syms  Symbols
	f     *schema.File
	vis   map[*schema.File]bool
	diags *schema.Diagnostics
}

func (r *protoResolver) decls(outer []string, decls []schema.Decl) {
	for _, d := range decls {
		switch d := d.(type) {
		case *schema.Struct:
			inner := append(append([]string(nil), outer...), d.Name)
			for _, fl := range d.Fields {
				r.typ(inner, fl.Type)
			}
			r.decls(inner, d.Nested)
		case *schema.Service:
			for _, m := range d.Methods {
				for _, a := range m.Args {
					r.typ(outer, a.Type)
				}
				r.typ(outer, m.Result)
			}
		}
	}
}

func (r *protoResolver) typ(scope []string, t *schema.Type) {
	if t == nil {
		return
	}
	switch t.Kind {
	case schema.TypeList, schema.TypeSet:
		r.typ(scope, t.Elem)
		return
	case schema.TypeMap:
		r.typ(scope, t.Key)
		r.typ(scope, t.Elem)
		return
	case schema.TypeNamed:
	default:
		return
	}
	sym, ok := r.lookup(scope, t.Name)
	if !ok {
		r.diags.Report(t.Pos, schema.RuleUnknownType, "unknown type %s", t.Name)
		return
	}
	if !r.vis[sym.file] {
		r.diags.Report(t.Pos, schema.RuleUnknownType, "type %s is declared in %s, which this file does not import", t.Name, sym.file.Path)
		return
	}
	t.Decl, t.DeclFile = sym.decl, sym.file
}

// lookup resolves name from the scope package.outer...
func (r *protoResolver) lookup(outer []string, name string) (symbol, bool) {
	if full, ok := strings.CutPrefix(name, "."); ok {
		s, found := r.syms[full]
		return s, found
	}
	var scope []string
	if r.f.Package != "" {
		scope = strings.Split(r.f.Package, ".")
	}
	scope = append(scope, outer...)
	for i := len(scope); i >= 0; i-- {
		cand := strings.Join(append(append([]string(nil), scope[:i]...), name), ".")
		if s, ok := r.syms[cand]; ok && r.vis[s.file] {
			return s, true
		}
	}
	for i := len(scope); i >= 0; i-- {
		cand := strings.Join(append(append([]string(nil), scope[:i]...), name), ".")
		if s, ok := r.syms[cand]; ok {
			return s, true
		}
	}
	return symbol{}, false
}
