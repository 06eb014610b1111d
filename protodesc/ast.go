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
	// atEnd are the comments after the last statement, each run of line
	// comments one, as source info would spell them.
	atEnd []string
	// afterBrace are the comments on the line of the closing brace of a
	// top-level message, enum, service or extend block, by where the
	// block starts.
	afterBrace map[spanStart][]string
}

// newWritten indexes the option statements and extend blocks of file,
// which may be nil.
func newWritten(file *ast.FileNode) *written {
	if file == nil {
		return nil
	}
	w := &written{options: map[spanStart]*ast.OptionNode{}, extends: map[spanStart]*ast.ExtendNode{},
		afterBrace: map[spanStart][]string{}}
	at := func(n ast.Node) spanStart {
		p := file.NodeInfo(n).Start()
		return spanStart{line: p.Line - 1, col: p.Col - 1}
	}
	for _, d := range file.Decls {
		var brace *ast.RuneNode
		switch d := d.(type) {
		case *ast.MessageNode:
			brace = d.CloseBrace
		case *ast.EnumNode:
			brace = d.CloseBrace
		case *ast.ServiceNode:
			brace = d.CloseBrace
		case *ast.ExtendNode:
			brace = d.CloseBrace
		}
		if brace == nil {
			continue
		}
		info := file.NodeInfo(brace)
		cs := info.TrailingComments()
		var same []ast.Comment
		for i := 0; i < cs.Len(); i++ {
			if cs.Index(i).Start().Line == info.End().Line {
				same = append(same, cs.Index(i))
			}
		}
		for _, c := range same {
			w.afterBrace[at(d)] = append(w.afterBrace[at(d)], commentRuns(oneComment{c})...)
		}
	}
	if file.EOF != nil {
		w.atEnd = commentRuns(file.NodeInfo(file.EOF).LeadingComments())
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

// endComments are the comments after the last statement, which the
// source info holds nowhere.
func (w *written) endComments() []string {
	if w == nil {
		return nil
	}
	return w.atEnd
}

// afterBraceOf are the comments on the line of the closing brace of the
// top-level block that starts at s.
func (w *written) afterBraceOf(s spanStart) []string {
	if w == nil {
		return nil
	}
	return w.afterBrace[s]
}

// comments is a list of comments: ast.Comments, or one comment.
type comments interface {
	Len() int
	Index(i int) ast.Comment
}

// oneComment is a list of one comment.
type oneComment struct{ c ast.Comment }

func (oneComment) Len() int                { return 1 }
func (o oneComment) Index(int) ast.Comment { return o.c }

// commentRuns spells comments as source info spells a comment: without
// the markers, a run of line comments on consecutive lines one comment.
func commentRuns(cs comments) []string {
	var out []string
	lastLine := -1
	for i := 0; i < cs.Len(); i++ {
		c := cs.Index(i)
		raw := c.RawText()
		text, isLine := strings.CutPrefix(raw, "//")
		switch {
		case isLine && lastLine >= 0 && c.Start().Line == lastLine+1:
			out[len(out)-1] += text + "\n"
		case isLine:
			out = append(out, text+"\n")
		default:
			out = append(out, blockText(raw))
		}
		lastLine = -1
		if isLine {
			lastLine = c.Start().Line
		}
	}
	return out
}

// blockText is a block comment's text as protoc keeps it: without /* and
// */, and without the * that starts a line after white space.
func blockText(raw string) string {
	lines := strings.Split(strings.TrimSuffix(strings.TrimPrefix(raw, "/*"), "*/"), "\n")
	for i := 1; i < len(lines); i++ {
		t := strings.TrimLeft(lines[i], " \t")
		if strings.HasPrefix(t, "*") {
			lines[i] = t[1:]
		}
	}
	return strings.Join(lines, "\n")
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

// writtenAsList reports whether a message literal writes every value of
// the repeated field f as one list literal (f: [1, 2]).
func writtenAsList(fields []*ast.MessageFieldNode, f protoreflect.FieldDescriptor) bool {
	n := 0
	list := false
	for _, e := range fields {
		if names(e.Name, f) {
			n++
			_, list = e.Val.(*ast.ArrayLiteralNode)
		}
	}
	return n == 1 && list
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
