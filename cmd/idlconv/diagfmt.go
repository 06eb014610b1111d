package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"strings"

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
// machine formats also give where the text each is about ends, when its
// position has an end (the front-ends set them: no file is read here).
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
