package sources

import (
	"errors"
	"io/fs"
	"path"
	"sync"
	"testing"
)

// countingReader serves files from a map and counts the reads of each.
type countingReader struct {
	mu    sync.Mutex
	files map[string]string
	reads map[string]int
}

func (c *countingReader) read(name string) ([]byte, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.reads[name]++
	s, ok := c.files[name]
	if !ok {
		return nil, fs.ErrNotExist
	}
	return []byte(s), nil
}

func TestFiles(t *testing.T) {
	r := &countingReader{files: map[string]string{"a.thrift": "A", "d/b.thrift": "B"}, reads: map[string]int{}}
	f := New(r.read)
	parsed := Parse(f, []string{"a.thrift", "./a.thrift", "d/../d/b.thrift", "missing.thrift"}, func(p string, src []byte) string {
		return p + "=" + string(src)
	})
	want := map[string]string{"a.thrift": "a.thrift=A", "d/b.thrift": "d/b.thrift=B"}
	if len(parsed) != len(want) {
		t.Fatalf("parsed %v, want %v", parsed, want)
	}
	for p, v := range want {
		if parsed[p] != v {
			t.Errorf("parsed[%s] = %q, want %q", p, parsed[p], v)
		}
	}
	tests := []struct {
		path  string
		want  string
		err   error
		reads int // reads of the clean path after this Read
	}{
		{"a.thrift", "A", nil, 1},
		{"./a.thrift", "A", nil, 1},
		{"d/b.thrift", "B", nil, 1},
		{"missing.thrift", "", fs.ErrNotExist, 2}, // errors are not kept
		{"missing.thrift", "", fs.ErrNotExist, 3},
	}
	for _, tt := range tests {
		got, err := f.Read(tt.path)
		if !errors.Is(err, tt.err) || string(got) != tt.want {
			t.Errorf("Read(%s) = %q, %v; want %q, %v", tt.path, got, err, tt.want, tt.err)
		}
		if n := r.reads[path.Clean(tt.path)]; n != tt.reads {
			t.Errorf("after Read(%s): %d reads, want %d", tt.path, n, tt.reads)
		}
	}
	seen := map[string]string{}
	f.Each(func(p string, src []byte) { seen[p] = string(src) })
	if len(seen) != 2 || seen["a.thrift"] != "A" || seen["d/b.thrift"] != "B" {
		t.Errorf("Each saw %v", seen)
	}
}
