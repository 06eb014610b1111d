// Package filekind names what kind of file a mode is, for the messages
// that refuse a file which is not a regular one: the front-ends' reads
// (convert) and the outputs (internal/outtree) word them alike.
package filekind

import "io/fs"

// Of names the kind of file of mode m: "a folder", "a named pipe", "a
// symbolic link", "a regular file", ...
func Of(m fs.FileMode) string {
	switch {
	case m.IsDir():
		return "a folder"
	case m&fs.ModeSymlink != 0:
		return "a symbolic link"
	case m&fs.ModeNamedPipe != 0:
		return "a named pipe"
	case m&fs.ModeSocket != 0:
		return "a socket"
	case m&fs.ModeCharDevice != 0:
		return "a character device"
	case m&fs.ModeDevice != 0:
		return "a device"
	case m.IsRegular():
		return "a regular file"
	}
	return "a special file"
}
