package conversion

import (
	"errors"
	"fmt"
	"path/filepath"
	"strings"

	"github.com/idlconv/idlconv/convert"
	"github.com/idlconv/idlconv/schema"
)

// Spec is one conversion: its sources, output and options, as the keys
// of [Keys] set them.
type Spec struct {
	// Pos is where the conversion is written in a project file (zero on
	// the command line).
	Pos schema.Pos
	// Name names the conversion in messages.
	Name string
	// Sources are files, folders or glob patterns (path.Match syntax, per
	// path element), relative to Dir.
	Sources []string
	// Dir is the folder that Sources resolve against; empty means the
	// working folder, and the sources are used as written.
	Dir string
	// Exclude are patterns of files that the sources' folders and
	// patterns leave out (see [Spec.Excluded]); a file named as a source
	// is never left out.
	Exclude []string
	// Output is the output file or folder, resolved against the folder
	// of the file that gave it (as written on the command line); empty
	// means standard output.
	Output string
	// OutputDir is true when Output was written as a folder (ending in
	// "/").
	OutputDir bool
	// Options are the conversion's options, From and To included.
	Options convert.Options
	// FromCommandLine is true when the keys are set by flags, so that
	// messages name keys as flags (--from) rather than as keys (from:).
	FromCommandLine bool
}

// New returns a spec with every key's default.
func New(reg *convert.Registry) *Spec {
	s := &Spec{}
	for _, k := range Keys() {
		if k.Default != "" {
			if err := s.Set(k, Value{Text: k.Default, Reg: reg}); err != nil {
				panic(fmt.Sprintf("conversion: the default of %s: %v", k.Name, err)) // a mistake in the table
			}
		}
	}
	return s
}

// Value is what a key is given: one text (a Text or Bool key), a list,
// or pairs, with where relative paths in it resolve.
type Value struct {
	// Text is the value of a Text key, or "true"/"false" for a Bool key.
	Text string
	// List holds the values of a List key.
	List []string
	// Pairs hold the values of a Pairs key, in order.
	Pairs []Pair
	// Dir is the folder relative paths in the value resolve against;
	// empty means the working folder (paths are used as written).
	Dir string
	// Reg checks format names and rule IDs.
	Reg *convert.Registry
}

// Pair is one NAME: VALUE entry of a Pairs key.
type Pair struct{ Name, Value string }

// PairError is a bad entry of a Pairs value: OnName says whether its
// name, rather than its value, is wrong.
type PairError struct {
	// Index is the entry's place in Value.Pairs.
	Index int
	// OnName is true when the entry's name is at fault.
	OnName bool
	// Err says what is wrong.
	Err error
}

func (e *PairError) Error() string { return e.Err.Error() }

func (e *PairError) Unwrap() error { return e.Err }

// Set gives key k the value v. For a List or Pairs key the values are
// added to those already set; any other key's value replaces the one
// before.
func (s *Spec) Set(k *Key, v Value) error {
	switch k.Kind {
	case Bool:
		if v.Text != "true" && v.Text != "false" {
			return errors.New("expected true or false")
		}
	}
	return k.set(s, v)
}

// SetText gives key k a value written as text: a flag's values (one for
// each time it is given) or the words of an option line. A Pairs key's
// texts are NAME=VALUE.
func (s *Spec) SetText(k *Key, texts []string, reg *convert.Registry) error {
	v := Value{Reg: reg}
	switch k.Kind {
	case Text, Bool:
		if len(texts) == 0 {
			return nil
		}
		v.Text = texts[len(texts)-1]
	case List:
		v.List = texts
	case Pairs:
		for _, t := range texts {
			name, value, ok := strings.Cut(t, "=")
			if !ok || name == "" || value == "" {
				return fmt.Errorf("wants %s, not %q", k.PairShape, t)
			}
			v.Pairs = append(v.Pairs, Pair{Name: name, Value: value})
		}
	}
	return s.Set(k, v)
}

// KeyHint names a key with a value as the spec's origin spells it:
// "--from jsonschema" (or "-o DIR") on the command line, "from:
// jsonschema" in a file.
func (s *Spec) KeyHint(k *Key, value string) string {
	switch {
	case s.FromCommandLine && k.Short != "":
		return "-" + k.Short + " " + value
	case s.FromCommandLine && k.Flag != "":
		return "--" + k.Flag + " " + value
	}
	return k.Name + ": " + value
}

// resolve resolves a path of a key's value against dir: as written when
// dir is empty or the path absolute; else joined to dir, keeping a
// trailing separator (which makes an output a folder).
func resolve(dir, p string) string {
	fp := filepath.FromSlash(p)
	if dir == "" || filepath.IsAbs(fp) {
		return fp
	}
	out := filepath.Join(dir, fp)
	if strings.HasSuffix(p, "/") {
		out += string(filepath.Separator)
	}
	return out
}
