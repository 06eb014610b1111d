package protoast

import (
	"strings"

	"google.golang.org/protobuf/reflect/protoreflect"
	"google.golang.org/protobuf/types/descriptorpb"
	"google.golang.org/protobuf/types/known/anypb"
	"google.golang.org/protobuf/types/known/apipb"
	"google.golang.org/protobuf/types/known/durationpb"
	"google.golang.org/protobuf/types/known/emptypb"
	"google.golang.org/protobuf/types/known/fieldmaskpb"
	"google.golang.org/protobuf/types/known/sourcecontextpb"
	"google.golang.org/protobuf/types/known/structpb"
	"google.golang.org/protobuf/types/known/timestamppb"
	"google.golang.org/protobuf/types/known/typepb"
	"google.golang.org/protobuf/types/known/wrapperspb"

	"github.com/idlconv/idlconv/schema"
)

// wellKnownFiles are the descriptors google.golang.org/protobuf carries
// for the google/protobuf/*.proto files; idlconv builds the model of a
// well-known import from them instead of copying .proto sources.
var wellKnownFiles = []protoreflect.FileDescriptor{
	anypb.File_google_protobuf_any_proto,
	apipb.File_google_protobuf_api_proto,
	descriptorpb.File_google_protobuf_descriptor_proto,
	durationpb.File_google_protobuf_duration_proto,
	emptypb.File_google_protobuf_empty_proto,
	fieldmaskpb.File_google_protobuf_field_mask_proto,
	sourcecontextpb.File_google_protobuf_source_context_proto,
	structpb.File_google_protobuf_struct_proto,
	timestamppb.File_google_protobuf_timestamp_proto,
	typepb.File_google_protobuf_type_proto,
	wrapperspb.File_google_protobuf_wrappers_proto,
}

// WellKnownFile returns a fresh model of a google/protobuf/*.proto file
// (built from the descriptors google.golang.org/protobuf carries, without
// positions, options or comments), or nil when name is not one of them:
// both proto front-ends (this one and package protodesc) build a
// well-known import with it.
func WellKnownFile(name string) *schema.File {
	for _, fd := range wellKnownFiles {
		if fd.Path() == name {
			return fromDescriptor(fd)
		}
	}
	return nil
}

// IsWellKnown reports whether f is one of the well-known
// google/protobuf/*.proto files, by its name and package: wherever it was
// found (built in, or on an import path), its types get the documented
// mapping of the well-known types.
func IsWellKnown(f *schema.File) bool {
	if f == nil || f.Package != "google.protobuf" || !strings.HasPrefix(f.Path, "google/protobuf/") {
		return false
	}
	for _, fd := range wellKnownFiles {
		if fd.Path() == f.Path {
			return true
		}
	}
	return false
}

// fromDescriptor builds the model of a file from its descriptor. Types are
// named fully qualified, with a leading dot.
func fromDescriptor(fd protoreflect.FileDescriptor) *schema.File {
	f := &schema.File{Path: fd.Path(), Format: schema.Proto, Syntax: fd.Syntax().String(), Package: string(fd.Package())}
	imps := fd.Imports()
	for i := 0; i < imps.Len(); i++ {
		f.Imports = append(f.Imports, &schema.Import{Path: imps.Get(i).Path(), Public: imps.Get(i).IsPublic})
	}
	msgs := fd.Messages()
	for i := 0; i < msgs.Len(); i++ {
		f.Decls = append(f.Decls, messageFromDescriptor(msgs.Get(i)))
	}
	enums := fd.Enums()
	for i := 0; i < enums.Len(); i++ {
		f.Decls = append(f.Decls, enumFromDescriptor(enums.Get(i)))
	}
	return f
}

func messageFromDescriptor(md protoreflect.MessageDescriptor) *schema.Struct {
	s := &schema.Struct{Name: string(md.Name())}
	oneofs := md.Oneofs()
	for i := 0; i < oneofs.Len(); i++ {
		if !oneofs.Get(i).IsSynthetic() {
			s.Oneofs = append(s.Oneofs, &schema.Oneof{Name: string(oneofs.Get(i).Name())})
		}
	}
	nested := md.Messages()
	for i := 0; i < nested.Len(); i++ {
		if !nested.Get(i).IsMapEntry() {
			s.Nested = append(s.Nested, messageFromDescriptor(nested.Get(i)))
		}
	}
	enums := md.Enums()
	for i := 0; i < enums.Len(); i++ {
		s.Nested = append(s.Nested, enumFromDescriptor(enums.Get(i)))
	}
	fields := md.Fields()
	for i := 0; i < fields.Len(); i++ {
		fd := fields.Get(i)
		f := &schema.Field{Name: string(fd.Name()), ID: int(fd.Number()), IDExplicit: true}
		switch {
		case fd.IsMap():
			f.Type = &schema.Type{Kind: schema.TypeMap, Key: TypeOf(fd.MapKey(), schema.Pos{}), Elem: TypeOf(fd.MapValue(), schema.Pos{})}
		case fd.IsList():
			f.Type = &schema.Type{Kind: schema.TypeList, Elem: TypeOf(fd, schema.Pos{})}
		default:
			f.Type = TypeOf(fd, schema.Pos{})
			switch {
			case fd.Cardinality() == protoreflect.Required:
				f.Presence = schema.PresenceRequired
			case fd.HasPresence():
				f.Presence = schema.PresenceOptional
			}
		}
		if o := fd.ContainingOneof(); o != nil && !o.IsSynthetic() {
			f.Oneof = string(o.Name())
		}
		s.Fields = append(s.Fields, f)
	}
	return s
}

func enumFromDescriptor(ed protoreflect.EnumDescriptor) *schema.Enum {
	e := &schema.Enum{Name: string(ed.Name())}
	vals := ed.Values()
	for i := 0; i < vals.Len(); i++ {
		e.Values = append(e.Values, &schema.EnumValue{Name: string(vals.Get(i).Name()), Value: int64(vals.Get(i).Number())})
	}
	return e
}

// scalarKinds are the model's kind and encoding of each scalar type.
var scalarKinds = map[protoreflect.Kind]struct {
	kind schema.TypeKind
	enc  schema.Encoding
}{
	protoreflect.DoubleKind: {schema.TypeDouble, 0}, protoreflect.FloatKind: {schema.TypeFloat, 0},
	protoreflect.Int32Kind: {schema.TypeI32, schema.EncodingVarint}, protoreflect.Int64Kind: {schema.TypeI64, schema.EncodingVarint},
	protoreflect.Uint32Kind: {schema.TypeU32, schema.EncodingVarint}, protoreflect.Uint64Kind: {schema.TypeU64, schema.EncodingVarint},
	protoreflect.Sint32Kind: {schema.TypeI32, schema.EncodingZigZag}, protoreflect.Sint64Kind: {schema.TypeI64, schema.EncodingZigZag},
	protoreflect.Fixed32Kind: {schema.TypeU32, schema.EncodingFixed}, protoreflect.Fixed64Kind: {schema.TypeU64, schema.EncodingFixed},
	protoreflect.Sfixed32Kind: {schema.TypeI32, schema.EncodingFixed}, protoreflect.Sfixed64Kind: {schema.TypeI64, schema.EncodingFixed},
	protoreflect.BoolKind: {schema.TypeBool, 0}, protoreflect.StringKind: {schema.TypeString, 0}, protoreflect.BytesKind: {schema.TypeBinary, 0},
}

// TypeOf is the model type of a field descriptor's singular value (a map
// entry's key or value): a scalar kind with its encoding, or a named type
// written fully qualified with a leading dot; both proto front-ends'
// types.
func TypeOf(fd protoreflect.FieldDescriptor, p schema.Pos) *schema.Type {
	switch fd.Kind() {
	case protoreflect.MessageKind, protoreflect.GroupKind:
		return &schema.Type{Pos: p, Kind: schema.TypeNamed, Name: "." + string(fd.Message().FullName())}
	case protoreflect.EnumKind:
		return &schema.Type{Pos: p, Kind: schema.TypeNamed, Name: "." + string(fd.Enum().FullName())}
	}
	s := scalarKinds[fd.Kind()]
	return &schema.Type{Pos: p, Kind: s.kind, Encoding: s.enc}
}
