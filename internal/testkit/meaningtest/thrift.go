// Package meaningtest checks that a conversion keeps the meaning of a
// schema, as the reference compilers read it: Apache Thrift's own
// compiler (`thrift --gen json`, which writes the program it parsed, with
// typedefs resolved) on the Thrift side, and protocompile (which reads as
// protoc does) on the proto side. It compares the two readings
// declaration by declaration and field by field, and sorts every
// difference into documented (a rule of docs/mapping.md, see [Rules]) or
// undocumented (a failure).
//
// Test-only: used by the tests of convert and golden; never imported by
// the command or the library (internal/testkit's
// TestProductImportsNoTestCode checks it).
package meaningtest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"sync"
)

// Program is one Thrift file as `thrift --gen json` (Apache Thrift 0.17)
// reads it. Typedefs are resolved. The compiler writes an enum-typed
// field, element or argument as i32: the reading cannot tell an enum from
// an i32 (see [Rules], "reader-enum-as-i32").
type Program struct {
	Name       string            `json:"name"`
	Namespaces map[string]string `json:"namespaces"`
	Includes   []string          `json:"includes"`
	Enums      []*Enum           `json:"enums"`
	Structs    []*Struct         `json:"structs"`
	Services   []*Service        `json:"services"`

	// Path is the file that was read.
	Path string `json:"-"`
	// IncludePaths maps an include's program name (its base name without
	// .thrift) to the file thrift found for it.
	IncludePaths map[string]string `json:"-"`
}

// Enum is a Thrift enum.
type Enum struct {
	Name        string            `json:"name"`
	Annotations map[string]string `json:"annotations"`
	Members     []*EnumMember     `json:"members"`
}

// EnumMember is one value of an enum.
type EnumMember struct {
	Name  string `json:"name"`
	Value int64  `json:"value"`
}

// Struct is a struct, union or exception.
type Struct struct {
	Name        string            `json:"name"`
	Annotations map[string]string `json:"annotations"`
	IsException bool              `json:"isException"`
	IsUnion     bool              `json:"isUnion"`
	Fields      []*Field          `json:"fields"`
}

// Kind names the declaration: "struct", "union" or "exception".
func (s *Struct) Kind() string {
	switch {
	case s.IsUnion:
		return "union"
	case s.IsException:
		return "exception"
	}
	return "struct"
}

// Field is a struct field, a method argument or a throws entry.
type Field struct {
	Key         int               `json:"key"`
	Name        string            `json:"name"`
	TypeID      string            `json:"typeId"`
	RawType     *jsonType         `json:"type"`
	Annotations map[string]string `json:"annotations"`
	// Required is "required", "optional" or "req_out" (default
	// requiredness).
	Required string          `json:"required"`
	Default  json.RawMessage `json:"default"`
}

// Type is the field's type.
func (f *Field) Type() *Type { return newType(f.TypeID, f.RawType) }

// Service is a Thrift service; Functions are its own methods only.
type Service struct {
	Name        string            `json:"name"`
	Extends     string            `json:"extends"`
	Annotations map[string]string `json:"annotations"`
	Functions   []*Function       `json:"functions"`
}

// Function is a service method.
type Function struct {
	Name          string            `json:"name"`
	ReturnTypeID  string            `json:"returnTypeId"`
	RawReturnType *jsonType         `json:"returnType"`
	Oneway        bool              `json:"oneway"`
	Arguments     []*Field          `json:"arguments"`
	Exceptions    []*Field          `json:"exceptions"`
	Annotations   map[string]string `json:"annotations"`
}

// Return is the method's result type (ID "void" for none).
func (f *Function) Return() *Type { return newType(f.ReturnTypeID, f.RawReturnType) }

// jsonType is a type as the json generator writes it.
type jsonType struct {
	TypeID      string            `json:"typeId"`
	Class       string            `json:"class"`
	Annotations map[string]string `json:"annotations"`
	ElemTypeID  string            `json:"elemTypeId"`
	ElemType    *jsonType         `json:"elemType"`
	KeyTypeID   string            `json:"keyTypeId"`
	KeyType     *jsonType         `json:"keyType"`
	ValueTypeID string            `json:"valueTypeId"`
	ValueType   *jsonType         `json:"valueType"`
}

// Type is a resolved Thrift type: a base type (bool, i8, i16, i32, i64,
// double, string, binary, uuid), void, a container (list, set, map) or a
// declared type (struct, union, exception; Class names it, prefixed with
// the include's program name when declared in another file).
type Type struct {
	ID          string
	Class       string
	Annotations map[string]string
	Elem        *Type // list, set
	Key, Value  *Type // map
}

func newType(id string, t *jsonType) *Type {
	if t == nil {
		return &Type{ID: id}
	}
	out := &Type{ID: id, Class: t.Class, Annotations: t.Annotations}
	if t.TypeID != "" {
		out.ID = t.TypeID
	}
	switch out.ID {
	case "list", "set":
		out.Elem = newType(t.ElemTypeID, t.ElemType)
	case "map":
		out.Key = newType(t.KeyTypeID, t.KeyType)
		out.Value = newType(t.ValueTypeID, t.ValueType)
	}
	return out
}

// IsContainer reports whether t is a list, set or map.
func (t *Type) IsContainer() bool { return t.ID == "list" || t.ID == "set" || t.ID == "map" }

// IsDeclared reports whether t is a struct, union or exception.
func (t *Type) IsDeclared() bool {
	return t.ID == "struct" || t.ID == "union" || t.ID == "exception"
}

// ClassName is the declared type's name without its include prefix.
func (t *Type) ClassName() string { return t.Class[strings.LastIndex(t.Class, ".")+1:] }

// String writes t in Thrift syntax ("list<map<i16,set<binary>>>",
// "struct b.Money").
func (t *Type) String() string {
	switch t.ID {
	case "list", "set":
		return t.ID + "<" + t.Elem.String() + ">"
	case "map":
		return "map<" + t.Key.String() + "," + t.Value.String() + ">"
	}
	if t.IsDeclared() {
		return t.ID + " " + t.Class
	}
	return t.ID
}

// Thrift runs `thrift --gen json` and caches what it read, one run per
// file and include path list; it is safe for concurrent use.
type Thrift struct {
	// Path is the thrift compiler.
	Path string

	mu    sync.Mutex
	cache map[string]*thriftEntry
}

type thriftEntry struct {
	once sync.Once
	prog *Program
	err  error
}

// NewThrift returns a reader that runs the compiler at path.
func NewThrift(path string) *Thrift {
	return &Thrift{Path: path, cache: map[string]*thriftEntry{}}
}

// Read returns the program thrift reads from file, its includes searched
// next to it and then in includeDirs (thrift's own -I order), or the
// compiler's error when it rejects the file.
func (th *Thrift) Read(file string, includeDirs []string) (*Program, error) {
	key := file + "\x00" + strings.Join(includeDirs, "\x00")
	th.mu.Lock()
	e := th.cache[key]
	if e == nil {
		e = &thriftEntry{}
		th.cache[key] = e
	}
	th.mu.Unlock()
	e.once.Do(func() { e.prog, e.err = th.run(file, includeDirs) })
	return e.prog, e.err
}

// ReadAll reads every file (as [Thrift.Read] does) on as many goroutines
// as there are CPUs, and returns what was read by file; a file the
// compiler rejects maps to its error.
func (th *Thrift) ReadAll(files []string, includeDirs func(file string) []string) (map[string]*Program, map[string]error) {
	progs, errs := map[string]*Program{}, map[string]error{}
	var mu sync.Mutex
	var wg sync.WaitGroup
	sem := make(chan struct{}, 2*runtime.NumCPU())
	for _, f := range files {
		wg.Add(1)
		sem <- struct{}{}
		go func(f string) {
			defer func() { <-sem; wg.Done() }()
			p, err := th.Read(f, includeDirs(f))
			mu.Lock()
			defer mu.Unlock()
			if err != nil {
				errs[f] = err
			} else {
				progs[f] = p
			}
		}(f)
	}
	wg.Wait()
	return progs, errs
}

// run runs the compiler once into a fresh folder.
func (th *Thrift) run(file string, includeDirs []string) (*Program, error) {
	out, err := os.MkdirTemp("", "idlconv-meaning-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(out)
	args := []string{"--gen", "json"}
	for _, d := range includeDirs {
		args = append(args, "-I", d)
	}
	args = append(args, "-out", out, file)
	cmd := exec.Command(th.Path, args...)
	var stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stderr, &stderr
	if err := cmd.Run(); err != nil {
		// Name the files relative to the input's folder: temporary
		// folders would make every message unique.
		msg := firstError(stderr.String())
		for _, dir := range append(includeDirs, filepath.Dir(file)) {
			msg = strings.ReplaceAll(msg, dir+string(filepath.Separator), "")
		}
		return nil, fmt.Errorf("thrift --gen json %s: %v: %s", filepath.Base(file), err, msg)
	}
	name := strings.TrimSuffix(filepath.Base(file), filepath.Ext(file))
	data, err := os.ReadFile(filepath.Join(out, name+".json"))
	if err != nil {
		return nil, err
	}
	var p Program
	if err := json.Unmarshal(data, &p); err != nil {
		// The json generator writes a const map whose keys are
		// containers or structs as an object with non-string keys:
		// invalid JSON. Consts are not compared; read without them.
		if err2 := json.Unmarshal(dropMember(data, "constants"), &p); err2 != nil {
			return nil, fmt.Errorf("thrift --gen json %s: %v", file, err)
		}
	}
	p.Path = file
	p.IncludePaths = includePaths(file, includeDirs)
	return &p, nil
}

// dropMember removes the member key of the top-level object of a JSON
// text, which need not be valid inside that member's value.
func dropMember(data []byte, key string) []byte {
	depth, inString, escaped := 0, false, false
	start, lastSep := -1, -1
	for i := 0; i < len(data); i++ {
		b := data[i]
		switch {
		case inString:
			switch {
			case escaped:
				escaped = false
			case b == '\\':
				escaped = true
			case b == '"':
				inString = false
			}
			continue
		case b == '"':
			if depth == 1 && start < 0 && bytes.HasPrefix(data[i:], []byte(`"`+key+`"`)) {
				start = i
			}
			inString = true
		case b == '{' || b == '[':
			depth++
		case b == '}' || b == ']':
			depth--
			if depth == 0 && start >= 0 {
				// The member is the last one: drop it and the comma
				// before it.
				if lastSep >= 0 {
					return append(append([]byte{}, data[:lastSep]...), data[i:]...)
				}
				return append(append([]byte{}, data[:start]...), data[i:]...)
			}
		case b == ',' && depth == 1:
			if start >= 0 {
				return append(append([]byte{}, data[:start]...), data[i+1:]...)
			}
			lastSep = i
		}
	}
	return data
}

// firstError picks the compiler's error lines from its output (it also
// prints warnings).
func firstError(s string) string {
	var lines []string
	for _, ln := range strings.Split(s, "\n") {
		ln = strings.TrimSpace(ln)
		if ln != "" && !strings.HasPrefix(ln, "[WARNING") {
			lines = append(lines, ln)
		}
	}
	return strings.Join(lines, " ")
}

var includeRe = regexp.MustCompile(`(?m)^\s*include\s+["']([^"']+)["']`)

// includePaths finds the files of file's includes as thrift does: next
// to the including file, then in each include folder.
func includePaths(file string, includeDirs []string) map[string]string {
	src, err := os.ReadFile(file)
	if err != nil {
		return nil
	}
	out := map[string]string{}
	for _, m := range includeRe.FindAllStringSubmatch(string(src), -1) {
		for _, dir := range append([]string{filepath.Dir(file)}, includeDirs...) {
			p := filepath.Join(dir, filepath.FromSlash(m[1]))
			if st, err := os.Stat(p); err == nil && !st.IsDir() {
				out[strings.TrimSuffix(filepath.Base(p), ".thrift")] = p
				break
			}
		}
	}
	return out
}
