package thriftast

import (
	"path"
	"strings"

	"github.com/idlconv/idlconv/schema"
)

// resolveFile points every named type in f at its declaration, with
// Thrift's scoping: a bare name is declared in f itself; "inc.Name" is
// declared in the file f includes as inc.thrift. Unknown names are errors.
func resolveFile(f *schema.File, index declIndex, diags *schema.Diagnostics) {
	r := resolver{f: f, index: index, diags: diags}
	for _, d := range f.Decls {
		switch d := d.(type) {
		case *schema.Struct:
			for _, fl := range d.Fields {
				r.typ(fl.Type)
			}
		case *schema.Typedef:
			r.typ(d.Type)
		case *schema.Const:
			r.typ(d.Type)
		case *schema.Service:
			if d.Extends != "" {
				decl, _ := r.lookup(d.Extends)
				svc, ok := decl.(*schema.Service)
				if !ok {
					diags.Report(d.Pos, schema.RuleUnknownType, "service %s extends %s, which is not a known service", d.Name, d.Extends)
				}
				d.ExtendsService = svc
			}
			for _, m := range d.Methods {
				r.typ(m.Result)
				for _, a := range m.Args {
					r.typ(a.Type)
				}
				for _, t := range m.Throws {
					r.typ(t.Type)
				}
			}
		}
	}
}

type resolver struct {
	f     *schema.File
	index declIndex
	diags *schema.Diagnostics
}

// declIndex holds, per file, its declarations by name (the first of a
// name), built once, so that resolving is linear in the references.
type declIndex map[*schema.File]map[string]schema.Decl

func (x declIndex) find(f *schema.File, name string) schema.Decl {
	byName, ok := x[f]
	if !ok {
		byName = map[string]schema.Decl{}
		for _, d := range f.Decls {
			if _, dup := byName[d.DeclName()]; !dup {
				byName[d.DeclName()] = d
			}
		}
		x[f] = byName
	}
	return byName[name]
}

func (r resolver) typ(t *schema.Type) {
	if t == nil {
		return
	}
	switch t.Kind {
	case schema.TypeList, schema.TypeSet:
		r.typ(t.Elem)
	case schema.TypeMap:
		r.typ(t.Key)
		r.typ(t.Elem)
	case schema.TypeNamed:
		d, file := r.lookup(t.Name)
		if d == nil {
			r.diags.Report(t.Pos, schema.RuleUnknownType, "unknown type %s", t.Name)
			return
		}
		if _, ok := d.(*schema.Service); ok {
			r.diags.Report(t.Pos, schema.RuleUnknownType, "%s is a service, not a type", t.Name)
			return
		}
		if _, ok := d.(*schema.Const); ok {
			r.diags.Report(t.Pos, schema.RuleUnknownType, "%s is a constant, not a type", t.Name)
			return
		}
		t.Decl, t.DeclFile = d, file
	}
}

// lookup finds a declaration by bare or include-qualified name.
func (r resolver) lookup(name string) (schema.Decl, *schema.File) {
	if d := r.index.find(r.f, name); d != nil {
		return d, r.f
	}
	// The include name is the file's base name, which may have dots
	// itself (Thrift5320.enum.Task names Task of Thrift5320.enum.thrift):
	// the longest include name that prefixes name wins, as in Apache
	// Thrift.
	var found schema.Decl
	var foundFile *schema.File
	longest := 0
	for _, imp := range r.f.Imports {
		if imp.File == nil {
			continue
		}
		inc := IncludeName(imp.Path)
		rest, ok := strings.CutPrefix(name, inc+".")
		if !ok || len(inc) <= longest {
			continue
		}
		if d := r.index.find(imp.File, rest); d != nil {
			found, foundFile, longest = d, imp.File, len(inc)
		}
	}
	return found, foundFile
}

// IncludeName is the name by which Thrift code refers to an included file:
// its base name without the .thrift extension.
func IncludeName(includePath string) string {
	return strings.TrimSuffix(path.Base(includePath), ".thrift")
}

// checkTypedefCycles reports typedefs that name each other in a cycle
// (typedef B A, typedef A B): they name no type, which Apache Thrift
// refuses; the first of each cycle, in the order of the files and their
// declarations, is the error's place (schema.TypedefCycles).
func checkTypedefCycles(files []*schema.File, diags *schema.Diagnostics) {
	for _, c := range schema.TypedefCycles(files) {
		diags.Report(c.First.Pos, schema.RuleUnknownType, "typedef %s refers to itself (%s): it names no type", c.First.Name, strings.Join(c.Names, " → "))
	}
}
