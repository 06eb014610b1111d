package convert

import (
	"context"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"

	"github.com/idlconv/idlconv/schema"
	"github.com/idlconv/idlconv/thriftast"
)

// Options controls one conversion. The zero value is not useful: From and
// To must be set.
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
	// Files holds one output per input, in input order. It is empty when
	// Diagnostics has errors.
	Files []OutputFile
	// Diagnostics holds every warning and error, sorted by position.
	Diagnostics schema.Diagnostics
}

// Convert converts the inputs. It returns an error only for a problem with
// the request itself (unknown formats); problems with the inputs are
// diagnostics in the result, and when any is an error (or any warning under
// Options.Strict) the result holds no files. Convert keeps no state between
// calls and is safe for concurrent use.
func Convert(ctx context.Context, inputs []Input, opts Options) (*Result, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if len(inputs) == 0 {
		return nil, fmt.Errorf("convert: no input files")
	}
	from := opts.From
	for _, in := range inputs {
		f, err := FormatOf(in.Path)
		if from == "" {
			if err != nil {
				return nil, fmt.Errorf("convert: %w; name the format with --from", err)
			}
			from = f
		} else if opts.From == "" && err == nil && f != from {
			return nil, fmt.Errorf("convert: inputs mix %s and %s files", from, f)
		}
	}
	switch opts.ProtoSyntax {
	case "":
		opts.ProtoSyntax = "proto3"
	case "proto2", "proto3", "editions":
	default:
		return nil, fmt.Errorf("convert: unknown proto syntax %q (want proto2, proto3 or editions)", opts.ProtoSyntax)
	}
	switch opts.JSONSchemaDraft {
	case "", "2020-12":
		opts.JSONSchemaDraft = "2020-12"
	case "7", "draft-07", "draft7":
		opts.JSONSchemaDraft = "7"
	default:
		return nil, fmt.Errorf("convert: unknown JSON Schema draft %q (want 2020-12 or 7)", opts.JSONSchemaDraft)
	}
	switch opts.Oneof {
	case "":
		opts.Oneof = OneofAnnotation
	case OneofAnnotation, OneofUnion:
	default:
		return nil, fmt.Errorf("convert: unknown oneof style %q (want annotation or union)", opts.Oneof)
	}
	switch {
	case from == schema.Thrift && opts.To == schema.Proto:
		return convertThriftToProto(inputs, opts), nil
	case from == schema.Proto && opts.To == schema.Thrift:
		return convertProtoToThrift(inputs, opts), nil
	case from == schema.Thrift && opts.To == schema.JSONSchema:
		return convertThriftToJSONSchema(inputs, opts), nil
	case from == schema.Proto && opts.To == schema.JSONSchema:
		return convertProtoToJSONSchema(inputs, opts), nil
	case from == schema.JSONSchema && opts.To == schema.Thrift:
		return convertJSONSchemaToThrift(inputs, opts), nil
	case from == schema.JSONSchema && opts.To == schema.Proto:
		return convertJSONSchemaToProto(inputs, opts), nil
	case from == opts.To:
		return nil, fmt.Errorf("convert: input and output are both %s", from)
	}
	return nil, fmt.Errorf("convert: %s to %s is not supported yet", from, opts.To)
}

// FormatOf infers a format from a file name's extension.
func FormatOf(name string) (schema.Format, error) {
	switch strings.ToLower(path.Ext(name)) {
	case ".thrift":
		return schema.Thrift, nil
	case ".proto":
		return schema.Proto, nil
	case ".json":
		return schema.JSONSchema, nil
	}
	return "", fmt.Errorf("cannot tell the format of %q from its extension", name)
}

// ParseFormat reads a format name as users write it.
func ParseFormat(s string) (schema.Format, error) {
	switch strings.ToLower(s) {
	case "thrift":
		return schema.Thrift, nil
	case "proto", "protobuf":
		return schema.Proto, nil
	case "jsonschema", "json-schema", "json":
		return schema.JSONSchema, nil
	}
	return "", fmt.Errorf("unknown format %q (want thrift, proto or jsonschema)", s)
}

// reader returns the function that reads files for opts, serving stdin
// contents for the inputs that carry them.
func reader(inputs []Input, opts Options) func(string) ([]byte, error) {
	given := map[string][]byte{}
	for _, in := range inputs {
		if in.Content != nil {
			given[path.Clean(in.Path)] = in.Content
		}
	}
	return func(name string) ([]byte, error) {
		if b, ok := given[path.Clean(name)]; ok {
			return b, nil
		}
		if opts.FS != nil {
			return fs.ReadFile(opts.FS, strings.TrimPrefix(path.Clean(name), "./"))
		}
		return os.ReadFile(filepath.FromSlash(name))
	}
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

// finish sorts diagnostics, applies strict mode and drops outputs on error.
func finish(res *Result, strict bool) *Result {
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

// thriftLoader builds the Thrift front-end for a request.
func thriftLoader(inputs []Input, opts Options) (*thriftast.Loader, []thriftast.Input) {
	var dirs []string
	for _, d := range opts.IncludeDirs {
		dirs = append(dirs, filepath.ToSlash(d))
	}
	l := &thriftast.Loader{ReadFile: reader(inputs, opts), IncludeDirs: dirs}
	var ins []thriftast.Input
	for _, in := range inputs {
		ins = append(ins, thriftast.Input{Path: filepath.ToSlash(in.Path), Name: logicalName(in, opts.IncludeDirs)})
	}
	return l, ins
}
