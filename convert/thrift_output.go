package convert

import (
	"path"
	"strings"

	"github.com/idlconv/idlconv/internal/ident"
	"github.com/idlconv/idlconv/schema"
	"github.com/idlconv/idlconv/thriftast"
)

// What both directions into Thrift (proto → Thrift, JSON Schema →
// Thrift) share: the outputs' paths and the nesting they may have.

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

// thriftPaths names the Thrift output of every loaded file:
// thriftast.OutputPath, except where a loaded file imports two files whose
// outputs would share a base name. Thrift names included types by that
// base name, so it could not include both; the files of that base name
// are named from the end of their path,
// with as many folders as make them distinct:
// type/matcher/v3/metadata.proto becomes type/matcher/v3/matcher_v3_metadata.thrift
// beside type/metadata/v3/metadata_v3_metadata.thrift. Each renamed input
// is reported.
func thriftPaths(files, roots []*schema.File, diags *schema.Diagnostics) map[*schema.File]string {
	paths := map[*schema.File]string{}
	byBase := map[string][]*schema.File{}
	var bases []string
	for _, f := range files {
		p := thriftast.OutputPath(f.Path)
		paths[f] = p
		base := thriftast.IncludeName(p)
		if len(byBase[base]) == 0 {
			bases = append(bases, base)
		}
		byBase[base] = append(byBase[base], f)
	}
	isRoot := map[*schema.File]bool{}
	for _, f := range roots {
		isRoot[f] = true
	}
	clashes := map[string]bool{}
	for _, f := range files {
		imported := map[string]int{}
		for _, imp := range f.Imports {
			if imp.File != nil {
				imported[thriftast.IncludeName(paths[imp.File])]++
			}
		}
		for base, n := range imported {
			clashes[base] = clashes[base] || n > 1
		}
	}
	for _, base := range bases {
		group := byBase[base]
		if len(group) < 2 || !clashes[base] {
			continue
		}
		for k := 2; ; k++ {
			names := map[string]bool{}
			for _, f := range group {
				names[pathSuffix(f.Path, k)] = true
			}
			if len(names) == len(group) || k > 64 {
				for _, f := range group {
					name := pathSuffix(f.Path, k)
					paths[f] = thriftast.OutputPath(path.Join(path.Dir(f.Path), name+path.Ext(f.Path)))
					if isRoot[f] {
						diags.Report(f.Pos, RuleIncludeNameClash, "%d loaded files are named %s; Thrift names included types by file base name, so this one's output is %s",
							len(group), path.Base(thriftast.OutputPath(f.Path)), paths[f])
					}
				}
				break
			}
		}
	}
	return paths
}

// pathSuffix joins the last k parts of a slash path, without its
// extension, with '_': "type/matcher/v3/metadata.proto", 3 → "matcher_v3_metadata".
func pathSuffix(p string, k int) string {
	parts := strings.Split(strings.TrimSuffix(p, path.Ext(p)), "/")
	if k > len(parts) {
		k = len(parts)
	}
	var clean []string
	for _, part := range parts[len(parts)-k:] {
		if part != "" && part != "." && part != ".." {
			clean = append(clean, ident.Sanitize(part))
		}
	}
	return strings.Join(clean, "_")
}
