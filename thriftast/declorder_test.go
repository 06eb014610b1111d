package thriftast

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/idlconv/idlconv/schema"
)

// declareBeforeUsePairs is DeclareBeforeUse as it was, comparing every
// pair: the reference the linear one must agree with.
func declareBeforeUsePairs(decls []schema.Decl) []schema.Decl {
	out := append([]schema.Decl(nil), decls...)
	for pass := 0; pass < len(out); pass++ {
		moved := false
		for i := 0; i < len(out); i++ {
			switch out[i].(type) {
			case *schema.Enum, *schema.Typedef:
			default:
				continue
			}
			for j := 0; j < i; j++ {
				if usesPair(out[j], out[i]) {
					d := out[i]
					copy(out[j+1:i+1], out[j:i])
					out[j] = d
					moved = true
					break
				}
			}
		}
		if !moved {
			break
		}
	}
	return out
}

func usesPair(user, used schema.Decl) bool {
	name := used.DeclName()
	var typeUses func(t *schema.Type) bool
	typeUses = func(t *schema.Type) bool {
		if t == nil {
			return false
		}
		return t.Kind == schema.TypeNamed && (t.Decl == used || t.Name == name) || typeUses(t.Key) || typeUses(t.Elem)
	}
	fieldsUse := func(fs []*schema.Field) bool {
		for _, f := range fs {
			if typeUses(f.Type) || f.Default != nil && f.Default.Kind == schema.ValueIdent && strings.HasPrefix(f.Default.Str, name+".") {
				return true
			}
		}
		return false
	}
	switch d := user.(type) {
	case *schema.Struct:
		return fieldsUse(d.Fields)
	case *schema.Typedef:
		return typeUses(d.Type)
	case *schema.Service:
		for _, m := range d.Methods {
			if typeUses(m.Result) || fieldsUse(m.Args) || fieldsUse(m.Throws) {
				return true
			}
		}
	}
	return false
}

// TestDeclareBeforeUseAsPairs checks DeclareBeforeUse against the pairwise
// algorithm on random files of enums, typedefs, structs and services that
// refer to each other by declaration, by name and in defaults.
func TestDeclareBeforeUseAsPairs(t *testing.T) {
	r := rand.New(rand.NewPCG(25, 1))
	for iter := range 3000 {
		n := 1 + r.IntN(12)
		decls := make([]schema.Decl, n)
		names := make([]string, n)
		for i := range decls {
			names[i] = fmt.Sprintf("D%d", r.IntN(n+2)) // names may repeat
			switch r.IntN(4) {
			case 0:
				decls[i] = &schema.Enum{Name: names[i]}
			case 1:
				decls[i] = &schema.Typedef{Name: names[i]}
			case 2:
				decls[i] = &schema.Struct{Name: names[i]}
			default:
				decls[i] = &schema.Service{Name: names[i]}
			}
		}
		ref := func() *schema.Type {
			k := r.IntN(n)
			t := &schema.Type{Kind: schema.TypeNamed, Name: names[k]}
			if r.IntN(3) > 0 {
				t.Decl = decls[k]
			} else {
				t.Name = fmt.Sprintf("D%d", r.IntN(n+2))
			}
			if r.IntN(3) == 0 {
				t = &schema.Type{Kind: schema.TypeMap, Key: &schema.Type{Kind: schema.TypeString}, Elem: &schema.Type{Kind: schema.TypeList, Elem: t}}
			}
			return t
		}
		fields := func() []*schema.Field {
			var fs []*schema.Field
			for range r.IntN(3) {
				f := &schema.Field{Type: ref()}
				if r.IntN(4) == 0 {
					f.Default = &schema.Value{Kind: schema.ValueIdent, Str: fmt.Sprintf("D%d.V", r.IntN(n+2))}
				}
				fs = append(fs, f)
			}
			return fs
		}
		for _, d := range decls {
			switch d := d.(type) {
			case *schema.Typedef:
				if r.IntN(4) > 0 {
					d.Type = ref()
				} else {
					d.Type = &schema.Type{Kind: schema.TypeI32}
				}
			case *schema.Struct:
				d.Fields = fields()
			case *schema.Service:
				d.Methods = []*schema.Method{{Result: ref(), Args: fields(), Throws: fields()}}
			}
		}
		if r.IntN(5) == 0 {
			decls = append(decls, decls[r.IntN(n)]) // one declaration twice
		}
		want := declareBeforeUsePairs(decls)
		got := DeclareBeforeUse(decls)
		if !slices.Equal(got, want) {
			t.Fatalf("case %d: got %v, want %v", iter, declNames(got), declNames(want))
		}
	}
}

func declNames(ds []schema.Decl) []string {
	var s []string
	for _, d := range ds {
		s = append(s, fmt.Sprintf("%T %s", d, d.DeclName()))
	}
	return s
}
