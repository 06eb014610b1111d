//go:build windows

package idlock

import (
	"errors"
	"os"
	"syscall"
)

// Windows' file sharing is the lock: the guard file is opened with no
// sharing, so that no other process can open it while it is open, and
// deleted when it is closed (or its process ends).
const (
	errorSharingViolation = syscall.Errno(32)
	fileFlagDeleteOnClose = 0x04000000
)

// tryLock opens the guard file, creating it, for this process alone:
// errBusy when another process has it open.
func tryLock(path string) (*os.File, error) {
	p, err := syscall.UTF16PtrFromString(path)
	if err != nil {
		return nil, err
	}
	h, err := syscall.CreateFile(p, syscall.GENERIC_READ|syscall.GENERIC_WRITE, 0, nil, syscall.OPEN_ALWAYS,
		syscall.FILE_ATTRIBUTE_NORMAL|fileFlagDeleteOnClose, 0)
	if err != nil {
		if errors.Is(err, errorSharingViolation) {
			return nil, errBusy
		}
		return nil, err
	}
	return os.NewFile(uintptr(h), path), nil
}

// release closes the guard file, which deletes it.
func release(f *os.File, path string) { f.Close() }
