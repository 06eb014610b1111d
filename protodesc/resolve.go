package protodesc

import (
	"strings"

	"github.com/idlconv/idlconv/protoast"
	"github.com/idlconv/idlconv/schema"
)

// resolve points every named type of the files at its declaration. The
// descriptors name each type fully qualified, so a name is looked up as
// it is; one no file declares is an unknown type.
func resolve(files []*schema.File, diags *schema.Diagnostics) {
	type symbol struct {
		decl schema.Decl
		file *schema.File
	}
	syms := map[string]symbol{}
	var collect func(f *schema.File, outer []string, decls []schema.Decl)
	collect = func(f *schema.File, outer []string, decls []schema.Decl) {
		for _, d := range decls {
			switch d := d.(type) {
			case *schema.Struct:
				syms[protoast.FullName(f, outer, d.Name)] = symbol{d, f}
				collect(f, append(append([]string(nil), outer...), d.Name), d.Nested)
			case *schema.Enum:
				syms[protoast.FullName(f, outer, d.Name)] = symbol{d, f}
			}
		}
	}
	for _, f := range files {
		collect(f, nil, f.Decls)
	}
	var typ func(t *schema.Type)
	typ = func(t *schema.Type) {
		switch {
		case t == nil:
		case t.Kind == schema.TypeList || t.Kind == schema.TypeSet:
			typ(t.Elem)
		case t.Kind == schema.TypeMap:
			typ(t.Key)
			typ(t.Elem)
		case t.Kind == schema.TypeNamed:
			s, ok := syms[strings.TrimPrefix(t.Name, ".")]
			if !ok {
				diags.Report(t.Pos, schema.RuleUnknownType, "unknown type %s", t.Name)
				return
			}
			t.Decl, t.DeclFile = s.decl, s.file
		}
	}
	var decls func(ds []schema.Decl)
	decls = func(ds []schema.Decl) {
		for _, d := range ds {
			switch d := d.(type) {
			case *schema.Struct:
				for _, f := range d.Fields {
					typ(f.Type)
				}
				decls(d.Nested)
			case *schema.Service:
				for _, m := range d.Methods {
					for _, a := range m.Args {
						typ(a.Type)
					}
					typ(m.Result)
				}
			}
		}
	}
	for _, f := range files {
		decls(f.Decls)
	}
}
