package breaking_test

import (
	"context"
	"flag"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"golang.org/x/tools/txtar"

	"github.com/idlconv/idlconv/breaking"
	"github.com/idlconv/idlconv/convert"
	"github.com/idlconv/idlconv/schema"
)

var update = flag.Bool("update", false, "rewrite the want sections of the breaking golden cases")

// The sections of a golden case: the two versions' files go under
// previous/ and current/, the expected diagnostics under want.
const (
	previousDir = "previous/"
	currentDir  = "current/"
	wantSection = "want"
)

// knownWrongPrefix starts a header line saying why the recorded
// behaviour of a case is wrong.
const knownWrongPrefix = "# known wrong:"

// checkCase is one golden case, testdata/<rule-id>/<name>.txtar: two
// versions of a schema and the diagnostics breaking.Check reports.
type checkCase struct {
	rule, name string // the folder (a rule ID) and the file without .txtar
	file       string
	archive    *txtar.Archive
	fsys       fstest.MapFS
	previous   []convert.Input
	current    []convert.Input
	want       string
	hasWant    bool
	knownWrong bool
	// kind is the IDL both versions are in (thrift, proto, jsonschema),
	// or "across" when they are in two.
	kind string
}

// loadCheckCases reads every case under testdata.
func loadCheckCases(t *testing.T) []*checkCase {
	t.Helper()
	if stray, _ := filepath.Glob(filepath.Join("testdata", "*.txtar")); len(stray) > 0 {
		t.Fatalf("cases outside a rule folder (move them to testdata/<rule-id>/): %v", stray)
	}
	paths, err := filepath.Glob(filepath.Join("testdata", "*", "*.txtar"))
	if err != nil {
		t.Fatal(err)
	}
	if len(paths) == 0 {
		t.Fatal("no golden cases in testdata")
	}
	reg := convert.Builtin()
	var cases []*checkCase
	for _, p := range paths {
		a, err := txtar.ParseFile(p)
		if err != nil {
			t.Fatalf("%s: %v", p, err)
		}
		c := &checkCase{rule: filepath.Base(filepath.Dir(p)), name: strings.TrimSuffix(filepath.Base(p), ".txtar"),
			file: p, archive: a, fsys: fstest.MapFS{}}
		for _, ln := range strings.Split(string(a.Comment), "\n") {
			ln = strings.TrimSpace(ln)
			switch {
			case strings.HasPrefix(ln, knownWrongPrefix):
				if strings.TrimSpace(strings.TrimPrefix(ln, knownWrongPrefix)) == "" {
					t.Fatalf("%s: %q says nothing: say what is wrong", p, knownWrongPrefix)
				}
				c.knownWrong = true
			case ln != "" && !strings.HasPrefix(ln, "#"):
				t.Fatalf("%s: header line %q is not a # comment (cases take no options)", p, ln)
			}
		}
		formats := map[string]schema.Format{}
		for _, f := range a.Files {
			switch {
			case f.Name == wantSection:
				c.want, c.hasWant = string(f.Data), true
				continue
			case strings.HasPrefix(f.Name, previousDir):
				c.previous = append(c.previous, convert.Input{Path: f.Name})
			case strings.HasPrefix(f.Name, currentDir):
				c.current = append(c.current, convert.Input{Path: f.Name})
			default:
				t.Fatalf("%s: section %q is none of previous/..., current/..., want", p, f.Name)
			}
			c.fsys[f.Name] = &fstest.MapFile{Data: f.Data}
			format, err := reg.FormatOf(f.Name)
			if err != nil {
				t.Fatalf("%s: %v", p, err)
			}
			formats[strings.SplitN(f.Name, "/", 2)[0]] = format
		}
		if len(c.previous) == 0 || len(c.current) == 0 {
			t.Fatalf("%s: a case needs files under both %s and %s", p, previousDir, currentDir)
		}
		if !c.hasWant && !*update {
			t.Fatalf("%s: no %q section (go test ./breaking -update writes it)", p, wantSection)
		}
		c.kind = string(formats["previous"])
		if formats["previous"] != formats["current"] {
			c.kind = "across"
		}
		cases = append(cases, c)
	}
	return cases
}

// check loads both versions of a case as `idlconv check` does and
// returns its diagnostics, one a line.
func (c *checkCase) check(t *testing.T) string {
	t.Helper()
	reg := convert.Builtin()
	load := func(inputs []convert.Input) ([]*schema.File, int) {
		files, diags, err := reg.Load(context.Background(), inputs, convert.Options{FS: c.fsys})
		if err != nil {
			t.Fatal(err)
		}
		if diags.HasErrors() {
			t.Fatalf("the case does not load:\n%s", lines(diags))
		}
		return files, min(len(inputs), len(files))
	}
	oldFiles, oldRoots := load(c.previous)
	newFiles, _ := load(c.current)
	if err := breaking.Comparable(oldFiles, newFiles); err != nil {
		t.Fatal(err)
	}
	// Each version checked against itself finds nothing.
	for _, v := range [][]*schema.File{oldFiles[:oldRoots], newFiles} {
		if same := breaking.Check(v, v); len(same) > 0 {
			t.Errorf("a version checked against itself:\n%s", lines(same))
		}
	}
	return lines(breaking.Check(oldFiles[:oldRoots], newFiles))
}

func lines(diags schema.Diagnostics) string {
	var b strings.Builder
	for _, d := range diags {
		b.WriteString(d.String())
		b.WriteByte('\n')
	}
	return b.String()
}

// TestGolden runs breaking.Check on every case and compares its
// diagnostics with the want section; -update rewrites it.
func TestGolden(t *testing.T) {
	for _, c := range loadCheckCases(t) {
		t.Run(c.rule+"/"+c.name, func(t *testing.T) {
			got := c.check(t)
			if *update {
				if got == c.want && c.hasWant {
					return
				}
				var files []txtar.File
				for _, f := range c.archive.Files {
					if f.Name != wantSection {
						files = append(files, f)
					}
				}
				c.archive.Files = append(files, txtar.File{Name: wantSection, Data: []byte(got)})
				if err := os.WriteFile(c.file, txtar.Format(c.archive), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			if got != c.want {
				t.Errorf("%s: diagnostics differ (go test ./breaking -update rewrites them)\n--- got\n%s--- want\n%s", c.file, got, c.want)
			}
			// A case in a rule's folder reports that rule, or nothing
			// (the safe neighbour of a finding).
			if got != "" && !strings.Contains(got, "["+c.rule+"]") {
				t.Errorf("%s: reports no %s, the rule of its folder:\n%s", c.file, c.rule, got)
			}
		})
	}
}

// TestGoldenEveryRule requires of every rule of breaking.Rules a folder
// of cases with a finding within Thrift, one within proto, one across
// the two, and a case with no finding at all (cases marked known wrong
// do not count); and of every folder that it names a rule.
func TestGoldenEveryRule(t *testing.T) {
	cases := loadCheckCases(t)
	var ids []string
	for _, r := range breaking.Rules() {
		ids = append(ids, r.ID)
	}
	byRule := map[string][]*checkCase{}
	for _, c := range cases {
		if !slices.Contains(ids, c.rule) {
			t.Errorf("%s: folder %s names no rule of breaking.Rules()", c.file, c.rule)
		}
		byRule[c.rule] = append(byRule[c.rule], c)
	}
	needs := []struct {
		what    string
		finding bool
		kind    string // "" for any
	}{
		{"a finding within Thrift", true, string(schema.Thrift)},
		{"a finding within proto", true, string(schema.Proto)},
		{"a finding across Thrift and proto", true, "across"},
		{"a safe change with no finding", false, ""},
	}
	for _, id := range ids {
		for _, n := range needs {
			found := slices.ContainsFunc(byRule[id], func(c *checkCase) bool {
				if c.knownWrong {
					return false
				}
				finding := strings.Contains(c.want, "["+id+"]")
				return finding == n.finding && (n.kind == "" || c.kind == n.kind) && (finding || c.want == "")
			})
			if !found {
				t.Errorf("rule %s has no case with %s: add one to testdata/%s/", id, n.what, id)
			}
		}
	}
}
