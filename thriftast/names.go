package thriftast

import (
	"strings"

	"github.com/idlconv/idlconv/schema"
)

// checkNames reports every declared name of a file that holds a dot:
// Apache Thrift reads dotted identifiers only as references ("Identifier
// a.b can't have a dot"), and no target can declare one. thriftgo's parser
// lets them through.
func checkNames(f *schema.File, diags *schema.Diagnostics) {
	check := func(pos schema.Pos, name string) {
		if strings.Contains(name, ".") {
			diags.Report(pos, schema.RuleSyntax, "identifier %s cannot have a dot", name)
		}
	}
	fields := func(fs []*schema.Field) {
		for _, fl := range fs {
			check(fl.Pos, fl.Name)
		}
	}
	for _, d := range f.Decls {
		switch d := d.(type) {
		case *schema.Struct:
			check(d.Pos, d.Name)
			fields(d.Fields)
		case *schema.Enum:
			check(d.Pos, d.Name)
			for _, v := range d.Values {
				check(v.Pos, v.Name)
			}
		case *schema.Typedef:
			check(d.Pos, d.Name)
		case *schema.Const:
			check(d.Pos, d.Name)
		case *schema.Service:
			check(d.Pos, d.Name)
			for _, m := range d.Methods {
				check(m.Pos, m.Name)
				fields(m.Args)
				fields(m.Throws)
			}
		}
	}
}
