package meaningtest

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/idlconv/idlconv/convert"
	"github.com/idlconv/idlconv/schema"

	"google.golang.org/protobuf/reflect/protoreflect"

	"github.com/idlconv/idlconv/internal/marker"
)

// ThriftToProto compares a Thrift input, as thrift read it (prog), with
// idlconv's proto output of it, as protocompile read it (fd). lib holds
// every program read, by path, to follow a service's extends into the
// included files. It returns the pair's undocumented differences, which
// it also adds to the report.
func (r *Report) ThriftToProto(file string, prog *Program, fd protoreflect.FileDescriptor, lib map[string]*Program) []Difference {
	c := &t2p{comparison: r.begin(file), prog: prog, fd: fd, lib: lib, declared: map[string]bool{},
		used: map[protoreflect.FullName]bool{}}
	defer c.end()
	for _, s := range prog.Structs {
		c.declared[s.Name] = true
	}
	for _, e := range prog.Enums {
		c.declared[e.Name] = true
	}
	for _, s := range prog.Services {
		c.declared[s.Name] = true
	}
	for _, s := range prog.Structs {
		c.decls++
		c.structDecl(s)
	}
	for _, e := range prog.Enums {
		c.decls++
		c.enumDecl(e)
	}
	for _, s := range prog.Services {
		c.decls++
		c.service(s)
	}
	// Every proto declaration must stand for a Thrift one (or be a
	// method's request or response).
	for i := 0; i < fd.Messages().Len(); i++ {
		if m := fd.Messages().Get(i); !c.used[m.FullName()] {
			c.diff("message "+string(m.Name()), "", "declaration only in proto", "no such declaration", "message ."+string(m.FullName()))
		}
	}
	for i := 0; i < fd.Enums().Len(); i++ {
		if e := fd.Enums().Get(i); !c.used[e.FullName()] {
			c.diff("enum "+string(e.Name()), "", "declaration only in proto", "no such declaration", "enum ."+string(e.FullName()))
		}
	}
	for i := 0; i < fd.Services().Len(); i++ {
		if s := fd.Services().Get(i); !c.used[s.FullName()] {
			c.diff("service "+string(s.Name()), "", "declaration only in proto", "no such declaration", "service ."+string(s.FullName()))
		}
	}
	return c.diffs
}

// t2p compares one Thrift → proto pair.
type t2p struct {
	*comparison
	prog     *Program
	fd       protoreflect.FileDescriptor
	lib      map[string]*Program
	declared map[string]bool // the Thrift file's declaration names
	// used are the proto declarations compared: those of Thrift
	// declarations, and the requests and responses of methods.
	used map[protoreflect.FullName]bool
}

// protoName finds the proto name a Thrift declaration got: its own, the
// one its proto.name annotation keeps, or its own + "_FILE" when another
// file of the package declares it too. has tells whether the proto file
// declares a name; names lists the file's names of that kind.
func (c *t2p) protoName(name string, ann map[string]string, has func(string) bool, names []string) (string, bool) {
	if n := ann[marker.ProtoName]; n != "" && has(n) {
		if n != name {
			c.rule("proto-name")
		}
		return n, true
	}
	if has(name) {
		return name, true
	}
	for _, n := range names {
		if strings.HasPrefix(n, name+"_") && !c.declared[n] {
			c.rule(schema.RuleNameCollision.ID)
			return n, true
		}
	}
	return "", false
}

func messageNames(fd protoreflect.FileDescriptor) []string {
	var out []string
	for i := 0; i < fd.Messages().Len(); i++ {
		out = append(out, string(fd.Messages().Get(i).Name()))
	}
	return out
}

func (c *t2p) structDecl(s *Struct) {
	decl := s.Kind() + " " + s.Name
	name, ok := c.protoName(s.Name, s.Annotations, func(n string) bool {
		return c.fd.Messages().ByName(protoreflect.Name(n)) != nil
	}, messageNames(c.fd))
	if !ok {
		c.diff(decl, "", "declaration missing in proto", decl, "no message "+s.Name)
		return
	}
	m := c.fd.Messages().ByName(protoreflect.Name(name))
	c.used[m.FullName()] = true
	if s.IsException {
		c.rule(convert.RuleExceptionToMessage.ID)
	}
	var union protoreflect.OneofDescriptor
	if s.IsUnion {
		// A union is a message holding one oneof, of all its fields.
		oneofs := realOneofs(m)
		if len(oneofs) != 1 || oneofs[0].Fields().Len() != m.Fields().Len() {
			c.diff(decl, "", "union shape", "union of "+fmt.Sprint(len(s.Fields))+" members",
				fmt.Sprintf("message with %d oneofs and %d fields", len(oneofs), m.Fields().Len()))
		} else {
			union = oneofs[0]
		}
	}
	c.fields(decl, s.Fields, m, union, "")
}

// fields compares Thrift fields (a struct's, or a method's arguments)
// with the fields of message m, by number: each Thrift field must be
// there, and m must have no other.
func (c *t2p) fields(decl string, fields []*Field, m protoreflect.MessageDescriptor, union protoreflect.OneofDescriptor, method string) {
	seen := map[protoreflect.FieldNumber]bool{}
	for _, f := range fields {
		label := fieldLabel(method, f.Key, f.Name)
		pf := m.Fields().ByNumber(protoreflect.FieldNumber(f.Key))
		if pf == nil {
			c.diff(decl, label, "field missing in proto", fieldString(f), "no field "+fmt.Sprint(f.Key)+" in ."+string(m.FullName()))
			continue
		}
		seen[pf.Number()] = true
		c.field(decl, label, f, pf, m, union)
	}
	for i := 0; i < m.Fields().Len(); i++ {
		pf := m.Fields().Get(i)
		if !seen[pf.Number()] {
			c.diff(decl, fieldLabel(method, int(pf.Number()), string(pf.Name())), "field only in proto",
				"no field "+fmt.Sprint(pf.Number()), describeField(pf))
		}
	}
}

// fieldLabel names a field or argument in a difference.
func fieldLabel(method string, key int, name string) string {
	if method != "" {
		return fmt.Sprintf("%s argument %d: %s", method, key, name)
	}
	return fmt.Sprintf("%d: %s", key, name)
}

// fieldString writes a Thrift field as thrift read it: "optional i32 = 3".
func fieldString(f *Field) string { return f.Required + " " + f.Type().String() }

// field compares one Thrift field with the proto field of its number.
func (c *t2p) field(decl, label string, f *Field, pf protoreflect.FieldDescriptor, owner protoreflect.MessageDescriptor, union protoreflect.OneofDescriptor) {
	c.fieldName(decl, label, f, pf)
	tt := f.Type()
	var rules []string
	if !c.matchField(tt, pf, owner, &rules) {
		c.diff(decl, label, "type", tt.String(), describeType(pf))
	} else {
		c.rule(rules...)
	}
	want, prules := c.wantPresence(f, tt, union)
	if got := protoPresence(pf); got == presExplicit && want == presImplicit && f.Required == "req_out" && strings.Contains(label, " argument ") {
		// An argument written optional, which thrift reads as default
		// requiredness: idlconv keeps the keyword.
		c.rule("optional-argument")
	} else if got != want {
		c.diff(decl, label, "presence", f.Required+" (proto "+want+" expected)", got)
	} else {
		c.rule(prules...)
	}
}

var jsonRenameRe = regexp.MustCompile(`^(.*?)(_[0-9]+)+$`)

// fieldName checks a field's proto name: its own, the one its proto.name
// annotation keeps, or NAME_ID (json-name-conflict).
func (c *t2p) fieldName(decl, label string, f *Field, pf protoreflect.FieldDescriptor) {
	got := string(pf.Name())
	switch {
	case got == f.Name:
	case f.Annotations[marker.ProtoName] != "" && got == f.Annotations[marker.ProtoName]:
		c.rule("proto-name")
	case strings.HasPrefix(got, strings.TrimRight(f.Name, "_")+fmt.Sprintf("_%d", f.Key)) &&
		jsonRenameRe.MatchString(got):
		c.rule(convert.RuleJSONNameConflict.ID)
	default:
		c.diff(decl, label, "name", f.Name, got)
	}
}

// wantPresence is the proto presence the mapping gives a Thrift field,
// with the rules that allow it when it is not the same presence.
func (c *t2p) wantPresence(f *Field, tt *Type, union protoreflect.OneofDescriptor) (string, []string) {
	syntax := c.fd.Syntax()
	switch {
	case union != nil:
		// Apache Thrift reads every union member as optional.
		return presOneof + string(union.Name()), []string{"union-to-oneof"}
	case f.Annotations[marker.ProtoOneof] != "":
		return presOneof + f.Annotations[marker.ProtoOneof], []string{"oneof-annotation"}
	case tt.IsContainer():
		switch f.Required {
		case "required":
			return presRepeated, []string{convert.RuleRequiredField.ID}
		case "optional":
			return presRepeated, []string{convert.RuleOptionalContainer.ID}
		}
		return presRepeated, nil
	case f.Required == "required":
		if syntax == protoreflect.Proto3 {
			if tt.IsDeclared() {
				return presExplicit, []string{convert.RuleRequiredField.ID}
			}
			return presImplicit, []string{convert.RuleRequiredField.ID}
		}
		return presRequired, nil
	case f.Required == "optional":
		return presExplicit, nil
	}
	// Default requiredness.
	switch {
	case syntax == protoreflect.Proto2:
		return presExplicit, []string{"proto2-default-optional"}
	case tt.IsDeclared():
		return presExplicit, []string{"message-presence"}
	case syntax == protoreflect.Editions && len(f.Default) > 0:
		return presExplicit, []string{"editions-default-explicit"}
	}
	return presImplicit, nil
}

// matchField reports whether proto field pf, with its cardinality, holds
// Thrift type tt; owner is the message that declares pf (or uses its
// wrapper), in which wrapper and entry messages must be nested. rules
// gets the rules the match needed.
func (c *t2p) matchField(tt *Type, pf protoreflect.FieldDescriptor, owner protoreflect.MessageDescriptor, rules *[]string) bool {
	inOneof := realOneof(pf) != nil
	if tt.IsContainer() && inOneof && isMessage(pf) {
		// A oneof member cannot be repeated: a container member is a
		// wrapper message.
		return c.matchWrapper(tt, pf.Message(), owner, rules)
	}
	switch tt.ID {
	case "list", "set":
		if !pf.IsList() || !c.matchElem(tt.Elem, pf, owner, rules) {
			return false
		}
		if tt.ID == "set" {
			*rules = append(*rules, convert.RuleSetToRepeated.ID)
		}
		return true
	case "map":
		if pf.IsMap() {
			return mapKeyLegal(tt.Key) && c.matchScalar(tt.Key, pf.MapKey(), rules) &&
				c.matchElem(tt.Value, pf.MapValue(), owner, rules)
		}
		return pf.IsList() && isMessage(pf) && c.matchEntry(tt, pf.Message(), owner, rules)
	}
	return !pf.IsList() && !pf.IsMap() && c.matchScalar(tt, pf, rules)
}

// mapKeyLegal reports whether proto maps can have Thrift key type t
// (Containers table; i32 may be an enum, see reader-enum-as-i32).
func mapKeyLegal(t *Type) bool {
	switch t.ID {
	case "bool", "i8", "byte", "i16", "i32", "i64", "string", "slist", "uuid":
		return true
	}
	return false
}

// matchElem matches one element (a list element or map value, of field
// fd): a container element must be a wrapper message.
func (c *t2p) matchElem(tt *Type, fd protoreflect.FieldDescriptor, owner protoreflect.MessageDescriptor, rules *[]string) bool {
	if tt.IsContainer() {
		return isMessage(fd) && c.matchWrapper(tt, fd.Message(), owner, rules)
	}
	return c.matchScalar(tt, fd, rules)
}

// matchWrapper matches a wrapper message: nested in owner, one field
// (items = 1 for a list or set, entries = 1 for a map) holding tt.
func (c *t2p) matchWrapper(tt *Type, m protoreflect.MessageDescriptor, owner protoreflect.MessageDescriptor, rules *[]string) bool {
	if m.Parent() != owner || m.Fields().Len() != 1 {
		return false
	}
	f := m.Fields().Get(0)
	want := "items"
	if tt.ID == "map" {
		want = "entries"
	}
	if f.Number() != 1 || string(f.Name()) != want || !c.matchField(tt, f, owner, rules) {
		return false
	}
	*rules = append(*rules, convert.RuleContainerWrapper.ID)
	return true
}

// matchEntry matches the entry message of a map whose key proto maps
// cannot have: nested in owner, key = 1 and value = 2, singular.
func (c *t2p) matchEntry(tt *Type, m protoreflect.MessageDescriptor, owner protoreflect.MessageDescriptor, rules *[]string) bool {
	if m.Parent() != owner || m.IsMapEntry() || m.Fields().Len() != 2 {
		return false
	}
	k, v := m.Fields().ByNumber(1), m.Fields().ByNumber(2)
	if k == nil || v == nil || k.Name() != "key" || v.Name() != "value" ||
		k.IsList() || k.IsMap() || v.IsList() || v.IsMap() {
		return false
	}
	if mapKeyLegal(tt.Key) && !(tt.Key.ID == "i32" && k.Kind() == protoreflect.EnumKind) {
		// A legal key must give a proto map; an i32 key may be an enum,
		// which proto map keys cannot be.
		return false
	}
	if !c.matchElem(tt.Key, k, owner, rules) || !c.matchElem(tt.Value, v, owner, rules) {
		return false
	}
	*rules = append(*rules, convert.RuleMapKeyToEntries.ID)
	return true
}

// matchScalar matches a base or declared Thrift type with a singular
// proto type (fd's element type).
func (c *t2p) matchScalar(tt *Type, fd protoreflect.FieldDescriptor, rules *[]string) bool {
	k := fd.Kind()
	ok := func(cond bool, rule ...string) bool {
		if cond {
			*rules = append(*rules, rule...)
		}
		return cond
	}
	switch tt.ID {
	case "bool":
		return k == protoreflect.BoolKind
	case "i8", "byte", "i16":
		return ok(k == protoreflect.Int32Kind, convert.RuleNarrowInt.ID)
	case "i32":
		if k == protoreflect.EnumKind {
			return ok(true, "reader-enum-as-i32")
		}
		return k == protoreflect.Int32Kind
	case "i64":
		return k == protoreflect.Int64Kind
	case "double":
		return k == protoreflect.DoubleKind
	case "string", "slist":
		return k == protoreflect.StringKind
	case "binary":
		return k == protoreflect.BytesKind
	case "uuid":
		return ok(k == protoreflect.StringKind, convert.RuleUUIDToString.ID)
	case "struct", "union", "exception":
		if !isMessage(fd) {
			return false
		}
		got, want := string(fd.Message().Name()), tt.ClassName()
		switch {
		case got == want:
			return true
		case tt.Annotations[marker.ProtoName] != "" && got == tt.Annotations[marker.ProtoName]:
			return ok(true, "proto-name")
		case strings.HasPrefix(got, want+"_"):
			return ok(true, schema.RuleNameCollision.ID)
		}
	}
	return false
}

func enumNames(fd protoreflect.FileDescriptor) []string {
	var out []string
	for i := 0; i < fd.Enums().Len(); i++ {
		out = append(out, string(fd.Enums().Get(i).Name()))
	}
	return out
}

func (c *t2p) enumDecl(e *Enum) {
	decl := "enum " + e.Name
	name, ok := c.protoName(e.Name, e.Annotations, func(n string) bool {
		return c.fd.Enums().ByName(protoreflect.Name(n)) != nil
	}, enumNames(c.fd))
	if !ok {
		c.diff(decl, "", "declaration missing in proto", decl, "no enum "+e.Name)
		return
	}
	pe := c.fd.Enums().ByName(protoreflect.Name(name))
	c.used[pe.FullName()] = true
	var thrift []enumValue
	hasZero := false
	for _, m := range e.Members {
		thrift = append(thrift, enumValue{m.Name, m.Value})
		hasZero = hasZero || m.Value == 0
	}
	pairs, protoOnly, thriftOnly := pairEnum(protoValues(pe), thrift)
	for _, p := range pairs {
		label := p.thrift.name
		if p.proto.number != p.thrift.number {
			c.diff(decl, label, "enum value number", fmt.Sprint(p.thrift.number), fmt.Sprintf("%s = %d", p.proto.name, p.proto.number))
			continue
		}
		c.rule(p.rules("enum-prefix")...)
	}
	for _, p := range protoOnly {
		// proto3 and editions need a value 0, proto2 at least one value.
		needed := !hasZero && (c.fd.Syntax() != protoreflect.Proto2 || len(e.Members) == 0)
		if p.number == 0 && needed && strings.Contains(p.name, "UNSPECIFIED") {
			c.rule(convert.RuleEnumZeroValue.ID)
			continue
		}
		c.diff(decl, p.name, "enum value only in proto", "no such value", fmt.Sprintf("%s = %d", p.name, p.number))
	}
	for _, t := range thriftOnly {
		c.diff(decl, t.name, "enum value missing in proto", fmt.Sprintf("%s = %d", t.name, t.number), "no such value")
	}
}

func protoValues(e protoreflect.EnumDescriptor) []enumValue {
	var out []enumValue
	for i := 0; i < e.Values().Len(); i++ {
		v := e.Values().Get(i)
		out = append(out, enumValue{string(v.Name()), int64(v.Number())})
	}
	return out
}

func (c *t2p) service(s *Service) {
	decl := "service " + s.Name
	var names []string
	for i := 0; i < c.fd.Services().Len(); i++ {
		names = append(names, string(c.fd.Services().Get(i).Name()))
	}
	name, ok := c.protoName(s.Name, s.Annotations, func(n string) bool {
		return c.fd.Services().ByName(protoreflect.Name(n)) != nil
	}, names)
	if !ok {
		c.diff(decl, "", "declaration missing in proto", decl, "no service "+s.Name)
		return
	}
	ps := c.fd.Services().ByName(protoreflect.Name(name))
	c.used[ps.FullName()] = true
	seen := map[string]bool{}
	for _, f := range s.Functions {
		pname := f.Name
		if n := f.Annotations[marker.ProtoName]; n != "" {
			pname = n
		}
		pm := ps.Methods().ByName(protoreflect.Name(pname))
		if pm == nil {
			c.diff(decl, f.Name, "method missing in proto", "method "+f.Name, "no rpc "+pname)
			continue
		}
		seen[pname] = true
		c.method(decl, f, pm)
	}
	for i := 0; i < ps.Methods().Len(); i++ {
		pm := ps.Methods().Get(i)
		if seen[string(pm.Name())] {
			continue
		}
		if f := c.inherited(c.prog, s, string(pm.Name()), 0); f != nil {
			c.rule(convert.RuleServiceExtends.ID)
			c.method(decl, f, pm)
			continue
		}
		c.diff(decl, string(pm.Name()), "rpc only in proto", "no method "+string(pm.Name()), "rpc "+string(pm.Name()))
	}
}

// inherited finds the method name in the services s extends, following
// extends into included files.
func (c *t2p) inherited(prog *Program, s *Service, name string, depth int) *Function {
	if s.Extends == "" || depth > 32 {
		return nil
	}
	parentProg, parentName := prog, s.Extends
	if inc, n, ok := strings.Cut(s.Extends, "."); ok {
		parentProg, parentName = c.lib[prog.IncludePaths[inc]], n
	}
	if parentProg == nil {
		return nil
	}
	for _, ps := range parentProg.Services {
		if ps.Name != parentName {
			continue
		}
		for _, f := range ps.Functions {
			if f.Name == name {
				return f
			}
		}
		return c.inherited(parentProg, ps, name, depth+1)
	}
	return nil
}

// method compares a Thrift method with its rpc: the arguments with the
// request message's fields, the result and throws with the response's.
func (c *t2p) method(decl string, f *Function, pm protoreflect.MethodDescriptor) {
	c.rule("method-messages")
	in, out := pm.Input(), pm.Output()
	c.used[in.FullName()], c.used[out.FullName()] = true, true
	const empty = "google.protobuf.Empty"
	if len(f.Arguments) == 0 {
		if in.FullName() != empty {
			c.diff(decl, f.Name, "arguments", "no arguments", "request ."+string(in.FullName()))
		}
	} else if in.FullName() == empty {
		c.diff(decl, f.Name, "arguments", fmt.Sprintf("%d arguments", len(f.Arguments)), "request ."+empty)
	} else {
		c.fields(decl, f.Arguments, in, nil, f.Name)
	}
	if f.Oneway {
		c.rule(convert.RuleOnewayMethod.ID)
	}
	ret := f.Return()
	void := ret.ID == "void"
	if void && len(f.Exceptions) == 0 {
		if out.FullName() != empty {
			c.diff(decl, f.Name, "result", "void", "response ."+string(out.FullName()))
		}
		return
	}
	if out.FullName() == empty {
		c.diff(decl, f.Name, "result", ret.String(), "response ."+empty)
		return
	}
	seen := map[protoreflect.FieldNumber]bool{}
	var result protoreflect.OneofDescriptor
	if len(f.Exceptions) > 0 {
		// The value or one of the exceptions: all in one oneof.
		oneofs := realOneofs(out)
		if len(oneofs) != 1 || oneofs[0].Fields().Len() != out.Fields().Len() {
			c.diff(decl, f.Name, "result shape", "result or one of the exceptions", fmt.Sprintf("response with %d oneofs", len(oneofs)))
		} else {
			result = oneofs[0]
		}
	}
	if !void {
		label := f.Name + " result"
		success := out.Fields().ByNumber(1)
		var rules []string
		switch {
		case success == nil:
			c.diff(decl, label, "result missing in proto", ret.String(), "no field 1 in ."+string(out.FullName()))
		case success.Name() != "success":
			c.diff(decl, label, "name", "success", string(success.Name()))
		case !c.matchField(ret, success, out, &rules):
			c.diff(decl, label, "type", ret.String(), describeType(success))
		default:
			c.rule(rules...)
		}
		if success != nil {
			seen[1] = true
			if result != nil && success.ContainingOneof() != result {
				c.diff(decl, label, "presence", "result or one of the exceptions", describeField(success))
			}
		}
	}
	for _, ex := range f.Exceptions {
		label := fmt.Sprintf("%s throws %d: %s", f.Name, ex.Key, ex.Name)
		pf := out.Fields().ByNumber(protoreflect.FieldNumber(ex.Key + 1))
		if pf == nil {
			c.diff(decl, label, "exception missing in proto", fieldString(ex), fmt.Sprintf("no field %d in .%s", ex.Key+1, out.FullName()))
			continue
		}
		seen[pf.Number()] = true
		c.rule("throws-plus-one")
		c.fieldName(decl, label, ex, pf)
		var rules []string
		if !c.matchField(ex.Type(), pf, out, &rules) {
			c.diff(decl, label, "type", ex.Type().String(), describeType(pf))
		} else {
			c.rule(rules...)
		}
		if result != nil && pf.ContainingOneof() != result {
			c.diff(decl, label, "presence", "one of the exceptions", describeField(pf))
		}
	}
	for i := 0; i < out.Fields().Len(); i++ {
		if pf := out.Fields().Get(i); !seen[pf.Number()] {
			c.diff(decl, f.Name+" result", "response field only in proto", "no such result or exception", describeField(pf))
		}
	}
}
