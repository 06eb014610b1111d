//go:build unix

package idlock

import (
	"errors"
	"os"
	"syscall"
)

// tryLock opens the guard file, creating it, and locks it (flock,
// exclusive) without waiting: errBusy when another process holds it.
// A file that the sync holding it removed on the way (it releases by
// removing the file, then closing it) is not the guard any more: it
// tries again on the file the path names now.
func tryLock(path string) (*os.File, error) {
	for {
		f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o644)
		if err != nil {
			return nil, err
		}
		if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
			f.Close()
			if errors.Is(err, syscall.EWOULDBLOCK) {
				return nil, errBusy
			}
			return nil, err
		}
		held, err1 := f.Stat()
		now, err2 := os.Stat(path)
		if err1 == nil && err2 == nil && os.SameFile(held, now) {
			return f, nil
		}
		f.Close()
		if err1 != nil {
			return nil, err1
		}
	}
}

// release removes the guard file while it still holds it, then unlocks
// it by closing it.
func release(f *os.File, path string) {
	os.Remove(path)
	f.Close()
}
