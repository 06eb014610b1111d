package convert

import (
	"fmt"
	"math"
	"strings"

	"github.com/idlconv/idlconv/internal/ident"
	"github.com/idlconv/idlconv/internal/marker"
	"github.com/idlconv/idlconv/protoast"
	"github.com/idlconv/idlconv/schema"
	"github.com/idlconv/idlconv/thriftast"
)

// OneofStyle says how proto oneofs become Thrift.
type OneofStyle string

// The oneof styles.
const (
	// OneofAnnotation makes each oneof member an optional field marked
	// with the annotation proto.oneof = "<oneof name>" (the default).
	OneofAnnotation OneofStyle = "annotation"
	// OneofUnion makes each oneof a union struct.
	OneofUnion OneofStyle = "union"
)

// protoNamespaces maps proto file options to Thrift namespace languages.
var protoNamespaces = []struct{ option, lang string }{
	{"java_package", "java"}, {"go_package", "go"}, {"csharp_namespace", "netstd"},
	{"php_namespace", "php"}, {"ruby_package", "rb"},
}

// mapProtoToThrift applies the proto → Thrift rules.
func mapProtoToThrift(job *Job) []Output {
	c := &protoToThrift{opts: job.Options, diags: job.Diags, flatNames: flattenNames(job.Files, job.Diags),
		paths: thriftPaths(job.Files, job.Roots(), job.Diags), owners: map[helperKey]*schema.File{}}
	var outs []Output
	for _, f := range job.Roots() {
		outs = append(outs, Output{Source: f, Path: c.paths[f], Doc: c.file(f)})
	}
	checkThriftNesting(outs, job.Diags)
	return outs
}

// protoToThrift holds what the mapping of one request shares across files.
type protoToThrift struct {
	opts  Options
	diags *schema.Diagnostics
	// flatNames are the Thrift names of the messages and enums.
	*flatNames
	// paths is the Thrift output path of every loaded file.
	paths map[*schema.File]string
	// owners memoizes helperOwner.
	owners map[helperKey]*schema.File
}

// helperName is the name of the helper struct for google.protobuf.name
// (Any, Empty) in the Thrift output of f: name, with '_' appended while a
// declaration of f has it.
func (c *protoToThrift) helperName(f *schema.File, name string) string {
	for c.fileNames[f][name] {
		name += "_"
	}
	return name
}

// fileToThrift is the state of converting one file.
type fileToThrift struct {
	*protoToThrift
	src      *schema.File
	out      *schema.File
	includes []string
	byBase   map[string]string // include base name → include path
	names    map[string]schema.Pos
	skip     map[schema.Decl]bool // generated messages folded away
	locals   map[string]bool      // generated local structs (Any, Empty)
	folded   map[*schema.Method]generatedRPC
}

func (c *protoToThrift) file(src *schema.File) *schema.File {
	fc := &fileToThrift{protoToThrift: c, src: src, byBase: map[string]string{}, names: map[string]schema.Pos{},
		skip: map[schema.Decl]bool{}, locals: map[string]bool{}}
	fc.out = &schema.File{Path: c.paths[src], Format: schema.Thrift, Comments: src.Comments}
	fc.namespaces()
	fc.foldGenerated()
	fc.decls(src.Decls)
	fc.out.Decls = thriftast.DeclareBeforeUse(fc.out.Decls)
	for _, inc := range fc.includes {
		fc.out.Imports = append(fc.out.Imports, &schema.Import{Path: inc})
	}
	return fc.out
}

func (fc *fileToThrift) namespaces() {
	var notes []string
	for _, a := range fc.src.Annotations {
		lang := ""
		for _, pn := range protoNamespaces {
			if pn.option == a.Key {
				lang = pn.lang
			}
		}
		if lang == "go" {
			if ns := fc.goNamespace(unquoteProto(a.Value), a.Pos); ns != "" {
				fc.out.Namespaces = append(fc.out.Namespaces, &schema.Namespace{Lang: lang, Name: ns})
				continue
			}
		} else if lang != "" {
			if ns := thriftNamespaceName(lang, unquoteProto(a.Value)); ns != "" {
				fc.out.Namespaces = append(fc.out.Namespaces, &schema.Namespace{Lang: lang, Name: ns})
				continue
			}
		}
		if a.Key == "features.field_presence" {
			continue // applied to the fields
		}
		if a.Key == "extend" {
			fc.diags.Report(a.Pos, RuleExtensionsComment, "extend %s has no Thrift equivalent and is dropped", a.Value)
			continue
		}
		notes = append(notes, fmt.Sprintf("proto option %s = %s", a.Key, a.Value))
		fc.diags.Report(a.Pos, RuleOptionAsComment, "file option %s has no Thrift equivalent and becomes a comment", a.Key)
	}
	if len(notes) > 0 {
		fc.out.Decls = append(fc.out.Decls, &schema.Comment{Text: strings.Join(notes, "\n")})
	}
	// namespace * gives the package, unless a language namespace gives
	// the same one (as Thrift → proto chooses it), which keeps a round
	// trip stable for files without a package.
	if pkg := fc.opts.mapPackage(fc.src.Package); pkg != "" {
		if ns := thriftDotted(pkg); ns != pkg {
			fc.diags.Report(fc.src.Pos, RuleThriftReserved, "package %s becomes namespace * %s: Thrift's grammar reserves a part of it", pkg, ns)
			pkg = ns
		}
		chosen := choosePackage(&schema.File{Path: fc.src.Path, Namespaces: fc.out.Namespaces})
		if len(fc.out.Namespaces) == 0 || protoast.PackageName(chosen) != pkg {
			fc.out.Namespaces = append([]*schema.Namespace{{Lang: "*", Name: pkg}}, fc.out.Namespaces...)
		}
	}
}

// goNamespace is the Thrift `namespace go` for a go_package option: the
// import path without GoPackagePrefix (or, without one, without its
// leading elements that have dots, such as github.com), dotted, so that
// `thrift --gen go:package_prefix=PREFIX` gives the import path back. It
// warns where it cannot, or which prefix to pass.
func (fc *fileToThrift) goNamespace(v string, pos schema.Pos) string {
	importPath, pkgName, _ := strings.Cut(v, ";")
	rest, prefix := importPath, fc.opts.GoPackagePrefix
	if prefix != "" {
		if r, ok := strings.CutPrefix(importPath, prefix); ok {
			rest = r
		} else {
			prefix = ""
		}
	}
	if prefix == "" {
		parts := strings.Split(importPath, "/")
		i := 0
		for i < len(parts)-1 && strings.Contains(parts[i], ".") {
			i++
		}
		if i > 0 {
			prefix = strings.Join(parts[:i], "/") + "/"
			rest = strings.Join(parts[i:], "/")
		}
	}
	ns := thriftNamespaceName("go", rest)
	if ns == "" {
		return ""
	}
	var lost []string
	if strings.ReplaceAll(ns, ".", "/") != rest {
		lost = append(lost, "its path elements are not all identifiers")
	}
	last := ns[strings.LastIndex(ns, ".")+1:]
	if pkgName != "" && pkgName != last {
		lost = append(lost, fmt.Sprintf("Thrift's Go package name is the last element, %s, not %s", last, pkgName))
	}
	switch {
	case len(lost) > 0:
		fc.diags.Report(pos, RuleGoPackage, "go_package %q becomes namespace go %s, which thrift --gen go cannot turn back into it: %s", v, ns, strings.Join(lost, "; "))
	case prefix != "" && prefix != fc.opts.GoPackagePrefix:
		fc.diags.Report(pos, RuleGoPackage, "go_package %q becomes namespace go %s: thrift --gen go:package_prefix=%s gives the import path back (or pass --go-package-prefix)", v, ns, prefix)
	}
	return ns
}

// thriftNamespaceName spells a proto namespace option as a Thrift
// namespace: dotted identifiers.
func thriftNamespaceName(lang, v string) string {
	switch lang {
	case "go":
		v, _, _ = strings.Cut(v, ";")
		v = strings.ReplaceAll(v, "/", ".")
	case "php":
		v = strings.ReplaceAll(v, `\`, ".")
	case "rb":
		v = strings.ReplaceAll(v, "::", ".")
	}
	return thriftDotted(v)
}

// thriftDotted makes a dotted name a Thrift namespace: each part
// sanitised, and '_' after a name that is all one keyword of Thrift's
// grammar (package union becomes namespace * union_), which the parser
// would not read. A dotted name is one identifier to Thrift's lexer
// (a.union is fine).
func thriftDotted(v string) string {
	var parts []string
	for _, p := range strings.Split(v, ".") {
		if p != "" {
			parts = append(parts, ident.Sanitize(p))
		}
	}
	ns := strings.Join(parts, ".")
	if thriftast.IsKeyword(ns) {
		ns += "_"
	}
	return ns
}

// declName reserves a top-level Thrift name, reporting collisions.
func (fc *fileToThrift) declName(name string, pos schema.Pos) string {
	if thriftast.IsReserved(name) {
		fc.diags.Report(pos, RuleThriftReserved, "%s is a reserved word in Thrift and becomes %s_", name, name)
		name += "_"
	}
	if prev, dup := fc.names[name]; dup {
		fc.diags.ReportError(pos, schema.RuleNameCollision, "%s is also the name of the declaration at %s; rename one", name, prev)
	}
	fc.names[name] = pos
	return name
}

// withProtoName records a declaration's proto name when Thrift had to
// rename it.
func withProtoName(anns []schema.Annotation, thriftName, protoName string) []schema.Annotation {
	if thriftName != protoName {
		anns = append(anns, schema.Annotation{Key: marker.ProtoName, Value: protoName})
	}
	return anns
}

// identName renames a field, argument or enum value that is a Thrift
// reserved word, recording the proto name in an annotation.
func (fc *fileToThrift) identName(name string, pos schema.Pos, anns *[]schema.Annotation) string {
	if !thriftast.IsReserved(name) {
		return name
	}
	fc.diags.Report(pos, RuleThriftReserved, "%s is a reserved word in Thrift and becomes %s_ (annotated %s)", name, name, marker.ProtoName)
	*anns = append(*anns, schema.Annotation{Key: marker.ProtoName, Value: name})
	return name + "_"
}

// decls converts declarations in order; nested ones come before the
// message that declares them.
func (fc *fileToThrift) decls(decls []schema.Decl) {
	for _, d := range decls {
		if fc.skip[d] {
			continue
		}
		switch d := d.(type) {
		case *schema.Struct:
			if isGeneratedWrapper(d) {
				continue
			}
			if e := enumScopeOf(d); e != nil {
				out := fc.enum(e)
				// The values need no prefix: the scope comes back.
				var anns []schema.Annotation
				for _, a := range out.Annotations {
					if a.Key != marker.ProtoEnumPrefix {
						anns = append(anns, a)
					}
				}
				out.Annotations = append(anns, schema.Annotation{Key: marker.ProtoEnumScope, Value: e.Name})
				fc.out.Decls = append(fc.out.Decls, out)
				continue
			}
			fc.decls(d.Nested)
			fc.out.Decls = append(fc.out.Decls, fc.message(d)...)
		case *schema.Enum:
			fc.out.Decls = append(fc.out.Decls, fc.enum(d))
		case *schema.Service:
			fc.out.Decls = append(fc.out.Decls, fc.service(d))
		case *schema.Comment:
			fc.out.Decls = append(fc.out.Decls, d)
		}
	}
}

// protoComments adds notes (reserved ranges, options) to comments.
func addNotes(c schema.Comments, notes []string) schema.Comments {
	if len(notes) == 0 {
		return c
	}
	if c.Leading != "" {
		c.Leading += "\n"
	}
	c.Leading += strings.Join(notes, "\n")
	return c
}

// reservedNotes renders reserved ranges and names as comment lines.
func (fc *fileToThrift) reservedNotes(rs []schema.Reserved, what string) []string {
	if len(rs) == 0 {
		return nil
	}
	var nums, names []string
	for _, r := range rs {
		switch {
		case r.Name != "":
			names = append(names, fmt.Sprintf("%q", r.Name))
		case r.End == r.Start:
			nums = append(nums, fmt.Sprint(r.Start))
		case r.End == 536870911 || r.End == math.MaxInt32:
			nums = append(nums, fmt.Sprintf("%d to max", r.Start))
		default:
			nums = append(nums, fmt.Sprintf("%d to %d", r.Start, r.End))
		}
	}
	fc.diags.Report(rs[0].Pos, RuleReservedAsComment, "reserved numbers and names of %s have no Thrift equivalent and become a comment", what)
	var out []string
	if len(nums) > 0 {
		out = append(out, "proto reserved "+strings.Join(nums, ", "))
	}
	if len(names) > 0 {
		out = append(out, "proto reserved "+strings.Join(names, ", "))
	}
	return out
}

// optionNotes splits message or enum options into Thrift annotations
// (deprecated) and comment lines.
func (fc *fileToThrift) optionNotes(opts []schema.Annotation, what string) (anns []schema.Annotation, notes []string) {
	for _, o := range opts {
		switch {
		case o.Key == "deprecated" && o.Value == "true":
			anns = append(anns, schema.Annotation{Key: "deprecated", Value: "true"})
		case o.Key == "allow_alias":
		case o.Key == "extensions":
			fc.diags.Report(o.Pos, RuleExtensionsComment, "extension range %s of %s has no Thrift equivalent and becomes a comment", o.Value, what)
			notes = append(notes, "proto extensions "+o.Value)
		default:
			fc.diags.Report(o.Pos, RuleOptionAsComment, "option %s of %s has no Thrift equivalent and becomes a comment", o.Key, what)
			notes = append(notes, fmt.Sprintf("proto option %s = %s", o.Key, o.Value))
		}
	}
	return anns, notes
}
