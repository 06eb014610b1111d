package convert

import (
	"path"
	"sort"
	"strconv"
	"strings"

	"github.com/idlconv/idlconv/internal/ident"
	"github.com/idlconv/idlconv/internal/marker"
	"github.com/idlconv/idlconv/protoast"
	"github.com/idlconv/idlconv/schema"
)

// packageNamespaces is the order in which Thrift namespaces are tried for
// the proto package when there is no --package and no `namespace *`.
var packageNamespaces = []string{"java", "py", "cpp", "go", "netstd", "csharp", "rs", "php", "rb", "js", "perl", "delphi", "haxe", "dart", "swift", "lua", "st", "smalltalk.category"}

// namespaceOptions maps Thrift namespace languages to the proto file
// options that exist for them.
var namespaceOptions = map[string]string{
	"java": "java_package", "go": "go_package", "csharp": "csharp_namespace",
	"netstd": "csharp_namespace", "php": "php_namespace", "rb": "ruby_package",
}

// The mapping of the Thrift-shaped model into proto, shared by Thrift →
// proto and JSON Schema → proto: JSON Schema decodes into the model of
// Thrift (structs with field IDs, typedefs, sets, unions).

// mapThriftToProto applies the Thrift → proto rules.
func mapThriftToProto(job *Job) []Output { return mapThriftModelToProto(job, false) }

// mapJSONSchemaToProto applies the JSON Schema → proto rules: those of
// Thrift, keeping the JSON of the documents the schema describes.
func mapJSONSchemaToProto(job *Job) []Output { return mapThriftModelToProto(job, true) }

// mapThriftModelToProto maps Thrift-shaped model files to proto;
// jsonContract says that the source describes JSON documents, whose JSON
// the output keeps (see thriftModelToProto.jsonContract).
func mapThriftModelToProto(job *Job, jsonContract bool) []Output {
	c := &thriftModelToProto{opts: job.Options, diags: job.Diags, jsonContract: jsonContract, pkgs: map[*schema.File]string{},
		rpc: map[*schema.Method]rpcNames{}, names: map[string]map[string]bool{}}
	c.registerNames(job.Files)
	if job.Diags.HasErrors() {
		return nil
	}
	var outs []Output
	for _, f := range job.Roots() {
		outs = append(outs, Output{Source: f, Doc: c.file(f)})
	}
	return outs
}

// protoPath is the output path of a converted Thrift file.
func protoPath(name string) string {
	return strings.TrimSuffix(name, path.Ext(name)) + ".proto"
}

// thriftModelToProto holds what the mapping of one request into proto
// shares across files. A diagnostic may be reported twice, where a type
// is mapped again (a set's element type, for its message): Convert's
// Diagnostics.Sort removes the duplicates, the one place that does.
type thriftModelToProto struct {
	opts  Options
	diags *schema.Diagnostics
	// jsonContract is the fact of JSON Schema → proto: the source
	// describes JSON documents, and the output reads and writes the same
	// JSON through protojson. A field's name is its JSON key, an enum
	// value's name its JSON string (the enum is scoped, see
	// isScopedEnum), an integer a JSON number, and a required property
	// present in every document. Thrift's names are IDL names, whose
	// JSON differs from protojson's by design (docs/mapping.md).
	jsonContract bool
	pkgs         map[*schema.File]string
	rpc          map[*schema.Method]rpcNames
	// names holds, per proto package, every top-level name declared or
	// generated in it, across all loaded files.
	names map[string]map[string]bool
}

// registerNames records the top-level names of every loaded file by proto
// package, reporting two files that declare the same name in one package,
// then reserves the request and response names of every method, in load
// order, so that each file computes the same names whichever is converted.
func (c *thriftModelToProto) registerNames(files []*schema.File) {
	declared := map[string]map[string]schema.Pos{}
	// Files are taken in path order, so that which of two clashing
	// declarations is renamed does not depend on the order of the inputs.
	ordered := append([]*schema.File(nil), files...)
	sort.SliceStable(ordered, func(i, j int) bool { return ordered[i].Path < ordered[j].Path })
	for _, f := range ordered {
		pkg := c.pkgOf(f)
		if declared[pkg] == nil {
			declared[pkg] = map[string]schema.Pos{}
			c.names[pkg] = map[string]bool{}
		}
		for _, d := range f.Decls {
			anns := declAnnotations(d)
			if anns == nil {
				continue
			}
			name := protoName(d)
			if prev, dup := declared[pkg][name]; dup {
				// Two files map to one proto package and declare one
				// name: the later file's declaration is renamed
				// NAME_FILE (the file's base name), kept in proto.name.
				base := ident.Sanitize(strings.TrimSuffix(path.Base(f.Path), path.Ext(f.Path)))
				renamed := name + "_" + base
				for n := 2; declared[pkg][renamed] != (schema.Pos{}); n++ {
					renamed = name + "_" + base + strconv.Itoa(n)
				}
				*anns = append(*anns, schema.Annotation{Key: marker.ProtoName, Value: renamed})
				c.diags.Report(d.DeclPos(), schema.RuleNameCollision, "%s is also declared at %s, and both files map to proto package %q: this one becomes %s", name, prev, pkg, renamed)
				name = renamed
			}
			declared[pkg][name] = d.DeclPos()
			c.names[pkg][name] = true
		}
	}
	// Enum values live in the package scope too, unless a message scopes
	// them.
	for _, f := range ordered {
		pkg := c.pkgOf(f)
		for _, d := range f.Decls {
			e, ok := d.(*schema.Enum)
			if !ok || c.isScopedEnum(e) {
				continue
			}
			for _, v := range e.Values {
				name := c.enumValueName(e, v)
				if prev, dup := declared[pkg][name]; dup {
					clash := name
					name = ident.Numbered(clash, func(s string) bool { return declared[pkg][s] != (schema.Pos{}) })
					v.Annotations = append(v.Annotations, schema.Annotation{Key: marker.ProtoName, Value: name})
					c.diags.Report(v.Pos, schema.RuleNameCollision, "value %s of enum %s would become %s, which is also declared at %s in proto package %q: it becomes %s", v.Name, e.Name, clash, prev, pkg, name)
				}
				declared[pkg][name] = v.Pos
				c.names[pkg][name] = true
			}
		}
	}
	for _, f := range ordered {
		c.nameRPCs(f)
	}
	c.checkIncludeCycles(files)
}

// checkIncludeCycles reports includes that lead back to the including
// file: proto imports cannot be cyclic. A file including itself is fine
// (its references need no import).
func (c *thriftModelToProto) checkIncludeCycles(files []*schema.File) {
	const (
		unvisited = iota
		active
		done
	)
	state := map[*schema.File]int{}
	var stack []*schema.File
	var visit func(f *schema.File)
	visit = func(f *schema.File) {
		state[f] = active
		stack = append(stack, f)
		for _, imp := range f.Imports {
			switch {
			case imp.File == nil || imp.File == f:
			case state[imp.File] == active:
				var names []string
				for i := len(stack) - 1; i >= 0; i-- {
					names = append([]string{stack[i].Path}, names...)
					if stack[i] == imp.File {
						break
					}
				}
				c.diags.Report(imp.Pos, RuleIncludeCycle, "include cycle %s -> %s: proto imports cannot be cyclic; move the shared types into a file that both include", strings.Join(names, " -> "), imp.File.Path)
			case state[imp.File] == unvisited:
				visit(imp.File)
			}
		}
		stack = stack[:len(stack)-1]
		state[f] = done
	}
	for _, f := range files {
		if state[f] == unvisited {
			visit(f)
		}
	}
}

// pkgOf returns the proto package for a Thrift file: --package, else
// `namespace *`, else the first namespace in packageNamespaces, else the
// file's base name.
func (c *thriftModelToProto) pkgOf(f *schema.File) string {
	if p, ok := c.pkgs[f]; ok {
		return p
	}
	p := protoPackage(f, c.opts)
	c.pkgs[f] = p
	return p
}

// protoPackage is the proto package of a Thrift-shaped file: --package,
// or the one its namespaces or name choose, through --package-map. It
// reads only the file's Path and Namespaces.
func protoPackage(f *schema.File, opts Options) string {
	p := opts.Package
	if p == "" {
		p = opts.mapPackage(choosePackage(f))
	}
	return protoast.PackageName(p)
}

func choosePackage(f *schema.File) string {
	ns := func(lang string) string {
		for _, n := range f.Namespaces {
			if n.Lang == lang {
				return n.Name
			}
		}
		return ""
	}
	if p := ns("*"); p != "" {
		return p
	}
	for _, lang := range packageNamespaces {
		if p := ns(lang); p != "" {
			return p
		}
	}
	base := strings.TrimSuffix(path.Base(f.Path), path.Ext(f.Path))
	return strings.TrimSuffix(base, ".schema")
}

// fileToProto is the state of converting one file.
type fileToProto struct {
	*thriftModelToProto
	src     *schema.File
	out     *schema.File
	pkg     string
	imports []string
	// owner is the message being built; wrapper and entry messages are
	// nested in it. wrapped maps a shape name to the nested message made
	// for it in owner.
	owner   *schema.Struct
	wrapped map[string]string
	// ownerFields are the names of every field owner will have, and
	// nestedNames those of the messages nested in it.
	ownerFields, nestedNames map[string]bool
	// shapes names and identifies the shapes of wrapped containers.
	shapes *shapeIndex
	// baseTypes are the output's types of base kinds, one each.
	baseTypes map[schema.TypeKind]*schema.Type
	// sizes memoizes expandedSize.
	sizes map[*schema.Type]int
}

func (c *thriftModelToProto) file(src *schema.File) *schema.File {
	fc := &fileToProto{thriftModelToProto: c, src: src, pkg: c.pkgOf(src), sizes: map[*schema.Type]int{}, shapes: newShapeIndex(), baseTypes: map[schema.TypeKind]*schema.Type{}}
	fc.out = &schema.File{Path: protoPath(src.Path), Format: schema.Proto, Syntax: c.opts.ProtoSyntax, Package: fc.pkg, Comments: src.Comments}
	fc.namespaces()
	for _, d := range src.Decls {
		switch d := d.(type) {
		case *schema.Struct:
			fc.out.Decls = append(fc.out.Decls, fc.message(d))
		case *schema.Enum:
			if e := fc.enum(d); e != nil {
				fc.out.Decls = append(fc.out.Decls, e)
			}
		case *schema.Typedef:
			fc.diags.Report(d.Pos, RuleTypedefInlined, "typedef %s is replaced by its target type wherever it is used", d.Name)
			for _, a := range append(append(formatAnnotations(d.Type), typeAnnotations(d.Type)...), d.Annotations...) {
				fc.diags.Report(a.Pos, RuleAnnotationComment, "annotation %s on typedef %s is dropped with the typedef", a.Key, d.Name)
			}
		case *schema.Const:
			fc.out.Decls = append(fc.out.Decls, fc.constant(d))
		case *schema.Comment:
			fc.out.Decls = append(fc.out.Decls, d)
		case *schema.Service:
			fc.service(d)
		}
	}
	for _, imp := range fc.imports {
		fc.out.Imports = append(fc.out.Imports, &schema.Import{Path: imp})
	}
	return fc.out
}

func (fc *fileToProto) addImport(p string) {
	for _, have := range fc.imports {
		if have == p {
			return
		}
	}
	fc.imports = append(fc.imports, p)
}

// namespaces sets the proto file options that Thrift namespaces map to and
// warns about the rest.
func (fc *fileToProto) namespaces() {
	chosen := fc.opts.Package == "" && fc.pkg != "" && protoast.PackageName(fc.opts.mapPackage(choosePackage(fc.src))) == fc.pkg
	set := map[string]string{}
	for _, ns := range fc.src.Namespaces {
		opt, hasOpt := namespaceOptions[ns.Lang]
		if other, dup := set[opt]; hasOpt && dup {
			fc.diags.Report(ns.Pos, RuleNamespaceDropped, "namespace %s %s is dropped: option %s is already set from namespace %s", ns.Lang, ns.Name, opt, other)
			continue
		}
		if hasOpt {
			set[opt] = ns.Lang
			value := namespaceOptionValue(ns.Lang, ns.Name)
			if ns.Lang == "go" {
				value = fc.opts.GoPackagePrefix + value
			}
			fc.out.Annotations = append(fc.out.Annotations, schema.Annotation{Pos: ns.Pos, Key: opt, Value: protoast.Quote(value)})
			continue
		}
		if chosen && protoast.PackageName(fc.opts.mapPackage(ns.Name)) == fc.pkg {
			continue
		}
		fc.diags.Report(ns.Pos, RuleNamespaceDropped, "namespace %s %s has no proto equivalent and is dropped", ns.Lang, ns.Name)
	}
}

// namespaceOptionValue spells a Thrift namespace as the proto option wants.
func namespaceOptionValue(lang, name string) string {
	switch lang {
	case "go":
		return strings.ReplaceAll(name, ".", "/")
	case "php":
		return strings.ReplaceAll(name, ".", `\`)
	case "rb":
		return strings.ReplaceAll(name, ".", "::")
	}
	return name
}

// comments carries an element's comments, adding its annotations as
// comment lines (with a warning each).
func (fc *fileToProto) comments(c schema.Comments, anns []schema.Annotation, what string) schema.Comments {
	if len(anns) == 0 {
		return c
	}
	// One builder for all the lines: appending to the string one line at
	// a time was quadratic in the number of annotations.
	var b strings.Builder
	b.WriteString(c.Leading)
	for _, a := range anns {
		if b.Len() > 0 {
			b.WriteByte('\n')
		}
		b.WriteString("thrift annotation: ")
		b.WriteString(a.Key)
		if a.Value != "" {
			b.WriteString(" = ")
			b.WriteString(strconv.Quote(a.Value))
		}
		fc.diags.Report(a.Pos, RuleAnnotationComment, "annotation %s on %s has no proto equivalent and becomes a comment", a.Key, what)
	}
	c.Leading = b.String()
	return c
}

// declAnnotations returns a pointer to the annotations of a declaration
// that becomes a named proto declaration (message, enum, service), or nil.
func declAnnotations(d schema.Decl) *[]schema.Annotation {
	switch d := d.(type) {
	case *schema.Struct:
		return &d.Annotations
	case *schema.Enum:
		return &d.Annotations
	case *schema.Service:
		return &d.Annotations
	}
	return nil
}

// protoName is the proto name of a declaration: its name, or the one the
// proto → Thrift mapping recorded in a proto.name annotation when it had
// to rename it.
func protoName(d schema.Decl) string {
	var anns []schema.Annotation
	switch d := d.(type) {
	case *schema.Struct:
		anns = d.Annotations
	case *schema.Enum:
		anns = d.Annotations
	case *schema.Service:
		anns = d.Annotations
	}
	if n, ok := annotationValue(anns, marker.ProtoName); ok {
		return n
	}
	return d.DeclName()
}
