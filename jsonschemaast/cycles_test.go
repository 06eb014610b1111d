package jsonschemaast

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/idlconv/idlconv/schema"
)

// breakTypedefCyclesWalks is breakTypedefCycles as it was, walking the
// chain from every typedef: the reference the linear one must agree with.
func breakTypedefCyclesWalks(files []*schema.File, diags *schema.Diagnostics) {
	for _, f := range files {
		for _, d := range f.Decls {
			td, ok := d.(*schema.Typedef)
			if !ok {
				continue
			}
			seen := map[*schema.Typedef]bool{td: true}
			path := []string{td.Name}
			for t := td.Type; t != nil && t.Kind == schema.TypeNamed; {
				next, ok := t.Decl.(*schema.Typedef)
				if !ok {
					break
				}
				path = append(path, next.Name)
				if next == td {
					diags.Report(td.Pos, RuleRefCycle, "%s only refers to itself (%s): it names no schema to validate against, which JSON Schema validators refuse and no IDL can declare", td.Name, strings.Join(path, " → "))
					td.Type = &schema.Type{Pos: td.Type.Pos, Kind: schema.TypeString}
					break
				}
				if seen[next] {
					break
				}
				seen[next] = true
				t = next.Type
			}
		}
	}
}

// TestBreakTypedefCyclesAsWalks checks breakTypedefCycles against the
// walk from every typedef on random graphs of typedefs in two files.
func TestBreakTypedefCyclesAsWalks(t *testing.T) {
	r := rand.New(rand.NewPCG(25, 2))
	build := func(seed uint64) []*schema.File {
		r := rand.New(rand.NewPCG(seed, 3))
		n := 1 + r.IntN(10)
		decls := make([]schema.Decl, n)
		for i := range decls {
			if r.IntN(6) == 0 {
				decls[i] = &schema.Struct{Name: fmt.Sprintf("S%d", i)}
			} else {
				decls[i] = &schema.Typedef{Name: fmt.Sprintf("T%d", i), Pos: schema.Pos{File: "a.json", Line: i + 1, Col: 1}}
			}
		}
		for _, d := range decls {
			if td, ok := d.(*schema.Typedef); ok {
				if r.IntN(5) == 0 {
					td.Type = &schema.Type{Kind: schema.TypeI32}
				} else {
					td.Type = &schema.Type{Kind: schema.TypeNamed, Decl: decls[r.IntN(n)]}
				}
			}
		}
		split := r.IntN(n + 1)
		return []*schema.File{{Path: "a.json", Decls: decls[:split]}, {Path: "b.json", Decls: decls[split:]}}
	}
	describe := func(files []*schema.File, diags schema.Diagnostics) string {
		var b strings.Builder
		for _, f := range files {
			for _, d := range f.Decls {
				if td, ok := d.(*schema.Typedef); ok {
					fmt.Fprintf(&b, "%s:%v ", td.Name, td.Type.Kind)
				}
			}
		}
		for _, d := range diags {
			fmt.Fprintf(&b, "\n%s", d)
		}
		return b.String()
	}
	for iter := range 3000 {
		seed := r.Uint64()
		var wantDiags, gotDiags schema.Diagnostics
		wantFiles, gotFiles := build(seed), build(seed)
		breakTypedefCyclesWalks(wantFiles, &wantDiags)
		breakTypedefCycles(gotFiles, &gotDiags)
		if got, want := describe(gotFiles, gotDiags), describe(wantFiles, wantDiags); got != want {
			t.Fatalf("case %d: got\n%s\nwant\n%s", iter, got, want)
		}
	}
}
