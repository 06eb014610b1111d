package meaningtest

import (
	"fmt"
	"strings"

	"github.com/idlconv/idlconv/convert"

	"google.golang.org/protobuf/reflect/protoreflect"

	"github.com/idlconv/idlconv/internal/marker"
	"github.com/idlconv/idlconv/thriftast"
)

// ProtoToThriftOptions are the conversion options the comparison must
// know.
type ProtoToThriftOptions struct {
	// OneofUnion is --oneof union: oneofs become Thrift unions.
	OneofUnion bool
}

// ProtoToThrift compares a proto input, as protocompile read it (fd, from
// source src), with idlconv's Thrift output of it, as thrift read it
// (prog). It returns the pair's undocumented differences, which it also
// adds to the report.
func (r *Report) ProtoToThrift(file string, fd protoreflect.FileDescriptor, src []byte, prog *Program, opts ProtoToThriftOptions) []Difference {
	c := &p2t{comparison: r.begin(file), fd: fd, prog: prog, opts: opts, marks: scanMarkers(src),
		structs: map[string]*Struct{}, enums: map[string]*Enum{}, services: map[string]*Service{}, used: map[string]bool{}}
	defer c.end()
	for _, s := range prog.Structs {
		c.structs[s.Name] = s
	}
	for _, e := range prog.Enums {
		c.enums[e.Name] = e
	}
	for _, s := range prog.Services {
		c.services[s.Name] = s
	}
	c.extensionGroups(fd.Extensions(), fd.Messages())
	c.messages(fd.Messages())
	c.enumDecls(fd.Enums())
	for i := 0; i < fd.Services().Len(); i++ {
		c.decls++
		c.service(fd.Services().Get(i))
	}
	// Thrift declarations no proto declaration accounts for.
	for _, s := range prog.Structs {
		switch {
		case c.used["struct "+s.Name]:
		case strings.TrimRight(s.Name, "_") == "Empty" || strings.TrimRight(s.Name, "_") == "Any":
			c.rule("wkt-helper")
		default:
			c.diff(s.Kind()+" "+s.Name, "", "declaration only in Thrift", s.Kind()+" "+s.Name, "no message")
		}
	}
	for _, e := range prog.Enums {
		if !c.used["enum "+e.Name] {
			c.diff("enum "+e.Name, "", "declaration only in Thrift", "enum "+e.Name, "no enum")
		}
	}
	for _, s := range prog.Services {
		if !c.used["service "+s.Name] {
			c.diff("service "+s.Name, "", "declaration only in Thrift", "service "+s.Name, "no service")
		}
	}
	return c.diffs
}

// p2t compares one proto → Thrift pair.
type p2t struct {
	*comparison
	fd       protoreflect.FileDescriptor
	prog     *Program
	opts     ProtoToThriftOptions
	marks    *markers
	structs  map[string]*Struct
	enums    map[string]*Enum
	services map[string]*Service
	used     map[string]bool // "struct N", "enum N", "service N" paired
	// dropped are the messages of groups declared in extend blocks,
	// which are dropped with the extension.
	dropped map[protoreflect.FullName]bool
}

// extensionGroups finds the messages of the group extensions declared in
// the file, at top level and in messages.
func (c *p2t) extensionGroups(exts protoreflect.ExtensionDescriptors, ms protoreflect.MessageDescriptors) {
	if c.dropped == nil {
		c.dropped = map[protoreflect.FullName]bool{}
	}
	for i := 0; i < exts.Len(); i++ {
		if x := exts.Get(i); x.Kind() == protoreflect.GroupKind {
			c.dropped[x.Message().FullName()] = true
		}
	}
	for i := 0; i < ms.Len(); i++ {
		c.extensionGroups(ms.Get(i).Extensions(), ms.Get(i).Messages())
	}
}

// thriftName finds the Thrift name of a proto declaration: its flattened
// name, or that name + "_" annotated proto.name (a reserved word).
func (c *p2t) thriftName(d protoreflect.Descriptor, ann func(name string) (map[string]string, bool)) (string, bool) {
	flat := flatName(d)
	if _, ok := ann(flat); ok {
		if isNested(d) {
			c.rule("nested-flattened")
		}
		return flat, true
	}
	if a, ok := ann(flat + "_"); ok && a[marker.ProtoName] != "" {
		c.rule(convert.RuleThriftReserved.ID)
		return flat + "_", true
	}
	return flat, false
}

// messages compares every message, nested ones too, except map entries
// and the messages idlconv generated from Thrift (compared where used).
func (c *p2t) messages(ms protoreflect.MessageDescriptors) {
	for i := 0; i < ms.Len(); i++ {
		m := ms.Get(i)
		if m.IsMapEntry() {
			continue
		}
		if c.dropped[m.FullName()] {
			c.rule("extend-dropped")
			continue
		}
		if kind, _ := c.marks.tag(m); kind == "" {
			c.decls++
			c.message(m)
		}
		c.messages(m.Messages())
		c.enumDecls(m.Enums())
	}
}

func (c *p2t) message(m protoreflect.MessageDescriptor) {
	decl := "message " + string(m.FullName())
	name, ok := c.thriftName(m, func(n string) (map[string]string, bool) {
		s := c.structs[n]
		if s == nil {
			return nil, false
		}
		return s.Annotations, true
	})
	if !ok {
		c.diff(decl, "", "declaration missing in Thrift", "no struct "+name, decl)
		return
	}
	s := c.structs[name]
	c.used["struct "+name] = true
	oneofs := realOneofs(m)
	if c.opts.OneofUnion && len(oneofs) == 1 && oneofs[0].Fields().Len() == m.Fields().Len() {
		// A message that is one oneof is a union.
		c.rule("oneof-union")
		if !s.IsUnion {
			c.diff(decl, "", "kind", s.Kind()+" "+s.Name, "message that is one oneof")
		}
		c.fields(decl, s, m.Fields(), true)
		return
	}
	switch {
	case s.IsException && c.marks.exception(m):
		c.rule("exception-restored")
	case s.IsUnion || s.IsException:
		c.diff(decl, "", "kind", s.Kind()+" "+s.Name, "message")
	}
	var fields []protoreflect.FieldDescriptor
	for i := 0; i < m.Fields().Len(); i++ {
		pf := m.Fields().Get(i)
		if o := realOneof(pf); o != nil && c.opts.OneofUnion {
			if o.Fields().Get(0) == pf {
				c.oneofUnion(decl, s, o)
			}
			continue
		}
		fields = append(fields, pf)
	}
	c.fieldList(decl, s, fields, false)
	// Fields of the struct that no proto field gave.
	want := map[int]bool{}
	for _, pf := range fields {
		want[int(pf.Number())] = true
	}
	if c.opts.OneofUnion {
		for _, o := range oneofs {
			want[int(o.Fields().Get(0).Number())] = true
		}
	}
	for _, f := range s.Fields {
		if !want[f.Key] {
			c.diff(decl, fmt.Sprintf("%d: %s", f.Key, f.Name), "field only in Thrift", fieldString(f), "no field "+fmt.Sprint(f.Key))
		}
	}
}

// fields compares all of a message's fields with a struct's.
func (c *p2t) fields(decl string, s *Struct, fs protoreflect.FieldDescriptors, inUnion bool) {
	var list []protoreflect.FieldDescriptor
	for i := 0; i < fs.Len(); i++ {
		list = append(list, fs.Get(i))
	}
	c.fieldList(decl, s, list, inUnion)
	want := map[int]bool{}
	for _, pf := range list {
		want[int(pf.Number())] = true
	}
	for _, f := range s.Fields {
		if !want[f.Key] {
			c.diff(decl, fmt.Sprintf("%d: %s", f.Key, f.Name), "field only in Thrift", fieldString(f), "no field "+fmt.Sprint(f.Key))
		}
	}
}

// fieldList compares proto fields with the struct's fields of their
// numbers.
func (c *p2t) fieldList(decl string, s *Struct, fields []protoreflect.FieldDescriptor, inUnion bool) {
	byKey := map[int]*Field{}
	for _, f := range s.Fields {
		byKey[f.Key] = f
	}
	for _, pf := range fields {
		label := fmt.Sprintf("%d: %s", pf.Number(), pf.Name())
		f := byKey[int(pf.Number())]
		if f == nil {
			c.diff(decl, label, "field missing in Thrift", "no field "+fmt.Sprint(pf.Number()), describeField(pf))
			continue
		}
		c.field(decl, label, pf, f, inUnion, false)
	}
}

// oneofUnion compares a oneof that --oneof union made a union: the
// struct's field at the first member's number is an optional union whose
// members are the oneof's fields.
func (c *p2t) oneofUnion(decl string, s *Struct, o protoreflect.OneofDescriptor) {
	c.rule("oneof-union")
	first := o.Fields().Get(0)
	label := fmt.Sprintf("%d: oneof %s", first.Number(), o.Name())
	var f *Field
	for _, sf := range s.Fields {
		if sf.Key == int(first.Number()) {
			f = sf
		}
	}
	if f == nil {
		c.diff(decl, label, "oneof missing in Thrift", "no field "+fmt.Sprint(first.Number()), "oneof "+string(o.Name()))
		return
	}
	tt := f.Type()
	u := c.structs[tt.ClassName()]
	if tt.ID != "union" || u == nil || f.Required != "optional" {
		c.diff(decl, label, "oneof", fieldString(f), "oneof "+string(o.Name()))
		return
	}
	c.used["struct "+u.Name] = true
	c.fields(decl+" oneof "+string(o.Name())+" (union "+u.Name+")", u, o.Fields(), true)
}

// field compares one proto field with the Thrift field of its number;
// arg tells a method argument, which Apache Thrift reads without
// optional.
func (c *p2t) field(decl, label string, pf protoreflect.FieldDescriptor, f *Field, inUnion, arg bool) {
	switch {
	case f.Name == string(pf.Name()):
	case f.Name == string(pf.Name())+"_" && f.Annotations[marker.ProtoName] == string(pf.Name()):
		c.rule(convert.RuleThriftReserved.ID)
	default:
		c.diff(decl, label, "name", f.Name, string(pf.Name()))
	}
	tt := f.Type()
	var rules []string
	if !c.matchField(pf, tt, &rules) {
		c.diff(decl, label, "type", tt.String(), describeType(pf))
	} else {
		c.rule(rules...)
	}
	got := protoPresence(pf)
	want, prules := "req_out", []string(nil)
	switch {
	case inUnion:
		// Apache Thrift reads every union member as optional.
		want = "optional"
	case realOneof(pf) != nil:
		want, prules = "optional", []string{"oneof-to-optional"}
		if o := f.Annotations[marker.ProtoOneof]; o != string(realOneof(pf).Name()) {
			c.diff(decl, label, "oneof", fmt.Sprintf("(proto.oneof = %q)", o), got)
		}
	case got == presRequired:
		want = "required"
	case got == presExplicit && tt.IsContainer():
		// FieldMask → list<string>.
		want, prules = "req_out", []string{convert.RuleWellKnownType.ID}
	case got == presExplicit && arg && isMessage(pf):
		// Apache Thrift ignores optional in an argument list; a message
		// argument always has presence in proto.
		want, prules = "req_out", []string{"message-presence"}
	case got == presExplicit && arg:
		// idlconv writes optional, which Apache Thrift ignores in an
		// argument list.
		want, prules = "req_out", []string{"optional-argument"}
	case got == presExplicit:
		want = "optional"
	}
	if f.Required != want {
		c.diff(decl, label, "presence", f.Required, got+" (Thrift "+want+" expected)")
	} else {
		c.rule(prules...)
	}
}

// matchField reports whether Thrift type tt is what proto field pf (with
// its cardinality) maps to.
func (c *p2t) matchField(pf protoreflect.FieldDescriptor, tt *Type, rules *[]string) bool {
	switch {
	case pf.IsMap():
		return tt.ID == "map" && c.matchValue(pf.MapKey(), tt.Key, rules) && c.matchValue(pf.MapValue(), tt.Value, rules)
	case pf.IsList():
		if isMessage(pf) {
			if kind, _ := c.marks.tag(pf.Message()); kind == marker.Entry {
				return tt.ID == "map" && c.matchEntry(pf.Message(), tt, rules)
			}
		}
		return tt.ID == "list" && c.matchValue(pf, tt.Elem, rules)
	}
	return c.matchValue(pf, tt, rules)
}

// matchEntry matches a repeated entry message idlconv generated with the
// Thrift map it stands for.
func (c *p2t) matchEntry(m protoreflect.MessageDescriptor, tt *Type, rules *[]string) bool {
	k, v := m.Fields().ByNumber(1), m.Fields().ByNumber(2)
	if k == nil || v == nil || !c.matchValue(k, tt.Key, rules) || !c.matchValue(v, tt.Value, rules) {
		return false
	}
	*rules = append(*rules, "wrapper-unfolded")
	return true
}

// wellKnown is the Thrift type google.protobuf.name becomes, as thrift
// --gen json spells it, and the rule that documents it (Well-known types
// table), read from idlconv's table of them (convert.LookupWellKnown).
func wellKnown(name string) (thrift, rule string, ok bool) {
	w, ok := convert.LookupWellKnown(name)
	switch {
	case !ok:
		return "", "", false
	case w.Helper:
		return "struct " + name, "wkt-helper", true
	case w.Warned:
		return thriftast.TypeName(w.ThriftType()), convert.RuleWellKnownType.ID, true
	}
	return thriftast.TypeName(w.ThriftType()), "wkt-wrapper", true
}

// matchValue matches one singular proto type (fd's element type) with a
// Thrift type.
func (c *p2t) matchValue(fd protoreflect.FieldDescriptor, tt *Type, rules *[]string) bool {
	ok := func(cond bool, rule ...string) bool {
		if cond {
			*rules = append(*rules, rule...)
		}
		return cond
	}
	switch fd.Kind() {
	case protoreflect.BoolKind:
		return tt.ID == "bool"
	case protoreflect.Int32Kind:
		return tt.ID == "i32"
	case protoreflect.Sint32Kind, protoreflect.Sfixed32Kind:
		return ok(tt.ID == "i32", "sized-int")
	case protoreflect.Int64Kind:
		return tt.ID == "i64"
	case protoreflect.Sint64Kind, protoreflect.Sfixed64Kind:
		return ok(tt.ID == "i64", "sized-int")
	case protoreflect.Uint32Kind, protoreflect.Fixed32Kind:
		return ok(tt.ID == "i64", "uint32-widened")
	case protoreflect.Uint64Kind, protoreflect.Fixed64Kind:
		return ok(tt.ID == "i64", convert.RuleUint64ToI64.ID)
	case protoreflect.FloatKind:
		return ok(tt.ID == "double", "float-to-double")
	case protoreflect.DoubleKind:
		return tt.ID == "double"
	case protoreflect.StringKind:
		return tt.ID == "string"
	case protoreflect.BytesKind:
		return tt.ID == "binary"
	case protoreflect.EnumKind:
		if name, found := strings.CutPrefix(string(fd.Enum().FullName()), "google.protobuf."); found {
			if thrift, rule, known := wellKnown(name); known {
				return ok(tt.ID == thrift, rule)
			}
		}
		return ok(tt.ID == "i32", "reader-enum-as-i32")
	case protoreflect.GroupKind:
		*rules = append(*rules, convert.RuleGroupToStruct.ID)
	}
	return c.matchMessage(fd.Message(), tt, rules)
}

// matchMessage matches a message type with a Thrift type: a well-known
// type's mapping, the container of a wrapper idlconv generated, or the
// struct (or union) of the flattened name.
func (c *p2t) matchMessage(m protoreflect.MessageDescriptor, tt *Type, rules *[]string) bool {
	if kind, arg := c.marks.tag(m); kind == marker.Wrapper && m.Fields().Len() == 1 {
		inner := m.Fields().Get(0)
		want := tt
		if tt.ID == "set" && strings.HasPrefix(arg, "set<") {
			want = &Type{ID: "list", Elem: tt.Elem}
		}
		if !c.matchField(inner, want, rules) {
			return false
		}
		*rules = append(*rules, "wrapper-unfolded")
		return true
	}
	if name, ok := strings.CutPrefix(string(m.FullName()), "google.protobuf."); ok && !strings.Contains(name, ".") &&
		c.fd.Package() != "google.protobuf" {
		if thrift, rule, ok := wellKnown(name); ok {
			got := tt.String()
			if tt.IsDeclared() {
				// A helper struct is Empty_ where the file declares an
				// Empty of its own.
				got = tt.ID + " " + strings.TrimRight(tt.ClassName(), "_")
			}
			if got != thrift {
				return false
			}
			*rules = append(*rules, rule)
			return true
		}
	}
	// A message of another file is an exception in Thrift when its own
	// file tags it so: that file's comparison checks the declaration.
	if tt.ID == "exception" && (c.marks.exception(m) || m.ParentFile().Path() != c.fd.Path()) {
		*rules = append(*rules, "exception-restored")
	} else if tt.ID != "struct" && tt.ID != "union" {
		return false
	}
	flat, got := flatName(m), tt.ClassName()
	switch {
	case got == flat:
		if isNested(m) {
			*rules = append(*rules, "nested-flattened")
		}
		return true
	case got == flat+"_" && tt.Annotations[marker.ProtoName] != "":
		*rules = append(*rules, convert.RuleThriftReserved.ID)
		return true
	}
	return false
}

// enumDecls compares enums (top-level or nested in a message).
func (c *p2t) enumDecls(es protoreflect.EnumDescriptors) {
	for i := 0; i < es.Len(); i++ {
		c.decls++
		c.enumDecl(es.Get(i))
	}
}

func (c *p2t) enumDecl(pe protoreflect.EnumDescriptor) {
	decl := "enum " + string(pe.FullName())
	name, ok := c.thriftName(pe, func(n string) (map[string]string, bool) {
		e := c.enums[n]
		if e == nil {
			return nil, false
		}
		return e.Annotations, true
	})
	if !ok {
		c.diff(decl, "", "declaration missing in Thrift", "no enum "+name, decl)
		return
	}
	e := c.enums[name]
	c.used["enum "+name] = true
	var thrift []enumValue
	for _, m := range e.Members {
		thrift = append(thrift, enumValue{m.Name, m.Value})
	}
	pairs, protoOnly, thriftOnly := pairEnum(protoValues(pe), thrift)
	for _, p := range pairs {
		if p.proto.number != p.thrift.number {
			c.diff(decl, p.proto.name, "enum value number", fmt.Sprintf("%s = %d", p.thrift.name, p.thrift.number), fmt.Sprint(p.proto.number))
			continue
		}
		c.rule(p.rules("enum-prefix-stripped")...)
	}
	for _, p := range protoOnly {
		c.diff(decl, p.name, "enum value missing in Thrift", "no such value", fmt.Sprintf("%s = %d", p.name, p.number))
	}
	for _, t := range thriftOnly {
		c.diff(decl, t.name, "enum value only in Thrift", fmt.Sprintf("%s = %d", t.name, t.number), "no such value")
	}
}

func (c *p2t) service(ps protoreflect.ServiceDescriptor) {
	decl := "service " + string(ps.FullName())
	name, ok := c.thriftName(ps, func(n string) (map[string]string, bool) {
		s := c.services[n]
		if s == nil {
			return nil, false
		}
		return s.Annotations, true
	})
	if !ok {
		c.diff(decl, "", "declaration missing in Thrift", "no service "+name, decl)
		return
	}
	s := c.services[name]
	c.used["service "+name] = true
	funcs := map[string]*Function{}
	for _, f := range s.Functions {
		funcs[f.Name] = f
	}
	seen := map[string]bool{}
	for i := 0; i < ps.Methods().Len(); i++ {
		pm := ps.Methods().Get(i)
		mname := string(pm.Name())
		f := funcs[mname]
		if f == nil {
			if g := funcs[mname+"_"]; g != nil && g.Annotations[marker.ProtoName] == mname {
				c.rule(convert.RuleThriftReserved.ID)
				f = g
			}
		}
		switch {
		case pm.IsStreamingClient() || pm.IsStreamingServer():
			if f != nil {
				c.diff(decl, mname, "streaming rpc kept", "method "+f.Name, "streaming rpc")
				seen[f.Name] = true
			} else {
				c.rule(convert.RuleStreamingDropped.ID)
			}
			continue
		case c.marks.inherited[string(ps.Name())+"."+mname] != "":
			if f != nil {
				c.diff(decl, mname, "inherited rpc kept", "method "+f.Name, "rpc inherited from "+c.marks.inherited[string(ps.Name())+"."+mname])
				seen[f.Name] = true
			} else {
				c.rule("inherited-left-out")
			}
			continue
		case f == nil:
			c.diff(decl, mname, "method missing in Thrift", "no method "+mname, "rpc "+mname)
			continue
		}
		seen[f.Name] = true
		c.rpc(decl, pm, f)
	}
	for _, f := range s.Functions {
		if !seen[f.Name] {
			c.diff(decl, f.Name, "method only in Thrift", "method "+f.Name, "no rpc")
		}
	}
}

// rpc compares an rpc with its Thrift method.
func (c *p2t) rpc(decl string, pm protoreflect.MethodDescriptor, f *Function) {
	const empty = "google.protobuf.Empty"
	in, out := pm.Input(), pm.Output()
	name := string(pm.Name())
	inKind, _ := c.marks.tag(in)
	switch {
	case in.FullName() == empty:
		c.rule("rpc-request-response")
		if len(f.Arguments) != 0 {
			c.diff(decl, name, "arguments", fmt.Sprintf("%d arguments", len(f.Arguments)), "request ."+empty)
		}
	case inKind == marker.Request && in.ParentFile() == c.fd:
		c.rule("request-response-folding")
		byKey := map[int]*Field{}
		for _, a := range f.Arguments {
			byKey[a.Key] = a
		}
		for i := 0; i < in.Fields().Len(); i++ {
			pf := in.Fields().Get(i)
			label := fmt.Sprintf("%s argument %d: %s", name, pf.Number(), pf.Name())
			a := byKey[int(pf.Number())]
			if a == nil {
				c.diff(decl, label, "argument missing in Thrift", "no argument", describeField(pf))
				continue
			}
			delete(byKey, a.Key)
			c.field(decl, label, pf, a, false, true)
		}
		for _, a := range byKey {
			c.diff(decl, fmt.Sprintf("%s argument %d: %s", name, a.Key, a.Name), "argument only in Thrift", fieldString(a), "no field")
		}
	default:
		c.rule("rpc-request-response")
		var rules []string
		if len(f.Arguments) != 1 || f.Arguments[0].Key != 1 || !c.matchMessage(in, f.Arguments[0].Type(), &rules) {
			var args []string
			for _, a := range f.Arguments {
				args = append(args, fmt.Sprintf("%d: %s", a.Key, a.Type()))
			}
			c.diff(decl, name, "arguments", "("+strings.Join(args, ", ")+")", "request ."+string(in.FullName()))
		} else {
			c.rule(rules...)
		}
	}
	outKind, _ := c.marks.tag(out)
	ret := f.Return()
	switch {
	case out.FullName() == empty:
		if ret.ID != "void" || len(f.Exceptions) != 0 {
			c.diff(decl, name, "result", ret.String(), "response ."+empty)
		}
	case outKind == marker.Response && out.ParentFile() == c.fd:
		c.rule("request-response-folding")
		exs := map[int]*Field{}
		for _, ex := range f.Exceptions {
			exs[ex.Key] = ex
		}
		if out.Fields().ByNumber(1) == nil && ret.ID != "void" {
			c.diff(decl, name+" result", "result", ret.String(), "no success field")
		}
		for i := 0; i < out.Fields().Len(); i++ {
			pf := out.Fields().Get(i)
			var rules []string
			if pf.Number() == 1 {
				if !c.matchField(pf, ret, &rules) {
					c.diff(decl, name+" result", "type", ret.String(), describeType(pf))
				} else {
					c.rule(rules...)
				}
				continue
			}
			label := fmt.Sprintf("%s throws %d: %s", name, pf.Number()-1, pf.Name())
			ex := exs[int(pf.Number())-1]
			if ex == nil {
				c.diff(decl, label, "exception missing in Thrift", "no exception", describeField(pf))
				continue
			}
			delete(exs, ex.Key)
			if !c.matchField(pf, ex.Type(), &rules) {
				c.diff(decl, label, "type", ex.Type().String(), describeType(pf))
			} else {
				c.rule(rules...)
			}
		}
		for _, ex := range exs {
			c.diff(decl, fmt.Sprintf("%s throws %d: %s", name, ex.Key, ex.Name), "exception only in Thrift", fieldString(ex), "no field")
		}
	default:
		var rules []string
		if len(f.Exceptions) != 0 || !c.matchMessage(out, ret, &rules) {
			c.diff(decl, name, "result", ret.String(), "response ."+string(out.FullName()))
		} else {
			c.rule(rules...)
		}
	}
}
