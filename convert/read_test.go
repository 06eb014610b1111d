package convert_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/idlconv/idlconv/convert"
	"github.com/idlconv/idlconv/schema"
)

// TestConfinedReads checks that front-ends read only regular files inside
// the inputs' folders and the -I roots, up to the size limit, and that
// the errors are positioned and quote nothing of a refused file.
func TestConfinedReads(t *testing.T) {
	dir := t.TempDir()
	secret := filepath.Join(dir, "secret.thrift")
	if err := os.WriteFile(secret, []byte("SECRET_TOKEN_VALUE\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	work := filepath.Join(dir, "a", "b")
	if err := os.MkdirAll(work, 0o755); err != nil {
		t.Fatal(err)
	}
	fifo := filepath.Join(work, "pipe.thrift")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Skipf("mkfifo: %v", err)
	}
	write := func(name, content string) string {
		p := filepath.Join(work, name)
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	tests := []struct {
		name    string
		input   string
		to      schema.Format
		maxSize int64
		want    string // a substring of the diagnostics
	}{
		{name: "include climbing out", input: write("climb.thrift", "include \"../../secret.thrift\"\nstruct S {\n  1: secret.X x\n}\n"),
			to: schema.Proto, want: "climb.thrift:1:1: error: cannot find include"},
		{name: "absolute include", input: write("abs.thrift", "include \""+secret+"\"\nstruct S {\n  1: i32 x\n}\n"),
			to: schema.Proto, want: "abs.thrift:1:1: error: cannot find include"},
		{name: "proto import of /dev/zero", input: write("zero.proto", "syntax = \"proto3\";\nimport \"/dev/zero\";\nmessage M {}\n"),
			to: schema.Thrift, want: "zero.proto:2:8: error: cannot find import"},
		{name: "include of a named pipe", input: write("pipe_user.thrift", "include \"pipe.thrift\"\nstruct S {\n  1: i32 x\n}\n"),
			to: schema.Proto, want: "pipe_user.thrift:1:1: error: cannot find include"},
		{name: "file over the size limit", input: write("big.thrift", "struct S {\n  1: i32 x\n}\n"+strings.Repeat("// padding\n", 100)),
			to: schema.Proto, maxSize: 100, want: "more than the limit of 100"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
			defer cancel()
			res, err := convert.Convert(ctx, []convert.Input{{Path: tt.input}}, convert.Options{To: tt.to, MaxFileSize: tt.maxSize})
			if err != nil {
				t.Fatal(err)
			}
			got := res.Diagnostics.String()
			if !strings.Contains(got, tt.want) || !res.Diagnostics.HasErrors() {
				t.Errorf("diagnostics:\n%s\nwant an error containing %q", got, tt.want)
			}
			if strings.Contains(got, "SECRET_TOKEN_VALUE") {
				t.Errorf("a diagnostic quotes the refused file:\n%s", got)
			}
		})
	}
}
