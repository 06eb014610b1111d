// Package readlimit reads a file to its end into one buffer of the size
// its stat gave, and no further than a limit.
package readlimit

import (
	"errors"
	"io"
)

// Read reads r to its end into a buffer of size+1 bytes (size is what a
// stat of its file said, capped at limit), so that a file that did not
// grow is read without the buffer growing and being copied again, as
// io.ReadAll's doubling from 512 bytes would copy a large file about
// twice. It stops after limit+1 bytes; ok false says that r holds more
// than limit bytes.
func Read(r io.Reader, size, limit int64) (b []byte, ok bool, err error) {
	size = max(0, min(size, limit))
	b = make([]byte, 0, size+1)
	lr := io.LimitReader(r, limit+1)
	for {
		if len(b) == cap(b) {
			b = append(b, 0)[:len(b)]
		}
		n, err := lr.Read(b[len(b):cap(b)])
		b = b[:len(b)+n]
		if errors.Is(err, io.EOF) {
			return b, int64(len(b)) <= limit, nil
		}
		if err != nil {
			return b, int64(len(b)) <= limit, err
		}
	}
}
