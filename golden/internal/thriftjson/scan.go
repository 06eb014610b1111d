package thriftjson

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"path"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
)

// registry is what the driver program is told about the generated code.
type registry struct {
	structs []regStruct
	enums   []regEnum
}

// regStruct is a Thrift struct and its generated Go type.
type regStruct struct {
	ref    StructRef
	pkg    string // import path
	goName string // Go type; its constructor is New+goName
}

// regEnum is a generated Go type whose values are the constants of an
// enum: the enum itself or a typedef of it.
type regEnum struct {
	pkg, goName string
	base        typeRef  // the enum type that declares the constants
	consts      []string // the constants, in base.pkg
}

// typeRef names a Go type of a generated package.
type typeRef struct{ pkg, name string }

// goFile is one parsed generated file.
type goFile struct {
	pkg  string // import path
	file *ast.File
}

// scan parses the Go files generated for progs and finds, without
// guessing the generator's naming rules: each declared struct's Go type
// (the type whose Write method calls oprot.WriteStructBegin with the
// Thrift name), each enum type (a type T with a TFromString function) and
// its constants, and each typedef of an enum.
func scan(progs []*program) (*registry, error) {
	fset := token.NewFileSet()
	pkgName := map[string]string{} // import path → package name
	byProg := map[*program][]goFile{}
	var all []goFile
	for _, p := range progs {
		for _, rel := range p.goFiles {
			f, err := parser.ParseFile(fset, filepath.Join(p.genDir, filepath.FromSlash(rel)), nil, parser.SkipObjectResolution)
			if err != nil {
				return nil, fmt.Errorf("thriftjson: parsing code generated for %s: %w", p.rel, err)
			}
			gf := goFile{pkg: modPath + "/gen/" + path.Dir(rel), file: f}
			pkgName[gf.pkg] = f.Name.Name
			byProg[p] = append(byProg[p], gf)
			all = append(all, gf)
		}
	}

	// Enums and typedefs, over all packages.
	enumConsts := map[typeRef][]string{}
	isEnum := map[typeRef]bool{}
	typedefs := map[typeRef]typeRef{}
	for _, gf := range all {
		imports := fileImports(gf.file, pkgName)
		for _, d := range gf.file.Decls {
			switch d := d.(type) {
			case *ast.FuncDecl:
				if name, ok := strings.CutSuffix(d.Name.Name, "FromString"); ok && d.Recv == nil && returnsFirst(d, name) {
					isEnum[typeRef{gf.pkg, name}] = true
				}
			case *ast.GenDecl:
				for _, s := range d.Specs {
					switch s := s.(type) {
					case *ast.ValueSpec:
						if id, ok := s.Type.(*ast.Ident); ok && d.Tok == token.CONST {
							for _, n := range s.Names {
								r := typeRef{gf.pkg, id.Name}
								enumConsts[r] = append(enumConsts[r], n.Name)
							}
						}
					case *ast.TypeSpec:
						if s.Assign != token.NoPos {
							continue
						}
						switch t := s.Type.(type) {
						case *ast.Ident:
							typedefs[typeRef{gf.pkg, s.Name.Name}] = typeRef{gf.pkg, t.Name}
						case *ast.SelectorExpr:
							if x, ok := t.X.(*ast.Ident); ok && imports[x.Name] != "" {
								typedefs[typeRef{gf.pkg, s.Name.Name}] = typeRef{imports[x.Name], t.Sel.Name}
							}
						}
					}
				}
			}
		}
	}
	reg := &registry{}
	for r := range isEnum {
		reg.enums = append(reg.enums, regEnum{pkg: r.pkg, goName: r.name, base: r, consts: enumConsts[r]})
	}
	for r := range typedefs {
		base, seen := r, map[typeRef]bool{}
		for !isEnum[base] && !seen[base] {
			seen[base] = true
			next, ok := typedefs[base]
			if !ok {
				break
			}
			base = next
		}
		if isEnum[base] && base != r {
			reg.enums = append(reg.enums, regEnum{pkg: r.pkg, goName: r.name, base: base, consts: enumConsts[base]})
		}
	}
	sort.Slice(reg.enums, func(i, j int) bool {
		a, b := reg.enums[i], reg.enums[j]
		return a.pkg < b.pkg || a.pkg == b.pkg && a.goName < b.goName
	})

	// Structs, per program, in declaration order.
	for _, p := range progs {
		writes := map[string][]string{} // Thrift name → Go types
		ctors := map[string]bool{}
		pkg := ""
		for _, gf := range byProg[p] {
			pkg = gf.pkg
			for _, d := range gf.file.Decls {
				fd, ok := d.(*ast.FuncDecl)
				if !ok {
					continue
				}
				if fd.Recv == nil && strings.HasPrefix(fd.Name.Name, "New") {
					ctors[strings.TrimPrefix(fd.Name.Name, "New")] = true
				}
				if fd.Name.Name == "Write" && fd.Recv != nil {
					if recv := receiverType(fd); recv != "" {
						if name, ok := structBeginName(fd); ok {
							writes[name] = append(writes[name], recv)
						}
					}
				}
			}
		}
		for _, s := range p.decl.Structs {
			ref := StructRef{File: p.rel, Name: s.Name, Kind: "struct"}
			switch {
			case s.IsUnion:
				ref.Kind = "union"
			case s.IsException:
				ref.Kind = "exception"
			}
			goTypes := writes[s.Name]
			if len(goTypes) != 1 {
				return nil, fmt.Errorf("thriftjson: %s: %d Go types write struct %s (%v)", p.rel, len(goTypes), s.Name, goTypes)
			}
			if !ctors[goTypes[0]] {
				return nil, fmt.Errorf("thriftjson: %s: no constructor New%s for struct %s", p.rel, goTypes[0], s.Name)
			}
			reg.structs = append(reg.structs, regStruct{ref: ref, pkg: pkg, goName: goTypes[0]})
		}
	}
	return reg, nil
}

// fileImports maps the names a file uses for imported packages to their
// import paths.
func fileImports(f *ast.File, pkgName map[string]string) map[string]string {
	m := map[string]string{}
	for _, is := range f.Imports {
		p, err := strconv.Unquote(is.Path.Value)
		if err != nil {
			continue
		}
		name := pkgName[p]
		if name == "" {
			name = path.Base(p)
		}
		if is.Name != nil {
			name = is.Name.Name
		}
		m[name] = p
	}
	return m
}

// returnsFirst tells whether fd's first result is the type named name.
func returnsFirst(fd *ast.FuncDecl, name string) bool {
	if fd.Type.Results == nil || len(fd.Type.Results.List) == 0 {
		return false
	}
	id, ok := fd.Type.Results.List[0].Type.(*ast.Ident)
	return ok && id.Name == name
}

// receiverType is the T of a method on *T or T.
func receiverType(fd *ast.FuncDecl) string {
	if len(fd.Recv.List) != 1 {
		return ""
	}
	t := fd.Recv.List[0].Type
	if st, ok := t.(*ast.StarExpr); ok {
		t = st.X
	}
	if id, ok := t.(*ast.Ident); ok {
		return id.Name
	}
	return ""
}

// structBeginName finds the string literal passed to WriteStructBegin in
// fd's body.
func structBeginName(fd *ast.FuncDecl) (string, bool) {
	var name string
	var found bool
	ast.Inspect(fd.Body, func(n ast.Node) bool {
		call, ok := n.(*ast.CallExpr)
		if !ok || found {
			return !found
		}
		sel, ok := call.Fun.(*ast.SelectorExpr)
		if !ok || sel.Sel.Name != "WriteStructBegin" || len(call.Args) != 2 {
			return true
		}
		lit, ok := call.Args[1].(*ast.BasicLit)
		if !ok || lit.Kind != token.STRING {
			return true
		}
		if s, err := strconv.Unquote(lit.Value); err == nil {
			name, found = s, true
		}
		return false
	})
	return name, found
}
