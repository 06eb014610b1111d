package protoplugin_test

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/idlconv/idlconv/convert"
	"github.com/idlconv/idlconv/internal/testkit/prototest"
	"github.com/idlconv/idlconv/schema"
)

// bufModule is a small buf module: an editions 2023 file (explicit and
// implicit presence, a legacy required field, a delimited message) that
// imports a proto3 one.
var bufModule = map[string]string{
	"buf.yaml": "version: v2\n",
	"shop/v1/order.proto": `edition = "2023";

package shop.v1;

import "shop/v1/money.proto";

option features.field_presence = IMPLICIT;

// An order.
message Order {
  string id = 1; // its id
  Money total = 2;
  int32 count = 3 [features.field_presence = EXPLICIT];
  string note = 4 [features.field_presence = LEGACY_REQUIRED];
  Line line = 5 [features.message_encoding = DELIMITED];
  message Line {
    string sku = 1;
  }
  repeated string tags = 6;
}
`,
	"shop/v1/money.proto": `syntax = "proto3";

package shop.v1;

message Money {
  string currency = 1;
  optional int64 units = 2;
}
`,
}

// TestBufGenerate runs buf generate with both plugins, local, on a module
// with an editions 2023 file, and compares the outputs with what convert
// (idlconv convert) writes for the same files.
func TestBufGenerate(t *testing.T) {
	buf, err := exec.LookPath("buf")
	if err != nil {
		if prototest.RequireTools() {
			t.Fatal("buf is not installed (scripts/test.sh installs it: npm install -g @bufbuild/buf@1.75.0); CI requires it")
		}
		t.Skip("buf is not installed (npm install -g @bufbuild/buf@1.75.0)")
	}
	bin := buildPlugins(t)
	dir := t.TempDir()
	for name, content := range bufModule {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	gen := "version: v2\nplugins:\n" +
		"  - local: " + filepath.Join(bin, "protoc-gen-thrift") + "\n    out: gen/thrift\n    opt: oneof=union\n" +
		"  - local: " + filepath.Join(bin, "protoc-gen-jsonschema") + "\n    out: gen/jsonschema\n    opt: [jsonschema_draft=7]\n"
	if err := os.WriteFile(filepath.Join(dir, "buf.gen.yaml"), []byte(gen), 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(buf, "generate")
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "BUF_CACHE_DIR="+t.TempDir())
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("buf generate: %v\n%s", err, stderr.String())
	}
	tests := []struct {
		to   schema.Format
		out  string
		opts convert.Options
	}{
		{to: schema.Thrift, out: "gen/thrift", opts: convert.Options{Oneof: convert.OneofUnion}},
		{to: schema.JSONSchema, out: "gen/jsonschema", opts: convert.Options{JSONSchemaDraft: "7"}},
	}
	for _, tt := range tests {
		got := readTree(t, filepath.Join(dir, tt.out))
		opts := tt.opts
		opts.To, opts.IncludeDirs = tt.to, []string{dir}
		res, err := convert.Convert(context.Background(), []convert.Input{
			{Path: filepath.Join(dir, "shop", "v1", "money.proto")}, {Path: filepath.Join(dir, "shop", "v1", "order.proto")}}, opts)
		if err != nil {
			t.Fatal(err)
		}
		if res.Diagnostics.HasErrors() {
			t.Fatalf("idlconv convert: %s", res.Diagnostics.Err())
		}
		for _, f := range res.Files {
			switch g, ok := got[f.Path]; {
			case !ok:
				t.Errorf("%s: buf generate wrote no %s", tt.to, f.Path)
			case !bytes.Equal(g, f.Content):
				t.Errorf("%s: %s differs from idlconv convert's: %s", tt.to, f.Path, firstDifference(f.Content, g))
			}
			delete(got, f.Path)
		}
		for p := range got {
			t.Errorf("%s: buf generate wrote %s, idlconv convert did not", tt.to, p)
		}
	}
	t.Logf("buf generate: stderr %q", stderr.String())
}
