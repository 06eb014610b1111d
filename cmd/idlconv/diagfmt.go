package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"strings"
	"unicode/utf8"

	"github.com/idlconv/idlconv/schema"
)

// The values of --error-format.
const (
	// errorFormatText prints file:line:col: message [rule] lines and a
	// summary line.
	errorFormatText = "text"
	// errorFormatJSON prints one JSON object a line (schema.Diagnostic's
	// JSON form).
	errorFormatJSON = "json"
	// errorFormatGitHub prints GitHub Actions workflow commands, which
	// annotate the files of a pull request.
	errorFormatGitHub = "github"
)

// errorFormats lists the values of --error-format, for help and checks.
var errorFormats = []string{errorFormatText, errorFormatJSON, errorFormatGitHub}

// checkErrorFormat refuses an unknown --error-format value.
func checkErrorFormat(format string) error {
	for _, f := range errorFormats {
		if f == format {
			return nil
		}
	}
	return usagef("--error-format %q: want one of %s", format, strings.Join(errorFormats, ", "))
}

// printDiagnostics writes diagnostics to w in the given format; the
// machine formats also give where the text each is about ends.
func printDiagnostics(out io.Writer, ds schema.Diagnostics, format string) error {
	// One write for all, not a system call a diagnostic.
	w := bufio.NewWriterSize(out, 64<<10)
	if err := writeDiagnostics(w, ds, format); err != nil {
		return err
	}
	if err := w.Flush(); err != nil {
		return fmt.Errorf("writing diagnostics: %w", err)
	}
	return nil
}

// writeDiagnostics is printDiagnostics on a buffered writer.
func writeDiagnostics(w io.Writer, ds schema.Diagnostics, format string) error {
	if format == errorFormatJSON || format == errorFormatGitHub {
		ds = withEnds(ds)
	}
	switch format {
	case errorFormatJSON:
		enc := json.NewEncoder(w)
		enc.SetEscapeHTML(false)
		for _, d := range ds {
			if err := enc.Encode(d); err != nil {
				return fmt.Errorf("writing diagnostics: %w", err)
			}
		}
		return nil
	case errorFormatGitHub:
		for _, d := range ds {
			if _, err := fmt.Fprintln(w, githubAnnotation(d)); err != nil {
				return fmt.Errorf("writing diagnostics: %w", err)
			}
		}
		return nil
	}
	for _, d := range ds {
		if _, err := fmt.Fprintln(w, d.String()); err != nil {
			return fmt.Errorf("writing diagnostics: %w", err)
		}
	}
	if s := ds.Summary(); s != "" {
		if _, err := fmt.Fprintln(w, "idlconv: "+s); err != nil {
			return fmt.Errorf("writing diagnostics: %w", err)
		}
	}
	return nil
}

// githubAnnotation is a diagnostic as a GitHub Actions workflow command:
// ::error file=F,line=L,col=C,title=RULE::MESSAGE (::warning for a
// warning), escaped as the runner reads them.
func githubAnnotation(d schema.Diagnostic) string {
	var props []string
	if d.Pos.File != "" {
		props = append(props, "file="+escapeGitHubProperty(d.Pos.File))
	}
	if d.Pos.Line > 0 {
		props = append(props, fmt.Sprintf("line=%d", d.Pos.Line))
	}
	if d.Pos.Col > 0 {
		props = append(props, fmt.Sprintf("col=%d", d.Pos.Col))
	}
	if d.Pos.HasEnd() {
		props = append(props, fmt.Sprintf("endLine=%d,endColumn=%d", d.Pos.EndLine, d.Pos.EndCol))
	}
	if d.Rule != "" {
		props = append(props, "title="+escapeGitHubProperty(d.Rule))
	}
	msg := d.Msg
	if d.Rule != "" {
		msg += " [" + d.Rule + "]"
	}
	return "::" + d.Severity.String() + " " + strings.Join(props, ",") + "::" + escapeGitHubData(msg)
}

// escapeGitHubData escapes a workflow command's message.
func escapeGitHubData(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A").Replace(s)
}

// escapeGitHubProperty escapes a workflow command's property value.
func escapeGitHubProperty(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A", ":", "%3A", ",", "%2C").Replace(s)
}

// maxEndScan is the largest file withEnds reads to find where a
// diagnostic's text ends.
const maxEndScan = 16 << 20

// withEnds returns the diagnostics without an end with one set where the text at their
// position can be read: the end of the name, number or quoted string
// there, else of its one character. Files are read once each; one that
// cannot be read (standard input, a file too large) leaves End unknown.
func withEnds(ds schema.Diagnostics) schema.Diagnostics {
	out := make(schema.Diagnostics, len(ds))
	lines := map[string][]string{}
	for i, d := range ds {
		out[i] = d
		if d.Pos.Line <= 0 || d.Pos.Col <= 0 || d.Pos.HasEnd() {
			continue
		}
		ls, ok := lines[d.Pos.File]
		if !ok {
			if st, err := os.Stat(d.Pos.File); err == nil && st.Mode().IsRegular() && st.Size() <= maxEndScan {
				if b, err := os.ReadFile(d.Pos.File); err == nil {
					ls = strings.Split(string(b), "\n")
				}
			}
			lines[d.Pos.File] = ls
		}
		if d.Pos.Line > len(ls) || d.Pos.Col > len(ls[d.Pos.Line-1]) {
			continue
		}
		if line := ls[d.Pos.Line-1]; strings.ContainsFunc(line[:d.Pos.Col-1], func(r rune) bool { return r >= utf8.RuneSelf }) {
			// Some front-ends count columns in characters, others in
			// bytes: after non-ASCII text the end is not known.
			continue
		}
		out[i].Pos.EndLine, out[i].Pos.EndCol = d.Pos.Line, d.Pos.Col+tokenLen(ls[d.Pos.Line-1][d.Pos.Col-1:])
	}
	return out
}

// tokenLen is the length in bytes of the token s starts with: a name or
// number (letters, digits, '_', '.'), a quoted string, or one character.
func tokenLen(s string) int {
	if s == "" {
		return 0
	}
	if q := s[0]; q == '"' || q == '\'' {
		for i := 1; i < len(s); i++ {
			switch s[i] {
			case '\\':
				i++
			case q:
				return i + 1
			}
		}
		return len(s)
	}
	n := 0
	for n < len(s) && (s[n] == '_' || s[n] == '.' || s[n] == '-' && n == 0 || s[n] >= '0' && s[n] <= '9' || s[n] >= 'a' && s[n] <= 'z' || s[n] >= 'A' && s[n] <= 'Z') {
		n++
	}
	if n == 0 {
		_, size := utf8.DecodeRuneInString(s)
		return size
	}
	return n
}
