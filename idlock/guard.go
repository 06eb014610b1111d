package idlock

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"
)

// GuardName is the name of the file, beside the lock, that a sync holds
// locked (flock on Unix) from reading the lock to writing it, so that
// syncs of one project at the same time run one after the other and
// none loses what another wrote. The sync that holds it removes it when
// done; one left behind (a sync that was killed) holds nothing, since
// the lock on it goes with its process.
const GuardName = FileName + ".lk"

// DefaultGuardWait is how long Acquire waits for another sync by
// default.
const DefaultGuardWait = 2 * time.Minute

// errBusy says another process holds the guard.
var errBusy = errors.New("held by another process")

// Guard is the hold of one sync on a project's lock.
type Guard struct {
	f    *os.File
	path string
}

// Acquire takes the guard of the lock in dir, waiting while another
// sync holds it, at most wait (zero means DefaultGuardWait), and no
// longer than ctx lasts. After wait it fails with a message that says so.
// The error of a guard file that cannot be made wraps the file system's
// (fs.ErrPermission, for instance).
func Acquire(ctx context.Context, dir string, wait time.Duration) (*Guard, error) {
	if wait <= 0 {
		wait = DefaultGuardWait
	}
	path := filepath.Join(dir, GuardName)
	deadline := time.Now().Add(wait)
	pause := 5 * time.Millisecond
	for {
		f, err := tryLock(path)
		if err == nil {
			return &Guard{f: f, path: path}, nil
		}
		if !errors.Is(err, errBusy) {
			return nil, fmt.Errorf("locking %s: %w", path, err)
		}
		if !time.Now().Before(deadline) {
			return nil, fmt.Errorf("%s is held by another idlconv sync of this project: gave up after waiting %v for it to finish", path, wait)
		}
		select {
		case <-ctx.Done():
			return nil, ctx.Err()
		case <-time.After(min(pause, time.Until(deadline))):
		}
		pause = min(2*pause, 100*time.Millisecond)
	}
}

// Release removes the guard file and lets the next sync go on. A file it
// could not remove holds nothing: the next sync takes it. Release of a
// nil Guard does nothing.
func (g *Guard) Release() {
	if g == nil {
		return
	}
	release(g.f, g.path)
}
