package convert

import (
	"path"
	"strings"

	"github.com/idlconv/idlconv/internal/marker"
	"github.com/idlconv/idlconv/protoast"
	"github.com/idlconv/idlconv/schema"
)

// isGeneratedWrapper reports whether m is a wrapper or entry message that
// idlconv generated for a Thrift container proto cannot nest (see the
// Thrift → proto rules).
func isGeneratedWrapper(m *schema.Struct) bool { return marker.IsWrapper(m) || marker.IsEntry(m) }

// unwrap returns the Thrift container a generated wrapper stands for.
func (fc *fileToThrift) unwrap(w *schema.Struct, pos schema.Pos, what string) *schema.Type {
	t, _ := fc.typ(w.Fields[0].Type, pos, what)
	if container, _ := marker.Find(w.Comments.Leading, marker.Wrapper); strings.HasPrefix(container, "set<") && t.Kind == schema.TypeList {
		t.Kind = schema.TypeSet
	}
	return t
}

// generatedRPC is a request/response pair that idlconv generated from a
// Thrift method, to fold back into arguments, result and throws.
type generatedRPC struct {
	req, resp *schema.Struct
}

// isGeneratedRequest reports whether m is the request message idlconv
// generated for method method of service svc.
func isGeneratedRequest(m *schema.Struct, svc, method string) bool {
	arg, ok := marker.Find(m.Comments.Leading, marker.Request)
	return ok && arg == svc+"."+method
}

// isGeneratedResponse reports whether m is the response message idlconv
// generated for method method of service svc.
func isGeneratedResponse(m *schema.Struct, svc, method string) bool {
	arg, ok := marker.Find(m.Comments.Leading, marker.Response)
	return ok && arg == svc+"."+method
}

// foldGenerated finds the request and response messages idlconv generated
// from Thrift methods, so that they fold back into the methods and are
// not printed as structs.
func (fc *fileToThrift) foldGenerated() {
	fc.folded = map[*schema.Method]generatedRPC{}
	for _, d := range fc.src.Decls {
		svc, ok := d.(*schema.Service)
		if !ok {
			continue
		}
		for _, m := range svc.Methods {
			var g generatedRPC
			if req, ok := m.Args[0].Type.Decl.(*schema.Struct); ok && m.Args[0].Type.DeclFile == fc.src && isGeneratedRequest(req, svc.Name, m.Name) {
				g.req = req
			}
			if resp, ok := m.Result.Decl.(*schema.Struct); ok && m.Result.DeclFile == fc.src && isGeneratedResponse(resp, svc.Name, m.Name) {
				g.resp = resp
			}
			if g.req != nil || g.resp != nil {
				fc.folded[m] = g
				if g.req != nil {
					fc.skip[g.req] = true
				}
				if g.resp != nil {
					fc.skip[g.resp] = true
				}
			}
		}
	}
}

func isEmpty(t *schema.Type) bool {
	return t != nil && protoast.IsWellKnown(t.DeclFile) && t.Decl != nil && t.Decl.DeclName() == "Empty"
}

func (fc *fileToThrift) service(s *schema.Service) *schema.Service {
	name := fc.declName(s.Name, s.Pos)
	anns, notes := fc.optionNotes(s.Annotations, name)
	comments, extends := cutNote(s.Comments, marker.NoteExtends)
	if inc, parent, ok := strings.Cut(extends, "."); ok {
		// The parent is in another file, which this one imports: it is
		// included under the name its Thrift output has (service.thrift
		// may have become service_.thrift).
		for _, imp := range fc.src.Imports {
			if imp.File != nil && strings.TrimSuffix(path.Base(imp.File.Path), path.Ext(imp.File.Path)) == inc {
				extends = fc.include(imp.File) + "." + parent
				break
			}
		}
	}
	out := &schema.Service{Name: name, Comments: addNotes(comments, notes), Annotations: withProtoName(anns, name, s.Name), Extends: extends}
	for _, m := range s.Methods {
		what := s.Name + "." + m.Name
		if _, inherited := cutNote(m.Comments, marker.NoteInherited); inherited != "" && extends != "" {
			// A method idlconv copied in from the extended service: the
			// extends clause brings it back; its file is included.
			for _, t := range []*schema.Type{m.Args[0].Type, m.Result} {
				if !isEmpty(t) {
					fc.typ(t, m.Pos, what)
				}
			}
			continue
		}
		if m.ClientStreaming || m.ServerStreaming {
			fc.diags.Report(m.Pos, RuleStreamingDropped, "streaming rpc %s cannot be expressed in Thrift and is left out", what)
			out.Comments = addNotes(out.Comments, []string{"proto streaming rpc " + m.Name + " is left out"})
			continue
		}
		mAnns, mNotes := fc.optionNotes(m.Annotations, what)
		tm := &schema.Method{Name: m.Name, Comments: addNotes(m.Comments, mNotes), Annotations: mAnns}
		tm.Name = fc.identName(m.Name, m.Pos, &tm.Annotations)
		g := fc.folded[m]
		switch {
		case g.req != nil:
			for _, f := range g.req.Fields {
				if tf := fc.field(f, what); tf != nil {
					tf.Presence = argPresence(f, tf)
					tm.Args = append(tm.Args, tf)
				}
			}
		case isEmpty(m.Args[0].Type):
		default:
			t, _ := fc.typ(m.Args[0].Type, m.Pos, what)
			tm.Args = []*schema.Field{{Name: "req", ID: 1, Type: t}}
		}
		switch {
		case g.resp != nil:
			for _, f := range g.resp.Fields {
				if f.Name == "success" && f.ID == 1 {
					tm.Result, _ = fc.typ(f.Type, m.Pos, what)
					continue
				}
				tf := fc.field(&schema.Field{Pos: f.Pos, Name: f.Name, ID: f.ID - 1, IDExplicit: true, Type: f.Type, Comments: f.Comments}, what)
				if tf != nil {
					tf.Presence = schema.PresenceDefault
					tm.Throws = append(tm.Throws, tf)
				}
			}
		case isEmpty(m.Result):
		default:
			tm.Result, _ = fc.typ(m.Result, m.Pos, what)
		}
		out.Methods = append(out.Methods, tm)
	}
	return out
}

// cutNote removes the comment line that starts with note and returns
// the rest of the line.
func cutNote(c schema.Comments, note string) (schema.Comments, string) {
	lines := strings.Split(c.Leading, "\n")
	for i, ln := range lines {
		if rest, ok := strings.CutPrefix(ln, note); ok {
			c.Leading = strings.Join(append(lines[:i:i], lines[i+1:]...), "\n")
			return c, rest
		}
	}
	return c, ""
}

// argPresence keeps the presence a folded argument had in Thrift: an
// argument that proto labels optional or required was so; others had the
// default (a message argument has explicit presence in proto3 with or
// without the label, so the label tells).
func argPresence(f, tf *schema.Field) schema.Presence {
	switch f.Label {
	case "optional":
		return schema.PresenceOptional
	case "required":
		return schema.PresenceRequired
	}
	return schema.PresenceDefault
}
