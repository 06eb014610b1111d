package convert

import (
	"github.com/idlconv/idlconv/internal/ident"
	"github.com/idlconv/idlconv/schema"
)

// flatNames are the names proto's messages and enums have in Thrift and
// in JSON Schema, which nest no declarations: proto → Thrift and proto →
// JSON Schema name them alike, and `idlconv check` matches them across
// IDLs by these names (ThriftNames).
type flatNames struct {
	// flat is the flattened name of every declaration: a nested message
	// or enum is Outer_Inner.
	flat map[schema.Decl]string
	// fileNames holds, per file, the flattened names of its messages and
	// enums.
	fileNames map[*schema.File]map[string]bool
}

// flattenNames names every message and enum of the files at the top
// level: a nested one is Outer_Inner. The top-level names stay; a
// flattened name that another declaration of the file already has gets
// _2 (_3, …), with a name-collision warning on diags unless it is nil.
func flattenNames(files []*schema.File, diags *schema.Diagnostics) *flatNames {
	n := &flatNames{flat: map[schema.Decl]string{}, fileNames: map[*schema.File]map[string]bool{}}
	for _, f := range files {
		taken := map[string]bool{}
		for _, d := range f.Decls {
			switch d.(type) {
			case *schema.Struct, *schema.Enum:
				taken[d.DeclName()] = true
			}
		}
		n.fileNames[f] = taken
		n.flatten(f, "", f.Decls, nil, diags)
	}
	return n
}

func (n *flatNames) flatten(f *schema.File, prefix string, decls []schema.Decl, parent *schema.Struct, diags *schema.Diagnostics) {
	for _, d := range decls {
		name := prefix + d.DeclName()
		if parent != nil {
			if n.fileNames[f][name] {
				clash := name
				name = ident.Numbered(clash, func(s string) bool { return n.fileNames[f][s] })
				if diags != nil {
					diags.Report(d.DeclPos(), schema.RuleNameCollision, "nested %s flattens to %s, which another declaration of the file has: it becomes %s", d.DeclName(), clash, name)
				}
			}
			n.fileNames[f][name] = true
		}
		n.flat[d] = name
		if s, ok := d.(*schema.Struct); ok {
			if e := enumScopeOf(s); e != nil {
				// The enum takes the place of the message that scopes it.
				n.flat[e] = name
				continue
			}
			n.flatten(f, name+"_", s.Nested, s, diags)
		}
	}
}
