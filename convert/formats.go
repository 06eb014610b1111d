package convert

import (
	"fmt"

	"github.com/idlconv/idlconv/jsonschemaast"
	"github.com/idlconv/idlconv/protoast"
	"github.com/idlconv/idlconv/protoload"
	"github.com/idlconv/idlconv/schema"
	"github.com/idlconv/idlconv/thriftast"
)

// Builtin returns a new registry holding idlconv's formats (Thrift, proto,
// JSON Schema) and the six directions between them. Each call returns a
// fresh registry, which the caller may extend with AddFormat and
// AddDirection.
func Builtin() *Registry {
	r := &Registry{}
	for _, f := range []Format{
		{Name: schema.Thrift, Title: "Apache Thrift IDL", Extensions: []string{".thrift"},
			Load: loadThrift, Headers: thriftHeaders, Print: printThrift, OutputPath: thriftast.OutputPath, Rules: thriftast.Rules()},
		{Name: schema.Proto, Title: "Protocol Buffers", Aliases: []string{"protobuf"}, Extensions: []string{".proto"},
			Load: loadProto, Print: printProto, Rules: protoast.Rules()},
		{Name: schema.JSONSchema, Title: "JSON Schema", Aliases: []string{"json-schema", "json"}, Extensions: []string{".json"},
			WalkNeedsFrom: true, Load: loadJSONSchema, Print: printJSONSchema, Rules: jsonschemaast.Rules()},
	} {
		mustRegister(r.AddFormat(f))
	}
	for _, d := range []Direction{
		{From: schema.Thrift, To: schema.Proto, Map: mapThriftToProto, GroupKey: protoPackage, Rules: thriftToProtoRules()},
		{From: schema.Proto, To: schema.Thrift, Map: mapProtoToThrift, Rules: protoToThriftRules()},
		{From: schema.Thrift, To: schema.JSONSchema, Map: mapThriftToJSONSchema, GroupKey: noGroupKey, Rules: thriftToJSONSchemaRules()},
		{From: schema.Proto, To: schema.JSONSchema, Map: mapProtoToJSONSchema, Rules: protoToJSONSchemaRules()},
		{From: schema.JSONSchema, To: schema.Thrift, Map: mapJSONSchemaToThrift, Rules: jsonSchemaToThriftRules()},
		{From: schema.JSONSchema, To: schema.Proto, Map: mapJSONSchemaToProto, Rules: jsonSchemaToProtoRules()},
	} {
		mustRegister(r.AddDirection(d))
	}
	return r
}

// mustRegister panics on a registration error: the built-in table is
// fixed, so an error is a bug that every test run finds.
func mustRegister(err error) {
	if err != nil {
		panic("convert: built-in registry: " + err.Error())
	}
}

// loadThrift is the Thrift front-end.
func loadThrift(req *Request) ([]*schema.File, schema.Diagnostics) {
	l, ins := thriftLoader(req)
	return l.Load(ins)
}

// thriftLoader is the Thrift loader of a request, and its inputs.
func thriftLoader(req *Request) (*thriftast.Loader, []thriftast.Input) {
	l := &thriftast.Loader{ReadFile: req.ReadFile, IncludeDirs: req.IncludeDirs()}
	var ins []thriftast.Input
	for _, s := range req.Sources() {
		ins = append(ins, thriftast.Input{Path: s.Path, Name: s.Name})
	}
	return l, ins
}

// thriftHeaders reads what Thrift inputs include, for Convert's groups.
func thriftHeaders(req *Request) ([]FileHeader, bool) {
	l, ins := thriftLoader(req)
	hs, ok := l.Headers(ins)
	if !ok {
		return nil, false
	}
	out := make([]FileHeader, len(hs))
	for i, h := range hs {
		out[i] = FileHeader{Name: h.Name, Includes: h.Includes, Namespaces: h.Namespaces}
	}
	return out, true
}

// noGroupKey is the GroupKey of a direction that maps each file with what
// it includes and nothing else.
func noGroupKey(*schema.File, Options) string { return "" }

// loadProto is the proto front-end.
func loadProto(req *Request) ([]*schema.File, schema.Diagnostics) {
	l := &protoload.Loader{ReadFile: req.ReadFile, ImportPaths: req.IncludeDirs()}
	var ins []protoload.Input
	for _, s := range req.Sources() {
		ins = append(ins, protoload.Input{Path: s.Path, Name: s.Name})
	}
	return l.Load(ins)
}

// loadJSONSchema is the JSON Schema front-end.
func loadJSONSchema(req *Request) ([]*schema.File, schema.Diagnostics) {
	l := &jsonschemaast.Loader{ReadFile: req.ReadFile}
	for _, m := range req.Options.RefMap {
		l.RefMap = append(l.RefMap, jsonschemaast.RefMapping{Prefix: m.Prefix, Dir: toSlash(m.Dir)})
	}
	var ins []jsonschemaast.Input
	for _, s := range req.Sources() {
		ins = append(ins, jsonschemaast.Input{Path: s.Path, Name: s.Name})
	}
	return l.Load(ins)
}

func printThrift(doc any, header string) ([]byte, error) {
	f, ok := doc.(*schema.File)
	if !ok {
		return nil, fmt.Errorf("the Thrift printer takes a *schema.File, not %T", doc)
	}
	return thriftast.Print(f, header), nil
}

func printProto(doc any, header string) ([]byte, error) {
	f, ok := doc.(*schema.File)
	if !ok {
		return nil, fmt.Errorf("the proto printer takes a *schema.File, not %T", doc)
	}
	return protoast.Print(f, header), nil
}

// printJSONSchema prints a JSON Schema document; JSON has no comments, so
// the header is the first key, $comment.
func printJSONSchema(doc any, header string) ([]byte, error) {
	v, ok := doc.(*jsonschemaast.Value)
	if !ok || v.Kind != jsonschemaast.Object {
		return nil, fmt.Errorf("the JSON Schema printer takes an object *jsonschemaast.Value, not %T", doc)
	}
	if header != "" {
		c := *v
		c.Keys = append([]string{"$comment"}, v.Keys...)
		c.Vals = append([]*jsonschemaast.Value{jsonschemaast.NewString(header)}, v.Vals...)
		v = &c
	}
	return jsonschemaast.Print(v), nil
}
