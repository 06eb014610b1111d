// Package protoplugin is the protoc and buf plugin that converts proto
// files to another format: cmd/protoc-gen-thrift and
// cmd/protoc-gen-jsonschema are a call of [Main] each.
//
// The plugin reads a CodeGeneratorRequest, builds the model of its files
// with package protodesc (the descriptors protoc or buf compiled, with
// their source info; the source_file_descriptors of the files to
// generate when the compiler sends them), converts the files to generate
// with package convert's built-in directions, whose proto format it
// registers again with that model as its front-end, and answers with one
// file for each. Its options (--thrift_opt=KEY=VALUE,... or buf.gen.yaml's
// opt) are the conversion keys of idlconv.yaml that shape outputs
// ([Keys]), read through package conversion's key table. Warnings go to
// standard error as file:line:col: message [rule]; errors, and a bad
// option, go in the response's error field, and no file is written.
package protoplugin

import (
	"context"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"

	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/types/descriptorpb"
	"google.golang.org/protobuf/types/pluginpb"

	"github.com/idlconv/idlconv/conversion"
	"github.com/idlconv/idlconv/convert"
	"github.com/idlconv/idlconv/protodesc"
	"github.com/idlconv/idlconv/schema"
)

// Keys are the conversion keys a plugin takes as options: those that
// shape the outputs of a conversion from proto. The others name inputs
// and outputs (protoc and buf choose them) or apply to other formats.
func Keys() []string {
	return []string{"strict", "package", "package_map", "go_package_prefix", "oneof", "jsonschema_draft", "rules"}
}

// Main runs the plugin: it reads a CodeGeneratorRequest from stdin,
// converts its files to generate to format to and writes the
// CodeGeneratorResponse to stdout, the warnings to stderr. It returns the
// exit code: 0, or 1 when the request cannot be read or the response not
// written (errors of the inputs and options are the response's).
func Main(to schema.Format, stdin io.Reader, stdout, stderr io.Writer) int {
	in, err := io.ReadAll(stdin)
	if err != nil {
		fmt.Fprintf(stderr, "protoc-gen-%s: reading the request: %v\n", to, err)
		return 1
	}
	req := &pluginpb.CodeGeneratorRequest{}
	if err := proto.Unmarshal(in, req); err != nil {
		fmt.Fprintf(stderr, "protoc-gen-%s: the request is not a CodeGeneratorRequest: %v\n", to, err)
		return 1
	}
	resp, diags := Generate(context.Background(), req, to)
	for _, d := range diags {
		if d.Severity != schema.Error {
			fmt.Fprintln(stderr, d.String())
		}
	}
	out, err := proto.Marshal(resp)
	if err != nil {
		fmt.Fprintf(stderr, "protoc-gen-%s: writing the response: %v\n", to, err)
		return 1
	}
	if _, err := stdout.Write(out); err != nil {
		fmt.Fprintf(stderr, "protoc-gen-%s: writing the response: %v\n", to, err)
		return 1
	}
	return 0
}

// Generate converts the files to generate of req to format to. The
// response holds the outputs, or the errors in its error field; the
// diagnostics are all of them, warnings and errors, sorted.
func Generate(ctx context.Context, req *pluginpb.CodeGeneratorRequest, to schema.Format) (*pluginpb.CodeGeneratorResponse, schema.Diagnostics) {
	resp := &pluginpb.CodeGeneratorResponse{
		SupportedFeatures: proto.Uint64(uint64(pluginpb.CodeGeneratorResponse_FEATURE_PROTO3_OPTIONAL | pluginpb.CodeGeneratorResponse_FEATURE_SUPPORTS_EDITIONS)),
		MinimumEdition:    proto.Int32(int32(descriptorpb.Edition_EDITION_PROTO2)),
		MaximumEdition:    proto.Int32(int32(descriptorpb.Edition_EDITION_2023)),
	}
	fail := func(err error) (*pluginpb.CodeGeneratorResponse, schema.Diagnostics) {
		resp.Error = proto.String(err.Error())
		return resp, nil
	}
	opts, err := Options(req.GetParameter())
	if err != nil {
		return fail(err)
	}
	opts.From, opts.To = schema.Proto, to
	files := Files(req)
	names := req.GetFileToGenerate()
	if len(names) == 0 {
		return resp, nil
	}
	reg, err := registry(files, names)
	if err != nil {
		return fail(err)
	}
	var inputs []convert.Input
	for _, n := range names {
		inputs = append(inputs, convert.Input{Path: n, Name: n})
	}
	res, err := reg.Convert(ctx, inputs, opts)
	if err != nil {
		return fail(err)
	}
	if res.Diagnostics.HasErrors() {
		var errs []string
		for _, d := range res.Diagnostics {
			if d.Severity == schema.Error {
				errs = append(errs, d.String())
			}
		}
		resp.Error = proto.String(strings.Join(errs, "\n"))
		return resp, res.Diagnostics
	}
	for _, f := range res.Files {
		resp.File = append(resp.File, &pluginpb.CodeGeneratorResponse_File{Name: proto.String(f.Path), Content: proto.String(string(f.Content))})
	}
	return resp, res.Diagnostics
}

// Files are the descriptors of a request for protodesc: every file of
// proto_file, those to generate replaced by their source_file_descriptors
// when the compiler sends them (they keep the options of source
// retention, which proto_file drops).
func Files(req *pluginpb.CodeGeneratorRequest) []protodesc.File {
	source := map[string]*descriptorpb.FileDescriptorProto{}
	for _, fd := range req.GetSourceFileDescriptors() {
		source[fd.GetName()] = fd
	}
	var out []protodesc.File
	for _, fd := range req.GetProtoFile() {
		if s := source[fd.GetName()]; s != nil {
			fd = s
		}
		out = append(out, protodesc.File{Proto: fd})
	}
	return out
}

// registry is the built-in registry whose proto front-end is the model
// of files, built by protodesc: the directions from proto are the
// built-in ones, unchanged.
func registry(files []protodesc.File, names []string) (*convert.Registry, error) {
	builtin := convert.Builtin()
	reg := &convert.Registry{}
	for _, f := range builtin.Formats() {
		f := *f
		if f.Name == schema.Proto {
			f.Load = func(*convert.Request) ([]*schema.File, schema.Diagnostics) { return protodesc.Build(files, names) }
			f.Headers = nil
		}
		if err := reg.AddFormat(f); err != nil {
			return nil, fmt.Errorf("registering %s: %w", f.Name, err)
		}
	}
	for _, d := range builtin.Directions() {
		if err := reg.AddDirection(*d); err != nil {
			return nil, fmt.Errorf("registering %s → %s: %w", d.From, d.To, err)
		}
	}
	return reg, nil
}

// Options reads a plugin's parameter, KEY=VALUE pairs separated by
// commas, through the conversion key table: a key given several times
// (package_map, rules) takes each value in turn; a bool key alone
// (strict) is true.
func Options(param string) (convert.Options, error) {
	reg := convert.Builtin()
	spec := conversion.New(reg)
	var order []string
	texts := map[string][]string{}
	for _, part := range strings.Split(param, ",") {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		name, value, ok := strings.Cut(part, "=")
		k := conversion.KeyNamed(name)
		switch {
		case k == nil || !slices.Contains(Keys(), name):
			return convert.Options{}, fmt.Errorf("option %q: not one of the plugin's options (%s)", name, strings.Join(Keys(), ", "))
		case !ok && k.Kind != conversion.Bool:
			return convert.Options{}, fmt.Errorf("option %s wants a value: %s=VALUE", name, name)
		case !ok:
			value = "true"
		}
		if _, seen := texts[name]; !seen {
			order = append(order, name)
		}
		texts[name] = append(texts[name], value)
	}
	for _, name := range order {
		if err := spec.SetText(conversion.KeyNamed(name), texts[name], reg); err != nil {
			var pe *conversion.PairError
			if errors.As(err, &pe) {
				err = pe.Err
			}
			return convert.Options{}, fmt.Errorf("option %s: %w", name, err)
		}
	}
	return spec.Options, nil
}
