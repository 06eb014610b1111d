package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/idlconv/idlconv/conversion"
	"github.com/idlconv/idlconv/convert"
	"github.com/idlconv/idlconv/internal/memlimit"
	"github.com/idlconv/idlconv/project"
	"github.com/idlconv/idlconv/schema"
)

// Exit codes.
const (
	exitOK    = 0
	exitError = 1
	exitUsage = 2
)

// usageError is a mistake in the command line, reported with exit code 2.
type usageError struct{ msg string }

func (e *usageError) Error() string { return e.msg }

func usagef(format string, args ...any) error { return &usageError{fmt.Sprintf(format, args...)} }

// inputError means the inputs had errors, already printed as diagnostics.
var errInput = errors.New("conversion failed")

// errUsagePrinted is a usage mistake already printed (a diagnostic of a
// --config file): exit code 2, no further message.
var errUsagePrinted = errors.New("usage error printed")

// errStale reports, with exit code 1 and no further message, outputs that
// --check or --diff found to differ from the files they would replace.
var errStale = errors.New("outputs are not current")

// Main runs idlconv with args and returns its exit code. It is main
// without the process: tests call it in-process.
func Main(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	return MainWith(convert.Builtin(), args, stdin, stdout, stderr)
}

// MainWith is Main with the formats and directions of reg: tests run the
// command with formats of their own.
func MainWith(reg *convert.Registry, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	root := newRootCommand(reg, stdin, stdout, stderr)
	root.SetArgs(args)
	root.SetIn(stdin)
	root.SetOut(stdout)
	root.SetErr(stderr)
	err := root.Execute()
	var ue *usageError
	switch {
	case err == nil:
		return exitOK
	case errors.Is(err, errInput), errors.Is(err, errStale):
		return exitError
	case errors.Is(err, errUsagePrinted):
		return exitUsage
	case errors.As(err, &ue):
		fmt.Fprintf(stderr, "idlconv: %s\n", err)
		return exitUsage
	case isCobraUsage(err):
		fmt.Fprintf(stderr, "idlconv: %s\nRun 'idlconv --help' for usage.\n", err)
		return exitUsage
	}
	fmt.Fprintf(stderr, "idlconv: %s\n", err)
	return exitError
}

// isCobraUsage tells flag and argument errors from cobra apart from ours.
func isCobraUsage(err error) bool {
	msg := err.Error()
	for _, p := range []string{"unknown flag", "unknown shorthand", "flag needs an argument", "invalid argument", "unknown command", "accepts ", "requires at least", "required flag"} {
		if strings.Contains(msg, p) {
			return true
		}
	}
	return false
}

func newRootCommand(reg *convert.Registry, stdin io.Reader, stdout, stderr io.Writer) *cobra.Command {
	root := &cobra.Command{
		Use:           "idlconv",
		Short:         "Convert schemas between Thrift IDL, Protocol Buffers and JSON Schema",
		Version:       version(),
		SilenceUsage:  true,
		SilenceErrors: true,
	}
	root.SetVersionTemplate("idlconv {{.Version}}\n")
	var errorFormat string
	root.PersistentFlags().StringVar(&errorFormat, "error-format", errorFormatText, "how diagnostics are printed: "+strings.Join(errorFormats, ", "))
	root.PersistentPreRunE = func(cmd *cobra.Command, args []string) error { return checkErrorFormat(errorFormat) }
	root.AddCommand(newConvertCommand(reg, stdin, stdout, stderr, &errorFormat), newSyncCommand(reg, stdout, stderr, &errorFormat),
		newCheckCommand(reg, stdin, stderr, &errorFormat),
		newRulesCommand(reg, stdout), newVersionCommand(stdout))
	return root
}

// convertFlags are the flags of `idlconv convert` that are not keys of
// a conversion: those are read through the key table (package
// conversion), in keyFlags.
type convertFlags struct {
	config      string
	errorFormat string
	check, diff bool
}

// keyFlags registers a flag for every key of the conversion key table
// that has one, and reads them back.
type keyFlags struct {
	// keys are the keys registered, in the table's order.
	keys  []*conversion.Key
	texts map[string]*string
	bools map[string]*bool
	lists map[string]*[]string
}

// register adds the keys' flags to f, with their help and defaults:
// those of the keys named only, when any is.
func (kf *keyFlags) register(f *pflag.FlagSet, reg *convert.Registry, only ...string) {
	kf.texts, kf.bools, kf.lists = map[string]*string{}, map[string]*bool{}, map[string]*[]string{}
	for _, k := range conversion.Keys() {
		if k.Flag == "" || len(only) > 0 && !slices.Contains(only, k.Name) {
			continue
		}
		kf.keys = append(kf.keys, k)
		help := k.FlagHelp(reg.Names())
		switch k.Kind {
		case conversion.Text:
			kf.texts[k.Name] = f.StringP(k.Flag, k.Short, k.Default, help)
		case conversion.Bool:
			kf.bools[k.Name] = f.BoolP(k.Flag, k.Short, k.Default == "true", help)
		case conversion.List, conversion.Pairs:
			kf.lists[k.Name] = f.StringArrayP(k.Flag, k.Short, nil, help)
		}
	}
}

// apply sets on s, in the table's order, every key whose flag was given.
func (kf *keyFlags) apply(f *pflag.FlagSet, reg *convert.Registry, s *conversion.Spec) error {
	for _, k := range kf.keys {
		if !f.Changed(k.Flag) {
			continue
		}
		var texts []string
		switch k.Kind {
		case conversion.Text:
			texts = []string{*kf.texts[k.Name]}
		case conversion.Bool:
			texts = []string{fmt.Sprint(*kf.bools[k.Name])}
		default:
			texts = *kf.lists[k.Name]
		}
		if err := s.SetText(k, texts, reg); err != nil {
			var pe *conversion.PairError
			if errors.As(err, &pe) {
				return usagef("--%s %s: %v", k.Flag, texts[pe.Index], pe.Err)
			}
			return usagef("--%s: %v", k.Flag, err)
		}
	}
	return nil
}

// given says what the flags gave, for a --config file read after them,
// which then leaves it: a one-value key given as a flag, or an entry of
// a pairs key whose name a flag gives. The file's list values come after
// the flags' (an include root of -I is searched first).
func (kf *keyFlags) given(f *pflag.FlagSet) func(k *conversion.Key, entry string) bool {
	return func(k *conversion.Key, entry string) bool {
		if !slices.ContainsFunc(kf.keys, func(r *conversion.Key) bool { return r.Name == k.Name }) || !f.Changed(k.Flag) {
			return false
		}
		switch k.Kind {
		case conversion.Text, conversion.Bool:
			return true
		case conversion.Pairs:
			for _, t := range *kf.lists[k.Name] {
				if name, _, _ := strings.Cut(t, "="); name == entry {
					return true
				}
			}
		}
		return false
	}
}

// convertCommand is `idlconv convert`: its flags, and how they make the
// conversion it runs.
type convertCommand struct {
	reg *convert.Registry
	fl  convertFlags
	kf  keyFlags
}

// spec makes the conversion of the command line: the keys' defaults,
// then the flags given, then the keys of the --config file that the
// flags leave (see keyFlags.given), and the arguments as the sources. A
// mistake in the --config file is a *project.Error.
func (cc *convertCommand) spec(flags *pflag.FlagSet, args []string) (*conversion.Spec, error) {
	spec := conversion.New(cc.reg)
	spec.Sources, spec.FromCommandLine = args, true
	if err := cc.kf.apply(flags, cc.reg, spec); err != nil {
		return nil, err
	}
	if cc.fl.config != "" {
		if err := project.LoadSettings(cc.fl.config, cc.reg, spec, cc.kf.given(flags)); err != nil {
			var pe *project.Error
			if errors.As(err, &pe) {
				return nil, err
			}
			return nil, usagef("--config: %v", err)
		}
	}
	return spec, nil
}

func newConvertCommand(reg *convert.Registry, stdin io.Reader, stdout, stderr io.Writer, errorFormat *string) *cobra.Command {
	cmd, _ := newConvertCommandOf(reg, stdin, stdout, stderr, errorFormat)
	return cmd
}

// newConvertCommandOf is newConvertCommand, with the command's state for
// tests.
func newConvertCommandOf(reg *convert.Registry, stdin io.Reader, stdout, stderr io.Writer, errorFormat *string) (*cobra.Command, *convertCommand) {
	cc := &convertCommand{reg: reg}
	fl, kf := &cc.fl, &cc.kf
	cmd := &cobra.Command{
		Use:   "convert FILE|DIR... --to FORMAT",
		Short: "Convert schema files to another IDL",
		Long: `Convert schema files to another IDL.

The input format comes from --from or each file's extension (` + extensionList(reg) + `).
"-" reads standard input (name its format with --from).
With one input file and no -o, the output goes to standard output. With
several files or a folder, -o DIR receives one output per input, mirroring
the input tree: an input under an -I root keeps its path relative to that
root, so the imports between outputs resolve.

--config FILE reads the keys of an idlconv.yaml conversion (all but name
and sources) from a YAML or JSON file; flags given as well add to its
lists and replace its other values.

Warnings go to standard error as file:line:col: message [rule-id], then a
summary line (--error-format json: one JSON object a line; github: GitHub
Actions annotations); --strict turns them into errors. Nothing is written
when there is an error.`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			fl.errorFormat = *errorFormat
			// SIGINT and SIGTERM end the conversion at any stage with
			// nothing changed (see interruptible).
			return interruptible(cmd.Context(), stderr, func(ctx context.Context) error {
				spec, err := cc.spec(cmd.Flags(), args)
				var pe *project.Error
				if errors.As(err, &pe) {
					return printConfigError(stderr, pe, fl.errorFormat, true)
				}
				if err != nil {
					return err
				}
				return runConvert(ctx, reg, *fl, spec, stdin, stdout, stderr)
			})
		},
	}
	f := cmd.Flags()
	kf.register(f, reg)
	f.StringVar(&fl.config, "config", "", "YAML or JSON file with the keys of an idlconv.yaml conversion (all but name and sources)")
	f.BoolVar(&fl.check, "check", false, "write nothing; exit 1 when an output under -o is missing or differs (with --diff, print how)")
	f.BoolVar(&fl.diff, "diff", false, "write nothing; print a unified diff of each output under -o that is missing or differs")
	// Shell completion: format names for the keys that take one, fixed
	// values for the others, schema files (by extension) and folders for
	// the arguments.
	formats := func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
		var names []string
		for _, f := range reg.Formats() {
			names = append(names, string(f.Name)+"\t"+f.Title)
		}
		return names, cobra.ShellCompDirectiveNoFileComp
	}
	for _, k := range conversion.Keys() {
		switch {
		case k.Flag == "":
		case k.Formats:
			_ = cmd.RegisterFlagCompletionFunc(k.Flag, formats)
		case k.Values != nil:
			values := k.Values
			_ = cmd.RegisterFlagCompletionFunc(k.Flag, func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
				return values, cobra.ShellCompDirectiveNoFileComp
			})
		}
	}
	cmd.ValidArgsFunction = func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
		var exts []string
		for _, f := range reg.Formats() {
			for _, e := range f.Extensions {
				exts = append(exts, strings.TrimPrefix(e, "."))
			}
		}
		return exts, cobra.ShellCompDirectiveFilterFileExt
	}
	return cmd, cc
}

// printConfigError reports a mistake in a project or --config file as
// an invalid-config error at its line and column; the command then exits
// with code 1 (a project file) or 2 (--config, a part of the command
// line: usage).
func printConfigError(stderr io.Writer, pe *project.Error, format string, usage bool) error {
	if err := printDiagnostics(stderr, schema.Diagnostics{schema.RuleInvalidConfig.Diagnostic(pe.Pos, "%s", pe.Msg)}, format); err != nil {
		return err
	}
	if usage {
		return errUsagePrinted
	}
	return errInput
}

// runConvert runs one conversion through the path sync runs each of
// its own (conversion.Spec.Prepare, then Expansion.Convert, then
// internal/outtree), but without an ID lock, and writes, checks or
// prints its outputs.
func runConvert(ctx context.Context, reg *convert.Registry, fl convertFlags, spec *conversion.Spec, stdin io.Reader, stdout, stderr io.Writer) error {
	if ctx == nil {
		ctx = context.Background()
	}
	if spec.Options.To == "" {
		// Worded as cobra words a required flag, with its hint.
		return errors.New(`required flag(s) "to" not set`)
	}
	out := spec.Output // "" for standard output
	inputs, err := spec.Prepare(reg, stdin)
	if err != nil {
		var se *conversion.SourceError
		if errors.As(err, &se) {
			return usagef("%v", se)
		}
		return err
	}
	for _, n := range inputs.Notes {
		fmt.Fprintln(stderr, n)
	}
	multi := inputs.Multi
	if applyMemoryLimit {
		memlimit.Apply(inputsSize(inputs.Inputs))
	}
	res, err := inputs.Convert(ctx, reg, spec.Options)
	if err != nil {
		return usagef("%v", err)
	}
	if err := printDiagnostics(stderr, res.Diagnostics, fl.errorFormat); err != nil {
		return err
	}
	if res.Diagnostics.HasErrors() {
		return errInput
	}
	if fl.check || fl.diff {
		err := checkOutputs(res.Files, inputs.Inputs, out, multi, fl.diff, stdout, stderr)
		if errors.Is(err, errStale) && !fl.check {
			return nil // --diff alone only shows
		}
		return err
	}
	return writeOutputs(ctx, res.Files, inputs.Inputs, out, multi, stdout)
}

// extensionList names the registered extensions: ".thrift, .proto, .json".
func extensionList(reg *convert.Registry) string {
	var exts []string
	for _, f := range reg.Formats() {
		exts = append(exts, f.Extensions...)
	}
	return strings.Join(exts, ", ")
}

// applyMemoryLimit is set by main only: the idlconv binary gives the
// garbage collector a soft limit in proportion to its inputs (package
// memlimit); Main called in a test's process leaves that process alone.
var applyMemoryLimit bool

// inputsSize is the total size of the inputs (those that cannot be
// read count nothing: the conversion reports them).
func inputsSize(inputs []convert.Input) int64 {
	var n int64
	for _, in := range inputs {
		if in.Content != nil {
			n += int64(len(in.Content))
		} else if st, err := os.Stat(in.Path); err == nil {
			n += st.Size()
		}
	}
	return n
}
