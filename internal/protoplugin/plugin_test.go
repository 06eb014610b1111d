package protoplugin_test

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"testing"

	"github.com/idlconv/idlconv/convert"
	"github.com/idlconv/idlconv/internal/protoplugin"
	"github.com/idlconv/idlconv/internal/testkit/corpustest"
	"github.com/idlconv/idlconv/internal/testkit/prototest"
	"github.com/idlconv/idlconv/schema"
)

func TestOptions(t *testing.T) {
	tests := []struct {
		param   string
		want    func(o *convert.Options)
		wantErr string
	}{
		{param: ""},
		{param: "oneof=union", want: func(o *convert.Options) { o.Oneof = convert.OneofUnion }},
		{param: "strict", want: func(o *convert.Options) { o.Strict = true }},
		{param: "strict=true,package=acme.v1", want: func(o *convert.Options) { o.Strict, o.Package = true, "acme.v1" }},
		{param: "package_map=a=b,package_map=c.d=e", want: func(o *convert.Options) {
			o.PackageMap = []convert.PackageMapping{{From: "a", To: "b"}, {From: "c.d", To: "e"}}
		}},
		{param: "jsonschema_draft=7,go_package_prefix=github.com/acme/", want: func(o *convert.Options) {
			o.JSONSchemaDraft, o.GoPackagePrefix = "7", "github.com/acme/"
		}},
		{param: "rules=well-known-type=off", want: func(o *convert.Options) { o.SetRuleLevel("well-known-type", convert.RuleOff) }},
		{param: "proto_syntax=proto2", wantErr: `option "proto_syntax": not one of the plugin's options`},
		{param: "output=x", wantErr: `option "output": not one of the plugin's options`},
		{param: "nope=1", wantErr: `option "nope": not one of the plugin's options`},
		{param: "oneof", wantErr: "option oneof wants a value"},
		{param: "oneof=maybe", wantErr: "option oneof: "},
		{param: "rules=no-such-rule=off", wantErr: `option rules: no rule "no-such-rule"`},
		{param: "package_map=a", wantErr: "option package_map: wants FROM=TO"},
	}
	for _, tt := range tests {
		t.Run(tt.param, func(t *testing.T) {
			got, err := protoplugin.Options(tt.param)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("error %v, want one with %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			want, _ := protoplugin.Options("")
			if tt.want != nil {
				tt.want(&want)
			}
			if !reflect.DeepEqual(got, want) {
				t.Errorf("got %+v, want %+v", got, want)
			}
		})
	}
}

// buildPlugins builds the two commands into a temporary folder.
func buildPlugins(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	cmd := exec.Command("go", "build", "-o", dir+string(filepath.Separator), "github.com/idlconv/idlconv/cmd/protoc-gen-thrift", "github.com/idlconv/idlconv/cmd/protoc-gen-jsonschema")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return dir
}

// protocInclude is the folder of protoc's google/protobuf/*.proto, or "".
func protocInclude() string {
	for _, d := range []string{"/usr/include", "/usr/local/include"} {
		if _, err := os.Stat(filepath.Join(d, "google", "protobuf", "descriptor.proto")); err == nil {
			return d
		}
	}
	return ""
}

// readTree reads every file under dir, by slash path relative to it.
func readTree(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	out := map[string][]byte{}
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		out[filepath.ToSlash(rel)], err = os.ReadFile(p)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// TestProtocCorpus runs protoc with each plugin over the googleapis tree,
// and the envoy tree with the trees it imports from, in one invocation
// each, and compares every output with what convert (idlconv convert)
// writes for the same files: every output must be identical (both are
// built by package protodesc, from protoc's descriptors and from
// protocompile's), and the warnings the same.
func TestProtocCorpus(t *testing.T) {
	protoc, err := exec.LookPath("protoc")
	include := protocInclude()
	if (err != nil || include == "") && prototest.RequireTools() {
		t.Fatal("protoc and its google/protobuf/*.proto are required in CI")
	}
	if err != nil {
		t.Skip("protoc is not installed")
	}
	if include == "" {
		t.Skip("protoc's google/protobuf/*.proto are not installed")
	}
	corpus := corpustest.Load(t, "proto")
	bin := buildPlugins(t)
	tests := []struct {
		name  string
		trees []string
		roots []string
	}{
		{name: "googleapis", trees: []string{"googleapis-googleapis"}},
		{name: "envoy", trees: []string{"envoyproxy-data-plane-api", "cncf-xds", "bufbuild-protoc-gen-validate"}, roots: []string{"googleapis-googleapis"}},
	}
	for _, tt := range tests {
		for _, to := range []schema.Format{schema.Thrift, schema.JSONSchema} {
			t.Run(tt.name+"/"+string(to), func(t *testing.T) {
				var dirs, files []string
				for _, name := range append(append([]string(nil), tt.trees...), tt.roots...) {
					dirs = append(dirs, corpus.Tree(t, name).Dir)
				}
				var inputs []convert.Input
				for _, name := range tt.trees {
					for _, p := range corpus.Tree(t, name).Files {
						files = append(files, p)
						inputs = append(inputs, convert.Input{Path: p})
					}
				}
				out := t.TempDir()
				args := []string{}
				for _, d := range dirs {
					args = append(args, "-I", d)
				}
				args = append(args, "-I", include, fmt.Sprintf("--plugin=protoc-gen-%s=%s", to, filepath.Join(bin, "protoc-gen-"+string(to))),
					fmt.Sprintf("--%s_out=%s", to, out))
				cmd := exec.Command(protoc, append(args, files...)...)
				var stderr bytes.Buffer
				cmd.Stderr = &stderr
				if err := cmd.Run(); err != nil {
					t.Fatalf("protoc: %v\n%s", err, stderr.String())
				}
				got := readTree(t, out)
				res, err := convert.Convert(context.Background(), inputs, convert.Options{To: to, IncludeDirs: dirs})
				if err != nil {
					t.Fatal(err)
				}
				if res.Diagnostics.HasErrors() {
					t.Fatalf("idlconv convert: %s", res.Diagnostics.Err())
				}
				identical := 0
				var differing []string
				for _, f := range res.Files {
					g, ok := got[f.Path]
					switch {
					case !ok:
						t.Errorf("%s: protoc wrote no such output", f.Path)
					case bytes.Equal(g, f.Content):
						identical++
					default:
						differing = append(differing, f.Path+": "+firstDifference(f.Content, g))
					}
					delete(got, f.Path)
				}
				for p := range got {
					t.Errorf("%s: protoc wrote it, idlconv convert did not", p)
				}
				sort.Strings(differing)
				// The same warnings, named by import path rather than read
				// path.
				var want []string
				for _, d := range res.Diagnostics {
					for _, dir := range dirs {
						if rel, ok := strings.CutPrefix(d.Pos.File, filepath.ToSlash(dir)+"/"); ok {
							d.Pos.File = rel
							break
						}
					}
					want = append(want, d.String())
				}
				gotWarnings := strings.Split(strings.TrimSuffix(stderr.String(), "\n"), "\n")
				if len(want) == 0 && gotWarnings[0] == "" {
					gotWarnings = nil
				}
				sort.Strings(want)
				sort.Strings(gotWarnings)
				same := 0
				for _, w := range want {
					if i := sort.SearchStrings(gotWarnings, w); i < len(gotWarnings) && gotWarnings[i] == w {
						same++
					}
				}
				t.Logf("%s → %s: %d outputs, %d identical to idlconv convert's, %d differing; %d warnings on protoc's stderr, %d of idlconv convert's %d among them",
					tt.name, to, len(res.Files), identical, len(differing), len(gotWarnings), same, len(want))
				for _, d := range differing {
					t.Errorf("differs from idlconv convert's: %s", d)
				}
				if same != len(want) || len(gotWarnings) != len(want) {
					t.Errorf("protoc's stderr holds %d warnings, idlconv convert reports %d, %d of them alike", len(gotWarnings), len(want), same)
				}
			})
		}
	}
}

// firstDifference shows the first line where two outputs differ.
func firstDifference(want, got []byte) string {
	wl, gl := strings.Split(string(want), "\n"), strings.Split(string(got), "\n")
	for i := 0; i < len(wl) || i < len(gl); i++ {
		var w, g string
		if i < len(wl) {
			w = wl[i]
		}
		if i < len(gl) {
			g = gl[i]
		}
		if w != g {
			return fmt.Sprintf("line %d: idlconv %q, plugin %q", i+1, w, g)
		}
	}
	return "same lines"
}
