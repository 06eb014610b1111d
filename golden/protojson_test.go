package golden

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/bufbuild/protocompile"
	"github.com/idlconv/idlconv/internal/jsonschema"
	"google.golang.org/protobuf/encoding/protojson"
	"google.golang.org/protobuf/reflect/protoreflect"
	"google.golang.org/protobuf/types/dynamicpb"

	"github.com/idlconv/idlconv/convert"
	"github.com/idlconv/idlconv/internal/testkit/corpustest"
	"github.com/idlconv/idlconv/internal/testkit/meaningtest"
	"github.com/idlconv/idlconv/schema"
)

// protoSet is a set of .proto files to check against their JSON Schemas.
type protoSet struct {
	name    string
	files   map[string][]byte // path → content, imports included
	targets []string          // the files whose messages are checked
}

// compileProtos compiles files with protocompile and returns the
// descriptors of targets.
func compileProtos(t *testing.T, set protoSet) []protoreflect.FileDescriptor {
	t.Helper()
	acc := map[string]string{}
	for k, v := range set.files {
		acc[k] = string(v)
	}
	c := protocompile.Compiler{SourceInfoMode: protocompile.SourceInfoStandard, Resolver: protocompile.WithStandardImports(&protocompile.SourceResolver{
		Accessor: protocompile.SourceAccessorFromMap(acc)})}
	res, err := c.Compile(context.Background(), set.targets...)
	if err != nil {
		t.Fatalf("%s: %v", set.name, err)
	}
	var out []protoreflect.FileDescriptor
	for _, f := range res {
		out = append(out, f)
	}
	return out
}

// schemaFor converts the targets, and the files they import, to JSON
// Schema with idlconv and compiles the documents; it returns the
// compiler's schema for each message by file and $defs name.
func schemaFor(t *testing.T, set protoSet, fds []protoreflect.FileDescriptor) map[string]*jsonschema.Schema {
	t.Helper()
	fsys := fstest.MapFS{}
	for k, v := range set.files {
		fsys[k] = &fstest.MapFile{Data: v}
	}
	var inputs []convert.Input
	seen := map[string]bool{}
	var add func(fd protoreflect.FileDescriptor)
	add = func(fd protoreflect.FileDescriptor) {
		if seen[fd.Path()] || set.files[fd.Path()] == nil {
			return
		}
		seen[fd.Path()] = true
		inputs = append(inputs, convert.Input{Path: fd.Path(), Name: fd.Path()})
		imps := fd.Imports()
		for i := 0; i < imps.Len(); i++ {
			add(imps.Get(i).FileDescriptor)
		}
	}
	for _, fd := range fds {
		add(fd)
	}
	res, err := convert.Convert(context.Background(), inputs, convert.Options{To: schema.JSONSchema, FS: fsys, IncludeDirs: []string{"."}})
	if err != nil || res.Diagnostics.HasErrors() {
		t.Fatalf("%s: converting to JSON Schema: %v\n%s", set.name, err, res.Diagnostics)
	}
	c := jsonschema.NewCompiler()
	for _, f := range res.Files {
		doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(f.Content))
		if err != nil {
			t.Fatal(err)
		}
		if err := c.AddResource("file:///"+f.Path, doc); err != nil {
			t.Fatal(err)
		}
	}
	out := map[string]*jsonschema.Schema{}
	for _, f := range res.Files {
		var doc struct {
			Defs map[string]json.RawMessage `json:"$defs"`
		}
		_ = json.Unmarshal(f.Content, &doc)
		for name := range doc.Defs {
			sch, err := c.Compile("file:///" + f.Path + "#/$defs/" + name)
			if err != nil {
				t.Fatalf("%s: compiling %s#/$defs/%s: %v", set.name, f.Path, name, err)
			}
			out[strings.TrimSuffix(f.Path, ".json")+".proto#"+name] = sch
		}
	}
	return out
}

// defName is the $defs name idlconv gives a message: its name within the
// package, nesting flattened with '_' (and _2 where that name is taken).
func defName(md protoreflect.MessageDescriptor) string {
	return meaningtest.FlatNames(md.ParentFile())[md.FullName()]
}

// filler fills messages with varied values, deterministically.
type filler struct {
	n     int
	depth int
}

func (f *filler) next() int { f.n++; return f.n }

func (f *filler) message(m protoreflect.Message, variant int) {
	md := m.Descriptor()
	switch md.FullName() {
	case "google.protobuf.Any":
		return // its JSON needs the packed type's descriptor
	case "google.protobuf.Timestamp", "google.protobuf.Duration":
		m.Set(md.Fields().ByName("seconds"), protoreflect.ValueOfInt64(int64(1_600_000_000+f.next())))
		m.Set(md.Fields().ByName("nanos"), protoreflect.ValueOfInt32(int32(f.next()*1000)))
		return
	case "google.protobuf.FieldMask":
		l := m.Mutable(md.Fields().ByName("paths")).List()
		l.Append(protoreflect.ValueOfString("display_name"))
		l.Append(protoreflect.ValueOfString("address.city"))
		return
	case "google.protobuf.Value":
		m.Set(md.Fields().ByName("string_value"), protoreflect.ValueOfString("v"))
		return
	}
	if f.depth > 3 {
		return
	}
	f.depth++
	defer func() { f.depth-- }()
	fields := md.Fields()
	seen := map[protoreflect.Name]bool{}
	for i := 0; i < fields.Len(); i++ {
		fd := fields.Get(i)
		if o := fd.ContainingOneof(); o != nil && !o.IsSynthetic() {
			if seen[o.Name()] {
				continue
			}
			seen[o.Name()] = true
			// One member of each oneof, a different one per variant.
			fd = o.Fields().Get((variant + i) % o.Fields().Len())
		} else if (variant+i)%4 == 3 && fd.Cardinality() != protoreflect.Required {
			continue // leave some fields unset
		}
		f.field(m, fd, variant)
	}
}

func (f *filler) field(m protoreflect.Message, fd protoreflect.FieldDescriptor, variant int) {
	switch {
	case fd.IsMap():
		mp := m.Mutable(fd).Map()
		for k := 0; k < 2; k++ {
			key := f.scalar(fd.MapKey(), variant+k).MapKey()
			if fd.MapValue().Kind() == protoreflect.MessageKind {
				v := mp.NewValue()
				f.message(v.Message(), variant+k)
				mp.Set(key, v)
			} else {
				mp.Set(key, f.scalar(fd.MapValue(), variant+k))
			}
		}
	case fd.IsList():
		l := m.Mutable(fd).List()
		for k := 0; k < 1+variant%2; k++ {
			if fd.Kind() == protoreflect.MessageKind || fd.Kind() == protoreflect.GroupKind {
				v := l.NewElement()
				f.message(v.Message(), variant+k)
				l.Append(v)
			} else {
				l.Append(f.scalar(fd, variant+k))
			}
		}
	case fd.Kind() == protoreflect.MessageKind || fd.Kind() == protoreflect.GroupKind:
		if fd.Message().FullName() == "google.protobuf.Any" {
			return
		}
		f.message(m.Mutable(fd).Message(), variant)
	default:
		m.Set(fd, f.scalar(fd, variant))
	}
}

// scalar picks a value: extremes on some variants, ordinary ones on others.
func (f *filler) scalar(fd protoreflect.FieldDescriptor, variant int) protoreflect.Value {
	extreme := variant%3 == 1
	switch fd.Kind() {
	case protoreflect.BoolKind:
		return protoreflect.ValueOfBool(variant%2 == 0)
	case protoreflect.Int32Kind, protoreflect.Sint32Kind, protoreflect.Sfixed32Kind:
		if extreme {
			return protoreflect.ValueOfInt32(math.MinInt32)
		}
		return protoreflect.ValueOfInt32(int32(f.next()))
	case protoreflect.Int64Kind, protoreflect.Sint64Kind, protoreflect.Sfixed64Kind:
		if extreme {
			return protoreflect.ValueOfInt64(math.MinInt64)
		}
		return protoreflect.ValueOfInt64(int64(f.next()) * 1_000_000_007)
	case protoreflect.Uint32Kind, protoreflect.Fixed32Kind:
		if extreme {
			return protoreflect.ValueOfUint32(math.MaxUint32)
		}
		return protoreflect.ValueOfUint32(uint32(f.next()))
	case protoreflect.Uint64Kind, protoreflect.Fixed64Kind:
		if extreme {
			return protoreflect.ValueOfUint64(math.MaxUint64)
		}
		return protoreflect.ValueOfUint64(uint64(f.next()))
	case protoreflect.FloatKind:
		if extreme {
			return protoreflect.ValueOfFloat32(float32(math.Inf(-1)))
		}
		return protoreflect.ValueOfFloat32(1.5)
	case protoreflect.DoubleKind:
		switch variant % 3 {
		case 1:
			return protoreflect.ValueOfFloat64(math.NaN())
		case 2:
			return protoreflect.ValueOfFloat64(math.MaxFloat64)
		}
		return protoreflect.ValueOfFloat64(-0.25)
	case protoreflect.StringKind:
		if extreme {
			return protoreflect.ValueOfString("")
		}
		return protoreflect.ValueOfString(fmt.Sprintf("héllo \"%d\"", f.next()))
	case protoreflect.BytesKind:
		if extreme {
			return protoreflect.ValueOfBytes([]byte{0, 0xff, 0xfe})
		}
		return protoreflect.ValueOfBytes([]byte("bytes"))
	case protoreflect.EnumKind:
		vals := fd.Enum().Values()
		return protoreflect.ValueOfEnum(vals.Get(variant % vals.Len()).Number())
	}
	return protoreflect.Value{}
}

// messages lists every message of a file, nested ones included, except
// map entries.
func messages(mds protoreflect.MessageDescriptors) []protoreflect.MessageDescriptor {
	var out []protoreflect.MessageDescriptor
	for i := 0; i < mds.Len(); i++ {
		md := mds.Get(i)
		if md.IsMapEntry() || meaningtest.IsEnumScope(md) {
			continue
		}
		out = append(out, md)
		out = append(out, messages(md.Messages())...)
	}
	return out
}

// mutations returns documents that protojson would reject and so must the
// schema: a field of the wrong type, two members of a oneof, an unknown
// enum name.
func mutations(md protoreflect.MessageDescriptor, doc map[string]any) map[string]map[string]any {
	out := map[string]map[string]any{}
	clone := func() map[string]any {
		c := map[string]any{}
		for k, v := range doc {
			c[k] = v
		}
		return c
	}
	fields := md.Fields()
	for i := 0; i < fields.Len(); i++ {
		fd := fields.Get(i)
		name := fd.JSONName()
		switch {
		case fd.Kind() == protoreflect.StringKind && !fd.IsList() && !fd.IsMap() && out["wrong type"] == nil:
			c := clone()
			c[name] = map[string]any{"not": "a string"}
			out["wrong type"] = c
		case fd.Kind() == protoreflect.EnumKind && !fd.IsList() && !fd.IsMap() && fd.Enum().FullName() != "google.protobuf.NullValue" && out["unknown enum name"] == nil:
			c := clone()
			c[name] = "NOT_A_VALUE_OF_THIS_ENUM"
			out["unknown enum name"] = c
		}
	}
	oneofs := md.Oneofs()
	for i := 0; i < oneofs.Len(); i++ {
		o := oneofs.Get(i)
		if o.IsSynthetic() || o.Fields().Len() < 2 || out["two oneof members"] != nil {
			continue
		}
		c := clone()
		for j := 0; j < 2; j++ {
			fd := o.Fields().Get(j)
			if _, ok := c[fd.JSONName()]; !ok {
				c[fd.JSONName()] = sampleJSON(fd)
			}
		}
		out["two oneof members"] = c
	}
	return out
}

// sampleJSON is a valid JSON value for a field, for building mutations.
func sampleJSON(fd protoreflect.FieldDescriptor) any {
	switch fd.Kind() {
	case protoreflect.MessageKind, protoreflect.GroupKind:
		return map[string]any{}
	case protoreflect.StringKind, protoreflect.BytesKind:
		return ""
	case protoreflect.BoolKind:
		return true
	case protoreflect.EnumKind:
		return string(fd.Enum().Values().Get(0).Name())
	case protoreflect.Int64Kind, protoreflect.Sint64Kind, protoreflect.Sfixed64Kind, protoreflect.Uint64Kind, protoreflect.Fixed64Kind:
		return "1"
	}
	return 1
}

// checkProtoJSON fills every message of the set with protojson-written
// values and validates them against idlconv's schemas; mutated documents
// must fail. It returns how many documents it checked.
func checkProtoJSON(t *testing.T, set protoSet) (valid, rejected int) {
	t.Helper()
	fds := compileProtos(t, set)
	schemas := schemaFor(t, set, fds)
	for _, fd := range fds {
		for _, md := range messages(fd.Messages()) {
			sch := schemas[fd.Path()+"#"+defName(md)]
			if sch == nil {
				t.Errorf("%s: no schema for message %s", set.name, md.FullName())
				continue
			}
			for variant := 0; variant < 3; variant++ {
				m := dynamicpb.NewMessage(md)
				(&filler{}).message(m, variant)
				b, err := protojson.MarshalOptions{AllowPartial: true}.Marshal(m)
				if err != nil {
					t.Fatalf("%s: protojson: %v", md.FullName(), err)
				}
				doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(b))
				if err != nil {
					t.Fatal(err)
				}
				if err := sch.Validate(doc); err != nil {
					t.Errorf("%s (variant %d): protojson wrote %s, which the schema rejects: %v", md.FullName(), variant, b, err)
					continue
				}
				valid++
				obj, ok := doc.(map[string]any)
				if !ok || variant != 0 {
					continue
				}
				for what, bad := range mutations(md, obj) {
					if sch.Validate(bad) == nil {
						t.Errorf("%s: the schema accepts a document with %s: %v", md.FullName(), what, bad)
					} else {
						rejected++
					}
				}
			}
		}
	}
	return valid, rejected
}

// TestProtoJSONGolden checks the JSON Schema of every proto golden input
// and output against what protojson really writes.
func TestProtoJSONGolden(t *testing.T) {
	var valid, rejected int
	for _, c := range loadCases(t) {
		set := protoSet{name: c.name, files: map[string][]byte{}}
		for name, data := range c.inputs {
			if path.Ext(name) == ".proto" {
				set.files[name] = data
				set.targets = append(set.targets, name)
			}
		}
		if len(set.targets) == 0 && c.options["to"] == "proto" {
			for _, f := range c.run(t).Files {
				set.files[f.Path] = f.Content
				set.targets = append(set.targets, f.Path)
			}
		}
		if len(set.targets) == 0 {
			continue
		}
		// Cases that fail to convert to JSON Schema or to compile are
		// covered by the other golden tests.
		if !convertible(set) {
			continue
		}
		sort.Strings(set.targets)
		t.Run(c.name, func(t *testing.T) {
			v, r := checkProtoJSON(t, set)
			valid += v
			rejected += r
		})
	}
	t.Logf("protojson: %d documents written by protojson validate against idlconv's schemas; %d mutated documents are rejected", valid, rejected)
	if valid == 0 || rejected == 0 {
		t.Error("nothing was checked")
	}
}

// convertible reports whether a set compiles and converts without errors.
func convertible(set protoSet) bool {
	acc := map[string]string{}
	for k, v := range set.files {
		acc[k] = string(v)
	}
	c := protocompile.Compiler{SourceInfoMode: protocompile.SourceInfoStandard, Resolver: protocompile.WithStandardImports(&protocompile.SourceResolver{
		Accessor: protocompile.SourceAccessorFromMap(acc)})}
	if _, err := c.Compile(context.Background(), set.targets...); err != nil {
		return false
	}
	fsys := fstest.MapFS{}
	for k, v := range set.files {
		fsys[k] = &fstest.MapFile{Data: v}
	}
	var inputs []convert.Input
	for _, target := range set.targets {
		inputs = append(inputs, convert.Input{Path: target, Name: target})
	}
	res, err := convert.Convert(context.Background(), inputs, convert.Options{To: schema.JSONSchema, FS: fsys, IncludeDirs: []string{"."}})
	return err == nil && !res.Diagnostics.HasErrors()
}

// TestProtoJSONCorpus does the same for a part of the proto corpus:
// gRPC's and OpenTelemetry's files, and googleapis' google/type.
func TestProtoJSONCorpus(t *testing.T) {
	corpus := corpustest.Load(t, "proto")
	parts := []struct{ repo, under string }{
		{"grpc-grpc-proto", ""},
		{"open-telemetry-opentelemetry-proto", ""},
		{"googleapis-googleapis", "google/type"},
	}
	var valid, rejected, files int
	for _, p := range parts {
		tree := corpus.Tree(t, p.repo)
		set := protoSet{name: p.repo, files: map[string][]byte{}}
		for _, fp := range tree.Files {
			rel, err := filepath.Rel(tree.Dir, fp)
			if err != nil {
				t.Fatal(err)
			}
			rel = filepath.ToSlash(rel)
			data, err := os.ReadFile(fp)
			if err != nil {
				t.Fatal(err)
			}
			set.files[rel] = data
			if strings.HasPrefix(rel, p.under) {
				single := protoSet{name: rel, files: set.files, targets: []string{rel}}
				if convertible(single) {
					set.targets = append(set.targets, rel)
				}
			}
		}
		for _, target := range set.targets {
			single := protoSet{name: target, files: set.files, targets: []string{target}}
			t.Run(target, func(t *testing.T) {
				v, r := checkProtoJSON(t, single)
				valid += v
				rejected += r
				files++
			})
		}
	}
	t.Logf("protojson on the corpus: %d files; %d documents validate; %d mutated documents are rejected", files, valid, rejected)
}
