package convert

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"
	"sync"

	"github.com/idlconv/idlconv/internal/filekind"
	"github.com/idlconv/idlconv/internal/readlimit"
	"github.com/idlconv/idlconv/schema"
)

// Options controls one conversion. To must be set; the other fields may
// be left zero (From is then inferred from each input's extension, and
// the format options take their defaults).
type Options struct {
	// From is the input format. Empty means: inferred from each input's
	// extension.
	From schema.Format
	// To is the output format.
	To schema.Format
	// IncludeDirs are the import roots (-I), searched in order for
	// includes and imports, and used to name outputs: an input under a
	// root keeps its path relative to that root.
	IncludeDirs []string
	// FS, when set, is where inputs and includes are read; paths are then
	// slash-separated paths in FS. When nil, the OS file system is used.
	// Files are read from several goroutines at once: FS must be safe for
	// concurrent use (os.DirFS and fstest.MapFS are).
	FS fs.FS
	// Strict turns every warning into an error.
	Strict bool
	// ProtoSyntax is "proto3" (the default), "proto2" or "editions"
	// (edition 2023, which protoc reads from version 27 on).
	ProtoSyntax string
	// Package overrides the package of every output file.
	Package string
	// Oneof is how proto oneofs become Thrift: OneofAnnotation (the
	// default) or OneofUnion.
	Oneof OneofStyle
	// JSONSchemaDraft is "2020-12" (the default) or "7".
	JSONSchemaDraft string
	// RefMap resolves remote JSON Schema $refs to local folders; no other
	// remote $ref resolves (idlconv never uses the network).
	RefMap []RefMapping
	// PackageMap maps source packages (a proto package, or the Thrift
	// namespace chosen as the package) to output packages: the mapping
	// with the longest From that equals the package or prefixes it at a
	// dot wins ("acme" maps "acme.shop" to To + ".shop"). Package wins
	// over it.
	PackageMap []PackageMapping
	// GoPackagePrefix is the part of Go import paths that Thrift's
	// `namespace go` leaves out and `thrift --gen go:package_prefix=PREFIX`
	// puts back ("github.com/acme/gen/"). proto → Thrift strips it from
	// go_package; Thrift → proto puts it before namespace go. Empty: proto
	// → Thrift strips the leading path elements with dots (a host such as
	// github.com) and says which prefix to pass.
	GoPackagePrefix string
	// MaxFileSize is the largest file a front-end reads, in bytes; zero
	// means DefaultMaxFileSize (64 MiB).
	MaxFileSize int64
	// RuleLevels changes what the warnings of a rule are, by rule ID:
	// RuleOff drops them, RuleError makes them errors (and RuleWarning
	// keeps them). Errors stay errors. Strict applies after it.
	RuleLevels map[string]RuleLevel
	// BeforeMap, when set, is called with the loaded model of the input
	// files (those they include are loaded too, but not passed) before it
	// is mapped, and may change it and report diagnostics; an error stops
	// the conversion. idlconv sync applies its ID lock (package idlock)
	// this way, to the types it generates. It is called once for each
	// group of inputs Convert converts apart (see groups.go), from several
	// goroutines at once, and again with all the inputs when a group has
	// an error: it must be safe for that, each call seeing the files of
	// its group only.
	BeforeMap func(files []*schema.File, diags *schema.Diagnostics)
	// together converts the inputs as one group (tests: OneGroup).
	together bool
}

// RuleLevel is what a rule's warnings become (Options.RuleLevels).
type RuleLevel string

// The rule levels.
const (
	RuleOff     RuleLevel = "off"
	RuleWarning RuleLevel = "warning"
	RuleError   RuleLevel = "error"
)

// ParseRuleLevel reads a rule level: off, warning or error.
func ParseRuleLevel(s string) (RuleLevel, error) {
	switch l := RuleLevel(s); l {
	case RuleOff, RuleWarning, RuleError:
		return l, nil
	}
	return "", fmt.Errorf("a rule level is off, warning or error, not %q", s)
}

// PackageMapping maps the package From, and the packages under it, to To.
type PackageMapping struct {
	From string
	To   string
}

// mapPackage applies the package map to a source package.
func (o *Options) mapPackage(pkg string) string {
	best := -1
	out := pkg
	for _, m := range o.PackageMap {
		rest, ok := strings.CutPrefix(pkg, m.From)
		if !ok || rest != "" && rest[0] != '.' || len(m.From) <= best {
			continue
		}
		best, out = len(m.From), m.To+rest
	}
	return out
}

// RefMapping maps remote $ref URLs under Prefix to files under Dir.
type RefMapping struct {
	Prefix string
	Dir    string
}

// Input is one file to convert.
type Input struct {
	// Path is where to read the file (in Options.FS when it is set).
	Path string
	// Content, when not nil, is used instead of reading Path (for stdin).
	Content []byte
	// Name is the file's path relative to its root, which names its
	// output. Empty means: relative to the first include dir that holds
	// Path, else Path's base name.
	Name string
}

// OutputFile is one generated file.
type OutputFile struct {
	// Path is the output's path relative to the output directory.
	Path string
	// Source is the display path of the input it was generated from.
	Source  string
	Content []byte
}

// Result is what a conversion produced.
type Result struct {
	// Files holds one output per input, in input order (an input given
	// twice counts once). It is empty when Diagnostics has errors.
	Files []OutputFile
	// Diagnostics holds every warning and error, sorted by position.
	Diagnostics schema.Diagnostics
}

// Convert converts the inputs with the built-in formats and directions
// ([Builtin]). It returns an error only for a problem with the request
// itself (unknown formats or options, a rule level for a rule ID no
// format or direction reports, or one that lowers an error rule);
// problems with the inputs are diagnostics in the result, and when any
// is an error (or any warning under Options.Strict) the result holds no
// files. Convert keeps no state between calls and is safe for concurrent
// use.
func Convert(ctx context.Context, inputs []Input, opts Options) (*Result, error) {
	return Builtin().Convert(ctx, inputs, opts)
}

// FormatOf infers a built-in format from a file name's extension.
func FormatOf(name string) (schema.Format, error) { return Builtin().FormatOf(name) }

// ParseFormat reads a built-in format's name as users write it.
func ParseFormat(s string) (schema.Format, error) { return Builtin().ParseFormat(s) }

// normalize fills in the defaults of the format options and checks them.
func (o *Options) normalize() error {
	var err error
	if o.ProtoSyntax, err = ParseProtoSyntax(o.ProtoSyntax); err != nil {
		return err
	}
	if o.JSONSchemaDraft, err = ParseJSONSchemaDraft(o.JSONSchemaDraft); err != nil {
		return err
	}
	o.Oneof, err = ParseOneofStyle(string(o.Oneof))
	return err
}

// Request is one conversion's inputs and options, as a front-end reads
// them.
type Request struct {
	Inputs  []Input
	Options Options
	// ctx, when set, cancels reading: ReadFile returns its error.
	ctx context.Context
	// given holds the Content of the inputs that carry it, by clean path.
	given map[string][]byte
	// roots are the folders files may be read from (see within).
	roots []string
	// resolved are the roots with their symbolic links resolved, read
	// once per request: the file a read resolves to must lie in one of
	// them (see confined).
	resolved []string
	// named are the inputs' clean paths: a file named as an input is
	// read wherever its links lead, as the user named it.
	named map[string]bool
	// cwd is the working folder, read once, against which relative paths
	// on disk are made absolute; empty with Options.FS.
	cwd string
	// reads, when set, keeps what ReadFile read until it is read again,
	// for the requests of Convert's groups, which share it: the file a
	// group's headers were read from is read once. A group reads each of
	// its files once, and no other group reads them.
	reads *readCache
}

// readCache holds the files read and not yet taken, by clean path.
type readCache struct {
	mu    sync.Mutex
	files map[string][]byte
	// filling is true while the headers are read: only those reads are
	// kept.
	filling bool
}

// stopFilling keeps no more of what is read.
func (c *readCache) stopFilling() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.filling = false
}

// NewRequest makes the request for inputs and opts.
func NewRequest(inputs []Input, opts Options) *Request {
	r := &Request{Inputs: inputs, Options: opts, given: map[string][]byte{}, named: map[string]bool{}}
	if opts.FS == nil {
		r.cwd, _ = os.Getwd()
	}
	// Each root once: a tree's inputs share few folders, and within
	// looks through them all for every file read.
	seen := map[string]bool{}
	addRoot := func(dir string) {
		if root := r.rootOf(dir); !seen[root] {
			seen[root] = true
			r.roots = append(r.roots, root)
		}
	}
	dirs := map[string]bool{}
	for _, in := range inputs {
		if in.Content != nil {
			r.given[path.Clean(in.Path)] = in.Content
		}
		r.named[path.Clean(filepath.ToSlash(in.Path))] = true
		if dir := path.Dir(filepath.ToSlash(in.Path)); !dirs[dir] {
			dirs[dir] = true
			addRoot(dir)
		}
	}
	for _, d := range opts.IncludeDirs {
		addRoot(filepath.ToSlash(d))
	}
	for _, m := range opts.RefMap {
		addRoot(filepath.ToSlash(m.Dir))
	}
	for _, root := range r.roots {
		if res, err := r.resolve(root); err == nil {
			r.resolved = append(r.resolved, res)
		}
	}
	return r
}

// errLeavesRoots is the error of a path whose symbolic links lead out of
// Options.FS.
var errLeavesRoots = fmt.Errorf("a symbolic link leads out of the file system: %w", fs.ErrNotExist)

// resolve returns name with its symbolic links resolved, in the form of
// rootOf: on disk by filepath.EvalSymlinks, in Options.FS by resolveFS.
func (r *Request) resolve(name string) (string, error) {
	if r.Options.FS != nil {
		return resolveFS(r.Options.FS, strings.TrimPrefix(path.Clean(name), "./"))
	}
	p, err := filepath.EvalSymlinks(filepath.FromSlash(r.rootOf(name)))
	if err != nil {
		return "", err
	}
	return filepath.ToSlash(filepath.Clean(p)), nil
}

// maxLinks is the most symbolic links resolveFS follows for one path, as
// an OS does (Linux's is 40).
const maxLinks = 40

// resolveFS follows the symbolic links of a clean relative name in fsys,
// element by element, as the OS does: a link's target is read from the
// link's folder. A target that is absolute or goes above the top of
// fsys is errLeavesRoots. A file system without links
// (not an fs.ReadLinkFS) returns name.
func resolveFS(fsys fs.FS, name string) (string, error) {
	rl, ok := fsys.(fs.ReadLinkFS)
	if !ok || name == "." {
		return name, nil
	}
	rest := strings.Split(name, "/")
	var done []string
	links := 0
	for len(rest) > 0 {
		e := rest[0]
		rest = rest[1:]
		switch e {
		case "", ".":
			continue
		case "..":
			if len(done) == 0 {
				return "", errLeavesRoots
			}
			done = done[:len(done)-1]
			continue
		}
		p := path.Join(path.Join(done...), e)
		st, err := rl.Lstat(p)
		if err != nil {
			return "", err
		}
		if st.Mode()&fs.ModeSymlink == 0 {
			done = append(done, e)
			continue
		}
		if links++; links > maxLinks {
			return "", fmt.Errorf("more than %d symbolic links: %w", maxLinks, fs.ErrNotExist)
		}
		t, err := rl.ReadLink(p)
		if err != nil {
			return "", err
		}
		if path.IsAbs(t) || filepath.IsAbs(t) {
			return "", errLeavesRoots
		}
		rest = append(strings.Split(filepath.ToSlash(t), "/"), rest...)
	}
	if len(done) == 0 {
		return ".", nil
	}
	return path.Join(done...), nil
}

// under reports whether p, in the form of rootOf, is root or inside it.
func under(p, root string) bool {
	if root == "." {
		return !path.IsAbs(p) && p != ".." && !strings.HasPrefix(p, "../")
	}
	return p == root || strings.HasPrefix(p, strings.TrimSuffix(root, "/")+"/")
}

// confined returns where name is read from once its symbolic links are
// resolved, when that lies inside one of the resolved roots (or name is
// an input), and an error that wraps fs.ErrNotExist and says nothing of
// the file otherwise.
func (r *Request) confined(name string) (string, error) {
	res, err := r.resolve(name)
	if err != nil {
		if errors.Is(err, errLeavesRoots) {
			return "", fmt.Errorf("%s leads outside the folders of the inputs and the -I roots through a symbolic link: %w", name, fs.ErrNotExist)
		}
		return "", err
	}
	if r.named[path.Clean(name)] {
		return res, nil
	}
	for _, root := range r.resolved {
		if under(res, root) {
			return res, nil
		}
	}
	return "", fmt.Errorf("%s leads outside the folders of the inputs and the -I roots through a symbolic link: %w", name, fs.ErrNotExist)
}

// DefaultMaxFileSize is the largest file a front-end reads when
// Options.MaxFileSize is zero.
const DefaultMaxFileSize = 64 << 20

// rootOf is a folder in the form that within compares: slash-separated
// and clean in Options.FS, absolute on disk.
func (r *Request) rootOf(dir string) string {
	p := filepath.FromSlash(dir)
	if r.Options.FS != nil || r.cwd == "" {
		return path.Clean(dir)
	}
	if !filepath.IsAbs(p) {
		p = filepath.Join(r.cwd, p)
	}
	return filepath.ToSlash(filepath.Clean(p))
}

// within reports whether name is inside one of the request's roots: the
// folders of the inputs, the -I roots and the --ref-map folders.
func (r *Request) within(name string) bool {
	p := r.rootOf(name)
	for _, root := range r.roots {
		if under(p, root) {
			return true
		}
	}
	return false
}

// ReadFile reads a file for a front-end: an input's given Content, or
// the file in Options.FS, or on disk. It reads only regular files inside
// the folders of the inputs, the -I roots and the --ref-map folders, each
// up to Options.MaxFileSize bytes; its errors quote nothing of a file it
// refuses.
func (r *Request) ReadFile(name string) ([]byte, error) {
	if r.ctx != nil {
		if err := r.ctx.Err(); err != nil {
			return nil, err
		}
	}
	if b, ok := r.given[path.Clean(name)]; ok {
		return b, nil
	}
	if r.reads == nil {
		return r.readFile(name)
	}
	key := path.Clean(name)
	r.reads.mu.Lock()
	b, ok := r.reads.files[key]
	delete(r.reads.files, key)
	r.reads.mu.Unlock()
	if ok {
		return b, nil
	}
	b, err := r.readFile(name)
	if err == nil {
		r.reads.mu.Lock()
		if r.reads.filling {
			r.reads.files[key] = b
		}
		r.reads.mu.Unlock()
	}
	return b, err
}

// readFile reads a file from Options.FS or the disk, confined and
// bounded as ReadFile says.
func (r *Request) readFile(name string) ([]byte, error) {
	if !r.within(name) {
		return nil, fmt.Errorf("%s is outside the folders of the inputs and the -I roots: %w", name, fs.ErrNotExist)
	}
	limit := r.Options.MaxFileSize
	if limit <= 0 {
		limit = DefaultMaxFileSize
	}
	// The file its links lead to, which must lie inside the roots as
	// resolved: read from there, so that a link changed since is not
	// followed again.
	at, err := r.confined(name)
	if err != nil {
		return nil, err
	}
	// Stat before opening: opening a named pipe would block.
	var st fs.FileInfo
	if r.Options.FS != nil {
		st, err = fs.Stat(r.Options.FS, at)
	} else {
		st, err = os.Stat(filepath.FromSlash(at))
	}
	if err != nil {
		return nil, err
	}
	if !st.Mode().IsRegular() {
		return nil, fmt.Errorf("%s is %s, not a regular file", name, filekind.Of(st.Mode()))
	}
	var f fs.File
	if r.Options.FS != nil {
		f, err = r.Options.FS.Open(at)
	} else {
		f, err = os.Open(filepath.FromSlash(at))
	}
	if err != nil {
		return nil, err
	}
	defer f.Close()
	if st.Size() > limit {
		return nil, fmt.Errorf("%s has %d bytes, more than the limit of %d", name, st.Size(), limit)
	}
	b, ok, err := readlimit.Read(f, st.Size(), limit)
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, fmt.Errorf("%s has more than the limit of %d bytes", name, limit)
	}
	return b, nil
}

// Source is an input as a front-end loads it.
type Source struct {
	// Path is where ReadFile finds the file, slash-separated.
	Path string
	// Name is the file's logical path, relative to its import root.
	Name string
}

// Sources returns the inputs with their logical names.
func (r *Request) Sources() []Source {
	var out []Source
	for _, in := range r.Inputs {
		out = append(out, Source{Path: filepath.ToSlash(in.Path), Name: logicalName(in, r.Options.IncludeDirs)})
	}
	return out
}

// IncludeDirs returns the import roots, slash-separated.
func (r *Request) IncludeDirs() []string {
	var dirs []string
	for _, d := range r.Options.IncludeDirs {
		dirs = append(dirs, filepath.ToSlash(d))
	}
	return dirs
}

// logicalName names an input relative to its import root.
func logicalName(in Input, includeDirs []string) string {
	if in.Name != "" {
		return path.Clean(filepath.ToSlash(in.Name))
	}
	p := path.Clean(filepath.ToSlash(in.Path))
	for _, dir := range includeDirs {
		d := path.Clean(filepath.ToSlash(dir))
		if rel, ok := strings.CutPrefix(p, d+"/"); ok {
			return rel
		}
		if d == "." && !strings.HasPrefix(p, "../") && !path.IsAbs(p) {
			return p
		}
	}
	return path.Base(p)
}

// finish applies the rule levels and strict mode, sorts diagnostics and
// drops outputs on error.
func finish(res *Result, opts Options) *Result {
	strict := opts.Strict
	if len(opts.RuleLevels) > 0 {
		kept := res.Diagnostics[:0]
		for _, d := range res.Diagnostics {
			if d.Severity == schema.Warning {
				switch opts.RuleLevels[d.Rule] {
				case RuleOff:
					continue
				case RuleError:
					d.Severity = schema.Error
				}
			}
			kept = append(kept, d)
		}
		res.Diagnostics = kept
	}
	if strict {
		for i := range res.Diagnostics {
			res.Diagnostics[i].Severity = schema.Error
		}
	}
	res.Diagnostics.Sort()
	if res.Diagnostics.HasErrors() {
		res.Files = nil
	}
	return res
}
