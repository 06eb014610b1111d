package udiff

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

func TestUnified(t *testing.T) {
	tests := []struct {
		name, old, new, want string
	}{
		{"equal", "a\nb\n", "a\nb\n", ""},
		{"one line changed", "a\nb\nc\n", "a\nB\nc\n", "--- o\n+++ n\n@@ -1,3 +1,3 @@\n a\n-b\n+B\n c\n"},
		{"added to empty", "", "x\n", "--- o\n+++ n\n@@ -0,0 +1 @@\n+x\n"},
		{"removed all", "x\ny\n", "", "--- o\n+++ n\n@@ -1,2 +0,0 @@\n-x\n-y\n"},
		{"no newline at end", "a\n", "a", "--- o\n+++ n\n@@ -1 +1 @@\n-a\n+a\n\\ No newline at end of file\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Unified("o", "n", tt.old, tt.new); got != tt.want {
				t.Errorf("got\n%s\nwant\n%s", got, tt.want)
			}
		})
	}
}

// TestUnifiedAppliesWithPatch checks larger diffs against patch(1): the
// diff of old to new, applied to old, gives new.
func TestUnifiedAppliesWithPatch(t *testing.T) {
	patch, err := exec.LookPath("patch")
	if err != nil {
		t.Skip("patch not installed; skipping")
	}
	var old, new strings.Builder
	for i := 0; i < 200; i++ {
		if i%17 != 3 {
			old.WriteString(strings.Repeat("x", i%5) + "line\n")
		}
		if i%13 != 5 {
			new.WriteString(strings.Repeat("x", i%5) + "line\n")
		}
		if i%29 == 0 {
			new.WriteString("inserted\n")
		}
	}
	dir := t.TempDir()
	f := filepath.Join(dir, "f")
	if err := os.WriteFile(f, []byte(old.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(patch, "-s", f)
	cmd.Stdin = strings.NewReader(Unified("a/f", "b/f", old.String(), new.String()))
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("patch: %v\n%s", err, out)
	}
	got, _ := os.ReadFile(f)
	if string(got) != new.String() {
		t.Error("the patched text differs from the new one")
	}
}
