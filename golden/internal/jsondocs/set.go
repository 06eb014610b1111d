package jsondocs

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	neturl "net/url"
	"regexp"
	"slices"
	"sync"

	"github.com/idlconv/idlconv/internal/jsonschema"
)

// Set holds the schema documents a $ref may reach, by URL (for example
// "file:///a/b.json"), each decoded with json.Decoder.UseNumber or
// [jsonschema.UnmarshalJSON]. The zero value is not usable; call [NewSet].
// A Set is safe for concurrent use.
type Set struct {
	mu       sync.Mutex
	docs     []resource
	compiler *jsonschema.Compiler          // nil until the first Generate after an Add
	compiled map[string]*jsonschema.Schema // by the URL given to Generate
	// onDrop, when set (by tests), sees every dropped candidate and why.
	onDrop func(candidate []byte, err error)
}

// resource is one document of a [Set].
type resource struct {
	url string
	doc any
}

// NewSet returns an empty [Set].
func NewSet() *Set {
	return &Set{}
}

// Add adds the schema document doc at url. The document is copied, so the
// caller may keep using it; `nullable: true` (OpenAPI 3.0) is read as a
// type that also allows null, as idlconv's JSON Schema front-end reads it.
// Adding a URL twice is an error.
func (s *Set) Add(url string, doc any) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, r := range s.docs {
		if r.url == url {
			return fmt.Errorf("jsondocs: adding %s: already in the set", url)
		}
	}
	s.docs = append(s.docs, resource{url: url, doc: openAPINullable(doc)})
	s.compiler = nil
	s.compiled = nil
	return nil
}

// compile returns the compiled schema at url, compiling the Set's
// documents on first use.
func (s *Set) compile(url string) (*jsonschema.Schema, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if sch, ok := s.compiled[url]; ok {
		return sch, nil
	}
	if s.compiler == nil {
		c := jsonschema.NewCompiler()
		c.DefaultDraft(jsonschema.Draft2020)
		c.AssertFormat()
		c.UseLoader(s.idLoader())
		c.UseRegexpEngine(strictEngine)
		for _, r := range s.docs {
			if err := c.AddResource(r.url, r.doc); err != nil {
				return nil, fmt.Errorf("jsondocs: adding %s to the compiler: %w", r.url, err)
			}
		}
		s.compiler = c
		s.compiled = map[string]*jsonschema.Schema{}
	}
	sch, err := s.compiler.Compile(url)
	if err != nil {
		// A failed compilation may leave the compiler half-way through a
		// document; start afresh next time.
		s.compiler = nil
		s.compiled = nil
		return nil, fmt.Errorf("jsondocs: compiling %s: %w", url, err)
	}
	s.compiled[url] = sch
	return sch, nil
}

// Generate returns up to limit documents that the schema at url (a
// document URL, optionally with a #fragment JSON pointer or anchor, e.g.
// "file:///a.json#/$defs/Ticket") accepts, in a deterministic order, each
// encoded as JSON. Every candidate is validated against the compiled
// schema; dropped counts the candidates it rejected, and those that could
// not be built (a false schema reached, types that exclude one another).
// A schema that accepts nothing the generator tries gives no documents
// and no error; a document or fragment that is missing or does not
// compile is an error.
func (s *Set) Generate(url string, limit int) (docs [][]byte, dropped int, err error) {
	r, err := s.generate(url, limit)
	if r == nil {
		return nil, 0, err
	}
	return r.docs, r.dropped, err
}

// generate is Generate, returning the whole run for tests to inspect.
func (s *Set) generate(url string, limit int) (r *run, err error) {
	defer func() {
		// A weird schema must not crash the tests that use this
		// package: a panic becomes an error.
		if p := recover(); p != nil {
			r, err = nil, fmt.Errorf("jsondocs: generating documents for %s: internal error: %v", url, p)
		}
	}()
	if limit <= 0 {
		return nil, nil
	}
	sch, err := s.compile(url)
	if err != nil {
		return nil, err
	}
	r = newRun(sch, limit)
	r.onDrop = s.onDrop
	if err := r.generate(); err != nil {
		return r, fmt.Errorf("jsondocs: generating documents for %s: %w", url, err)
	}
	return r, nil
}

// idLoader returns the loader of the compiler: it finds the documents of
// the Set by the $id (or draft 4 id) of their root, and nothing else, so
// Generate never reads files or the network. The compiler finds them by
// the URLs they were added at, and the metaschemas it embeds, itself.
func (s *Set) idLoader() idLoader {
	l := idLoader{}
	for _, r := range s.docs {
		obj, ok := r.doc.(map[string]any)
		if !ok {
			continue
		}
		for _, key := range []string{"$id", "id"} {
			id, ok := obj[key].(string)
			if !ok {
				continue
			}
			base, err := neturl.Parse(r.url)
			if err != nil {
				break
			}
			u, err := base.Parse(id)
			if err != nil {
				break
			}
			u.Fragment, u.RawFragment = "", ""
			if _, taken := l[u.String()]; !taken {
				l[u.String()] = r.doc
			}
			break
		}
	}
	for _, r := range s.docs {
		delete(l, r.url)
	}
	return l
}

// idLoader maps the root $ids of a Set's documents to the documents.
type idLoader map[string]any

// Load returns the document whose root has the $id url.
func (l idLoader) Load(url string) (any, error) {
	if doc, ok := l[url]; ok {
		return doc, nil
	}
	return nil, fmt.Errorf("%s is not in the set", url)
}

// neverMatch stands for an ECMA-262 pattern Go's regexp cannot compile
// (lookaround, backreferences): no string matches it, so a document whose
// value must match it is dropped rather than kept unchecked.
type neverMatch string

func (n neverMatch) MatchString(string) bool { return false }
func (n neverMatch) String() string          { return string(n) }

// strictEngine compiles patterns with Go's regexp, and those it cannot as
// [neverMatch]: a pattern must not make a whole schema fail to compile.
func strictEngine(s string) (jsonschema.Regexp, error) {
	if re, err := regexp.Compile(s); err == nil {
		return re, nil
	}
	return neverMatch(s), nil
}

// openAPINullable returns a deep copy of doc where every object with
// `nullable: true` and a type (or enum) that leaves out null lists null
// too.
func openAPINullable(doc any) any {
	switch v := doc.(type) {
	case map[string]any:
		out := make(map[string]any, len(v))
		for k, e := range v {
			out[k] = openAPINullable(e)
		}
		if n, ok := v["nullable"].(bool); ok && n {
			switch t := out["type"].(type) {
			case string:
				if t != "null" {
					out["type"] = []any{t, "null"}
				}
			case []any:
				if !slices.Contains(t, any("null")) && allStrings(t) {
					out["type"] = append(append([]any{}, t...), "null")
				}
			}
			if e, ok := out["enum"].([]any); ok && !containsNull(e) {
				out["enum"] = append(append([]any{}, e...), nil)
			}
		}
		return out
	case []any:
		out := make([]any, len(v))
		for i, e := range v {
			out[i] = openAPINullable(e)
		}
		return out
	}
	return doc
}

func allStrings(a []any) bool {
	for _, e := range a {
		if _, ok := e.(string); !ok {
			return false
		}
	}
	return true
}

func containsNull(a []any) bool {
	for _, e := range a {
		if e == nil {
			return true
		}
	}
	return false
}

// encode writes v as compact JSON: object keys sorted, <, > and & kept.
func encode(v any) ([]byte, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, fmt.Errorf("encoding a candidate: %w", err)
	}
	return bytes.TrimSuffix(b.Bytes(), []byte("\n")), nil
}

// errBudget stops a Generate call that used up its node budget.
var errBudget = errors.New("node budget used up")
