package jsonschemaast

import (
	"errors"
	"fmt"
	"io/fs"
	neturl "net/url"
	"path"
	"regexp"
	"strings"

	"github.com/idlconv/idlconv/internal/jsonschema"

	"github.com/idlconv/idlconv/schema"
)

// RefMapping maps remote $ref URLs under Prefix to files under Dir: the
// only way a remote $ref resolves (idlconv never uses the network).
type RefMapping struct {
	Prefix string
	Dir    string
}

// Loader reads JSON Schema documents into the model. A Loader holds no
// state between calls and is safe for concurrent use.
type Loader struct {
	// ReadFile reads one file by slash-separated path. It is required.
	ReadFile func(name string) ([]byte, error)
	// RefMap resolves remote $refs to local files.
	RefMap []RefMapping
}

// Input names one file to load.
type Input struct {
	Path string
	Name string
}

// doc is one loaded JSON document.
type doc struct {
	path string // read path
	url  string // file URL
	id   string // $id of the root, if any
	root *Value
}

// upDir stands for ".." in file URLs, which URL resolution would remove;
// absDir marks an absolute path.
const (
	upDir  = "__up__"
	absDir = "__abs__"
)

// fileURL is the URL idlconv gives a local file. Leading ".." segments of
// a relative path are kept as upDir, so that resolving a $ref against the
// URL keeps them.
func fileURL(p string) string {
	p = path.Clean(p)
	if strings.HasPrefix(p, "/") {
		return "file:///" + absDir + p
	}
	parts := strings.Split(p, "/")
	for i, part := range parts {
		if part != ".." {
			break
		}
		parts[i] = upDir
	}
	return "file:///" + strings.Join(parts, "/")
}

// urlPath turns a file URL back into a read path.
func urlPath(u string) (string, bool) {
	p, ok := strings.CutPrefix(u, "file:///")
	if !ok {
		return "", false
	}
	if rest, abs := strings.CutPrefix(p, absDir+"/"); abs {
		return "/" + rest, true
	}
	parts := strings.Split(p, "/")
	for i, part := range parts {
		if part != upDir {
			break
		}
		parts[i] = ".."
	}
	return strings.Join(parts, "/"), true
}

// loader is the state of one Load call.
type loader struct {
	l     *Loader
	docs  map[string]*doc // by file URL and by $id
	diags schema.Diagnostics
	// validated are the documents validate has checked; metas the
	// metaschemas compiled, by URL; indexes the documents' resources and
	// anchors.
	validated map[*doc]bool
	metas     map[string]compiledMeta
	indexes   map[*doc]*docIndex
}

// remote maps a remote URL to a local read path through the ref map.
func (ld *loader) remote(u string) (string, bool) {
	for _, m := range ld.l.RefMap {
		if rest, ok := strings.CutPrefix(u, m.Prefix); ok {
			return path.Join(m.Dir, rest), true
		}
	}
	return "", false
}

// doc reads and parses a document once.
func (ld *loader) doc(readPath string) (*doc, error) {
	u := fileURL(readPath)
	if d, ok := ld.docs[u]; ok {
		return d, nil
	}
	src, err := ld.l.ReadFile(readPath)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil, fmt.Errorf("cannot read %s: no such file", readPath)
		}
		return nil, fmt.Errorf("cannot read %s: %v", readPath, err)
	}
	v, err := ParseJSON(readPath, src)
	if err != nil {
		return nil, err
	}
	d := &doc{path: readPath, url: u, root: v}
	if id := v.Get("$id"); id != nil && id.Kind == String {
		d.id = strings.TrimSuffix(id.Str, "#")
	} else if id := v.Get("id"); id != nil && id.Kind == String && strings.Contains(id.Str, ":") {
		d.id = strings.TrimSuffix(id.Str, "#")
	}
	if d.id != "" {
		// A relative $id is relative to the document's own URL.
		if abs, err := resolveURL(u, d.id); err == nil {
			d.id = abs
		}
	}
	ld.docs[u] = d
	if d.id != "" {
		if _, taken := ld.docs[d.id]; !taken {
			ld.docs[d.id] = d
		}
	}
	return d, nil
}

// Load implements the JSON Schema library's URLLoader: local files, and
// remote URLs through the ref map only.
func (ld *loader) Load(u string) (any, error) {
	if p, ok := urlPath(u); ok {
		d, err := ld.doc(p)
		if err != nil {
			return nil, err
		}
		return d.root.Any(), nil
	}
	if d, ok := ld.docs[u]; ok {
		return d.root.Any(), nil
	}
	if p, ok := ld.remote(u); ok {
		d, err := ld.doc(p)
		if err != nil {
			return nil, err
		}
		return d.root.Any(), nil
	}
	return nil, fmt.Errorf("remote $ref %s is not fetched: map its prefix to a local folder with --ref-map PREFIX=DIR", u)
}

// lenientRegexp compiles ECMA-262 patterns Go's regexp cannot (lookahead,
// \cC): a pattern must never make a conversion fail, and idlconv does not
// validate data.
type lenientRegexp string

func (r lenientRegexp) MatchString(string) bool { return true }
func (r lenientRegexp) String() string          { return string(r) }

func lenientEngine(s string) (jsonschema.Regexp, error) {
	if re, err := regexp.Compile(s); err == nil {
		return re, nil
	}
	return lenientRegexp(s), nil
}

// unreachedRemote lists, in document order, the $ref values of a schema
// document that name a remote document which no --ref-map prefix maps,
// no loaded document's $id and no $id of this document names. base is the
// URL relative refs resolve against; an $id below changes it.
func (ld *loader) unreachedRemote(root *Value, base string) []remoteRef {
	ids := map[string]bool{}
	var refs []remoteRef
	var walk func(v *Value, base string)
	walk = func(v *Value, base string) {
		switch v.Kind {
		case Array:
			for _, item := range v.Vals {
				walk(item, base)
			}
		case Object:
			if id := v.Get("$id"); id != nil && id.Kind == String {
				if u, err := resolveURL(base, id.Str); err == nil {
					base = strings.TrimSuffix(u, "#")
					ids[base] = true
				}
			}
			if r := v.Get("$ref"); r != nil && r.Kind == String {
				if u, err := resolveURL(base, r.Str); err == nil {
					doc, _, _ := strings.Cut(u, "#")
					refs = append(refs, remoteRef{v: r, doc: doc})
				}
			}
			for i, k := range v.Keys {
				if k != "enum" && k != "const" && k != "examples" && k != "default" {
					walk(v.Vals[i], base)
				}
			}
		}
	}
	walk(root, base)
	var out []remoteRef
	for _, r := range refs {
		_, local := urlPath(r.doc)
		_, known := ld.docs[r.doc]
		_, mapped := ld.remote(r.doc)
		if r.doc != "" && !local && !known && !mapped && !ids[r.doc] {
			out = append(out, r)
		}
	}
	return out
}

// remoteRef is a $ref value and the document URL it resolves to.
type remoteRef struct {
	v   *Value
	doc string // without fragment
}

// resolveURL resolves ref against base.
func resolveURL(base, ref string) (string, error) {
	b, err := neturl.Parse(base)
	if err != nil {
		return "", err
	}
	r, err := neturl.Parse(ref)
	if err != nil {
		return "", err
	}
	if b.Scheme == "file" && r.Scheme == "" && r.Host == "" && strings.HasPrefix(r.Path, "/") {
		// An absolute path against a file's URL names that path from the
		// root of the file system, as the draft resolves a URI reference:
		// fileURL marks it, so that it is not read from the working folder
		// (which relative read paths start from).
		r.Path, r.RawPath = "/"+absDir+r.Path, ""
	}
	return b.ResolveReference(r).String(), nil
}
