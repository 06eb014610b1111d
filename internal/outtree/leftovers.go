package outtree

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
)

// The temporary file of an output is named after its destination and the
// process writing it: ".NAME.idlconv-PID-RANDOM.tmp" beside NAME. A run
// that is killed (SIGKILL, a power cut) leaves its temporaries; the next
// Commit into the same folder removes those whose process has ended, and
// no other file: a name of that form only, a regular file, a process that
// no longer runs (see processEnded).
const tempInfix = ".idlconv-"

// tempName matches the name of a temporary file, the PID its first
// group.
var tempName = regexp.MustCompile(`^\..+\.idlconv-([1-9][0-9]*)-[0-9]+\.tmp$`)

// tempPattern is the os.CreateTemp pattern of the temporary file of the
// output named base, written by this process.
func tempPattern(base string) string {
	return "." + base + tempInfix + strconv.Itoa(os.Getpid()) + "-*.tmp"
}

// leftoverPID returns the PID in the name of a temporary file, and false
// when name is not one.
func leftoverPID(name string) (int, bool) {
	m := tempName.FindStringSubmatch(name)
	if m == nil {
		return 0, false
	}
	pid, err := strconv.Atoi(m[1])
	return pid, err == nil
}

// removeLeftovers removes, from the folder dir, the temporary files of
// runs that have ended, and returns a note for each file removed and an
// error naming those it could not remove. A folder it cannot list is
// left as it is: writing into it reports what is wrong.
func removeLeftovers(dir string) (notes []string, err error) {
	entries, rerr := os.ReadDir(dir)
	if rerr != nil {
		return nil, nil
	}
	self := os.Getpid()
	var errs []error
	for _, e := range entries {
		pid, ok := leftoverPID(e.Name())
		if !ok || pid == self || !e.Type().IsRegular() {
			continue
		}
		p := filepath.Join(dir, e.Name())
		st, serr := os.Lstat(p)
		if serr != nil || !st.Mode().IsRegular() || !processEnded(pid, st) {
			continue
		}
		if rerr := os.Remove(p); rerr != nil && !errors.Is(rerr, fs.ErrNotExist) {
			errs = append(errs, fmt.Errorf("removing %s, left by an idlconv run that ended (process %d): %w", p, pid, rerr))
			continue
		}
		notes = append(notes, fmt.Sprintf("idlconv: removed %s, left by an idlconv run that ended (process %d)", filepath.ToSlash(p), pid))
	}
	return notes, errors.Join(errs...)
}
