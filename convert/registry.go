package convert

import (
	"context"
	"fmt"
	"io/fs"
	"maps"
	"path"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"sync/atomic"

	"github.com/idlconv/idlconv/internal/parallel"
	"github.com/idlconv/idlconv/schema"
)

// Format is one IDL that idlconv reads, writes or both: its names, its
// file extensions, its front-end and its printer. A Format is registered
// once in a [Registry]; everything that lists formats (Convert, the CLI's
// flags and help, format inference, the golden tests) reads it from there.
// Convert calls its functions from several goroutines at once (groups of
// inputs, outputs printed side by side): they must be safe for concurrent
// use.
type Format struct {
	// Name is the format's name as --from and --to take it, and the
	// value of schema.File.Format for its files.
	Name schema.Format
	// Title is the name people use for the format, for help texts.
	Title string
	// Aliases are further names users may type for the format.
	Aliases []string
	// Extensions are the file name extensions of the format, lowercase
	// with the dot; the first one names outputs.
	Extensions []string
	// WalkNeedsFrom means that a folder walk picks up files of this format
	// only when --from names it (".json" is used by many files that are
	// not schemas).
	WalkNeedsFrom bool
	// Load is the front-end: it reads the request's inputs and every
	// file they include, and decodes them into the model with their
	// meaning settled by the format's own rules. It returns the inputs
	// first, in order, then the included files. Nil for a format that is
	// only written.
	Load func(req *Request) ([]*schema.File, schema.Diagnostics)
	// Print is the back-end: it prints a document that a direction into
	// this format built, with header as its first comment. Nil for a
	// format that is only read.
	Print func(doc any, header string) ([]byte, error)
	// OutputPath, when set, names outputs instead of the default of
	// [Format.OutputName].
	OutputPath func(name string) string
	// Headers, when set, reads what the inputs include without decoding
	// them: the inputs and every file they reach, each with the files its
	// includes find and its namespaces, the inputs first and in order.
	// false means what they include is not known for sure. With a
	// direction's GroupKey, it lets Convert convert groups of inputs that
	// share nothing apart, on every core (see [Direction.GroupKey]).
	Headers func(req *Request) ([]FileHeader, bool)
	// Rules are the rules the front-end reports.
	Rules []schema.Rule
}

// OutputName names the output in format f of a source file whose logical
// name is name: by default its extension replaced by f's first one. A
// direction that writes imports names the files it imports this way, so
// that its outputs import each other.
func (f *Format) OutputName(name string) string {
	if f.OutputPath != nil {
		return f.OutputPath(name)
	}
	return strings.TrimSuffix(name, path.Ext(name)) + f.Extensions[0]
}

// Direction holds the mapping rules from one format to another.
type Direction struct {
	From, To schema.Format
	// Map applies the direction's rules to a loaded model and returns one
	// document per input, for the target format's printer. It reports
	// every loss to job.Diags.
	Map func(job *Job) []Output
	// GroupKey, when set, says that Map maps each input with the files it
	// includes and nothing else, except that the files whose keys are one
	// non-empty string are mapped together (the files of one proto
	// package, whose names the mapping keeps apart). Convert then splits
	// inputs that share no included file and no key into groups that it
	// converts apart, a group a core at a time, each group's model dropped
	// once its outputs are printed, to the same outputs and diagnostics as
	// converting them together (where a group has an error, the inputs
	// convert again as one). Map is then called from several goroutines at
	// once, and must return one output per input, in the inputs' order.
	// f holds only Path and Namespaces, read by the source format's
	// Headers.
	GroupKey func(f *schema.File, opts Options) string
	// Rules are the rules Map reports.
	Rules []schema.Rule
}

// Job is what a direction's rules work on: the loaded model, the
// options, and where to report.
type Job struct {
	// Files are the loaded files: the inputs first, then the files they
	// include.
	Files []*schema.File
	// Inputs is how many of Files are inputs, each of which gets an
	// output.
	Inputs  int
	Options Options
	Diags   *schema.Diagnostics
	// Target is the format written; its OutputName names the outputs.
	Target *Format
}

// Roots returns the files that get an output.
func (j *Job) Roots() []*schema.File { return j.Files[:j.Inputs] }

// Output is one document that a direction built for one input.
type Output struct {
	// Source is the input file the document was generated from.
	Source *schema.File
	// Path is the output's path relative to the output folder; empty
	// means Target.OutputName(Source.Path).
	Path string
	// Doc is what the target format's Print takes.
	Doc any
}

// Registry holds the formats and directions a conversion can use. The
// zero value is empty; [Builtin] returns one with Thrift, proto and JSON
// Schema and the six directions between them. A Registry is not changed
// by converting, so once filled it is safe for concurrent use.
type Registry struct {
	formats    []*Format
	directions map[[2]schema.Format]*Direction
	// order holds the directions in the order they were registered, in
	// which a rule's directions are listed.
	order []*Direction
}

// AddFormat registers a format. Its name, aliases and extensions must be
// new to the registry.
func (r *Registry) AddFormat(f Format) error {
	if f.Name == "" || len(f.Extensions) == 0 {
		return fmt.Errorf("format %q needs a name and at least one extension", f.Name)
	}
	if f.Load == nil && f.Print == nil {
		return fmt.Errorf("format %s has neither a front-end nor a printer", f.Name)
	}
	for _, name := range append([]string{string(f.Name)}, f.Aliases...) {
		if g := r.lookup(name); g != nil {
			return fmt.Errorf("format name %q is already taken by %s", name, g.Name)
		}
	}
	for _, ext := range f.Extensions {
		if ext != strings.ToLower(ext) || !strings.HasPrefix(ext, ".") {
			return fmt.Errorf("format %s: extension %q must be lowercase and start with a dot", f.Name, ext)
		}
		if g := r.byExtension(ext); g != nil {
			return fmt.Errorf("extension %s is already taken by %s", ext, g.Name)
		}
	}
	r.formats = append(r.formats, &f)
	return nil
}

// AddDirection registers the rules from d.From to d.To; both formats must
// be registered, the source with a front-end and the target with a
// printer.
func (r *Registry) AddDirection(d Direction) error {
	from, to := r.Format(d.From), r.Format(d.To)
	switch {
	case from == nil || from.Load == nil:
		return fmt.Errorf("direction %s → %s: %s is not a registered format with a front-end", d.From, d.To, d.From)
	case to == nil || to.Print == nil:
		return fmt.Errorf("direction %s → %s: %s is not a registered format with a printer", d.From, d.To, d.To)
	case d.Map == nil:
		return fmt.Errorf("direction %s → %s has no rules", d.From, d.To)
	}
	key := [2]schema.Format{d.From, d.To}
	if r.directions == nil {
		r.directions = map[[2]schema.Format]*Direction{}
	}
	if r.directions[key] != nil {
		return fmt.Errorf("direction %s → %s is already registered", d.From, d.To)
	}
	r.directions[key] = &d
	r.order = append(r.order, &d)
	return nil
}

// Format returns the registered format named name, or nil.
func (r *Registry) Format(name schema.Format) *Format {
	for _, f := range r.formats {
		if f.Name == name {
			return f
		}
	}
	return nil
}

// Formats returns every registered format, in registration order.
func (r *Registry) Formats() []*Format { return append([]*Format(nil), r.formats...) }

// Directions returns every registered direction, sorted by source, then
// target.
func (r *Registry) Directions() []*Direction {
	var ds []*Direction
	for _, d := range r.directions {
		ds = append(ds, d)
	}
	sort.Slice(ds, func(i, j int) bool {
		if ds[i].From != ds[j].From {
			return ds[i].From < ds[j].From
		}
		return ds[i].To < ds[j].To
	})
	return ds
}

// Rules returns every rule the registry's formats and directions
// report, with the common rules of package schema, sorted by ID. Each
// rule's Directions say where it applies, from the lists that hold it: a
// format's front-end reports it whenever the format is read ("thrift →
// any"; "any → any" when every format's does), a direction where it maps
// ("thrift → proto"), in the order the directions were registered. A rule
// that no list holds keeps the Directions of its record: the common rules
// that Convert and idlconv sync report. Two different records with one ID
// are an error.
func (r *Registry) Rules() ([]schema.Rule, error) {
	all := schema.CommonRules()
	for _, f := range r.formats {
		all = append(all, f.Rules...)
	}
	for _, d := range r.order {
		all = append(all, d.Rules...)
	}
	byID := map[string]schema.Rule{}
	var out []schema.Rule
	for _, rule := range all {
		if prev, ok := byID[rule.ID]; ok {
			if prev.Severity != rule.Severity || prev.AlsoError != rule.AlsoError || prev.Purpose != rule.Purpose {
				return nil, fmt.Errorf("rule %s has two different records", rule.ID)
			}
			continue
		}
		if dirs := r.directionsOf(rule.ID); len(dirs) > 0 {
			rule.Directions = dirs
		}
		byID[rule.ID] = rule
		out = append(out, rule)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out, nil
}

// directionsOf lists where the rule id applies, as Rules says: "FROM →
// TO" for each direction that lists it, unless the front-end of FROM
// lists it too, then "FROM → any" for each format whose front-end does;
// nil when no list holds it.
func (r *Registry) directionsOf(id string) []string {
	has := func(rules []schema.Rule) bool {
		return slices.ContainsFunc(rules, func(rule schema.Rule) bool { return rule.ID == id })
	}
	read := map[schema.Format]bool{}
	for _, f := range r.formats {
		read[f.Name] = has(f.Rules)
	}
	if len(r.formats) > 0 && !slices.ContainsFunc(r.formats, func(f *Format) bool { return !read[f.Name] }) {
		return []string{"any → any"}
	}
	var out []string
	for _, d := range r.order {
		if has(d.Rules) && !read[d.From] {
			out = append(out, fmt.Sprintf("%s → %s", d.From, d.To))
		}
	}
	for _, f := range r.formats {
		if read[f.Name] {
			out = append(out, fmt.Sprintf("%s → any", f.Name))
		}
	}
	return out
}

// Direction returns the rules from one format to another, or nil.
func (r *Registry) Direction(from, to schema.Format) *Direction {
	return r.directions[[2]schema.Format{from, to}]
}

// Names lists the format names, for help texts: "thrift, proto or
// jsonschema".
func (r *Registry) Names() string {
	var names []string
	for _, f := range r.formats {
		names = append(names, string(f.Name))
	}
	switch len(names) {
	case 0:
		return ""
	case 1:
		return names[0]
	}
	return strings.Join(names[:len(names)-1], ", ") + " or " + names[len(names)-1]
}

func (r *Registry) lookup(name string) *Format {
	name = strings.ToLower(name)
	for _, f := range r.formats {
		if strings.ToLower(string(f.Name)) == name {
			return f
		}
		for _, a := range f.Aliases {
			if strings.ToLower(a) == name {
				return f
			}
		}
	}
	return nil
}

func (r *Registry) byExtension(ext string) *Format {
	for _, f := range r.formats {
		for _, e := range f.Extensions {
			if e == ext {
				return f
			}
		}
	}
	return nil
}

// ParseFormat reads a format name or alias as users write it, in any
// case.
func (r *Registry) ParseFormat(s string) (schema.Format, error) {
	if f := r.lookup(s); f != nil {
		return f.Name, nil
	}
	return "", fmt.Errorf("unknown format %q (want %s)", s, r.Names())
}

// FormatOf infers a format from a file name's extension.
func (r *Registry) FormatOf(name string) (schema.Format, error) {
	if f := r.byExtension(strings.ToLower(path.Ext(name))); f != nil {
		return f.Name, nil
	}
	return "", fmt.Errorf("cannot tell the format of %q from its extension", name)
}

// Load reads the inputs, and the files they include, into the model
// without converting them: what `idlconv check` compares. opts.To is not
// needed; opts.From, IncludeDirs, FS, RefMap and MaxFileSize are read.
// The first files are the inputs', in their order, then the files they
// include. The diagnostics are sorted; the files are nil when there is an
// error.
func (r *Registry) Load(ctx context.Context, inputs []Input, opts Options) ([]*schema.File, schema.Diagnostics, error) {
	from, err := r.prepare(ctx, inputs, &opts)
	if err != nil {
		return nil, nil, err
	}
	files, diags := r.read(ctx, from, inputs, opts)
	diags.Sort()
	if diags.HasErrors() {
		return nil, diags, nil
	}
	return files, diags, nil
}

// prepare checks a request before anything is read and returns the
// inputs' format; opts is normalized.
func (r *Registry) prepare(ctx context.Context, inputs []Input, opts *Options) (schema.Format, error) {
	if err := ctx.Err(); err != nil {
		return "", err
	}
	if len(inputs) == 0 {
		return "", fmt.Errorf("convert: no input files")
	}
	from, err := r.inputFormat(inputs, opts.From)
	if err != nil {
		return "", err
	}
	if err := opts.normalize(); err != nil {
		return "", fmt.Errorf("convert: %w", err)
	}
	return from, nil
}

// read loads the inputs of format from, and the files they include.
func (r *Registry) read(ctx context.Context, from schema.Format, inputs []Input, opts Options) ([]*schema.File, schema.Diagnostics) {
	req := NewRequest(inputs, opts)
	req.ctx = ctx
	return r.Format(from).Load(req)
}

// Convert converts the inputs with the registry's formats and
// directions. See the package-level [Convert].
func (r *Registry) Convert(ctx context.Context, inputs []Input, opts Options) (*Result, error) {
	from, err := r.prepare(ctx, inputs, &opts)
	if err != nil {
		return nil, err
	}
	if err := r.checkRuleLevels(opts.RuleLevels); err != nil {
		return nil, err
	}
	target := r.Format(opts.To)
	if target == nil {
		return nil, fmt.Errorf("convert: unknown output format %q (want %s)", opts.To, r.Names())
	}
	d := r.Direction(from, opts.To)
	if d == nil {
		if from == opts.To {
			return nil, fmt.Errorf("convert: input and output are both %s", from)
		}
		return nil, fmt.Errorf("convert: %s to %s is not supported", from, opts.To)
	}
	// A file given twice is one input: its output is written once, and
	// the files it includes are not taken for inputs.
	inputs = distinctInputs(inputs)
	base := NewRequest(inputs, opts)
	base.ctx = ctx
	groups := r.groups(base, from, d)
	results := r.convertGroups(base, from, d, target, groups)
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if len(groups) > 1 && !cleanGroups(results, groups) {
		// Converted together, an error in one file stops the conversion
		// before any file is mapped, a mapping error before any is
		// printed: groups converted apart would say more. Then the
		// inputs convert again, as one group.
		groups = [][]int{allInputs(len(inputs))}
		results = r.convertGroups(base, from, d, target, groups)
		if err := ctx.Err(); err != nil {
			return nil, err
		}
	}
	res := &Result{}
	var outs []OutputFile
	var printErr error
	for _, g := range results {
		if g.err != nil {
			return nil, g.err
		}
		res.Diagnostics = append(res.Diagnostics, g.diags...)
		if printErr == nil {
			printErr = g.printErr
		}
	}
	if len(groups) == 1 {
		outs = results[0].outs
	} else {
		// One output per input, each group's in its inputs' order.
		byInput := make([]OutputFile, len(inputs))
		for i, g := range results {
			for k, o := range g.outs {
				byInput[groups[i][k]] = o
			}
		}
		outs = byInput
	}
	// Two inputs written to one path would lose one of them.
	written := map[string]string{} // the source of each output path
	for _, o := range outs {
		if prev, dup := written[o.Path]; dup {
			res.Diagnostics.Report(schema.Pos{File: o.Source, Line: 1, Col: 1}, schema.RuleOutputCollision,
				"%s and %s would both be written to %s: name them apart (an -I root keeps their folders)", prev, o.Source, o.Path)
		}
		written[o.Path] = o.Source
	}
	// Where an error was reported nothing is printed, so that a printer's
	// error (a bug, not a problem of the input) can only come without one.
	if res.Diagnostics.HasErrors() {
		return finish(res, opts), nil
	}
	if printErr != nil {
		return nil, printErr
	}
	res.Files = outs
	return finish(res, opts), nil
}

// distinctInputs is inputs without the second and later of those naming
// one file (by clean path).
func distinctInputs(inputs []Input) []Input {
	seen := map[string]bool{}
	var out []Input
	for _, in := range inputs {
		p := path.Clean(filepath.ToSlash(in.Path))
		if !seen[p] {
			seen[p] = true
			out = append(out, in)
		}
	}
	return out
}

// allInputs is the group of n inputs, in order.
func allInputs(n int) []int {
	all := make([]int, n)
	for i := range all {
		all[i] = i
	}
	return all
}

// groupResult is what converting one group of inputs gave: the outputs
// the mapping named, in order (printed unless diags has errors), the
// diagnostics, the first error of a printer, and err, a request error
// (the context's).
type groupResult struct {
	outs     []OutputFile
	diags    schema.Diagnostics
	printErr error
	err      error
}

// convertGroups converts each group apart, on every core. Once a group
// has an error, the groups still to map or print stop: the inputs will
// convert again as one.
func (r *Registry) convertGroups(base *Request, from schema.Format, d *Direction, target *Format, groups [][]int) []groupResult {
	results := make([]groupResult, len(groups))
	var failed atomic.Bool
	stop := func() bool { return len(groups) > 1 && failed.Load() }
	parallel.Each(len(groups), func(i int) {
		results[i] = r.convertGroup(base, from, d, target, groups[i], stop)
		if results[i].failed() {
			failed.Store(true)
		}
	})
	return results
}

// failed reports whether the group met an error of any kind.
func (g groupResult) failed() bool { return g.err != nil || g.printErr != nil || g.diags.HasErrors() }

// cleanGroups reports whether every group converted without an error and
// with one output per input.
func cleanGroups(results []groupResult, groups [][]int) bool {
	for i, g := range results {
		if g.failed() || len(g.outs) != len(groups[i]) {
			return false
		}
	}
	return true
}

// convertGroup reads the inputs of group (indexes into base's inputs),
// maps and prints them, unless stop says another group failed (then its
// result is cut short). Its request is base with the group's inputs:
// reads are confined to the folders of all the inputs, as when they
// convert together.
func (r *Registry) convertGroup(base *Request, from schema.Format, d *Direction, target *Format, group []int, stop func() bool) groupResult {
	ctx, opts := base.ctx, base.Options
	req := base
	if len(group) < len(base.Inputs) {
		sub := *base
		sub.Inputs = nil
		for _, i := range group {
			sub.Inputs = append(sub.Inputs, base.Inputs[i])
		}
		req = &sub
	}
	files, diags := r.Format(from).Load(req)
	if err := ctx.Err(); err != nil {
		return groupResult{err: err}
	}
	g := groupResult{diags: diags}
	if diags.HasErrors() || stop() {
		return g
	}
	roots := min(len(req.Inputs), len(files)) // the inputs' files come first
	if opts.BeforeMap != nil {
		opts.BeforeMap(files[:roots], &g.diags)
		if g.diags.HasErrors() {
			return g
		}
	}
	job := &Job{Files: files, Inputs: roots, Options: opts, Diags: &g.diags, Target: target}
	outs := d.Map(job)
	if err := ctx.Err(); err != nil {
		return groupResult{err: err}
	}
	g.outs = make([]OutputFile, len(outs))
	for i, o := range outs {
		g.outs[i] = OutputFile{Path: o.Path, Source: o.Source.Pos.File}
		if o.Path == "" {
			g.outs[i].Path = target.OutputName(o.Source.Path)
		}
	}
	if g.diags.HasErrors() || stop() {
		return g // named, for the check of colliding outputs, not printed
	}
	// Each output prints alone, on every core.
	errs := make([]error, len(outs))
	parallel.Each(len(outs), func(i int) {
		o := outs[i]
		if errs[i] = ctx.Err(); errs[i] != nil {
			return
		}
		header := fmt.Sprintf("Code generated by idlconv from %s. DO NOT EDIT.", o.Source.Path)
		content, err := target.Print(o.Doc, header)
		if err != nil {
			errs[i] = fmt.Errorf("convert: printing %s: %w", o.Source.Path, err)
			return
		}
		g.outs[i].Content = content
	})
	if err := ctx.Err(); err != nil {
		return groupResult{err: err}
	}
	for _, err := range errs {
		if err != nil {
			g.printErr = err
			break
		}
	}
	return g
}

// inputFormat is the format of the inputs: from, or the one their
// extensions name, which must agree.
func (r *Registry) inputFormat(inputs []Input, from schema.Format) (schema.Format, error) {
	if from != "" {
		if r.Format(from) == nil {
			return "", fmt.Errorf("convert: unknown input format %q (want %s)", from, r.Names())
		}
		return from, nil
	}
	for _, in := range inputs {
		f, err := r.FormatOf(in.Path)
		if err != nil {
			return "", fmt.Errorf("convert: %w; name the input format", err)
		}
		if from != "" && f != from {
			return "", fmt.Errorf("convert: inputs mix %s and %s files", from, f)
		}
		from = f
	}
	return from, nil
}

// WalkInputs finds the input files under dir, sorted by path: those of
// opts.From, or those whose extension names a format. Files of a format
// that a folder walk reads only with From (WalkNeedsFrom: .json may be any
// data) are counted in needFrom instead. A file outside every include dir
// is named by its path relative to dir.
func (r *Registry) WalkInputs(dir string, opts Options) ([]Input, map[schema.Format]int, error) {
	var inputs []Input
	needFrom := map[schema.Format]int{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			return nil
		}
		f, ferr := r.FormatOf(p)
		if ferr == nil && opts.From == "" && r.Format(f).WalkNeedsFrom {
			needFrom[f]++
			return nil
		}
		if ferr != nil || (opts.From != "" && f != opts.From) {
			return nil
		}
		in := Input{Path: p}
		if !underRoot(p, opts.IncludeDirs) {
			rel, _ := filepath.Rel(dir, p)
			in.Name = filepath.ToSlash(rel)
		}
		inputs = append(inputs, in)
		return nil
	})
	if err != nil {
		return nil, nil, fmt.Errorf("reading %s: %w", dir, err)
	}
	sort.Slice(inputs, func(i, j int) bool { return inputs[i].Path < inputs[j].Path })
	return inputs, needFrom, nil
}

// underRoot reports whether p lies under one of the roots.
func underRoot(p string, roots []string) bool {
	for _, r := range roots {
		rel, err := filepath.Rel(r, p)
		if err == nil && !strings.HasPrefix(rel, "..") {
			return true
		}
	}
	return false
}

// ParseRuleLevel reads what the warnings of rule id become (off, warning
// or error; Options.RuleLevels), checking that the rule exists and, when
// it reports errors, that it is not lowered.
func (r *Registry) ParseRuleLevel(id, level string) (RuleLevel, error) {
	l, err := ParseRuleLevel(level)
	if err != nil {
		return "", err
	}
	rules, err := r.Rules()
	if err != nil {
		return "", err
	}
	for _, rule := range rules {
		if rule.ID != id {
			continue
		}
		if rule.Severity == schema.Error && l != RuleError {
			return "", fmt.Errorf("rule %s reports errors, which cannot be lowered", id)
		}
		return l, nil
	}
	return "", &UnknownRuleError{ID: id}
}

// checkRuleLevels checks Options.RuleLevels as ParseRuleLevel checks
// each, in the order of the rule IDs: every ID must name a rule of the
// registry, and an error rule's level must stay error.
func (r *Registry) checkRuleLevels(levels map[string]RuleLevel) error {
	for _, id := range slices.Sorted(maps.Keys(levels)) {
		if _, err := r.ParseRuleLevel(id, string(levels[id])); err != nil {
			return fmt.Errorf("convert: Options.RuleLevels: %w", err)
		}
	}
	return nil
}

// UnknownRuleError is ParseRuleLevel's error for a rule ID no format or
// direction of the registry has.
type UnknownRuleError struct{ ID string }

func (e *UnknownRuleError) Error() string {
	return fmt.Sprintf("no rule %q (idlconv rules lists them)", e.ID)
}

// SetRuleLevel sets opts.RuleLevels[id], making the map when needed.
func (o *Options) SetRuleLevel(id string, l RuleLevel) {
	if o.RuleLevels == nil {
		o.RuleLevels = map[string]RuleLevel{}
	}
	o.RuleLevels[id] = l
}
