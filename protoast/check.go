package protoast

import (
	"bytes"
	"context"
	"errors"
	"io"
	"io/fs"
	"path"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/bufbuild/protocompile"
	"github.com/bufbuild/protocompile/reporter"

	"github.com/idlconv/idlconv/schema"
)

// RuleInvalidProto reports input that protoc rejects.
var RuleInvalidProto = schema.Rule{ID: "invalid-proto", Severity: schema.Error,
	Purpose: "protoc rejects the input, for another reason than a syntax error, a missing import or an unknown type (as github.com/bufbuild/protocompile, which checks like protoc, reads it): a missing `;`, a duplicate field number or name, a number that is 0, too large or reserved for the implementation (19000–19999), a proto3 enum whose first value is not 0, …"}

// maxCheckErrors is how many of protocompile's errors are reported before
// it is stopped. protocompile finds the column of each error by reading
// its line from the start, so that a file of one long line with an error
// every few bytes took time quadratic in its size; the first errors are
// the useful ones.
const maxCheckErrors = 100

// errTooManyErrors stops protocompile after maxCheckErrors errors.
var errTooManyErrors = errors.New("too many errors")

// positionedMsg is an error message that starts with file:line:col.
var positionedMsg = regexp.MustCompile(`^(\S+?):(\d+):(\d+): (.*)$`)

// editionDecl finds an edition declaration.
var editionDecl = regexp.MustCompile(`(?m)^\s*edition\s*=\s*["']([^"']*)["']`)

// checkedEditions are the editions protocompile v0.14.1 reads; files of
// later editions (2024, ...) are read by emicklei/proto alone.
var checkedEditions = map[string]bool{"2023": true}

// editionsKnown reports whether protocompile can judge the files at
// paths: none declares an edition it does not know. A file that cannot be
// read declares none.
func (ld *load) editionsKnown(paths []string) bool {
	for _, p := range paths {
		src, err := ld.readFile(p)
		// The regular expression is slow on large files; most name no
		// edition at all.
		if err != nil || !bytes.Contains(src, []byte("edition")) {
			continue
		}
		if m := editionDecl.FindSubmatch(src); m != nil && !checkedEditions[string(m[1])] {
			return false
		}
	}
	return true
}

// check compiles the inputs and what they import with protocompile, which
// rejects what protoc rejects, and reports each of its errors at its
// position (file as it was read, line, column). The well-known types
// resolve without being on an import path.
func (ld *load) check(inputs []Input) schema.Diagnostics {
	dirs := append(append([]string(nil), ld.l.ImportPaths...), ld.roots...)
	var mu sync.Mutex // guards diags
	accessor := func(p string) (io.ReadCloser, error) {
		b, err := ld.readFile(p)
		if err != nil {
			return nil, fs.ErrNotExist
		}
		return io.NopCloser(bytes.NewReader(b)), nil
	}
	var diags schema.Diagnostics
	lines := map[string]*schema.Lines{} // of the files reported in, by read path
	// report adds one protocompile error, under the rule idlconv has for
	// it, at the file as it was read; off is the error's byte offset, or
	// -1 when unknown.
	report := func(name string, line, col, off int, msg string) {
		if m := positionedMsg.FindStringSubmatch(msg); m != nil && line == 0 {
			name, msg = m[1], m[4]
			line, _ = strconv.Atoi(m[2])
			col, _ = strconv.Atoi(m[3])
			off = -1
		}
		p := schema.Pos{File: name, Line: line, Col: col}
		if readPath, ok := ld.find(name); ok {
			p.File = readPath
			if src, err := ld.readFile(readPath); err == nil {
				if lines[readPath] == nil {
					lines[readPath] = schema.NewLines(readPath, src)
				}
				p = bytePos(p, src, lines[readPath], off)
			}
		}
		switch {
		case strings.HasPrefix(msg, "could not resolve path "):
			diags.Report(p, RuleImportNotFound, "cannot find import %s (searched %d import path(s))", strings.TrimSuffix(strings.TrimPrefix(msg, "could not resolve path "), ": file does not exist"), len(dirs))
		case strings.HasPrefix(msg, "syntax error: "):
			diags.Report(p, schema.RuleSyntax, "%s", msg)
		case strings.Contains(msg, "unknown type ") || strings.Contains(msg, "unknown request type ") || strings.Contains(msg, "unknown response type "):
			diags.Report(p, schema.RuleUnknownType, "%s", msg)
		default:
			diags.Report(p, RuleInvalidProto, "%s", msg)
		}
	}
	c := protocompile.Compiler{
		Resolver: protocompile.WithStandardImports(&protocompile.SourceResolver{ImportPaths: dirs, Accessor: accessor}),
		Reporter: reporter.NewReporter(func(err reporter.ErrorWithPos) error {
			pos := err.GetPosition()
			mu.Lock()
			defer mu.Unlock()
			report(pos.Filename, pos.Line, pos.Col, pos.Offset, errors.Unwrap(err).Error())
			if len(diags) >= maxCheckErrors {
				return errTooManyErrors
			}
			return nil
		}, nil),
	}
	var names []string
	seen := map[string]bool{}
	for _, in := range inputs {
		if !seen[in.Name] {
			seen[in.Name] = true
			names = append(names, path.Clean(in.Name))
		}
	}
	if _, err := c.Compile(context.Background(), names...); err != nil && len(diags) == 0 && !errors.Is(err, errTooManyErrors) {
		// Errors outside any file's text (an import that cannot be
		// resolved) come back here, positioned in their message.
		report(inputs[0].Name, 0, 0, -1, err.Error())
	}
	diags.Sort()
	return diags
}

// utf8BOM is the UTF-8 byte order mark.
var utf8BOM = []byte("\xef\xbb\xbf")

// bytePos is the position, in bytes and with the end of the token there,
// of an error protocompile places at p (its line:col) in src, and at the
// byte offset off when it is known (not -1). protocompile's columns count
// characters, and a tab as far as the next multiple of 8; the byte order
// mark counts in the columns of the first line, as go/token counts it.
func bytePos(p schema.Pos, src []byte, lines *schema.Lines, off int) schema.Pos {
	line, col := p.Line, p.Col
	start := lines.LineStart(line)
	if start < 0 || col <= 0 {
		return p
	}
	if bytes.HasPrefix(src, utf8BOM) {
		// protocompile drops a byte order mark before it counts.
		if off >= 0 {
			off += len(utf8BOM)
		}
		if line == 1 {
			start += len(utf8BOM)
		}
	}
	if next := lines.LineStart(line + 1); off < start || next >= 0 && off >= next || off > len(src) {
		off = start
		for n := 0; n < col-1 && off < len(src) && src[off] != '\n'; off++ {
			if src[off] == '\t' {
				n += 8 - n%8
			} else if utf8.RuneStart(src[off]) {
				n++
			}
		}
		for off < len(src) && !utf8.RuneStart(src[off]) {
			off++
		}
	}
	return lines.Pos(off, TokenEnd(src, off))
}
