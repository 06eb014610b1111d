package jsonschema_test

import (
	"encoding/json"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	upstream "github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/idlconv/idlconv/internal/jsonschema"
	"github.com/idlconv/idlconv/internal/testkit/corpustest"
)

// remoteLoader serves the JSON-Schema-Test-Suite's remotes (which its
// tests name as http://localhost:1234/) and the corpus's files by their
// file URL, for both copies of the library.
type remoteLoader struct{ remotes string }

// Load reads the document at url.
func (l remoteLoader) Load(url string) (any, error) {
	var path string
	switch {
	case strings.HasPrefix(url, "http://localhost:1234/"):
		path = filepath.Join(l.remotes, filepath.FromSlash(strings.TrimPrefix(url, "http://localhost:1234/")))
	case strings.HasPrefix(url, "file://"):
		path = strings.TrimPrefix(url, "file://")
	default:
		return nil, fmt.Errorf("%s is not served in this test", url)
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return jsonschema.UnmarshalJSON(f)
}

// outcome is what a copy of the library made of a schema and an instance,
// as text: "ok", or the error's lines sorted (the library lists the
// causes of an object's properties in map order).
func outcome(err error) string {
	if err == nil {
		return "ok"
	}
	lines := strings.Split(err.Error(), "\n")
	sort.Strings(lines)
	return strings.Join(lines, "\n")
}

// drafts are the metaschemas the copy compiles lazily.
var drafts = []string{
	"http://json-schema.org/draft-04/schema",
	"http://json-schema.org/draft-06/schema",
	"http://json-schema.org/draft-07/schema",
	"https://json-schema.org/draft/2019-09/schema",
	"https://json-schema.org/draft/2020-12/schema",
}

// TestSameAsUpstream checks that this copy, whose one change is compiling
// the drafts' metaschemas on first use instead of when the program starts,
// judges as github.com/santhosh-tekuri/jsonschema/v6 does: every
// JSON-Schema-Test-Suite group of the corpus compiled by both, every test
// instance validated by both, and every JSON file of the corpus validated
// against each draft's metaschema by both, with the same errors.
func TestSameAsUpstream(t *testing.T) {
	root := corpustest.Dir(t, "jsonschema")
	loader := remoteLoader{remotes: filepath.Join(root, corpustest.Suite, "remotes")}
	var files []string
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(p, ".json") {
			files = append(files, p)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	sort.Strings(files)

	t.Run("metaschemas", func(t *testing.T) {
		for _, url := range drafts {
			ours, err := jsonschema.NewCompiler().Compile(url)
			if err != nil {
				t.Fatalf("compiling %s: %v", url, err)
			}
			theirs, err := upstream.NewCompiler().Compile(url)
			if err != nil {
				t.Fatalf("upstream compiling %s: %v", url, err)
			}
			for _, f := range files {
				data, err := os.ReadFile(f)
				if err != nil {
					t.Fatal(err)
				}
				var doc any
				if json.Unmarshal(data, &doc) != nil {
					continue
				}
				if a, b := outcome(ours.Validate(doc)), outcome(theirs.Validate(doc)); a != b {
					t.Errorf("%s against %s:\nthis copy: %s\nupstream:  %s", f, url, a, b)
				}
			}
		}
	})

	t.Run("suite", func(t *testing.T) {
		groups := 0
		for _, f := range files {
			rel, _ := filepath.Rel(root, f)
			if !strings.HasPrefix(filepath.ToSlash(rel), corpustest.Suite+"/tests/") {
				continue
			}
			data, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			var suite []struct {
				Schema any `json:"schema"`
				Tests  []struct {
					Data any `json:"data"`
				} `json:"tests"`
			}
			if err := json.Unmarshal(data, &suite); err != nil {
				t.Fatalf("%s: %v", f, err)
			}
			draft := "https://json-schema.org/draft/2020-12/schema"
			if strings.Contains(rel, "draft7") {
				draft = "http://json-schema.org/draft-07/schema"
			}
			for i, g := range suite {
				groups++
				url := fmt.Sprintf("file://%s/group%d.json", filepath.Dir(f), i)
				ours, errOurs := compileWith(jsonschema.NewCompiler(), loader, draft, url, g.Schema)
				theirs, errTheirs := compileUpstream(upstream.NewCompiler(), loader, draft, url, g.Schema)
				if a, b := outcome(errOurs), outcome(errTheirs); a != b {
					t.Errorf("%s group %d compiles differently:\nthis copy: %s\nupstream:  %s", rel, i, a, b)
					continue
				}
				if errOurs != nil {
					continue
				}
				for j, tc := range g.Tests {
					if a, b := outcome(ours.Validate(tc.Data)), outcome(theirs.Validate(tc.Data)); a != b {
						t.Errorf("%s group %d test %d:\nthis copy: %s\nupstream:  %s", rel, i, j, a, b)
					}
				}
			}
		}
		t.Logf("%d suite groups, their tests and %d corpus files against %d metaschemas: the same", groups, len(files), len(drafts))
		if groups == 0 {
			t.Fatalf("no JSON-Schema-Test-Suite groups under %s", root)
		}
	})
}

// draftOf is the draft this copy uses for a metaschema URL.
func draftOf(url string) *jsonschema.Draft {
	if strings.Contains(url, "draft-07") {
		return jsonschema.Draft7
	}
	return jsonschema.Draft2020
}

// compileWith compiles schema at url with this copy.
func compileWith(c *jsonschema.Compiler, l remoteLoader, draft, url string, schema any) (*jsonschema.Schema, error) {
	c.UseLoader(l)
	c.DefaultDraft(draftOf(draft))
	if err := c.AddResource(url, schema); err != nil {
		return nil, err
	}
	return c.Compile(url)
}

// compileUpstream compiles schema at url with upstream.
func compileUpstream(c *upstream.Compiler, l remoteLoader, draft, url string, schema any) (*upstream.Schema, error) {
	c.UseLoader(l)
	if strings.Contains(draft, "draft-07") {
		c.DefaultDraft(upstream.Draft7)
	} else {
		c.DefaultDraft(upstream.Draft2020)
	}
	if err := c.AddResource(url, schema); err != nil {
		return nil, err
	}
	return c.Compile(url)
}
