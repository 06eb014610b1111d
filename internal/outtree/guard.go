package outtree

import (
	"context"
	"sync"
	"time"
)

// A Guard stands between a signal handler and the writing of outputs, so
// that a signal can end a command at any stage with nothing changed: the
// command runs its work with a context that WithGuard gave the guard, and
// on a signal cancels that context and calls Stop. A Commit that has not
// begun then returns ErrInterrupted without writing; one that is writing
// takes its temporaries back (or, once it has begun moving them into
// place, completes), and Stop returns when it has.
type Guard struct {
	// Note, when set, is told what Commit did besides writing the
	// outputs: each leftover temporary file of an ended run it removed.
	Note func(string)
	// Pause is a test seam, zero in normal runs: the pause of every
	// Commit under the guard (see Commit) when larger than its own.
	Pause time.Duration

	mu      sync.Mutex
	idle    *sync.Cond // signalled when writing drops to 0
	writing int        // Commits in progress
	stopped bool       // Stop was called: no Commit may begin
	moved   bool       // a Commit moved a file into place
}

// guardKey is the context key of the Guard.
type guardKey struct{}

// WithGuard returns ctx carrying g: every Commit under it asks g before
// it writes.
func WithGuard(ctx context.Context, g *Guard) context.Context {
	return context.WithValue(ctx, guardKey{}, g)
}

// guardOf returns the Guard ctx carries, or nil.
func guardOf(ctx context.Context) *Guard {
	g, _ := ctx.Value(guardKey{}).(*Guard)
	return g
}

// Stop lets no Commit under g begin, waits for those in progress to end,
// and reports whether any Commit moved a file into place (then a signal
// came too late to leave everything as it was). Cancel the context of the
// Commits first, or Stop waits for them to complete.
func (g *Guard) Stop() (moved bool) {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.stopped = true
	for g.writing > 0 {
		g.cond().Wait()
	}
	return g.moved
}

// begin reports whether a Commit may write, and counts it in progress.
func (g *Guard) begin() bool {
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.stopped {
		return false
	}
	g.writing++
	return true
}

// end counts a Commit done; moved says it moved a file into place.
func (g *Guard) end(moved bool) {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.writing--
	g.moved = g.moved || moved
	if g.writing == 0 {
		g.cond().Broadcast()
	}
}

// cond is g.idle, made on first use; g.mu is held.
func (g *Guard) cond() *sync.Cond {
	if g.idle == nil {
		g.idle = sync.NewCond(&g.mu)
	}
	return g.idle
}

// note tells g's Note, if any, msg.
func (g *Guard) note(msg string) {
	if g != nil && g.Note != nil {
		g.Note(msg)
	}
}
