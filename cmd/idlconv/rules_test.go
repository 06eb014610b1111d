package main

import (
	"bytes"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/idlconv/idlconv/convert"
	"github.com/idlconv/idlconv/internal/testkit/demoformat"
)

// TestRuleIndexMatchesRecords fails when docs/mapping.md's rule index and
// the rule records disagree: a rule missing from either, or another
// severity, direction or purpose.
func TestRuleIndexMatchesRecords(t *testing.T) {
	b, err := os.ReadFile(filepath.Join("..", "..", "docs", "mapping.md"))
	if err != nil {
		t.Fatal(err)
	}
	doc := string(b)
	section := strings.Index(doc, "\n## Rule index\n")
	start := strings.Index(doc[max(section, 0):], "\n| rule ID |") + max(section, 0) + 1
	if section < 0 || start <= section {
		t.Fatal("docs/mapping.md has no rule index table under a heading \"## Rule index\"")
	}
	end := strings.Index(doc[start:], "\n\n")
	if end < 0 {
		end = len(doc) - start
	}
	got := doc[start:start+end] + "\n"
	rules, err := allRules(convert.Builtin())
	if err != nil {
		t.Fatal(err)
	}
	want := rulesMarkdown(rules)
	if got != want {
		gl, wl := strings.Split(got, "\n"), strings.Split(want, "\n")
		for i := 0; i < len(gl) || i < len(wl); i++ {
			var g, w string
			if i < len(gl) {
				g = gl[i]
			}
			if i < len(wl) {
				w = wl[i]
			}
			if g != w {
				t.Errorf("docs/mapping.md rule index differs from the records at row %d:\n  doc:     %s\n  records: %s", i, g, w)
				break
			}
		}
		t.Log("run `go run ./cmd/idlconv rules --markdown` and paste its output as the rule index")
	}
}

// TestRuleIDsDefinedOnce checks that every rule ID string appears in
// exactly one definition in the Go sources (outside tests): as the ID of
// its record.
func TestRuleIDsDefinedOnce(t *testing.T) {
	rules, err := allRules(convert.Builtin())
	if err != nil {
		t.Fatal(err)
	}
	root := filepath.Join("..", "..")
	var sources [][]byte
	var names []string
	err = filepath.WalkDir(root, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (d.Name() == "testdata" || strings.HasPrefix(d.Name(), ".")) && p != root {
			return filepath.SkipDir
		}
		if !d.IsDir() && strings.HasSuffix(p, ".go") && !strings.HasSuffix(p, "_test.go") {
			b, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			sources, names = append(sources, b), append(names, p)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range rules {
		def := regexp.MustCompile(`(^|[^A-Za-z0-9_])ID: "` + regexp.QuoteMeta(r.ID) + `"`)
		var defs []string
		for i, src := range sources {
			for range def.FindAllIndex(src, -1) {
				defs = append(defs, names[i])
			}
		}
		if len(defs) != 1 {
			t.Errorf("rule %s is defined %d times: %v", r.ID, len(defs), defs)
		}
	}
}

// TestRulesCommand runs `idlconv rules` and checks it lists every rule.
func TestRulesCommand(t *testing.T) {
	var out, errOut bytes.Buffer
	if code := Main([]string{"rules"}, strings.NewReader(""), &out, &errOut); code != 0 {
		t.Fatalf("exit %d: %s", code, errOut.String())
	}
	rules, _ := convert.Builtin().Rules()
	for _, r := range rules {
		if !strings.Contains(out.String(), r.ID+" ") {
			t.Errorf("idlconv rules does not list %s", r.ID)
		}
	}
}

// TestToyFormatCLI runs the command with a registry that holds a format
// no file of the command knows: its flags, help and inference follow.
func TestToyFormatCLI(t *testing.T) {
	reg := convert.Builtin()
	if err := demoformat.Register(reg); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{"idl/person.demo": "struct Person {\n  1 name string\n}\n"})
	var out, errOut bytes.Buffer
	code := MainWith(reg, []string{"convert", filepath.Join(dir, "idl"), "--to", "proto", "-o", filepath.Join(dir, "out")}, strings.NewReader(""), &out, &errOut)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut.String())
	}
	b, err := os.ReadFile(filepath.Join(dir, "out", "person.proto"))
	if err != nil || !strings.Contains(string(b), "message Person {\n  string name = 1;\n}") {
		t.Errorf("person.proto: %v\n%s", err, b)
	}
	out.Reset()
	code = MainWith(reg, []string{"convert", "-", "--from", "demo", "--to", "proto"}, strings.NewReader("struct S {\n  1 ok bool\n}\n"), &out, &errOut)
	if code != 0 || !strings.Contains(out.String(), "from stdin.demo") {
		t.Errorf("stdin: exit %d, %s%s", code, out.String(), errOut.String())
	}
	out.Reset()
	MainWith(reg, []string{"convert", "--help"}, strings.NewReader(""), &out, &errOut)
	if !strings.Contains(out.String(), "thrift, proto, jsonschema or demo") || !strings.Contains(out.String(), ".demo") {
		t.Errorf("help does not name the demo format:\n%s", out.String())
	}
}

// TestPackageFlags checks --package-map and --go-package-prefix on the
// command line and in --config.
func TestPackageFlags(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{
		"common.thrift": "namespace * acme.common\nnamespace go acme.common\nstruct Money {\n  1: i64 cents\n}\n",
		"cfg.json":      `{"package_map": {"acme": "acme.api"}, "go_package_prefix": "github.com/acme/gen/"}`,
	})
	for _, args := range [][]string{
		{"--package-map", "acme=acme.api", "--go-package-prefix", "github.com/acme/gen/"},
		{"--config", filepath.Join(dir, "cfg.json")},
	} {
		var out, errOut bytes.Buffer
		code := Main(append([]string{"convert", filepath.Join(dir, "common.thrift"), "--to", "proto"}, args...), strings.NewReader(""), &out, &errOut)
		if code != 0 || !strings.Contains(out.String(), "package acme.api.common;") || !strings.Contains(out.String(), `option go_package = "github.com/acme/gen/acme/common";`) {
			t.Errorf("%v: exit %d\n%s%s", args, code, out.String(), errOut.String())
		}
	}
	var errOut bytes.Buffer
	if code := Main([]string{"convert", filepath.Join(dir, "common.thrift"), "--to", "proto", "--package-map", "acme"}, strings.NewReader(""), &bytes.Buffer{}, &errOut); code != 2 {
		t.Errorf("a --package-map without = should be a usage error, got exit %d: %s", code, errOut.String())
	}
}
