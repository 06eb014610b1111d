package protoload

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/bufbuild/protocompile"
	"github.com/bufbuild/protocompile/linker"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/reflect/protoreflect"

	"github.com/idlconv/idlconv/internal/testkit/corpustest"
)

// optionsProto has the option statements whose paths optionIndex must
// find as protocompile's interpreter does: custom options by relative,
// nested and absolute names, repeated options set one statement at a
// time and lists in message literals, options of every kind of element, field
// pseudo-options, features and a message literal.
const optionsProto = `syntax = "proto2";
package acme.v1;
import "google/protobuf/descriptor.proto";

message Rule { optional int32 min = 1; repeated string tags = 2; optional Rule inner = 3; }
extend google.protobuf.FileOptions { repeated string owners = 50001; optional Rule file_rule = 50002; }
extend google.protobuf.MessageOptions { optional Rule rule = 50001; repeated int32 codes = 50002; }
extend google.protobuf.FieldOptions { optional Rule field_rule = 50001; repeated Rule field_rules = 50002; }
extend google.protobuf.EnumOptions { optional string enum_note = 50001; }
extend google.protobuf.EnumValueOptions { repeated string aliases = 50001; }
extend google.protobuf.ServiceOptions { optional string svc_note = 50001; }
extend google.protobuf.MethodOptions { repeated string scopes = 50001; }
extend google.protobuf.OneofOptions { optional string oneof_note = 50001; }
extend google.protobuf.ExtensionRangeOptions { optional string range_note = 50001; }

option (owners) = "a";
option (acme.v1.owners) = "b";
option (.acme.v1.owners) = "c";
option (file_rule).min = 1;
option (file_rule).tags = "x";
option (file_rule).tags = "y";
option (file_rule).inner.min = 2;
option java_package = "com.acme";
option optimize_for = SPEED;

message Outer {
  option (rule) = { min: 3 tags: ["p", "q"] inner: { tags: "i" } };
  option (rule).tags = "r";
  option (rule).inner.tags = "j";
  option (codes) = 1;
  option (codes) = 4;
  option deprecated = true;
  option (Outer.Local.local_note) = "outer";
  message Local {
    extend google.protobuf.MessageOptions { optional string local_note = 50100; }
    option (Outer.Local.local_note) = "inner";
  }
  optional int32 a = 1 [default = 5, json_name = "aa", (field_rule).min = 1, (field_rules) = {min: 1}, (field_rules) = {min: 2}, deprecated = true];
  repeated int32 b = 2 [packed = true, (field_rule) = {tags: "t"}];
  oneof choice {
    option (oneof_note) = "n";
    string c = 3 [(field_rule).inner.min = 4];
  }
  extensions 100 to 199 [(range_note) = "r"];
  map<string, int32> m = 4 [(field_rule).min = 6];
  optional group G = 5 [(field_rule).min = 7] {
    option (rule).min = 8;
    optional int32 g = 1 [(field_rule).min = 9];
  }
}

extend Outer { optional int32 ext = 100 [(field_rule).min = 10, default = 3]; }

enum Color {
  option (enum_note) = "e";
  option allow_alias = true;
  RED = 0 [(aliases) = "r", (aliases) = "rouge", deprecated = true];
  CRIMSON = 0 [(aliases) = "c"];
}

service Paint {
  option (svc_note) = "s";
  rpc Mix(Outer) returns (Outer) {
    option (scopes) = "w";
    option (scopes) = "r";
    option idempotency_level = NO_SIDE_EFFECTS;
  }
}
`

const editionsProto = `edition = "2023";
package acme.v2;
import "google/protobuf/cpp_features.proto";
option features.field_presence = IMPLICIT;
option features.(pb.cpp).legacy_closed_enum = true;
message M {
  int32 a = 1 [features.field_presence = EXPLICIT];
  M b = 2 [features.message_encoding = LENGTH_PREFIXED];
  enum E { option features.enum_type = CLOSED; X = 0; }
}
`

// TestSourceInfoAsProtocompile compiles files with protocompile's own
// source info and without, and checks that sourceInfo gives what
// protocompile gives: the files above, and every proto tree of the
// corpus.
func TestSourceInfoAsProtocompile(t *testing.T) {
	t.Run("options", func(t *testing.T) {
		compareSourceInfo(t, map[string]string{"options.proto": optionsProto, "editions.proto": editionsProto}, nil, "options.proto", "editions.proto")
	})
	corpus := corpustest.Load(t, "proto")
	// The trees that others import from, as the plugin test gives them.
	roots := map[string][]string{"envoyproxy-data-plane-api": {"cncf-xds", "bufbuild-protoc-gen-validate", "googleapis-googleapis"},
		"cncf-xds": {"bufbuild-protoc-gen-validate", "googleapis-googleapis"}}
	for _, tree := range corpus.Trees {
		t.Run(tree.Name, func(t *testing.T) {
			dirs := []string{tree.Dir}
			if st, err := os.Stat(filepath.Join(tree.Dir, "src")); err == nil && st.IsDir() {
				// protobuf's own files import each other from src.
				dirs = []string{filepath.Join(tree.Dir, "src"), tree.Dir}
			}
			for _, r := range roots[tree.Name] {
				dirs = append(dirs, corpus.Tree(t, r).Dir)
			}
			n := 0
			for _, f := range tree.Files {
				name, _ := filepath.Rel(tree.Dir, f)
				if rel, err := filepath.Rel(dirs[0], f); err == nil && !strings.HasPrefix(rel, "..") {
					name = rel
				}
				if compareSourceInfo(t, nil, dirs, filepath.ToSlash(name)) {
					n++
				}
			}
			t.Logf("%d of %d files compile; theirs and their imports' compared", n, len(tree.Files))
		})
	}
}

// compareSourceInfo compiles names (from files, or else under dirs) both
// ways and compares the source info of each file compiled from source.
// It returns false when protocompile refuses the files (the corpus has
// some on purpose), which are then skipped.
func compareSourceInfo(t *testing.T, files map[string]string, dirs []string, names ...string) bool {
	t.Helper()
	compile := func(mode protocompile.SourceInfoMode) (linker.Files, error) {
		var r protocompile.Resolver = &protocompile.SourceResolver{ImportPaths: dirs}
		if files != nil {
			r = protocompile.ResolverFunc(func(name string) (protocompile.SearchResult, error) {
				if src, ok := files[name]; ok {
					return protocompile.SearchResult{Source: strings.NewReader(src)}, nil
				}
				return protocompile.SearchResult{}, os.ErrNotExist
			})
		}
		c := protocompile.Compiler{Resolver: protocompile.WithStandardImports(r), SourceInfoMode: mode, RetainASTs: true}
		return c.Compile(context.Background(), names...)
	}
	want, err := compile(protocompile.SourceInfoStandard)
	if err != nil {
		if files != nil {
			t.Fatal(err)
		}
		return false
	}
	got, err := compile(protocompile.SourceInfoNone)
	if err != nil {
		t.Fatal(err)
	}
	byPath := map[string]linker.Result{}
	walkResults(got, func(r linker.Result) { byPath[r.Path()] = r })
	walkResults(want, func(w linker.Result) {
		g := byPath[w.Path()]
		if g == nil || w.AST() == nil {
			return
		}
		if sci := sourceInfo(g); !proto.Equal(sci, w.FileDescriptorProto().GetSourceCodeInfo()) {
			t.Errorf("%s: source info differs from protocompile's:\n%s", w.Path(), firstDifference(sci.GetLocation(), w.FileDescriptorProto().GetSourceCodeInfo().GetLocation()))
		}
	})
	return true
}

// walkResults calls fn on each file of fs and each file they import that
// was compiled from source, once.
func walkResults(fs linker.Files, fn func(linker.Result)) {
	seen := map[string]bool{}
	var walk func(fd protoreflect.FileDescriptor)
	walk = func(fd protoreflect.FileDescriptor) {
		if seen[fd.Path()] {
			return
		}
		seen[fd.Path()] = true
		imps := fd.Imports()
		for i := 0; i < imps.Len(); i++ {
			walk(imps.Get(i).FileDescriptor)
		}
		if r, ok := fd.(linker.Result); ok {
			fn(r)
		}
	}
	for _, f := range fs {
		walk(f)
	}
}

// firstDifference describes the first location where got and want
// differ.
func firstDifference[L proto.Message](got, want []L) string {
	for i := range min(len(got), len(want)) {
		if !proto.Equal(got[i], want[i]) {
			return fmt.Sprintf("location %d:\n got %v\nwant %v", i, got[i], want[i])
		}
	}
	return fmt.Sprintf("%d locations, want %d", len(got), len(want))
}
