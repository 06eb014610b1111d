//go:build !unix

package outtree

import (
	"io/fs"
	"time"
)

// leftoverAge is how old a temporary file must be to count as left by a
// run that ended, where a process cannot be looked up by PID.
const leftoverAge = 24 * time.Hour

// processEnded reports whether the process pid, which wrote the
// temporary file st describes, has ended: where processes are not looked
// up, when the file is older than leftoverAge.
func processEnded(_ int, st fs.FileInfo) bool {
	return time.Since(st.ModTime()) > leftoverAge
}
