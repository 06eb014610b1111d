package protodesc

import (
	"strings"

	"github.com/bufbuild/protocompile/ast"
	"google.golang.org/protobuf/reflect/protoreflect"
)

// written is what a file's syntax tree says that its descriptors do not
// keep: option names as written (a custom option relative to the
// package), the fields of a message literal in the order written, the
// message an extend block names as written. Its nodes are found by where
// they start, in source info terms (0-based line and column, a tab to
// the next multiple of 8), the place the source info gives the
// statement. A nil *written (no syntax tree: a plugin's request) knows
// nothing.
type written struct {
	options map[spanStart]*ast.OptionNode
	extends map[spanStart]*ast.ExtendNode
}

// newWritten indexes the option statements and extend blocks of file,
// which may be nil.
func newWritten(file *ast.FileNode) *written {
	if file == nil {
		return nil
	}
	w := &written{options: map[spanStart]*ast.OptionNode{}, extends: map[spanStart]*ast.ExtendNode{}}
	at := func(n ast.Node) spanStart {
		p := file.NodeInfo(n).Start()
		return spanStart{line: p.Line - 1, col: p.Col - 1}
	}
	_ = ast.Walk(file, &ast.SimpleVisitor{
		DoVisitOptionNode: func(n *ast.OptionNode) error {
			w.options[at(n)] = n
			return nil
		},
		DoVisitExtendNode: func(n *ast.ExtendNode) error {
			w.extends[at(n)] = n
			return nil
		},
	})
	return w
}

// option is the option statement (or bracketed option) that starts at s,
// or nil.
func (w *written) option(s spanStart) *ast.OptionNode {
	if w == nil {
		return nil
	}
	return w.options[s]
}

// extendee is the message the extend block that starts at s names, as
// written, or "".
func (w *written) extendee(s spanStart) string {
	if w == nil || w.extends[s] == nil {
		return ""
	}
	return string(w.extends[s].Extendee.AsIdentifier())
}

// optionName is an option's name as written: (ext.name).field.
func optionName(n *ast.OptionNameNode) string {
	var parts []string
	for _, p := range n.Parts {
		parts = append(parts, p.Value())
	}
	return strings.Join(parts, ".")
}

// literalFields are the fields of a message literal, in the order
// written; nil when node is no message literal.
func literalFields(node ast.ValueNode) []*ast.MessageFieldNode {
	if m, ok := node.(*ast.MessageLiteralNode); ok {
		return m.Elements
	}
	return nil
}

// names reports whether a message literal's field name refers to f.
func names(ref *ast.FieldReferenceNode, f protoreflect.FieldDescriptor) bool {
	name := string(ref.Name.AsIdentifier())
	switch {
	case ref.IsAnyTypeReference():
		return false
	case ref.IsExtension():
		name = strings.TrimPrefix(name, ".")
		full := string(f.FullName())
		return f.IsExtension() && (full == name || strings.HasSuffix(full, "."+name))
	case f.IsExtension():
		return false
	case f.Kind() == protoreflect.GroupKind:
		return name == string(f.Message().Name()) || name == string(f.Name())
	}
	return name == string(f.Name())
}

// valuesOf are the values a message literal writes for f, in order: one
// per time the field is written, the elements of a list literal each.
func valuesOf(fields []*ast.MessageFieldNode, f protoreflect.FieldDescriptor) []ast.ValueNode {
	var out []ast.ValueNode
	for _, e := range fields {
		if !names(e.Name, f) {
			continue
		}
		if l, ok := e.Val.(*ast.ArrayLiteralNode); ok {
			out = append(out, l.Elements...)
		} else {
			out = append(out, e.Val)
		}
	}
	return out
}

// firstWritten is the index of the first field of a message literal
// that refers to f, or len(fields).
func firstWritten(fields []*ast.MessageFieldNode, f protoreflect.FieldDescriptor) int {
	for i, e := range fields {
		if names(e.Name, f) {
			return i
		}
	}
	return len(fields)
}
