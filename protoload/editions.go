package protoload

import (
	"bytes"
	"slices"
	"strings"

	"github.com/idlconv/idlconv/protoast"
	"github.com/idlconv/idlconv/schema"
)

// laterEditions are the editions after 2023 that idlconv reads, though
// protocompile v0.14.1 reads no edition after 2023: the six features
// that carry meaning into a model (field_presence, enum_type,
// repeated_field_encoding, utf8_validation, message_encoding,
// json_format) have the same defaults in each as in 2023 (descriptor.proto's
// edition_defaults), so the file is compiled as edition 2023 and its
// model says the edition declared. What these editions add is checked
// by protoc and not here: naming style (enforce_naming_style), symbol
// visibility (export, local, default_symbol_visibility) and proto limits
// (enforce_proto_limits). Any other edition is protocompile's error.
var laterEditions = map[string]bool{"2024": true, "2026": true, "UNSTABLE": true}

// laterFeatures are the features those editions introduce, which
// protocompile refuses in an edition 2023 file: they are left out of
// the text it compiles and put back in the model as the options they
// are.
var laterFeatures = map[string]bool{
	"features.enforce_naming_style":      true,
	"features.default_symbol_visibility": true,
	"features.enforce_proto_limits":      true,
}

// laterEdition is a file of a later edition, as protocompile is given it
// (text) and what the model takes back from its own text.
type laterEdition struct {
	// edition is the edition declared ("2024").
	edition string
	// text is the file with the edition declared as "2023", `import
	// option` as `import`, `export` and `local` before a message or enum
	// and the later features as spaces: every byte offset, line and
	// column is the file's.
	text []byte
	// optionImports are the paths the file imports with `import option`:
	// for custom options only, which the model keeps as text, so that
	// they are no imports of the model.
	optionImports map[string]bool
	// features are the later features' options, in source order.
	features []laterFeature
}

// laterFeature is one option of a later feature, left out of the text
// protocompile compiles.
type laterFeature struct {
	// off is where its annotation is placed: the `option` of a
	// statement, the "[" or "," before an option in brackets.
	off int
	// owner names the blocks the statement is in ("message A", "enum
	// B", "service S", "rpc M"); nil in brackets, where the option is the
	// field's or enum value's that the brackets follow.
	owner      []string
	inBrackets bool
	key, value string
}

// asEdition2023 returns src, when it declares a later edition, as
// protocompile can read it; nil when src declares none.
func asEdition2023(src []byte) *laterEdition {
	if !bytes.Contains(src, []byte("edition")) {
		return nil
	}
	all := protoast.Tokens(src)
	var toks []protoast.Token // without comments
	for _, t := range all {
		if !t.Comment {
			toks = append(toks, t)
		}
	}
	text := func(i int) string {
		if i < 0 || i >= len(toks) {
			return ""
		}
		return string(src[toks[i].Start:toks[i].End])
	}
	le := &laterEdition{optionImports: map[string]bool{}}
	out := append([]byte(nil), src...)
	blank := func(from, to int) {
		for i := from; i < to; i++ {
			if out[i] != '\n' && out[i] != '\r' {
				out[i] = ' '
			}
		}
	}
	// The edition is declared first, after comments.
	if text(0) != "edition" || text(1) != "=" {
		return nil
	}
	lit := text(2)
	if len(lit) < 2 || !laterEditions[lit[1:len(lit)-1]] {
		return nil
	}
	le.edition = lit[1 : len(lit)-1]
	blank(toks[2].Start, toks[2].End)
	copy(out[toks[2].Start:], `"2023"`)
	var blocks []string // the blocks open, "" for one that is no element
	stmt := 0           // index of the first token of the statement
	for i := 3; i < len(toks); i++ {
		t := text(i)
		atStart := i == stmt
		switch {
		case t == ";" || t == "}" || t == "{":
			if t == "{" {
				blocks = append(blocks, blockName(text, stmt, i))
			} else if t == "}" && len(blocks) > 0 {
				blocks = blocks[:len(blocks)-1]
			}
			stmt = i + 1
		case atStart && t == "import" && text(i+1) == "option":
			blank(toks[i+1].Start, toks[i+1].End)
			if p := text(i + 2); len(p) >= 2 {
				le.optionImports[protoast.Unescape(p[1:len(p)-1])] = true
			}
		case atStart && (t == "export" || t == "local") && (text(i+1) == "message" || text(i+1) == "enum"):
			blank(toks[i].Start, toks[i].End)
			stmt = i + 1
		case atStart && t == "option" && laterFeatures[text(i+1)] && text(i+2) == "=":
			end := i + 3
			for end < len(toks) && text(end) != ";" && text(end) != "}" {
				end++
			}
			if text(end) != ";" || end == i+3 {
				continue
			}
			le.features = append(le.features, laterFeature{off: toks[i].Start, owner: slices.Clone(blocks), key: text(i + 1),
				value: string(src[toks[i+3].Start:toks[end-1].End])})
			blank(toks[i].Start, toks[end].End)
			i, stmt = end, end+1
		case t == "[":
			i = le.bracketed(src, toks, text, i, blank)
		}
	}
	le.text = out
	return le
}

// blockName names the block a statement opens at its "{" (open): "message
// A" for a message or group A, "enum B", "service S", "rpc M", "oneof O";
// "" for any other (an extend block, a message literal).
func blockName(text func(int) string, stmt, open int) string {
	switch w := text(stmt); w {
	case "message", "enum", "service", "rpc", "oneof":
		return w + " " + text(stmt+1)
	}
	for i := stmt; i < open; i++ {
		if text(i) == "group" {
			return "message " + text(i+1)
		}
	}
	return ""
}

// bracketed reads the options in brackets that start at toks[open], "[",
// leaves the later features out of the text (with a comma beside each,
// or the brackets when none is left) and records them; it returns the
// index of the closing "]".
func (le *laterEdition) bracketed(src []byte, toks []protoast.Token, text func(int) string, open int, blank func(from, to int)) int {
	type entry struct{ from, to, sep int } // token indexes: [from, to), the separator before
	var entries []entry
	depth, from := 0, open+1
	end := open + 1
	for ; end < len(toks); end++ {
		switch text(end) {
		case "[", "{", "<":
			depth++
		case "]", "}", ">":
			if depth == 0 {
				entries = append(entries, entry{from, end, from - 1})
				goto closed
			}
			depth--
		case ",":
			if depth == 0 {
				entries = append(entries, entry{from, end, from - 1})
				from = end + 1
			}
		case ";":
			if depth == 0 {
				return end - 1
			}
		}
	}
	return end
closed:
	if text(end) != "]" {
		return end
	}
	left := 0
	drop := make([]bool, len(entries))
	for k, e := range entries {
		if e.to-e.from >= 3 && laterFeatures[text(e.from)] && text(e.from+1) == "=" {
			drop[k] = true
			le.features = append(le.features, laterFeature{off: toks[e.sep].Start, inBrackets: true, key: text(e.from),
				value: string(src[toks[e.from+2].Start:toks[e.to-1].End])})
		} else {
			left++
		}
	}
	if left == 0 && len(entries) > 0 {
		blank(toks[open].Start, toks[end].End)
		return end
	}
	for k, e := range entries {
		if !drop[k] {
			continue
		}
		blank(toks[e.from].Start, toks[e.to-1].End)
		if k+1 < len(entries) {
			blank(toks[e.to].Start, toks[e.to].End) // the comma after
		} else {
			blank(toks[e.sep].Start, toks[e.sep].End) // the comma before
		}
	}
	return end
}

// restore gives the model of the file what its text said and protocompile
// was not given: the edition declared, no import for an `import option`,
// the later features' options. src is the file's text, path where it was
// read.
func (le *laterEdition) restore(f *schema.File, path string, src []byte) {
	f.Syntax = "editions " + le.edition
	f.Imports = slices.DeleteFunc(f.Imports, func(imp *schema.Import) bool { return le.optionImports[imp.Path] })
	lines := schema.NewLines(path, src)
	for _, lf := range le.features {
		n := len("option")
		if lf.inBrackets {
			n = 1
		}
		ann := schema.Annotation{Pos: lines.Pos(lf.off, lf.off+n), Key: lf.key, Value: lf.value}
		anns := ownerAnnotations(f, lf, ann.Pos)
		if anns == nil {
			continue
		}
		i := 0
		for i < len(*anns) && !ann.Pos.Before((*anns)[i].Pos) {
			i++
		}
		*anns = slices.Insert(*anns, i, ann)
	}
}

// ownerAnnotations finds the annotations of the element a later feature
// is an option of.
func ownerAnnotations(f *schema.File, lf laterFeature, at schema.Pos) *[]schema.Annotation {
	if lf.inBrackets {
		// The field or enum value whose statement started last before
		// the brackets.
		var best *[]schema.Annotation
		var bestPos schema.Pos
		var walk func(ds []schema.Decl)
		consider := func(p schema.Pos, anns *[]schema.Annotation) {
			if p.Before(at) && (best == nil || bestPos.Before(p)) {
				best, bestPos = anns, p
			}
		}
		walk = func(ds []schema.Decl) {
			for _, d := range ds {
				switch d := d.(type) {
				case *schema.Struct:
					for _, fl := range d.Fields {
						consider(fl.Pos, &fl.Annotations)
					}
					walk(d.Nested)
				case *schema.Enum:
					for _, v := range d.Values {
						consider(v.Pos, &v.Annotations)
					}
				}
			}
		}
		walk(f.Decls)
		return best
	}
	owner := &f.Annotations
	decls := f.Decls
	var svc *schema.Service
	for _, b := range lf.owner {
		kind, name, _ := strings.Cut(b, " ")
		found := false
		switch kind {
		case "message", "enum", "service":
			for _, d := range decls {
				switch d := d.(type) {
				case *schema.Struct:
					if kind == "message" && d.Name == name {
						owner, decls, found = &d.Annotations, d.Nested, true
					}
				case *schema.Enum:
					if kind == "enum" && d.Name == name {
						owner, decls, found = &d.Annotations, nil, true
					}
				case *schema.Service:
					if kind == "service" && d.Name == name {
						owner, decls, svc, found = &d.Annotations, nil, d, true
					}
				}
				if found {
					break
				}
			}
		case "rpc":
			if svc != nil {
				for _, m := range svc.Methods {
					if m.Name == name {
						owner, found = &m.Annotations, true
					}
				}
			}
		case "oneof":
			found = true // a oneof's options are its message's
		}
		if !found {
			break
		}
	}
	return owner
}
