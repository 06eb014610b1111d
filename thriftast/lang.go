package thriftast

import (
	"path"
	"strings"

	"github.com/idlconv/idlconv/schema"
)

// reserved are the words Apache Thrift 0.17 rejects as identifiers.
var reserved = map[string]bool{
	"and": true, "as": true, "assert": true, "async": true, "break": true, "class": true, "continue": true,
	"def": true, "del": true, "elif": true, "else": true, "except": true, "exec": true, "finally": true,
	"for": true, "from": true, "global": true, "if": true, "import": true, "in": true, "is": true,
	"lambda": true, "not": true, "or": true, "pass": true, "print": true, "raise": true, "return": true,
	"try": true, "while": true, "with": true, "yield": true, "union": true, "struct": true, "service": true,
	"exception": true, "enum": true, "const": true, "typedef": true, "include": true, "namespace": true,
	"required": true, "optional": true, "oneway": true, "void": true, "throws": true, "extends": true,
	"bool": true, "byte": true, "i8": true, "i16": true, "i32": true, "i64": true, "double": true,
	"string": true, "binary": true, "slist": true, "senum": true, "map": true, "list": true, "set": true,
	"cpp_include": true, "cpp_type": true, "xsd_all": true, "xsd_optional": true, "xsd_nillable": true,
	"xsd_namespace": true, "xsd_attrs": true, "true": true, "false": true, "uuid": true,
	"cpp_namespace": true, "java_package": true, "delphi_namespace": true, "php_namespace": true,
	"py_module": true, "perl_package": true, "ruby_namespace": true, "smalltalk_category": true,
	"smalltalk_prefix": true, "None": true, "True": true, "False": true,
}

// IsReserved reports whether Thrift rejects name as an identifier.
func IsReserved(name string) bool { return reserved[name] }

// OutputPath is the path of the Thrift file generated from a source file
// named name. Thrift names an included file's types by its base name, so
// a base name that is a reserved word (string.proto) gets '_' appended
// (string_.thrift).
func OutputPath(name string) string {
	base := strings.TrimSuffix(name, path.Ext(name))
	if IsReserved(path.Base(base)) {
		base += "_"
	}
	return base + ".thrift"
}

// DeclareBeforeUse moves each enum and typedef up to just before the
// first declaration that uses it (by reference or by bare name, in a type,
// a default or a method): Apache Thrift wants them declared before use,
// while structs may be used before they are declared. Declarations
// already in order keep their place.
func DeclareBeforeUse(decls []schema.Decl) []schema.Decl {
	out := append([]schema.Decl(nil), decls...)
	for pass := 0; pass < len(out); pass++ {
		moved := false
		for i := 0; i < len(out); i++ {
			switch out[i].(type) {
			case *schema.Enum, *schema.Typedef:
			default:
				continue
			}
			for j := 0; j < i; j++ {
				if uses(out[j], out[i]) {
					d := out[i]
					copy(out[j+1:i+1], out[j:i])
					out[j] = d
					moved = true
					break
				}
			}
		}
		if !moved {
			break
		}
	}
	return out
}

// uses reports whether user refers to used.
func uses(user, used schema.Decl) bool {
	name := used.DeclName()
	var typeUses func(t *schema.Type) bool
	typeUses = func(t *schema.Type) bool {
		if t == nil {
			return false
		}
		return t.Kind == schema.TypeNamed && (t.Decl == used || t.Name == name) || typeUses(t.Key) || typeUses(t.Elem)
	}
	fieldsUse := func(fs []*schema.Field) bool {
		for _, f := range fs {
			if typeUses(f.Type) || f.Default != nil && f.Default.Kind == schema.ValueIdent && strings.HasPrefix(f.Default.Str, name+".") {
				return true
			}
		}
		return false
	}
	switch d := user.(type) {
	case *schema.Struct:
		return fieldsUse(d.Fields)
	case *schema.Typedef:
		return typeUses(d.Type)
	case *schema.Service:
		for _, m := range d.Methods {
			if typeUses(m.Result) || fieldsUse(m.Args) || fieldsUse(m.Throws) {
				return true
			}
		}
	}
	return false
}
