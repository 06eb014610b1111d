//go:build unix

package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/idlconv/idlconv/internal/testkit/robustness"
)

// TestCheckMemory (issue 25) runs `idlconv check` on two 4 MB versions
// of a Thrift file (a field of every third struct changes type) and
// `idlconv convert` of one, each in a child process: check reports the
// changes, and its peak RSS stays within twice convert's (both versions'
// models are live at once) and the children's budget. At 8 MB each,
// check took 487 MB before (docs/robustness.md).
func TestCheckMemory(t *testing.T) {
	skipChildren(t)
	old := robustness.ThriftStructs(4 * robustness.MB)
	// The last field of every struct whose 20th field is a string
	// becomes an i32: a field-type-changed error each.
	changed := bytes.ReplaceAll(old, []byte("20: optional string f20"), []byte("20: optional i32 f20"))
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{"old/a.thrift": string(old), "new/a.thrift": string(changed)})
	conv := runChild(t, dir, "convert", "old/a.thrift", "--to", "proto", "-o", filepath.Join(dir, "out/a.proto"))
	if conv.code != exitOK {
		t.Fatalf("convert: exit %d\n%.2000s", conv.code, conv.stderr)
	}
	check := runChild(t, dir, "check", "old/a.thrift", "new/a.thrift")
	if check.code != exitError || !strings.Contains(check.stderr, "[field-type-changed]") {
		t.Fatalf("check: exit %d, want %d with field-type-changed errors\n%.2000s", check.code, exitError, check.stderr)
	}
	if conv.peakRSS > 0 && check.peakRSS > 2*conv.peakRSS && !raceBuild {
		t.Errorf("check peaked at %.1f MB, more than twice convert's %.1f MB", float64(check.peakRSS)/(1<<20), float64(conv.peakRSS)/(1<<20))
	}
	if _, err := os.Stat(filepath.Join(dir, "out/a.proto")); err != nil {
		t.Error(err)
	}
}
