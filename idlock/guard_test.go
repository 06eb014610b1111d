package idlock_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/idlconv/idlconv/idlock"
)

// TestGuard checks that the guard is held by one at a time (a second
// Acquire waits, then fails saying why), that Release lets the next one
// take it and removes the file, and that a guard file left behind holds
// nothing.
func TestGuard(t *testing.T) {
	dir := t.TempDir()
	ctx := context.Background()
	g, err := idlock.Acquire(ctx, dir, time.Second)
	if err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	if _, err := idlock.Acquire(ctx, dir, 50*time.Millisecond); err == nil || !strings.Contains(err.Error(), "is held by another idlconv sync of this project: gave up after waiting 50ms") {
		t.Fatalf("a second Acquire: %v, want it to give up", err)
	}
	if waited := time.Since(start); waited < 50*time.Millisecond {
		t.Errorf("the second Acquire gave up after %v, before its 50ms", waited)
	}
	cancelled, cancel := context.WithCancel(ctx)
	cancel()
	if _, err := idlock.Acquire(cancelled, dir, time.Second); err != context.Canceled {
		t.Errorf("Acquire with a cancelled context: %v", err)
	}
	// The next one waits for the first, and takes the guard when it is
	// released.
	done := make(chan error)
	go func() {
		g2, err := idlock.Acquire(ctx, dir, 5*time.Second)
		g2.Release()
		done <- err
	}()
	time.Sleep(20 * time.Millisecond)
	g.Release()
	if err := <-done; err != nil {
		t.Fatalf("Acquire after Release: %v", err)
	}
	if _, err := os.Stat(filepath.Join(dir, idlock.GuardName)); !os.IsNotExist(err) {
		t.Errorf("the guard file is left after Release: %v", err)
	}
	// A guard file that a killed sync left holds nothing.
	if err := os.WriteFile(filepath.Join(dir, idlock.GuardName), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	g, err = idlock.Acquire(ctx, dir, 50*time.Millisecond)
	if err != nil {
		t.Fatalf("Acquire over a file left behind: %v", err)
	}
	g.Release()
	var none *idlock.Guard
	none.Release() // a nil guard: nothing to do
}
