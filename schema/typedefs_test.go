package schema

import (
	"strings"
	"testing"
)

// TestTypedefCycles checks that cycles are found once each, from their
// first declared member, and that chains into a cycle and chains that end
// are not cycles.
func TestTypedefCycles(t *testing.T) {
	named := func(to *Typedef) *Type { return &Type{Kind: TypeNamed, Decl: to} }
	a, b, p, x, y := &Typedef{Name: "A"}, &Typedef{Name: "B"}, &Typedef{Name: "P"}, &Typedef{Name: "X"}, &Typedef{Name: "Y"}
	a.Type, b.Type = named(b), named(a) // A → B → A
	p.Type = named(a)                   // P leads into the cycle
	x.Type, y.Type = named(y), &Type{Kind: TypeString}
	files := []*File{{Decls: []Decl{p, x}}, {Decls: []Decl{b, a, y}}}
	got := TypedefCycles(files)
	if len(got) != 1 || got[0].First != b || strings.Join(got[0].Names, " ") != "B A B" {
		t.Fatalf("got %+v, want one cycle from B: B A B", got)
	}
}
