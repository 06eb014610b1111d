package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/spf13/cobra"
	"go.yaml.in/yaml/v3"

	"github.com/idlconv/idlconv/convert"
	"github.com/idlconv/idlconv/internal/memlimit"
	"github.com/idlconv/idlconv/internal/outtree"
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

// convertFlags are the flags of `idlconv convert`.
type convertFlags struct {
	to, from, out string
	includes      []string
	strict        bool
	protoSyntax   string
	pkg           string
	oneof         string
	draft         string
	refMap        []string
	packageMap    []string
	goPrefix      string
	config        string
	errorFormat   string
	check, diff   bool
	rules         []string
}

// fileConfig is the --config file: settings that are long to type, such
// as the ref map, with the keys of a conversion in idlconv.yaml, as YAML
// or JSON. Relative folders are relative to the file.
type fileConfig struct {
	// RefMap maps remote $ref URL prefixes to local folders.
	RefMap map[string]string `yaml:"ref_map"`
	// PackageMap maps source packages to output packages, like
	// --package-map.
	PackageMap map[string]string `yaml:"package_map"`
	// GoPackagePrefix is like --go-package-prefix.
	GoPackagePrefix string `yaml:"go_package_prefix"`
	// Include lists import roots, like -I.
	Include []string `yaml:"include"`
}

func newConvertCommand(reg *convert.Registry, stdin io.Reader, stdout, stderr io.Writer, errorFormat *string) *cobra.Command {
	var fl convertFlags
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

Warnings go to standard error as file:line:col: message [rule-id], then a
summary line (--error-format json: one JSON object a line; github: GitHub
Actions annotations); --strict turns them into errors. Nothing is written
when there is an error.`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			fl.errorFormat = *errorFormat
			return runConvert(cmd.Context(), reg, fl, args, stdin, stdout, stderr)
		},
	}
	f := cmd.Flags()
	f.StringVar(&fl.to, "to", "", "output format: "+reg.Names())
	f.StringVar(&fl.from, "from", "", "input format (default: from the file extension)")
	f.StringVarP(&fl.out, "output", "o", "", "output file, or output folder for several inputs")
	f.StringArrayVarP(&fl.includes, "include", "I", nil, "import root, searched for includes (repeatable)")
	f.BoolVar(&fl.strict, "strict", false, "treat warnings as errors")
	f.StringVar(&fl.protoSyntax, "proto-syntax", "proto3", "proto output syntax: proto3, proto2 or editions (edition 2023)")
	f.StringVar(&fl.pkg, "package", "", "package of the output files (default: from the input's namespaces)")
	f.StringVar(&fl.oneof, "oneof", "annotation", "how proto oneofs become Thrift: annotation (optional fields marked proto.oneof) or union")
	f.StringVar(&fl.draft, "jsonschema-draft", "2020-12", "JSON Schema output draft: 2020-12 or 7")
	f.StringArrayVar(&fl.refMap, "ref-map", nil, "resolve remote JSON Schema $refs under PREFIX from local folder DIR: PREFIX=DIR (repeatable)")
	f.StringArrayVar(&fl.packageMap, "package-map", nil, "output package TO for the source package FROM and those under it: FROM=TO (repeatable; --package wins)")
	f.StringVar(&fl.goPrefix, "go-package-prefix", "", "Go import path prefix that Thrift's namespace go leaves out (thrift --gen go:package_prefix=...), e.g. github.com/acme/gen/")
	f.StringVar(&fl.config, "config", "", `YAML or JSON file with the settings of an idlconv.yaml conversion: ref_map, package_map, go_package_prefix, include`)
	f.StringArrayVar(&fl.rules, "rule", nil, "what a rule's warnings become: RULE-ID=off|warning|error (repeatable; see idlconv rules)")
	f.BoolVar(&fl.check, "check", false, "write nothing; exit 1 when an output under -o is missing or differs (with --diff, print how)")
	f.BoolVar(&fl.diff, "diff", false, "write nothing; print a unified diff of each output under -o that is missing or differs")
	_ = cmd.MarkFlagRequired("to")
	// Shell completion: format names for --to/--from, schema files (by
	// extension) and folders for the arguments.
	formats := func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
		var names []string
		for _, f := range reg.Formats() {
			names = append(names, string(f.Name)+"\t"+f.Title)
		}
		return names, cobra.ShellCompDirectiveNoFileComp
	}
	_ = cmd.RegisterFlagCompletionFunc("to", formats)
	_ = cmd.RegisterFlagCompletionFunc("from", formats)
	cmd.ValidArgsFunction = func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
		var exts []string
		for _, f := range reg.Formats() {
			for _, e := range f.Extensions {
				exts = append(exts, strings.TrimPrefix(e, "."))
			}
		}
		return exts, cobra.ShellCompDirectiveFilterFileExt
	}
	return cmd
}

func runConvert(ctx context.Context, reg *convert.Registry, fl convertFlags, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	if ctx == nil {
		ctx = context.Background()
	}
	to, err := reg.ParseFormat(fl.to)
	if err != nil {
		return usagef("--to: %v", err)
	}
	opts := convert.Options{To: to, IncludeDirs: fl.includes, Strict: fl.strict, ProtoSyntax: fl.protoSyntax, Package: fl.pkg,
		Oneof: convert.OneofStyle(fl.oneof)}
	if opts.Oneof != convert.OneofAnnotation && opts.Oneof != convert.OneofUnion {
		return usagef("--oneof must be annotation or union, not %q", fl.oneof)
	}
	opts.JSONSchemaDraft = fl.draft
	if fl.config != "" {
		cfg, err := readConfig(fl.config)
		if err != nil {
			return usagef("--config: %v", err)
		}
		dir := filepath.Dir(fl.config)
		var prefixes []string
		for p := range cfg.RefMap {
			prefixes = append(prefixes, p)
		}
		sort.Strings(prefixes)
		for _, p := range prefixes {
			opts.RefMap = append(opts.RefMap, convert.RefMapping{Prefix: p, Dir: relTo(dir, cfg.RefMap[p])})
		}
		for _, inc := range cfg.Include {
			opts.IncludeDirs = append(opts.IncludeDirs, relTo(dir, inc))
		}
		var froms []string
		for from := range cfg.PackageMap {
			froms = append(froms, from)
		}
		sort.Strings(froms)
		for _, from := range froms {
			opts.PackageMap = append(opts.PackageMap, convert.PackageMapping{From: from, To: cfg.PackageMap[from]})
		}
		opts.GoPackagePrefix = cfg.GoPackagePrefix
	}
	packageMap, err := pairs("--package-map", "FROM=TO", fl.packageMap)
	if err != nil {
		return err
	}
	for _, p := range packageMap {
		opts.PackageMap = append(opts.PackageMap, convert.PackageMapping{From: p[0], To: p[1]})
	}
	if fl.goPrefix != "" {
		opts.GoPackagePrefix = fl.goPrefix
	}
	refMap, err := pairs("--ref-map", "PREFIX=DIR", fl.refMap)
	if err != nil {
		return err
	}
	for _, p := range refMap {
		opts.RefMap = append(opts.RefMap, convert.RefMapping{Prefix: p[0], Dir: p[1]})
	}
	ruleLevels, err := pairs("--rule", "RULE-ID=LEVEL", fl.rules)
	if err != nil {
		return err
	}
	for _, p := range ruleLevels {
		l, err := reg.ParseRuleLevel(p[0], p[1])
		if err != nil {
			return usagef("--rule %s=%s: %v", p[0], p[1], err)
		}
		opts.SetRuleLevel(p[0], l)
	}
	if fl.from != "" {
		if opts.From, err = reg.ParseFormat(fl.from); err != nil {
			return usagef("--from: %v", err)
		}
	}
	if fl.protoSyntax != "proto2" && fl.protoSyntax != "proto3" && fl.protoSyntax != "editions" {
		return usagef("--proto-syntax must be proto2, proto3 or editions, not %q", fl.protoSyntax)
	}
	inputs, multi, notes, err := collectInputs(reg, args, opts, stdin)
	if err != nil {
		return err
	}
	for _, n := range notes {
		fmt.Fprintln(stderr, n)
	}
	if fl.out == "-" {
		// -o - is standard output.
		fl.out = ""
	}
	if multi && fl.out == "" {
		return usagef("several inputs need -o DIR for the outputs")
	}
	if multi && filepath.Ext(fl.out) != "" && !outtree.IsDir(fl.out) && !strings.HasSuffix(fl.out, "/") && !strings.HasSuffix(fl.out, string(filepath.Separator)) {
		return usagef("-o %s names a file, but there are several inputs: give a folder (an existing one, or a name ending in /)", fl.out)
	}
	if applyMemoryLimit {
		memlimit.Apply(inputsSize(inputs))
	}
	res, err := reg.Convert(ctx, inputs, opts)
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
		err := checkOutputs(res.Files, inputs, fl.out, multi, fl.diff, stdout, stderr)
		if errors.Is(err, errStale) && !fl.check {
			return nil // --diff alone only shows
		}
		return err
	}
	return writeOutputs(ctx, res.Files, inputs, fl.out, multi, stdout)
}

// pairs reads the values of a repeatable KEY=VALUE flag; shape names
// them in the usage error.
func pairs(flag, shape string, values []string) ([][2]string, error) {
	var out [][2]string
	for _, v := range values {
		key, value, ok := strings.Cut(v, "=")
		if !ok || key == "" || value == "" {
			return nil, usagef("%s wants %s, not %q", flag, shape, v)
		}
		out = append(out, [2]string{key, value})
	}
	return out, nil
}

// readConfig reads a --config file.
func readConfig(name string) (*fileConfig, error) {
	b, err := os.ReadFile(name)
	if err != nil {
		return nil, err
	}
	// YAML, of which JSON is a part: the keys are those of a conversion
	// in idlconv.yaml.
	var cfg fileConfig
	dec := yaml.NewDecoder(bytes.NewReader(b))
	dec.KnownFields(true)
	if err := dec.Decode(&cfg); err != nil && !errors.Is(err, io.EOF) {
		return nil, fmt.Errorf("%s: %v", name, strings.TrimPrefix(err.Error(), "yaml: "))
	}
	return &cfg, nil
}

// relTo resolves p against dir unless it is absolute.
func relTo(dir, p string) string {
	if filepath.IsAbs(p) {
		return p
	}
	return filepath.Join(dir, p)
}

// collectInputs expands folders and reads stdin. multi is true when the
// outputs must go to a folder.
func collectInputs(reg *convert.Registry, args []string, opts convert.Options, stdin io.Reader) (inputs []convert.Input, multi bool, notes []string, err error) {
	multi = len(args) > 1
	for _, arg := range args {
		if arg == "-" {
			if opts.From == "" {
				return nil, false, nil, usagef("reading standard input needs --from")
			}
			b, err := io.ReadAll(stdin)
			if err != nil {
				return nil, false, nil, fmt.Errorf("reading standard input: %w", err)
			}
			name := "stdin" + reg.Format(opts.From).Extensions[0]
			inputs = append(inputs, convert.Input{Path: name, Content: b, Name: name})
			continue
		}
		st, err := os.Stat(arg)
		if err != nil {
			return nil, false, nil, usagef("%s: no such file or folder", arg)
		}
		if !st.IsDir() {
			inputs = append(inputs, convert.Input{Path: arg})
			continue
		}
		multi = true
		found, needFrom, err := reg.WalkInputs(arg, opts)
		if err != nil {
			return nil, false, nil, err
		}
		if len(needFrom) > 0 {
			// Files a folder walk reads only with --from (a .json file may
			// be any data): say which --from reads them.
			var what []string
			for _, f := range reg.Formats() {
				if n := needFrom[f.Name]; n > 0 {
					files := "files"
					if n == 1 {
						files = "file"
					}
					what = append(what, fmt.Sprintf("%d %s %s, read only with --from %s", n, strings.Join(f.Extensions, "/"), files, f.Name))
				}
			}
			if len(found) == 0 {
				return nil, false, nil, usagef("%s: no schema files found: %s", arg, strings.Join(what, "; "))
			}
			notes = append(notes, fmt.Sprintf("idlconv: %s: skipped %s", arg, strings.Join(what, "; ")))
		}
		if len(found) == 0 {
			return nil, false, nil, usagef("%s: no schema files found", arg)
		}
		inputs = append(inputs, found...)
	}
	return inputs, multi, notes, nil
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
