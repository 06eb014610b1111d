package protoload

import (
	"bytes"
	"errors"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/idlconv/idlconv/protoast"
	"github.com/idlconv/idlconv/schema"
)

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

// errorReporter turns protocompile's errors into diagnostics. It is used
// under the compile's lock.
type errorReporter struct {
	ld    *load
	lines map[string]*schema.Lines // of the files reported in, by read path
}

func newReporter(ld *load) *errorReporter {
	return &errorReporter{ld: ld, lines: map[string]*schema.Lines{}}
}

// diagnostic is one protocompile error, under the rule idlconv has for
// it, at the file as it was read; off is the error's byte offset, or -1
// when unknown.
func (r *errorReporter) diagnostic(name string, line, col, off int, msg string) schema.Diagnostic {
	if m := positionedMsg.FindStringSubmatch(msg); m != nil && line == 0 {
		name, msg = m[1], m[4]
		line, _ = strconv.Atoi(m[2])
		col, _ = strconv.Atoi(m[3])
		off = -1
	}
	if i := strings.Index(msg, " not recognized; should be one of "); i >= 0 && strings.HasPrefix(msg, "edition value ") {
		// protocompile lists the editions it reads; idlconv reads the
		// later ones too (laterEditions).
		msg = msg[:i] + ` not recognized; should be one of ["2023", "2024", "2026", "UNSTABLE"]`
	}
	p := schema.Pos{File: name, Line: line, Col: col}
	readPath := r.ld.readPath(name)
	if readPath == "" {
		readPath, _ = r.ld.find(name)
	}
	if readPath != "" {
		p.File = readPath
		if src, err := r.ld.src.Read(readPath); err == nil {
			if r.lines[readPath] == nil {
				r.lines[readPath] = schema.NewLines(readPath, src)
			}
			p = bytePos(p, src, r.lines[readPath], off)
		}
	}
	switch {
	case strings.HasPrefix(msg, "could not resolve path "):
		return protoast.RuleImportNotFound.Diagnostic(p, "cannot find import %s (searched %d import path(s))", strings.TrimSuffix(strings.TrimPrefix(msg, "could not resolve path "), ": file does not exist"), len(r.ld.dirs))
	case strings.HasPrefix(msg, "syntax error: "):
		return schema.RuleSyntax.Diagnostic(p, "%s", msg)
	case strings.Contains(msg, "unknown type ") || strings.Contains(msg, "unknown request type ") || strings.Contains(msg, "unknown response type "):
		return schema.RuleUnknownType.Diagnostic(p, "%s", msg)
	}
	return protoast.RuleInvalidProto.Diagnostic(p, "%s", msg)
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
	return lines.Pos(off, protoast.TokenEnd(src, off))
}
