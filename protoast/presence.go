package protoast

import (
	"strings"

	"github.com/idlconv/idlconv/schema"
)

// Editions feature values of field_presence.
const (
	featureFieldPresence = "features.field_presence"
	presenceExplicit     = "EXPLICIT"
	presenceImplicit     = "IMPLICIT"
	presenceRequired     = "LEGACY_REQUIRED"
)

// settlePresence gives every field of the loaded files the presence that
// protobuf's own rules give it, so that no converter re-derives them:
//
//   - repeated and map fields: PresenceDefault (no presence);
//   - required (proto2), or LEGACY_REQUIRED (editions): PresenceRequired;
//   - message fields, groups and oneof members: PresenceOptional
//     (explicit presence) in every syntax;
//   - other singular fields: PresenceOptional in proto2 and, under
//     editions, where the field_presence feature (of the field, else of
//     the file; protoc allows it nowhere else) is EXPLICIT, its default;
//     PresenceDefault (implicit presence) in proto3 without `optional`
//     and under IMPLICIT.
func settlePresence(files []*schema.File) {
	for _, f := range files {
		fileFeature, ok := featureValue(f.Annotations)
		if !ok {
			fileFeature = presenceExplicit
		}
		settleDecls(f.Syntax, fileFeature, f.Decls)
	}
}

func settleDecls(syntax, fileFeature string, decls []schema.Decl) {
	for _, d := range decls {
		if s, ok := d.(*schema.Struct); ok {
			for _, fl := range s.Fields {
				fl.Presence = settledPresence(syntax, fileFeature, fl)
			}
			settleDecls(syntax, fileFeature, s.Nested)
		}
	}
}

func settledPresence(syntax, fileFeature string, f *schema.Field) schema.Presence {
	if f.Type.IsContainer() {
		return schema.PresenceDefault
	}
	if f.Presence == schema.PresenceRequired {
		return schema.PresenceRequired
	}
	feature := fileFeature
	if v, ok := featureValue(f.Annotations); ok {
		feature = v
	}
	isEditions := IsEditions(syntax)
	if isEditions && feature == presenceRequired {
		return schema.PresenceRequired
	}
	_, isMessage := f.Type.Decl.(*schema.Struct)
	switch {
	case f.Oneof != "", f.Type.Kind == schema.TypeNamed && isMessage:
		return schema.PresenceOptional
	case syntax == "proto2":
		return schema.PresenceOptional
	case isEditions && feature != presenceImplicit:
		return schema.PresenceOptional
	}
	return f.Presence
}

// featureValue returns the field_presence feature among annotations.
func featureValue(anns []schema.Annotation) (string, bool) {
	for _, a := range anns {
		if a.Key == featureFieldPresence {
			return a.Value, true
		}
	}
	return "", false
}

// IsEditions reports whether a model file's Syntax is an edition
// ("editions 2023").
func IsEditions(syntax string) bool { return strings.HasPrefix(syntax, "editions") }
