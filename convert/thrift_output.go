package convert

import (
	"github.com/idlconv/idlconv/schema"
	"github.com/idlconv/idlconv/thriftast"
)

// maxThriftNesting is the deepest a type or a constant value of a Thrift
// output may nest: thriftast.MaxNesting brackets, one of them the braces
// of the struct, service or constant around it. Deeper output would be
// refused when read back.
const maxThriftNesting = thriftast.MaxNesting - 1

// checkThriftNesting reports every type and constant value of Thrift
// outputs that nests deeper than Thrift input may (JSON Schema arrays and
// proto wrapper messages nest without that limit).
func checkThriftNesting(outs []Output, diags *schema.Diagnostics) {
	for _, o := range outs {
		f, ok := o.Doc.(*schema.File)
		if !ok {
			continue
		}
		check := func(pos schema.Pos, what string, t *schema.Type, v *schema.Value) {
			if t != nil && typeDepth(t) > maxThriftNesting {
				diags.Report(pos, RuleNestingTooDeep, "the type of %s nests more than %d containers, the most Thrift input may", what, maxThriftNesting)
			}
			if v != nil && valueDepth(v) > maxThriftNesting {
				diags.Report(pos, RuleNestingTooDeep, "the value of %s nests more than %d lists and maps, the most Thrift input may", what, maxThriftNesting)
			}
		}
		fields := func(owner string, fs []*schema.Field) {
			for _, fl := range fs {
				check(fl.Pos, owner+"."+fl.Name, fl.Type, fl.Default)
			}
		}
		for _, d := range f.Decls {
			switch d := d.(type) {
			case *schema.Struct:
				fields(d.Name, d.Fields)
			case *schema.Typedef:
				check(d.Pos, d.Name, d.Type, nil)
			case *schema.Const:
				check(d.Pos, d.Name, d.Type, d.Value)
			case *schema.Service:
				for _, m := range d.Methods {
					check(m.Pos, d.Name+"."+m.Name, m.Result, nil)
					fields(d.Name+"."+m.Name, m.Args)
					fields(d.Name+"."+m.Name, m.Throws)
				}
			}
		}
	}
}

// typeDepth counts the containers nested in t, t included.
func typeDepth(t *schema.Type) int {
	if t == nil || t.Kind != schema.TypeList && t.Kind != schema.TypeSet && t.Kind != schema.TypeMap {
		return 0
	}
	return 1 + max(typeDepth(t.Key), typeDepth(t.Elem))
}

// valueDepth counts the lists and maps nested in v, v included.
func valueDepth(v *schema.Value) int {
	if v == nil || v.Kind != schema.ValueList && v.Kind != schema.ValueMap {
		return 0
	}
	n := 0
	for _, item := range v.List {
		n = max(n, valueDepth(item))
	}
	for _, e := range v.Map {
		n = max(n, valueDepth(e.Key), valueDepth(e.Value))
	}
	return n + 1
}
