package jsondocs

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/idlconv/idlconv/internal/jsonschema"
	"github.com/idlconv/idlconv/internal/testkit/corpustest"
)

// suiteDir is the JSON-Schema-Test-Suite inside the corpus.
const suiteDir = corpustest.Suite

// corpusLimit is the limit the corpus runs ask for, as real-client tests do.
const corpusLimit = 40

// slowSchema is a time no schema of the corpus may take.
const slowSchema = 5 * time.Second

// corpusRoot is the JSON Schema corpus's folder; the test skips when it is
// absent.
func corpusRoot(t *testing.T) string {
	t.Helper()
	return corpustest.Dir(t, "jsonschema")
}

func readJSON(t *testing.T, path string) any {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(b))
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return doc
}

// corpusStats sums up a corpus run.
type corpusStats struct {
	schemas, withDocs, docs, dropped, failed int
	covered, options                         int
	slowest                                  time.Duration // compiling excluded
	slowestName                              string
	slowestCompile                           time.Duration
	slowestCompileName                       string
}

// generate compiles and generates for url, adding to the stats; it
// returns the documents, or nil and the error.
func (st *corpusStats) generate(set *Set, url, name string) ([][]byte, error) {
	st.schemas++
	start := time.Now()
	if _, err := set.compile(url); err != nil {
		st.failed++
		return nil, err
	}
	if d := time.Since(start); d > st.slowestCompile {
		st.slowestCompile, st.slowestCompileName = d, name
	}
	start = time.Now()
	r, err := set.generate(url, corpusLimit)
	if d := time.Since(start); d > st.slowest {
		st.slowest, st.slowestName = d, name
	}
	if err != nil {
		st.failed++
		return nil, err
	}
	if len(r.docs) > 0 {
		st.withDocs++
	}
	st.docs += len(r.docs)
	st.dropped += r.dropped
	c, o := r.coverage()
	st.covered += c
	st.options += o
	return r.docs, nil
}

func (st *corpusStats) String() string {
	return fmt.Sprintf("%d of %d schemas gave a valid document (%d failed to compile); %d documents, %d candidates dropped; "+
		"%d of %d options of the choice points reached covered; slowest generation %s (%v), slowest compilation %s (%v)",
		st.withDocs, st.schemas, st.failed, st.docs, st.dropped, st.covered, st.options,
		st.slowestName, st.slowest.Round(time.Millisecond), st.slowestCompileName, st.slowestCompile.Round(time.Millisecond))
}

// TestCorpusSchemas generates documents for every schema of the corpus
// outside the test suite, twice, from fresh Sets, and compares; the files
// of one folder share a Set, so that relative $refs between them resolve.
func TestCorpusSchemas(t *testing.T) {
	root := corpusRoot(t)
	byDir := map[string][]string{}
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && d.Name() == suiteDir {
			return filepath.SkipDir
		}
		if !d.IsDir() && strings.HasSuffix(path, ".json") {
			byDir[filepath.Dir(path)] = append(byDir[filepath.Dir(path)], path)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	var st corpusStats
	for _, dir := range sortedKeys(byDir) {
		var sets [2]*Set
		for i := range sets {
			sets[i] = NewSet()
			for _, path := range byDir[dir] {
				if err := sets[i].Add("file://"+path, readJSON(t, path)); err != nil {
					t.Fatal(err)
				}
			}
		}
		for _, path := range byDir[dir] {
			rel, _ := filepath.Rel(root, path)
			docs, err := st.generate(sets[0], "file://"+path, rel)
			if err != nil {
				t.Logf("%s: %v", rel, err)
				continue
			}
			if testing.Verbose() {
				t.Logf("%s: %d documents", rel, len(docs))
			}
			again, _, err := sets[1].Generate("file://"+path, corpusLimit)
			if err != nil || !bytes.Equal(bytes.Join(docs, []byte("\n")), bytes.Join(again, []byte("\n"))) {
				t.Errorf("%s: a second run differs (%v)", rel, err)
			}
		}
	}
	t.Logf("corpus: %s", &st)
	if st.slowest > slowSchema {
		t.Errorf("%s took %v", st.slowestName, st.slowest)
	}
}

// suiteGroup is one group of a JSON-Schema-Test-Suite file.
type suiteGroup struct {
	Description string `json:"description"`
	Schema      any    `json:"schema"`
	Tests       []struct {
		Valid bool `json:"valid"`
	} `json:"tests"`
}

// suiteDrafts maps the test suite's folders to the $schema their schemas
// are meant for.
var suiteDrafts = map[string]string{
	"draft2020-12": "https://json-schema.org/draft/2020-12/schema",
	"draft2019-09": "https://json-schema.org/draft/2019-09/schema",
	"draft7":       "http://json-schema.org/draft-07/schema#",
	"draft6":       "http://json-schema.org/draft-06/schema#",
	"draft4":       "http://json-schema.org/draft-04/schema#",
}

// TestCorpusSuite generates documents for the schema of every group of
// the JSON-Schema-Test-Suite that has a valid test case, with the suite's
// remotes at http://localhost:1234/.
func TestCorpusSuite(t *testing.T) {
	root := filepath.Join(corpusRoot(t), suiteDir)
	if _, err := os.Stat(root); err != nil {
		t.Skipf("no JSON-Schema-Test-Suite in the corpus: %v", err)
	}
	var remotes []string
	_ = filepath.WalkDir(filepath.Join(root, "remotes"), func(path string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(path, ".json") {
			remotes = append(remotes, path)
		}
		return nil
	})
	var files []string
	_ = filepath.WalkDir(filepath.Join(root, "tests"), func(path string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(path, ".json") {
			files = append(files, path)
		}
		return nil
	})
	if len(files) == 0 {
		t.Skipf("no test files under %s/tests", root)
	}
	sort.Strings(files)
	var groups, withValid int
	var st corpusStats
	for _, file := range files {
		rel, _ := filepath.Rel(filepath.Join(root, "tests"), file)
		draft := suiteDrafts[strings.SplitN(filepath.ToSlash(rel), "/", 2)[0]]
		b, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		var gs []suiteGroup
		dec := json.NewDecoder(bytes.NewReader(b))
		dec.UseNumber()
		if err := dec.Decode(&gs); err != nil {
			t.Fatalf("%s: %v", rel, err)
		}
		var counts []string
		for i, g := range gs {
			groups++
			valid := false
			for _, tc := range g.Tests {
				valid = valid || tc.Valid
			}
			if !valid {
				counts = append(counts, "-")
				continue
			}
			withValid++
			set := NewSet()
			for _, r := range remotes {
				rr, _ := filepath.Rel(filepath.Join(root, "remotes"), r)
				if err := set.Add("http://localhost:1234/"+filepath.ToSlash(rr), readJSON(t, r)); err != nil {
					t.Fatal(err)
				}
			}
			sch := g.Schema
			if obj, ok := sch.(map[string]any); ok && draft != "" {
				if _, has := obj["$schema"]; !has {
					cp := map[string]any{"$schema": draft}
					for k, v := range obj {
						cp[k] = v
					}
					sch = cp
				}
			}
			url := fmt.Sprintf("file:///suite/%s/%d.json", filepath.ToSlash(rel), i)
			if err := set.Add(url, sch); err != nil {
				t.Fatal(err)
			}
			name := fmt.Sprintf("%s#%d", rel, i)
			docs, err := st.generate(set, url, name)
			if err != nil {
				counts = append(counts, "E")
				t.Logf("%s %s: %v", name, g.Description, err)
				continue
			}
			if len(docs) == 0 {
				t.Logf("%s %s: no valid document", name, g.Description)
			}
			counts = append(counts, fmt.Sprint(len(docs)))
		}
		if testing.Verbose() {
			t.Logf("%s: documents per group: %s", rel, strings.Join(counts, " "))
		}
	}
	t.Logf("test suite: %d groups, %d with a valid test case: %s", groups, withValid, &st)
	if st.slowest > slowSchema {
		t.Errorf("%s took %v", st.slowestName, st.slowest)
	}
}
