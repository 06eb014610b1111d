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

// errInterrupted means SIGINT or SIGTERM arrived while the outputs were
// being written; the temporaries were removed and nothing changed. Main
// reports it as "idlconv: interrupted" with exit code 1.
var errInterrupted = outtree.ErrInterrupted

// pauseBeforeRename is a test seam, zero in normal runs: when positive,
// the write waits this long after every temporary file is written and
// before the first rename, returning early if a signal arrives. Only main
// sets it, from the environment variable IDLCONV_TEST_PAUSE_BEFORE_RENAME
// (milliseconds), so that TestSignalLeavesNothing can interrupt the
// command at the moment it holds the most temporaries.
var pauseBeforeRename time.Duration

// writeOutputs writes the outputs to standard output (out == "") or under
// out, all or nothing (package outtree): on a failure, or on SIGINT or
// SIGTERM while writing, no file that existed changes and no new one
// remains. Before anything is written it refuses an output whose path
// would leave out, two outputs with the same destination, and an output
// that would replace one of the inputs.
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
	return commitPlan(ctx, plan)
}

// commitPlan writes planned outputs all or nothing; SIGINT and SIGTERM
// stop it with nothing changed.
func commitPlan(ctx context.Context, plan []*outtree.File) error {
	// Until the handler is installed a signal kills the process, which
	// has written nothing yet; while it is installed a signal cancels ctx.
	ctx, stop := signal.NotifyContext(ctx, os.Interrupt, syscall.SIGTERM)
	defer stop()
	return outtree.Commit(ctx, plan, pauseBeforeRename)
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
