//go:build unix

package outtree

import (
	"errors"
	"io/fs"
	"syscall"
)

// processEnded reports whether the process pid, which wrote the
// temporary file st describes, has ended: no process of that PID runs on
// this machine (signal 0 finds none). A PID taken again by another
// process keeps the file, which is safe.
func processEnded(pid int, _ fs.FileInfo) bool {
	return errors.Is(syscall.Kill(pid, 0), syscall.ESRCH)
}
