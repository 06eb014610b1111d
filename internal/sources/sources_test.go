package sources

import (
	"errors"
	"io/fs"
	"path"
	"sync"
	"testing"

	"github.com/idlconv/idlconv/schema"
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
	// Parsed under the first spelling, keyed by the clean path.
	parsed := ParseFiles(f, []string{"./a.thrift", "a.thrift", "d/../d/b.thrift", "missing.thrift"}, func(name string, src []byte) (*schema.File, schema.Diagnostics) {
		return &schema.File{Path: name + "=" + string(src)}, nil
	})
	want := map[string]string{"a.thrift": "./a.thrift=A", "d/b.thrift": "d/../d/b.thrift=B"}
	if len(parsed) != len(want) {
		t.Fatalf("parsed %v, want %v", parsed, want)
	}
	for p, v := range want {
		if parsed[p].File == nil || parsed[p].File.Path != v {
			t.Errorf("parsed[%s] = %+v, want %q", p, parsed[p].File, v)
		}
	}
	tests := []struct {
		path string
		want string
		err  error
	}{
		{"a.thrift", "A", nil},
		{"./a.thrift", "A", nil},
		{"d/b.thrift", "B", nil},
		{"missing.thrift", "", fs.ErrNotExist},
		{"./missing.thrift", "", fs.ErrNotExist},
	}
	for _, tt := range tests {
		got, err := f.Read(tt.path)
		if !errors.Is(err, tt.err) || string(got) != tt.want {
			t.Errorf("Read(%s) = %q, %v; want %q, %v", tt.path, got, err, tt.want, tt.err)
		}
		if n := r.reads[path.Clean(tt.path)]; n != 1 {
			t.Errorf("after Read(%s): %d reads, want 1", tt.path, n)
		}
	}
}

// TestFilesConcurrent reads one file from many goroutines at once: it is
// read once.
func TestFilesConcurrent(t *testing.T) {
	r := &countingReader{files: map[string]string{"a.proto": "A"}, reads: map[string]int{}}
	f := New(r.read)
	var wg sync.WaitGroup
	for range 16 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if b, err := f.Read("a.proto"); err != nil || string(b) != "A" {
				t.Errorf("Read = %q, %v", b, err)
			}
		}()
	}
	wg.Wait()
	if n := r.reads["a.proto"]; n != 1 {
		t.Errorf("%d reads, want 1", n)
	}
}
