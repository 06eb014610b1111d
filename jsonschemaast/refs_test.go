package jsonschemaast

import (
	"slices"
	"testing"
)

// TestAbsolutePathRef checks that a $ref that is an absolute path is
// resolved against the document's URL as the draft resolves a URI
// reference: the path from the root of the file system (whose reading
// the caller's ReadFile confines), not a path in the working folder.
func TestAbsolutePathRef(t *testing.T) {
	files := map[string]string{
		"dir/a.json":   `{"type":"object","properties":{"x":{"$ref":"/defs/x.json"}}}`,
		"defs/x.json":  `{"type":"integer"}`,
		"/defs/x.json": `{"type":"string"}`,
	}
	var read []string
	l := &Loader{ReadFile: func(name string) ([]byte, error) {
		read = append(read, name)
		src, ok := files[name]
		if !ok {
			return nil, errNotFound(name)
		}
		return []byte(src), nil
	}}
	_, diags := l.Load([]Input{{Path: "dir/a.json", Name: "a.json"}})
	if diags.HasErrors() {
		t.Fatalf("errors: %v", diags)
	}
	if !slices.Contains(read, "/defs/x.json") || slices.Contains(read, "defs/x.json") {
		t.Errorf("read %q, want /defs/x.json and not defs/x.json", read)
	}
	for _, tt := range []struct{ base, ref, want string }{
		{"file:///dir/a.json", "/defs/x.json", "file:///" + absDir + "/defs/x.json"},
		{"file:///" + absDir + "/abs/a.json", "/x.json#/a", "file:///" + absDir + "/x.json#/a"},
		{"file:///dir/a.json", "x.json", "file:///dir/x.json"},
		{"https://example.com/s/a.json", "/x.json", "https://example.com/x.json"},
	} {
		got, err := resolveURL(tt.base, tt.ref)
		if err != nil || got != tt.want {
			t.Errorf("resolveURL(%q, %q) = %q, %v; want %q", tt.base, tt.ref, got, err, tt.want)
		}
	}
}

type errNotFound string

func (e errNotFound) Error() string { return string(e) + ": not found" }
