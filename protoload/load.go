package protoload

import (
	"context"
	"errors"
	"io/fs"
	"path"
	"slices"
	"strings"
	"sync"

	"github.com/bufbuild/protocompile"
	"github.com/bufbuild/protocompile/linker"
	"github.com/bufbuild/protocompile/reporter"
	"github.com/bufbuild/protocompile/wellknownimports"
	gprotodesc "google.golang.org/protobuf/reflect/protodesc"
	"google.golang.org/protobuf/reflect/protoreflect"

	"github.com/idlconv/idlconv/internal/parallel"
	"github.com/idlconv/idlconv/internal/sources"
	"github.com/idlconv/idlconv/protoast"
	"github.com/idlconv/idlconv/protodesc"
	"github.com/idlconv/idlconv/schema"
)

// Loader reads .proto files, and every file they import, into the model.
// A Loader holds no state between calls and is safe for concurrent use.
type Loader struct {
	// ReadFile reads one file by slash-separated path. It is required,
	// and called from several goroutines at once (protocompile reads
	// files side by side), so it must be safe for concurrent use.
	ReadFile func(name string) ([]byte, error)
	// ImportPaths are the import roots (-I), searched in order. The root
	// of each input (its Path without its Name) is searched after them.
	ImportPaths []string
}

// Input names one file to load: where to read it and its path relative
// to its import root (the name other files import it by).
type Input struct {
	Path string
	Name string
}

// load is the state of one Load call.
type load struct {
	l *Loader
	// dirs are the import paths, then the inputs' roots.
	dirs []string
	// given maps an input's name to where it is read.
	given map[string]string
	src   *sources.Files
	mu    sync.Mutex // guards found and later
	// found maps each file protocompile read, by name, to its read path.
	found map[string]string
	// later holds the files of editions after 2023, by name: what the
	// rewrite that protocompile reads left out.
	later map[string]*laterEdition
}

// Load reads the inputs and their imports. It returns every loaded file,
// inputs first in the order given, then imported files in the order they
// were first imported. The well-known types (google/protobuf/*.proto)
// are built in: an import of one resolves to the built-in model even when
// a copy is on an import path.
func (l *Loader) Load(inputs []Input) ([]*schema.File, schema.Diagnostics) {
	ld := &load{l: l, given: map[string]string{}, src: sources.New(l.ReadFile),
		found: map[string]string{}, later: map[string]*laterEdition{}}
	ld.dirs = append(ld.dirs, l.ImportPaths...)
	var diags schema.Diagnostics
	var names []string
	for _, in := range inputs {
		if root, ok := strings.CutSuffix(path.Clean(in.Path), in.Name); ok {
			ld.dirs = append(ld.dirs, strings.TrimSuffix(root, "/"))
		}
		name := path.Clean(in.Name)
		if _, ok := ld.given[name]; ok {
			continue
		}
		ld.given[name] = in.Path
		names = append(names, name)
		// An input that cannot be read is reported by its read error.
		if _, err := ld.src.Read(in.Path); err != nil {
			msg := err.Error()
			if errors.Is(err, fs.ErrNotExist) {
				msg = "no such file"
			}
			diags.Report(schema.Pos{File: in.Path}, schema.RuleReadError, "cannot read %s: %s", in.Path, msg)
		}
	}
	if len(names) == 0 || diags.HasErrors() {
		return nil, diags
	}
	res, diags := ld.compile(names)
	if diags.HasErrors() {
		return nil, diags
	}
	files := ld.descriptors(res)
	out, bdiags := protodesc.Build(files, names)
	diags = append(diags, bdiags...)
	if diags.HasErrors() {
		return nil, diags
	}
	if len(ld.later) > 0 {
		out = ld.restoreLater(out, len(names))
	}
	return out, diags
}

// restoreLater gives the files of later editions what their text says
// and protocompile was not given (see laterEdition.restore), and leaves
// out the files that only an `import option` imports. The first n files
// are the inputs.
func (ld *load) restoreLater(files []*schema.File, n int) []*schema.File {
	for _, f := range files {
		if le := ld.later[f.Path]; le != nil {
			p := ld.readPath(f.Path)
			src, _ := ld.src.Read(p)
			le.restore(f, p, src)
		}
	}
	reached := map[*schema.File]bool{}
	var reach func(f *schema.File)
	reach = func(f *schema.File) {
		if f == nil || reached[f] {
			return
		}
		reached[f] = true
		for _, imp := range f.Imports {
			reach(imp.File)
		}
	}
	for _, f := range files[:n] {
		reach(f)
	}
	return slices.DeleteFunc(files, func(f *schema.File) bool { return !reached[f] })
}

// resolve finds the file other files import as name: an input by its
// name, else the first import path that holds it. What protocompile is
// given is the text of a later edition rewritten as edition 2023.
func (ld *load) resolve(name string) (protocompile.SearchResult, error) {
	readPath, ok := ld.given[name]
	if !ok {
		readPath, ok = ld.find(name)
	}
	if !ok {
		return protocompile.SearchResult{}, fs.ErrNotExist
	}
	src, err := ld.src.Read(readPath)
	if err != nil {
		return protocompile.SearchResult{}, fs.ErrNotExist
	}
	ld.mu.Lock()
	ld.found[name] = readPath
	ld.mu.Unlock()
	if le := asEdition2023(src); le != nil {
		ld.mu.Lock()
		ld.later[name] = le
		ld.mu.Unlock()
		src = le.text
	}
	return protocompile.SearchResult{Source: strings.NewReader(string(src))}, nil
}

// featureFiles resolves the feature files protoc ships
// (google/protobuf/cpp_features.proto, java_features.proto) that are on no
// import path from their sources, which protocompile embeds: they then
// extend the descriptor.proto the run reads, which may be a copy on an
// import path. protocompile's own standard imports are descriptors that
// extend the descriptor.proto google.golang.org/protobuf carries, so that
// with a copy of descriptor.proto on an import path its types were
// defined twice.
var featureFiles = protocompile.ResolverFunc(func(name string) (protocompile.SearchResult, error) {
	if !strings.HasPrefix(name, "google/protobuf/") || !strings.HasSuffix(name, "_features.proto") {
		return protocompile.SearchResult{}, fs.ErrNotExist
	}
	return embeddedSources.FindFileByPath(name)
})

// embeddedSources are the sources of the files protoc ships, as
// protocompile embeds them.
var embeddedSources = wellknownimports.WithStandardImports(protocompile.ResolverFunc(func(string) (protocompile.SearchResult, error) {
	return protocompile.SearchResult{}, fs.ErrNotExist
}))

// find returns the read path of the file imported as name: the first
// import path, or input root, that holds it.
func (ld *load) find(name string) (string, bool) {
	for _, dir := range ld.dirs {
		cand := path.Join(dir, name)
		if _, err := ld.src.Read(cand); err == nil {
			return cand, true
		}
	}
	return "", false
}

// readPath is where the file imported as name was read, or "" when it
// was not.
func (ld *load) readPath(name string) string {
	ld.mu.Lock()
	defer ld.mu.Unlock()
	return ld.found[name]
}

// compile compiles the inputs and what they import with protocompile,
// which rejects what protoc rejects, and reports each of its errors at
// its position (the file as it was read, line, column). The well-known
// files resolve without being on an import path.
func (ld *load) compile(names []string) (linker.Files, schema.Diagnostics) {
	var mu sync.Mutex // guards diags
	var diags schema.Diagnostics
	rep := newReporter(ld)
	c := protocompile.Compiler{
		Resolver:       protocompile.WithStandardImports(protocompile.CompositeResolver{protocompile.ResolverFunc(ld.resolve), featureFiles}),
		SourceInfoMode: protocompile.SourceInfoNone, // generated after: sourceInfo
		RetainASTs:     true,
		Reporter: reporter.NewReporter(func(err reporter.ErrorWithPos) error {
			pos := err.GetPosition()
			mu.Lock()
			defer mu.Unlock()
			diags = append(diags, rep.diagnostic(pos.Filename, pos.Line, pos.Col, pos.Offset, errors.Unwrap(err).Error()))
			if len(diags) >= maxCheckErrors {
				return errTooManyErrors
			}
			return nil
		}, nil),
	}
	res, err := c.Compile(context.Background(), names...)
	if err != nil && len(diags) == 0 && !errors.Is(err, errTooManyErrors) {
		// Errors outside any file's text (an import that cannot be
		// resolved) come back here, positioned in their message.
		diags = append(diags, rep.diagnostic(names[0], 0, 0, -1, err.Error()))
	}
	if err != nil && !diags.HasErrors() {
		diags.Report(schema.Pos{File: ld.given[names[0]]}, protoast.RuleInvalidProto, "%v", err)
	}
	diags.Sort()
	return res, diags
}

// descriptors are the compiled files and every file they import, each
// with what positions need: its read path, its text and its syntax tree.
func (ld *load) descriptors(res linker.Files) []protodesc.File {
	var out []protodesc.File
	var compiled []linker.Result
	seen := map[string]bool{}
	var add func(fd protoreflect.FileDescriptor)
	add = func(fd protoreflect.FileDescriptor) {
		if seen[fd.Path()] {
			return
		}
		seen[fd.Path()] = true
		imps := fd.Imports()
		for i := 0; i < imps.Len(); i++ {
			add(imps.Get(i).FileDescriptor)
		}
		f := protodesc.File{Descriptor: fd}
		if r, ok := fd.(linker.Result); ok {
			f.Proto, f.AST = r.FileDescriptorProto(), r.AST()
			compiled = append(compiled, r)
		} else {
			f.Proto = gprotodesc.ToFileDescriptorProto(fd)
		}
		if p := ld.readPath(fd.Path()); p != "" {
			f.Path = p
			f.Source, _ = ld.src.Read(p)
		}
		out = append(out, f)
	}
	for _, f := range res {
		add(f)
	}
	// Each file's source info, on every core, as the compile would have
	// made it.
	parallel.Each(len(compiled), func(i int) {
		compiled[i].FileDescriptorProto().SourceCodeInfo = sourceInfo(compiled[i])
	})
	return out
}
