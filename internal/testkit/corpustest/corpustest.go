// Package corpustest is the one runner of the tests over the shared corpus
// of real schemas (../shared/corpus beside the project root): where it is
// (a test skips when it is absent), the trees of a kind and the files of a
// tree, sorted ([Load]), the include folders of a Thrift file
// ([Tree.IncludeDirs]), the import roots of a proto tree ([ImportRoots],
// [Tree.ProtoRoots]), and the JSON Schema part as one file system with the
// JSON-Schema-Test-Suite's groups split into schema files of their own
// ([JSONSchema], [JSONRefMap]).
//
// Test-only: used by the tests of convert, golden, golden/internal/jsondocs
// and internal/jsonschema; never imported by the command or the library
// (internal/testkit's TestProductImportsNoTestCode checks it).
package corpustest

import (
	"encoding/json"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
)

// Dir returns the corpus folder of kind ("thrift", "proto",
// "jsonschema"), found from a test's working folder (a package folder of
// the project), or skips the test when it is absent.
func Dir(t testing.TB, kind string) string {
	t.Helper()
	root, err := projectRoot()
	if err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(filepath.Dir(root), "shared", "corpus", kind)
	if st, err := os.Stat(dir); err != nil || !st.IsDir() {
		t.Skipf("corpus not found at %s (it lives beside the project root as ../shared/corpus); skipping", dir)
	}
	return dir
}

// projectRoot is the nearest folder above the working folder that holds
// go.mod.
func projectRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", fmt.Errorf("finding the project root: %w", err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", fmt.Errorf("no go.mod above the working folder")
		}
		dir = parent
	}
}

// Suite is the JSON-Schema-Test-Suite's folder in the corpus.
const Suite = "json-schema-org-JSON-Schema-Test-Suite"

// JSONRefMap maps the remote URLs that the corpus's schemas name to the
// corpus folders that hold them, as M, which is convert.RefMapping:
// corpustest.JSONRefMap[convert.RefMapping](). It names the type rather
// than import convert, so that convert's own tests can import corpustest.
func JSONRefMap[M ~struct{ Prefix, Dir string }]() []M {
	return []M{
		{Prefix: "http://localhost:1234/", Dir: Suite + "/remotes"},
		{Prefix: "https://json.schemastore.org/", Dir: "SchemaStore-schemastore/src/schemas/json"},
		{Prefix: "https://json-schema.org/draft/2020-12/", Dir: "json-schema-org-json-schema-spec@2020-12"},
		{Prefix: "https://raw.githubusercontent.com/OAI/OpenAPI-Specification/master/schemas/v1.2/", Dir: "OAI-OpenAPI-Specification/_archive_/schemas/v1.2"},
	}
}

// JSONCase is one schema of the JSON Schema corpus: a file, or one test
// group's schema of the JSON-Schema-Test-Suite.
type JSONCase struct {
	// Name is for display: the file, or the test file, group number and
	// description.
	Name string
	// Path is the schema's path in the corpus file system.
	Path string
	// Valid holds a suite group's test instances that the schema accepts
	// (raw JSON); none for a schema file.
	Valid []json.RawMessage
}

// IsSuite reports whether the case is a JSON-Schema-Test-Suite group.
func (c JSONCase) IsSuite() bool { return strings.HasPrefix(c.Path, Suite+"/tests/") }

// suiteDrafts names the metaschema of each of the suite's draft folders.
var suiteDrafts = map[string]string{
	"draft7": "http://json-schema.org/draft-07/schema#", "draft2020-12": "https://json-schema.org/draft/2020-12/schema",
	"draft2019-09": "https://json-schema.org/draft/2019-09/schema", "draft6": "http://json-schema.org/draft-06/schema#",
	"draft4": "http://json-schema.org/draft-04/schema#",
}

// JSONSchema lays the JSON Schema corpus under root out as one file
// system: the schema files as they are, each test group's schema as
// tests/<draft>/<file>.<n>.json (given its folder's $schema when it has
// none), and the suite's remotes (which the suite's $refs name as
// http://localhost:1234/). It returns the cases in walk order.
func JSONSchema(root string) (fstest.MapFS, []JSONCase, error) {
	fsys := fstest.MapFS{}
	var cases []JSONCase
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".json") {
			return err
		}
		rel, err := filepath.Rel(root, p)
		if err != nil {
			return err
		}
		rel = filepath.ToSlash(rel)
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		fsys[rel] = &fstest.MapFile{Data: data}
		switch {
		case strings.HasPrefix(rel, Suite+"/remotes/"):
		case strings.HasPrefix(rel, Suite+"/tests/"):
			var groups []struct {
				Description string          `json:"description"`
				Schema      json.RawMessage `json:"schema"`
				Tests       []struct {
					Data  json.RawMessage `json:"data"`
					Valid bool            `json:"valid"`
				} `json:"tests"`
			}
			if err := json.Unmarshal(data, &groups); err != nil {
				return fmt.Errorf("%s: %w", rel, err)
			}
			draft := suiteDrafts[strings.Split(rel, "/")[2]]
			for i, g := range groups {
				name := fmt.Sprintf("%s.%d.json", strings.TrimSuffix(rel, ".json"), i)
				// A group's schema takes its draft from the suite's folder.
				data := g.Schema
				var obj map[string]json.RawMessage
				if json.Unmarshal(data, &obj) == nil && obj["$schema"] == nil && draft != "" {
					obj["$schema"], _ = json.Marshal(draft)
					data, _ = json.Marshal(obj)
				}
				fsys[name] = &fstest.MapFile{Data: data}
				c := JSONCase{Name: fmt.Sprintf("%s group %d (%s)", rel, i, g.Description), Path: name}
				for _, tc := range g.Tests {
					if tc.Valid {
						c.Valid = append(c.Valid, tc.Data)
					}
				}
				cases = append(cases, c)
			}
		default:
			cases = append(cases, JSONCase{Name: rel, Path: rel})
		}
		return nil
	})
	if err != nil {
		return nil, nil, fmt.Errorf("reading the JSON Schema corpus: %w", err)
	}
	return fsys, cases, nil
}
