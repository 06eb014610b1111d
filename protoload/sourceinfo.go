package protoload

import (
	"strconv"
	"strings"

	"github.com/bufbuild/protocompile/ast"
	"github.com/bufbuild/protocompile/linker"
	"github.com/bufbuild/protocompile/sourceinfo"
	"google.golang.org/protobuf/reflect/protoreflect"
	"google.golang.org/protobuf/types/descriptorpb"
)

// sourceInfo is a compiled file's source info, the same locations and
// comments that protocompile writes with SourceInfoStandard, generated
// from the file's syntax tree after the compile. The compile runs without
// source info: with it, protocompile's linker also builds an index of
// every location for protoreflect's SourceLocations, which protodesc does
// not read and which costs time and memory on a large file
// (docs/performance.md).
//
// protocompile places an option's location by the path its value has in
// the options message, which its option interpreter records; optionIndex
// finds the same paths from the option names the syntax tree writes.
func sourceInfo(r linker.Result) *descriptorpb.SourceCodeInfo {
	if r.AST() == nil {
		return nil
	}
	return sourceinfo.GenerateSourceInfo(r.AST(), optionIndex(r))
}

// Field numbers of a field's pseudo-options, which are the field's own
// (FieldDescriptorProto) and not its options'.
const (
	fieldDefaultTag  = 7
	fieldJSONNameTag = 10
)

// optionIndexer finds the paths of one file's option statements.
type optionIndexer struct {
	file  linker.Result
	res   linker.Resolver
	index sourceinfo.OptionIndex
	// The descriptors of the options messages, by the element they
	// belong to (found when a file is indexed, not at start-up: the
	// first makes google.golang.org/protobuf build descriptor.proto's).
	fileOptions, messageOptions, fieldOptions, oneofOptions, enumOptions,
	enumValueOptions, serviceOptions, methodOptions, rangeOptions protoreflect.MessageDescriptor
}

// optionIndex maps each option statement of r's syntax tree that sets a
// value to its path in the options message: the field numbers its name
// follows, and for a repeated field the index of the (first) value it
// adds, as protocompile's option interpreter records them.
func optionIndex(r linker.Result) sourceinfo.OptionIndex {
	ix := &optionIndexer{file: r, res: linker.ResolverFromFile(r), index: sourceinfo.OptionIndex{},
		fileOptions:      (*descriptorpb.FileOptions)(nil).ProtoReflect().Descriptor(),
		messageOptions:   (*descriptorpb.MessageOptions)(nil).ProtoReflect().Descriptor(),
		fieldOptions:     (*descriptorpb.FieldOptions)(nil).ProtoReflect().Descriptor(),
		oneofOptions:     (*descriptorpb.OneofOptions)(nil).ProtoReflect().Descriptor(),
		enumOptions:      (*descriptorpb.EnumOptions)(nil).ProtoReflect().Descriptor(),
		enumValueOptions: (*descriptorpb.EnumValueOptions)(nil).ProtoReflect().Descriptor(),
		serviceOptions:   (*descriptorpb.ServiceOptions)(nil).ProtoReflect().Descriptor(),
		methodOptions:    (*descriptorpb.MethodOptions)(nil).ProtoReflect().Descriptor(),
		rangeOptions:     (*descriptorpb.ExtensionRangeOptions)(nil).ProtoReflect().Descriptor(),
	}
	pkg := r.Package()
	opts := ix.element(ix.fileOptions, pkg)
	for _, d := range r.AST().Decls {
		switch d := d.(type) {
		case *ast.OptionNode:
			opts.add(d)
		case *ast.MessageNode:
			ix.message(pkg.Append(protoreflect.Name(d.Name.Val)), d.Decls)
		case *ast.EnumNode:
			ix.enum(pkg.Append(protoreflect.Name(d.Name.Val)), d)
		case *ast.ExtendNode:
			ix.extend(pkg, d)
		case *ast.ServiceNode:
			ix.service(pkg.Append(protoreflect.Name(d.Name.Val)), d)
		}
	}
	return ix.index
}

func (ix *optionIndexer) message(name protoreflect.FullName, decls []ast.MessageElement) {
	opts := ix.element(ix.messageOptions, name.Parent())
	for _, d := range decls {
		switch d := d.(type) {
		case *ast.OptionNode:
			opts.add(d)
		case *ast.FieldNode, *ast.GroupNode:
			ix.field(d, name)
		case *ast.MapFieldNode:
			ix.compact(d.Options, name, true)
		case *ast.OneofNode:
			ix.oneof(name, d)
		case *ast.MessageNode:
			ix.message(name.Append(protoreflect.Name(d.Name.Val)), d.Decls)
		case *ast.EnumNode:
			ix.enum(name.Append(protoreflect.Name(d.Name.Val)), d)
		case *ast.ExtendNode:
			ix.extend(name, d)
		case *ast.ExtensionRangeNode:
			if d.Options != nil {
				opts := ix.element(ix.rangeOptions, name)
				for _, o := range d.Options.Options {
					opts.add(o)
				}
			}
		}
	}
}

func (ix *optionIndexer) oneof(scope protoreflect.FullName, n *ast.OneofNode) {
	opts := ix.element(ix.oneofOptions, scope)
	for _, d := range n.Decls {
		if o, ok := d.(*ast.OptionNode); ok {
			opts.add(o)
		} else {
			ix.field(d, scope)
		}
	}
}

func (ix *optionIndexer) extend(scope protoreflect.FullName, n *ast.ExtendNode) {
	for _, d := range n.Decls {
		ix.field(d, scope)
	}
}

// field indexes the options of a field or group declared in scope (in a
// message, a oneof or an extend block), and the group's body; other
// nodes it leaves.
func (ix *optionIndexer) field(n ast.Node, scope protoreflect.FullName) {
	switch n := n.(type) {
	case *ast.FieldNode:
		ix.compact(n.Options, scope, true)
	case *ast.GroupNode:
		ix.compact(n.Options, scope, true)
		ix.message(scope.Append(protoreflect.Name(n.Name.Val)), n.Decls)
	}
}

func (ix *optionIndexer) enum(name protoreflect.FullName, n *ast.EnumNode) {
	opts := ix.element(ix.enumOptions, name.Parent())
	for _, d := range n.Decls {
		switch d := d.(type) {
		case *ast.OptionNode:
			opts.add(d)
		case *ast.EnumValueNode:
			// An enum's values are in the scope that holds the enum.
			ix.compact(d.Options, name.Parent(), false)
		}
	}
}

func (ix *optionIndexer) service(name protoreflect.FullName, n *ast.ServiceNode) {
	opts := ix.element(ix.serviceOptions, name.Parent())
	for _, d := range n.Decls {
		switch d := d.(type) {
		case *ast.OptionNode:
			opts.add(d)
		case *ast.RPCNode:
			mopts := ix.element(ix.methodOptions, name)
			for _, md := range d.Decls {
				if o, ok := md.(*ast.OptionNode); ok {
					mopts.add(o)
				}
			}
		}
	}
}

// compact indexes the options in brackets of a field (field true) or an
// enum value, declared in scope.
func (ix *optionIndexer) compact(n *ast.CompactOptionsNode, scope protoreflect.FullName, field bool) {
	if n == nil {
		return
	}
	md := ix.enumValueOptions
	if field {
		md = ix.fieldOptions
	}
	opts := ix.element(md, scope)
	for _, o := range n.Options {
		if field && len(o.Name.Parts) == 1 && !o.Name.Parts[0].IsExtension() {
			switch o.Name.Parts[0].Value() {
			case "json_name":
				ix.index[o] = &sourceinfo.OptionSourceInfo{Path: []int32{-1, fieldJSONNameTag}}
				continue
			case "default":
				ix.index[o] = &sourceinfo.OptionSourceInfo{Path: []int32{-1, fieldDefaultTag}}
				continue
			}
		}
		opts.add(o)
	}
}

// elementOptions are the option statements of one element, whose options
// message is md and whose names resolve in scope.
type elementOptions struct {
	ix    *optionIndexer
	md    protoreflect.MessageDescriptor
	scope protoreflect.FullName
	// set counts the values each repeated field has been given so far,
	// by its path's field numbers, each followed by a dot.
	set map[string]int
}

func (ix *optionIndexer) element(md protoreflect.MessageDescriptor, scope protoreflect.FullName) *elementOptions {
	return &elementOptions{ix: ix, md: md, scope: scope}
}

// add indexes one option statement: its path, when every part of its
// name resolves (the compile checked that they do).
func (eo *elementOptions) add(o *ast.OptionNode) {
	md := eo.md
	var path []int32
	var key strings.Builder
	for i, part := range o.Name.Parts {
		if md == nil {
			return
		}
		fd := eo.field(md, part)
		if fd == nil {
			return
		}
		path = append(path, int32(fd.Number()))
		key.WriteString(strconv.Itoa(int(fd.Number())))
		key.WriteByte('.')
		if i < len(o.Name.Parts)-1 {
			md = fd.Message()
			continue
		}
		if fd.IsList() || fd.IsMap() {
			path = append(path, int32(eo.set[key.String()]))
		}
		eo.setValue(fd, o.Val, key.String())
	}
	eo.ix.index[o] = &sourceinfo.OptionSourceInfo{Path: path}
}

// setValue counts the values that val, given to fd at key, adds to
// repeated fields: to fd itself, and inside a message literal to the
// repeated fields it sets, where a later statement's path can add more
// (option (a) = {list: 1}; option (a).list = 2 gives the second index
// 1).
func (eo *elementOptions) setValue(fd protoreflect.FieldDescriptor, val ast.ValueNode, key string) {
	if fd.IsList() || fd.IsMap() {
		if eo.set == nil {
			eo.set = map[string]int{}
		}
		if a, ok := val.(*ast.ArrayLiteralNode); ok {
			eo.set[key] += len(a.Elements)
		} else {
			eo.set[key]++
		}
		return
	}
	lit, ok := val.(*ast.MessageLiteralNode)
	if !ok || fd.Message() == nil {
		return
	}
	for _, f := range lit.Elements {
		if sub := eo.literalField(fd.Message(), f.Name); sub != nil {
			eo.setValue(sub, f.Val, key+strconv.Itoa(int(sub.Number()))+".")
		}
	}
}

// literalField is the field of md a message literal's field name names:
// a field by name, a group by its message's name, an extension by the
// name the compile resolved; nil for what it cannot be (an Any's type
// URL).
func (eo *elementOptions) literalField(md protoreflect.MessageDescriptor, name *ast.FieldReferenceNode) protoreflect.FieldDescriptor {
	if name.IsAnyTypeReference() {
		return nil
	}
	if name.IsExtension() {
		full := strings.TrimPrefix(eo.ix.file.ResolveMessageLiteralExtensionName(name.Name), ".")
		return eo.extension(md, protoreflect.FullName(full))
	}
	if fd := md.Fields().ByName(protoreflect.Name(name.Value())); fd != nil {
		return fd
	}
	fields := md.Fields()
	for i := 0; i < fields.Len(); i++ {
		if fd := fields.Get(i); fd.Kind() == protoreflect.GroupKind && string(fd.Message().Name()) == name.Value() {
			return fd
		}
	}
	return nil
}

// field is the field of md a part of an option name names: a field of
// md by name, or an extension of md by its name, resolved as protoc
// resolves it (from the innermost scope outwards; a leading dot: from the
// root).
func (eo *elementOptions) field(md protoreflect.MessageDescriptor, part *ast.FieldReferenceNode) protoreflect.FieldDescriptor {
	if !part.IsExtension() {
		return md.Fields().ByName(protoreflect.Name(part.Value()))
	}
	name := string(part.Name.AsIdentifier())
	if rest, ok := strings.CutPrefix(name, "."); ok {
		return eo.extension(md, protoreflect.FullName(rest))
	}
	for scope := eo.scope; ; scope = scope.Parent() {
		if fd := eo.extension(md, scope.Append(protoreflect.Name(name))); fd != nil {
			return fd
		}
		if scope == "" {
			return nil
		}
	}
}

// extension is the extension of md named name, or nil.
func (eo *elementOptions) extension(md protoreflect.MessageDescriptor, name protoreflect.FullName) protoreflect.FieldDescriptor {
	xt, err := eo.ix.res.FindExtensionByName(name)
	if err != nil {
		return nil
	}
	fd := xt.TypeDescriptor()
	if fd.ContainingMessage().FullName() != md.FullName() {
		return nil
	}
	return fd
}
