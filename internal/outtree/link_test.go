package outtree

import (
	"os"
	"path/filepath"
	"testing"
)

// TestChangesDoNotReadThroughALink checks that an output that is a
// symbolic link counts as a change without its target being read: a
// check or diff must not show a file the link leads to.
func TestChangesDoNotReadThroughALink(t *testing.T) {
	dir := t.TempDir()
	secret := filepath.Join(dir, "secret.txt")
	if err := os.WriteFile(secret, []byte("AWS_SECRET\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	dest := filepath.Join(dir, "out", "a.proto")
	if err := os.MkdirAll(filepath.Dir(dest), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(secret, dest); err != nil {
		t.Fatal(err)
	}
	changes, err := Changes([]*File{{Dest: dest, Source: "a.thrift", Content: []byte("AWS_SECRET\n")}})
	if err != nil {
		t.Fatal(err)
	}
	if len(changes) != 1 || !changes[0].Link || changes[0].Old != nil {
		t.Fatalf("got %+v, want one change marked Link with no old content", changes)
	}
}
