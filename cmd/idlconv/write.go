package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"syscall"
	"time"

	"github.com/idlconv/idlconv/convert"
	"github.com/idlconv/idlconv/internal/outtree"
	"github.com/idlconv/idlconv/internal/udiff"
)

// errInterrupted means SIGINT or SIGTERM arrived (see interruptible):
// nothing changed. Main reports it as "idlconv: interrupted" with exit
// code 1.
var errInterrupted = outtree.ErrInterrupted

// pauseBeforeRename is a test seam, zero in normal runs: when positive,
// every write waits this long after every temporary file is written and
// before the first rename, returning early if a signal arrives. Only main
// sets it, from the environment variable IDLCONV_TEST_PAUSE_BEFORE_RENAME
// (milliseconds), so that TestSignalLeavesNothing can interrupt the
// command at the moment it holds the most temporaries.
var pauseBeforeRename time.Duration

// interruptible runs work, a command's whole run, under a handler of
// SIGINT and SIGTERM, so that a signal ends the command at any stage
// with errInterrupted (exit code 1) and nothing changed, even when work
// is blocked (reading a pipe that stays open) or long (a big diff): the
// signal cancels work's context and stops the writing of outputs through
// an outtree.Guard. A write under way then takes its temporary files
// back, and interruptible returns once work has ended, or after
// interruptGrace if it does not (blocked: the process exits when Main
// returns); a write that has begun moving files into place completes,
// and interruptible waits for work, unless a second signal comes. The
// guard's notes (the leftovers of a killed run that a write removed) go
// to stderr.
func interruptible(ctx context.Context, stderr io.Writer, work func(context.Context) error) error {
	if ctx == nil {
		ctx = context.Background()
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	g := &outtree.Guard{Pause: pauseBeforeRename, Note: func(msg string) { fmt.Fprintln(stderr, msg) }}
	sigs := make(chan os.Signal, 2)
	signal.Notify(sigs, os.Interrupt, syscall.SIGTERM)
	defer signal.Stop(sigs)
	done := make(chan error, 1)
	go func() { done <- work(outtree.WithGuard(ctx, g)) }()
	select {
	case err := <-done:
		return err
	case <-sigs:
	}
	cancel()
	if !g.Stop() {
		// Nothing was written, and nothing will be: give work a moment
		// to see ctx and end, so that its deferred steps run (a sync
		// releases the guard file of its lock), then leave it.
		t := time.NewTimer(interruptGrace)
		defer t.Stop()
		select {
		case <-done:
		case <-t.C:
		case <-sigs:
		}
		return errInterrupted
	}
	select {
	case err := <-done:
		return err
	case <-sigs:
		return errInterrupted
	}
}

// interruptGrace is how long interruptible waits, after a signal, for
// work that has written nothing to end before it leaves it.
const interruptGrace = 500 * time.Millisecond

// writeOutputs writes the outputs to standard output (out == "") or under
// out, all or nothing (package outtree): on a failure, or when ctx is
// cancelled while writing (a signal, see interruptible), no file that
// existed changes and no new one remains. Before anything is written it
// refuses an output whose path would leave out, two outputs with the same
// destination, an output that would replace one of the inputs, and one
// that would replace anything but a regular file.
func writeOutputs(ctx context.Context, files []convert.OutputFile, inputs []convert.Input, out string, multi bool, stdout io.Writer) error {
	if out == "" {
		for _, f := range files {
			if _, err := stdout.Write(f.Content); err != nil {
				return fmt.Errorf("writing standard output: %w", err)
			}
		}
		return nil
	}
	plan, err := outtree.Plan(files, outtree.IndexInputs(inputs), out, multi)
	if err != nil {
		return err
	}
	return outtree.Commit(ctx, plan, 0)
}

// checkOutputs compares the outputs with the files they would replace,
// writing nothing: with showDiff it prints a unified diff for each stale
// or missing one to stdout (else its name to stderr). It returns
// errStale when any differs.
func checkOutputs(files []convert.OutputFile, inputs []convert.Input, out string, multi, showDiff bool, stdout, stderr io.Writer) error {
	if out == "" {
		return usagef("--check and --diff compare with the files under -o: give -o")
	}
	plan, err := outtree.Plan(files, outtree.IndexInputs(inputs), out, multi)
	if err != nil {
		return err
	}
	changes, err := outtree.Changes(plan)
	if err != nil {
		return err
	}
	return reportChanges(changes, showDiff, stdout, stderr)
}

// reportChanges prints the outputs that are missing or stale: their
// names to stderr, or with showDiff a unified diff of each to stdout. It
// returns errStale when there is any.
func reportChanges(changes []outtree.Change, showDiff bool, stdout, stderr io.Writer) error {
	for _, c := range changes {
		name := filepath.ToSlash(c.File.Dest)
		if c.Link {
			// Its target is not read: it may be any file.
			fmt.Fprintf(stderr, "idlconv: %s is a symbolic link, which the output of %s would replace\n", name, c.File.Source)
			continue
		}
		if !showDiff {
			what := "stale"
			if c.Old == nil {
				what = "missing"
			}
			fmt.Fprintf(stderr, "idlconv: %s is %s (the output of %s)\n", name, what, c.File.Source)
			continue
		}
		oldName := name
		if c.Old == nil {
			oldName = "/dev/null"
		}
		if _, err := io.WriteString(stdout, udiff.Unified(oldName, name, string(c.Old), string(c.File.Content))); err != nil {
			return fmt.Errorf("writing the diff: %w", err)
		}
	}
	if len(changes) > 0 {
		return errStale
	}
	return nil
}
