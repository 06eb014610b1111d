package protodesc

import (
	"strings"

	"google.golang.org/protobuf/reflect/protoreflect"
	"google.golang.org/protobuf/reflect/protoregistry"

	"github.com/idlconv/idlconv/protoast"
	"github.com/idlconv/idlconv/schema"
)

// wellKnown returns a fresh model of an imported google/protobuf/*.proto
// file as protoast builds it (from the descriptors that
// google.golang.org/protobuf carries, without positions, options or
// comments), or nil when name is not one of them.
func wellKnown(name string) *schema.File {
	if !strings.HasPrefix(name, "google/protobuf/") {
		return nil
	}
	fd, err := protoregistry.GlobalFiles.FindFileByPath(name)
	if err != nil {
		return nil
	}
	f := &schema.File{Path: fd.Path(), Format: schema.Proto, Syntax: fd.Syntax().String(), Package: string(fd.Package())}
	if !protoast.IsWellKnown(f) {
		return nil
	}
	imps := fd.Imports()
	for i := 0; i < imps.Len(); i++ {
		f.Imports = append(f.Imports, &schema.Import{Path: imps.Get(i).Path(), Public: imps.Get(i).IsPublic})
	}
	msgs := fd.Messages()
	for i := 0; i < msgs.Len(); i++ {
		f.Decls = append(f.Decls, wellKnownMessage(msgs.Get(i)))
	}
	enums := fd.Enums()
	for i := 0; i < enums.Len(); i++ {
		f.Decls = append(f.Decls, wellKnownEnum(enums.Get(i)))
	}
	return f
}

func wellKnownMessage(md protoreflect.MessageDescriptor) *schema.Struct {
	s := &schema.Struct{Name: string(md.Name())}
	oneofs := md.Oneofs()
	for i := 0; i < oneofs.Len(); i++ {
		if !oneofs.Get(i).IsSynthetic() {
			s.Oneofs = append(s.Oneofs, &schema.Oneof{Name: string(oneofs.Get(i).Name())})
		}
	}
	nested := md.Messages()
	for i := 0; i < nested.Len(); i++ {
		if !nested.Get(i).IsMapEntry() {
			s.Nested = append(s.Nested, wellKnownMessage(nested.Get(i)))
		}
	}
	enums := md.Enums()
	for i := 0; i < enums.Len(); i++ {
		s.Nested = append(s.Nested, wellKnownEnum(enums.Get(i)))
	}
	fields := md.Fields()
	for i := 0; i < fields.Len(); i++ {
		fd := fields.Get(i)
		f := &schema.Field{Name: string(fd.Name()), ID: int(fd.Number()), IDExplicit: true}
		switch {
		case fd.IsMap():
			f.Type = &schema.Type{Kind: schema.TypeMap, Key: typeOf(fd.MapKey(), schema.Pos{}), Elem: typeOf(fd.MapValue(), schema.Pos{})}
		case fd.IsList():
			f.Type = &schema.Type{Kind: schema.TypeList, Elem: typeOf(fd, schema.Pos{})}
		default:
			f.Type = typeOf(fd, schema.Pos{})
			switch {
			case fd.Cardinality() == protoreflect.Required:
				f.Presence = schema.PresenceRequired
			case fd.HasPresence():
				f.Presence = schema.PresenceOptional
			}
		}
		if o := fd.ContainingOneof(); o != nil && !o.IsSynthetic() {
			f.Oneof = string(o.Name())
		}
		s.Fields = append(s.Fields, f)
	}
	return s
}

func wellKnownEnum(ed protoreflect.EnumDescriptor) *schema.Enum {
	e := &schema.Enum{Name: string(ed.Name())}
	vals := ed.Values()
	for i := 0; i < vals.Len(); i++ {
		e.Values = append(e.Values, &schema.EnumValue{Name: string(vals.Get(i).Name()), Value: int64(vals.Get(i).Number())})
	}
	return e
}

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
