package thriftast

import (
	"path"
	"strings"

	"github.com/idlconv/idlconv/schema"
)

// keywords are the words of Apache Thrift 0.17's lexer
// (compiler/cpp/src/thrift/thriftl.ll), and uuid; thriftgo's grammar has
// no others.
var keywords = map[string]bool{
	"async": true, "binary": true, "bool": true, "byte": true, "const": true, "cpp_include": true,
	"cpp_namespace": true, "cpp_type": true, "delphi_namespace": true, "double": true, "enum": true,
	"exception": true, "extends": true, "false": true, "i16": true, "i32": true, "i64": true,
	"i8": true, "include": true, "java_package": true, "list": true, "map": true, "namespace": true,
	"oneway": true, "optional": true, "perl_package": true, "php_namespace": true, "py_module": true,
	"required": true, "ruby_namespace": true, "senum": true, "service": true, "set": true,
	"slist": true, "smalltalk_category": true, "smalltalk_prefix": true, "string": true,
	"struct": true, "throws": true, "true": true, "typedef": true, "union": true, "uuid": true,
	"void": true, "xsd_all": true, "xsd_attrs": true, "xsd_namespace": true, "xsd_nillable": true,
	"xsd_optional": true,
}

// generatorKeywords are the words that every Apache Thrift 0.17 generator
// but Python's rejects as a name ("Cannot use reserved language keyword",
// t_generator::lang_keywords).
var generatorKeywords = map[string]bool{
	"BEGIN": true, "END": true, "__CLASS__": true, "__DIR__": true, "__FILE__": true,
	"__FUNCTION__": true, "__LINE__": true, "__METHOD__": true, "__NAMESPACE__": true,
	"abstract": true, "alias": true, "and": true, "args": true, "as": true, "assert": true,
	"begin": true, "break": true, "case": true, "catch": true, "class": true, "clone": true,
	"continue": true, "declare": true, "def": true, "default": true, "del": true, "delete": true,
	"do": true, "dynamic": true, "elif": true, "else": true, "elseif": true, "elsif": true,
	"end": true, "enddeclare": true, "endfor": true, "endforeach": true, "endif": true,
	"endswitch": true, "endwhile": true, "ensure": true, "except": true, "exec": true,
	"finally": true, "float": true, "for": true, "foreach": true, "from": true, "function": true,
	"global": true, "goto": true, "if": true, "implements": true, "import": true, "in": true,
	"inline": true, "instanceof": true, "interface": true, "is": true, "lambda": true, "module": true,
	"native": true, "new": true, "next": true, "nil": true, "not": true, "or": true, "package": true,
	"pass": true, "print": true, "private": true, "protected": true, "public": true, "raise": true,
	"redo": true, "register": true, "rescue": true, "retry": true, "return": true, "self": true,
	"sizeof": true, "static": true, "super": true, "switch": true, "synchronized": true, "then": true,
	"this": true, "throw": true, "transient": true, "try": true, "undef": true, "unless": true,
	"unsigned": true, "until": true, "use": true, "var": true, "virtual": true, "volatile": true,
	"when": true, "while": true, "with": true, "xor": true, "yield": true,
}

// pythonKeywords are the words the Python generator rejects
// (t_py_generator::lang_keywords); Python also cannot import a module of
// one of these names.
var pythonKeywords = map[string]bool{
	"False": true, "None": true, "True": true, "and": true, "as": true, "assert": true, "break": true,
	"class": true, "continue": true, "def": true, "del": true, "elif": true, "else": true,
	"except": true, "exec": true, "finally": true, "for": true, "from": true, "global": true,
	"if": true, "import": true, "in": true, "is": true, "lambda": true, "nonlocal": true, "not": true,
	"or": true, "pass": true, "print": true, "raise": true, "return": true, "try": true,
	"while": true, "with": true, "yield": true,
}

// IsKeyword reports whether name is a keyword of Thrift's grammar, which
// cannot stand where an identifier is expected, not even as a part of a
// dotted namespace.
func IsKeyword(name string) bool { return keywords[name] }

// IsReserved reports whether the Thrift compiler or one of its
// generators rejects name as the name of a declaration, field, enum value
// or method.
func IsReserved(name string) bool {
	return keywords[name] || generatorKeywords[name] || pythonKeywords[name]
}

// OutputPath is the path of the Thrift file generated from a source file
// named name. Thrift names an included file's types by its base name, and
// the Python generator makes it a module name, so a base name that is a
// keyword of Thrift or Python (string.proto) gets '_' appended
// (string_.thrift). The other generators never use it as a name.
func OutputPath(name string) string {
	base := strings.TrimSuffix(name, path.Ext(name))
	if b := path.Base(base); keywords[b] || pythonKeywords[b] {
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
