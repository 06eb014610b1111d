package protoast

import (
	"fmt"

	"github.com/idlconv/idlconv/schema"
)

// checkBalance finds the first unclosed or unexpected bracket of a .proto
// source, outside strings and comments. github.com/emicklei/proto v1.14.3
// loops forever on some files that end inside a block (`rpc M(A) returns
// (B) {` at the end of the file), so ParseFile checks this first, reading
// the source as emicklei's scanner would: a backtick, which protoc refuses,
// would start a raw string there that can swallow the closing brackets
// (found by FuzzParseFile), so it is refused here.
func checkBalance(name string, src []byte) *schema.Diagnostic {
	type open struct {
		c         byte
		line, col int
	}
	var stack []open
	line, col := 1, 1
	closer := map[byte]byte{'}': '{', ')': '(', ']': '['}
	for i := 0; i < len(src); i++ {
		c := src[i]
		switch {
		case c == '\n':
			line, col = line+1, 0
		case c == '/' && i+1 < len(src) && src[i+1] == '/':
			for i+1 < len(src) && src[i+1] != '\n' {
				i++
			}
		case c == '/' && i+1 < len(src) && src[i+1] == '*':
			startLine, startCol := line, col
			i += 2
			col += 2
			for ; i < len(src) && !(src[i] == '*' && i+1 < len(src) && src[i+1] == '/'); i++ {
				if src[i] == '\n' {
					line, col = line+1, 0
				}
				col++
			}
			if i >= len(src) {
				return balanceError(name, startLine, startCol, len("/*"), "comment not terminated")
			}
			i++
			col++
		case c == '"' || c == '\'':
			startLine, startCol, startOff := line, col, i
			for i++; i < len(src) && src[i] != c && src[i] != '\n'; i++ {
				if src[i] == '\\' {
					i++
					col++
				}
				col++
			}
			if i >= len(src) || src[i] == '\n' {
				return balanceError(name, startLine, startCol, i-startOff, "string literal not terminated")
			}
			col++
		case c == '`':
			return balanceError(name, line, col, 1, "invalid character '`'")
		case c == '{' || c == '(' || c == '[':
			stack = append(stack, open{c, line, col})
		case c == '}' || c == ')' || c == ']':
			if len(stack) == 0 || stack[len(stack)-1].c != closer[c] {
				return balanceError(name, line, col, 1, fmt.Sprintf("unexpected %q", c))
			}
			stack = stack[:len(stack)-1]
		}
		col++
	}
	if len(stack) > 0 {
		o := stack[len(stack)-1]
		return balanceError(name, o.line, o.col, 1, fmt.Sprintf("%q is never closed", o.c))
	}
	return nil
}

// balanceError is a syntax error about the n bytes of a line from
// line:col (a byte column).
func balanceError(name string, line, col, n int, msg string) *schema.Diagnostic {
	d := schema.RuleSyntax.Diagnostic(schema.Pos{File: name, Line: line, Col: col, EndLine: line, EndCol: col + n}, "syntax error: %s", msg)
	return &d
}
