package project_test

import (
	"errors"
	"path/filepath"
	"strings"
	"testing"

	"github.com/idlconv/idlconv/convert"
	"github.com/idlconv/idlconv/project"
	"github.com/idlconv/idlconv/schema"
)

const full = `version: 1
conversions:
  - name: api
    sources: [idl/*.thrift]
    to: proto
    output: gen/proto/
    include: [idl]
    proto_syntax: editions
    package_map: {a.b: c.d}
    rules: {optional-container: off, required-field: error}
  - sources: schemas/order.json
    from: jsonschema
    to: thrift
    output: gen/order.thrift
    strict: true
    ref_map: {"https://example.com/": vendor}
`

// TestParse reads a full project file and checks what each key gives.
func TestParse(t *testing.T) {
	cfg, err := project.Parse(filepath.Join("p", "idlconv.yaml"), []byte(full), convert.Builtin())
	if err != nil {
		t.Fatal(err)
	}
	if len(cfg.Conversions) != 2 {
		t.Fatalf("%d conversions, want 2", len(cfg.Conversions))
	}
	a, b := cfg.Conversions[0], cfg.Conversions[1]
	checks := []struct {
		what      string
		got, want any
	}{
		{"name", a.Name, "api"},
		{"second name", b.Name, "conversion 2"},
		{"sources", a.Sources[0], "idl/*.thrift"},
		{"to", a.Options.To, schema.Proto},
		{"output", a.Output, filepath.Join("p", "gen", "proto") + string(filepath.Separator)},
		{"output is a folder", a.OutputDir, true},
		{"include", a.Options.IncludeDirs[0], filepath.Join("p", "idl")},
		{"syntax", a.Options.ProtoSyntax, "editions"},
		{"package map", a.Options.PackageMap[0], convert.PackageMapping{From: "a.b", To: "c.d"}},
		{"rule off", a.Options.RuleLevels["optional-container"], convert.RuleOff},
		{"rule error", a.Options.RuleLevels["required-field"], convert.RuleError},
		{"from", b.Options.From, schema.JSONSchema},
		{"strict", b.Options.Strict, true},
		{"ref map", b.Options.RefMap[0], convert.RefMapping{Prefix: "https://example.com/", Dir: filepath.Join("p", "vendor")}},
		{"default syntax", b.Options.ProtoSyntax, "proto3"},
		{"position", a.Pos.String(), "p/idlconv.yaml:3:5"},
	}
	for _, c := range checks {
		if c.got != c.want {
			t.Errorf("%s: got %v, want %v", c.what, c.got, c.want)
		}
	}
}

// TestParseErrors checks that each mistake is an error at its line and
// column.
func TestParseErrors(t *testing.T) {
	tests := []struct{ name, src, want string }{
		{"empty", "", "idlconv.yaml:1:1: the file is empty: it needs a conversions list"},
		{"not yaml", "a: b\n c: d\n", "idlconv.yaml:2:1: not valid YAML: mapping values are not allowed"},
		{"unknown top key", "conversion: []\n", `idlconv.yaml:1:1: unknown key "conversion"`},
		{"unknown key", "conversions:\n  - sources: a.thrift\n    to: proto\n    output: o/\n    sytnax: proto2\n", `idlconv.yaml:5:5: unknown key "sytnax" in a conversion`},
		{"bad format", "conversions:\n  - sources: a.thrift\n    to: avro\n    output: o/\n", "idlconv.yaml:3:9: "},
		{"bad syntax", "conversions:\n  - sources: a.thrift\n    to: proto\n    output: o/\n    proto_syntax: proto4\n", `idlconv.yaml:5:19: unknown proto syntax "proto4" (want proto3, proto2 or editions)`},
		{"bad rule", "conversions:\n  - sources: a.thrift\n    to: proto\n    output: o/\n    rules: {nope: off}\n", `idlconv.yaml:5:13: no rule "nope"`},
		{"bad level", "conversions:\n  - sources: a.thrift\n    to: proto\n    output: o/\n    rules: {required-field: loud}\n", "idlconv.yaml:5:29: a rule level is off, warning or error"},
		{"lowered error", "conversions:\n  - sources: a.thrift\n    to: proto\n    output: o/\n    rules: {invalid-field-id: off}\n", "idlconv.yaml:5:31: rule invalid-field-id reports errors"},
		{"no output", "conversions:\n  - sources: a.thrift\n    to: proto\n", "idlconv.yaml:2:5: conversion 1 has no output"},
		{"twice", "conversions:\n  - sources: a.thrift\n    to: proto\n    to: thrift\n", `idlconv.yaml:4:5: key "to" is given twice`},
		{"bad strict", "conversions:\n  - sources: a.thrift\n    to: proto\n    output: o/\n    strict: yes please\n", "idlconv.yaml:5:13: expected true or false"},
		{"same name", "conversions:\n  - {name: a, sources: x.thrift, to: proto, output: o/}\n  - {name: a, sources: y.thrift, to: proto, output: p/}\n", `idlconv.yaml:3:5: two conversions are named "a"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := project.Parse("idlconv.yaml", []byte(tt.src), convert.Builtin())
			if err == nil || len(err.Error()) < len(tt.want) || err.Error()[:len(tt.want)] != tt.want {
				t.Errorf("got %v, want %s…", err, tt.want)
			}
		})
	}
}

// TestParseErrorBytePositions checks that an error after multibyte
// characters on its line has the byte column (the YAML library counts
// characters) and the end of its token.
func TestParseErrorBytePositions(t *testing.T) {
	line := `  - {package: größe, sources: a.thrift, to: proto, output: o/, oneof: "bad"}`
	_, err := project.Parse("idlconv.yaml", []byte("conversions:\n"+line+"\n"), convert.Builtin())
	var pe *project.Error
	if !errors.As(err, &pe) {
		t.Fatalf("got %v, want a *project.Error", err)
	}
	col := strings.Index(line, `"bad"`) + 1
	if pe.Pos.Line != 2 || pe.Pos.Col != col || pe.Pos.EndLine != 2 || pe.Pos.EndCol != col+5 {
		t.Errorf("error at %d:%d-%d:%d, want 2:%d-2:%d", pe.Pos.Line, pe.Pos.Col, pe.Pos.EndLine, pe.Pos.EndCol, col, col+5)
	}
}
