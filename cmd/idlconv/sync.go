package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/spf13/cobra"

	"github.com/idlconv/idlconv/convert"
	"github.com/idlconv/idlconv/internal/memlimit"
	"github.com/idlconv/idlconv/internal/outtree"
	"github.com/idlconv/idlconv/project"
)

// syncFlags are the flags of `idlconv sync`.
type syncFlags struct {
	config      string
	check, diff bool
	// exitCode makes a sync that wrote a file exit 1 (the pre-commit
	// hook idlconv-sync: a file it creates, such as a deleted
	// idlconv.lock, is no change that git diff shows).
	exitCode    bool
	errorFormat string
}

func newSyncCommand(reg *convert.Registry, stdout, stderr io.Writer, errorFormat *string) *cobra.Command {
	var fl syncFlags
	cmd := &cobra.Command{
		Use:   "sync",
		Short: "Regenerate every output idlconv.yaml lists",
		Long: `Regenerate every output that the project file lists.

The project file is idlconv.yaml in the current folder or the nearest one
above it, or --config FILE. Its conversions run in parallel; when any has
an error nothing is written. Otherwise every output that is missing or
differs is written, all or nothing, and the others are left untouched.

--check writes nothing and exits 1 when an output is missing or stale
(--diff prints a unified diff of each), 0 when all are current.
--exit-code writes them, and exits 1 when it wrote any (as formatters do
in pre-commit hooks).`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			fl.errorFormat = *errorFormat
			// SIGINT and SIGTERM end the sync at any stage with nothing
			// changed (see interruptible).
			return interruptible(cmd.Context(), stderr, func(ctx context.Context) error {
				return runSync(ctx, reg, fl, stdout, stderr)
			})
		},
	}
	f := cmd.Flags()
	f.StringVar(&fl.config, "config", "", "the project file (default: "+project.FileName+" here or in a folder above)")
	f.BoolVar(&fl.check, "check", false, "write nothing; exit 1 when an output is missing or stale (with --diff, print how)")
	f.BoolVar(&fl.diff, "diff", false, "write nothing; print a unified diff of each output that is missing or stale")
	f.BoolVar(&fl.exitCode, "exit-code", false, "exit 1 when a file was written (for pre-commit: stage it and commit again)")
	return cmd
}

func runSync(ctx context.Context, reg *convert.Registry, fl syncFlags, stdout, stderr io.Writer) error {
	if ctx == nil {
		ctx = context.Background()
	}
	path := fl.config
	if path == "" {
		var err error
		if path, err = project.Find("."); err != nil {
			return usagef("%v", err)
		}
		if wd, err := os.Getwd(); err == nil {
			if rel, err := filepath.Rel(wd, path); err == nil {
				path = rel
			}
		}
	}
	cfg, err := project.Load(path, reg)
	if err != nil {
		var pe *project.Error
		if errors.As(err, &pe) {
			return printConfigError(stderr, pe, fl.errorFormat, false)
		}
		return err
	}
	res, err := project.Sync(ctx, reg, cfg, project.SyncOptions{Check: fl.check || fl.diff, BeforeConvert: func(inputs []convert.Input) {
		if applyMemoryLimit {
			memlimit.Apply(inputsSize(inputs))
		}
	}})
	if err != nil {
		return err
	}
	for _, n := range res.Notes {
		fmt.Fprintln(stderr, n)
	}
	if err := printDiagnostics(stderr, res.Diagnostics, fl.errorFormat); err != nil {
		return err
	}
	if res.Diagnostics.HasErrors() {
		fmt.Fprintln(stderr, "idlconv: nothing was written")
		return errInput
	}
	if fl.check || fl.diff {
		var changes []outtree.Change
		for _, c := range res.Changed {
			changes = append(changes, outtree.Change{File: &outtree.File{Dest: c.Path, Source: c.Source, Content: c.New}, Old: c.Old})
		}
		err := reportChanges(changes, fl.diff, stdout, stderr)
		if errors.Is(err, errStale) && !fl.check {
			return nil // --diff alone only shows
		}
		return err
	}
	for _, c := range res.Changed {
		fmt.Fprintf(stderr, "idlconv: wrote %s\n", filepath.ToSlash(c.Path))
	}
	if fl.exitCode && len(res.Changed) > 0 {
		fmt.Fprintln(stderr, "idlconv: files were written: stage them and commit again")
		return errStale
	}
	return nil
}
