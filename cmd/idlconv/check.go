package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"runtime/debug"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/idlconv/idlconv/breaking"
	"github.com/idlconv/idlconv/conversion"
	"github.com/idlconv/idlconv/convert"
	"github.com/idlconv/idlconv/internal/memlimit"
	"github.com/idlconv/idlconv/schema"
)

// checkFlags are the flags of `idlconv check`.
type checkFlags struct {
	from, fromOld string
	errorFormat   string
	// keys are the flags of the conversion keys that say how to read a
	// version: include and ref_map.
	keys keyFlags
}

func newCheckCommand(reg *convert.Registry, stdin io.Reader, stderr io.Writer, errorFormat *string) *cobra.Command {
	var fl checkFlags
	cmd := &cobra.Command{
		Use:   "check OLD NEW",
		Short: "Report the changes from OLD to NEW that break readers",
		Long: `Report the changes from the old version of a schema to the new one that
break its readers: a field's ID changed or given to another field, a
field's type changed incompatibly, a field made required, a field removed
without reserving its ID, an enum value removed or renumbered, a type
removed. Types are matched by name, fields by ID.

OLD and NEW are files (or folders) in one IDL, or in two (a .thrift and the
.proto kept beside it, compared as idlconv maps one to the other). "-"
reads one of them from standard input, for example a previous version:

  git show HEAD~1:idl/orders.proto | idlconv check - idl/orders.proto --from proto

Each breaking change is an error at the new version's place, naming the
old one's; the exit code is 1 when there is any, 0 when there is none.`,
		Args: cobra.ExactArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			fl.errorFormat = *errorFormat
			return runCheck(cmd.Context(), reg, fl, cmd.Flags(), args[0], args[1], stdin, stderr)
		},
	}
	f := cmd.Flags()
	f.StringVar(&fl.from, "from", "", "format of NEW, and of OLD unless --from-old (default: from the file extension)")
	f.StringVar(&fl.fromOld, "from-old", "", "format of OLD when it differs from NEW's")
	fl.keys.register(f, reg, "include", "ref_map")
	return cmd
}

func runCheck(ctx context.Context, reg *convert.Registry, fl checkFlags, flags *pflag.FlagSet, oldArg, newArg string, stdin io.Reader, stderr io.Writer) error {
	if ctx == nil {
		ctx = context.Background()
	}
	if oldArg == "-" && newArg == "-" {
		return usagef("only one of OLD and NEW can be standard input")
	}
	// version is one version's inputs and how to read them.
	type version struct {
		inputs []convert.Input
		opts   convert.Options
	}
	// expand finds the inputs of one version.
	expand := func(arg, from string) (version, error) {
		spec := &conversion.Spec{Sources: []string{arg}, FromCommandLine: true}
		if err := fl.keys.apply(flags, reg, spec); err != nil {
			return version{}, err
		}
		if from != "" {
			if err := spec.SetText(conversion.KeyNamed("from"), []string{from}, reg); err != nil {
				return version{}, usagef("--from: %v", err)
			}
		}
		found, err := spec.Inputs(reg, stdin)
		if err != nil {
			var se *conversion.SourceError
			if errors.As(err, &se) {
				return version{}, usagef("%v", se)
			}
			return version{}, err
		}
		return version{inputs: found.Inputs, opts: spec.Options}, nil
	}
	// load returns the files of one version and how many of them are
	// the inputs' (the first ones; the others are included).
	load := func(v version) ([]*schema.File, int, schema.Diagnostics, error) {
		files, diags, err := reg.Load(ctx, v.inputs, v.opts)
		if err != nil {
			return nil, 0, nil, usagef("%v", err)
		}
		return files, min(len(v.inputs), len(files)), diags, nil
	}
	fromOld := fl.fromOld
	if fromOld == "" {
		fromOld = fl.from
	}
	oldVersion, err := expand(oldArg, fromOld)
	if err != nil {
		return err
	}
	newVersion, err := expand(newArg, fl.from)
	if err != nil {
		return err
	}
	// Both versions' models are live at once, and no output: the
	// memory policy of a conversion of both (docs/robustness.md).
	memlimit.Apply(inputsSize(oldVersion.inputs) + inputsSize(newVersion.inputs))
	oldFiles, oldRoots, oldDiags, err := load(oldVersion)
	if err != nil {
		return err
	}
	// What reading the old version left is garbage: returned before the
	// new one is read, it is not counted twice (one collection).
	debug.FreeOSMemory()
	newFiles, _, newDiags, err := load(newVersion)
	if err != nil {
		return err
	}
	// Only errors of reading: the warnings of a front-end are about
	// converting, which check does not do.
	var diags schema.Diagnostics
	for _, d := range append(oldDiags, newDiags...) {
		if d.Severity == schema.Error {
			diags = append(diags, d)
		}
	}
	if len(diags) == 0 {
		if err := breaking.Comparable(oldFiles, newFiles); err != nil {
			return usagef("%v", err)
		}
		// The types of OLD's own files are checked (an included file's
		// are checked when it is given); NEW's are looked up in all.
		diags = breaking.Check(oldFiles[:oldRoots], newFiles)
	}
	if err := printDiagnostics(stderr, diags, fl.errorFormat); err != nil {
		return err
	}
	if diags.HasErrors() {
		return errInput
	}
	fmt.Fprintln(stderr, "idlconv: no breaking change")
	return nil
}
