package convert

import (
	"fmt"

	"github.com/idlconv/idlconv/internal/ident"
	"github.com/idlconv/idlconv/internal/marker"
	"github.com/idlconv/idlconv/schema"
)

const (
	emptyProto = "google/protobuf/empty.proto"
	// emptyType is fully qualified, so that no package named like
	// com.google can shadow it.
	emptyType = ".google.protobuf.Empty"
)

// rpcNames are the generated request and response message names of a
// method, and the package they live in.
type rpcNames struct {
	pkg, req, resp string
}

// The comment lines that record Thrift service inheritance in proto, so
// that converting back restores `extends` instead of copied methods.

// nameRPCs reserves the request and response message names of every method
// declared in f: <Method>Request and <Method>Response, or, when either is
// already a name in the package, <Service><Method>Request and
// <Service><Method>Response; then '_' is appended while a name still
// collides (warned as name-collision).
func (c *thriftModelToProto) nameRPCs(f *schema.File) {
	pkg := c.pkgOf(f)
	taken := c.names[pkg]
	for _, d := range f.Decls {
		svc, ok := d.(*schema.Service)
		if !ok {
			continue
		}
		for _, m := range svc.Methods {
			names := rpcNames{pkg: pkg}
			needReq, needResp := len(m.Args) > 0, m.Result != nil || len(m.Throws) > 0
			base := ident.UpperFirst(methodName(m))
			if needReq && taken[base+"Request"] || needResp && taken[base+"Response"] {
				base = ident.UpperFirst(protoName(svc)) + ident.UpperFirst(methodName(m))
			}
			reserve := func(suffix string) string {
				name := base + suffix
				for taken[name] {
					name += "_"
				}
				if name != base+suffix {
					c.diags.Report(m.Pos, schema.RuleNameCollision, "generated message %s%s is named %s: %s%s is already taken", base, suffix, name, base, suffix)
				}
				taken[name] = true
				return name
			}
			if needReq {
				names.req = reserve("Request")
			}
			if needResp {
				names.resp = reserve("Response")
			}
			c.rpc[m] = names
		}
	}
}

// methodName is the proto name of a method: its name, or the one a
// proto.name annotation records.
func methodName(m *schema.Method) string {
	if n, ok := annotationValue(m.Annotations, marker.ProtoName); ok {
		return n
	}
	return m.Name
}

// namesOf returns the generated message names of a method.
func (c *thriftModelToProto) namesOf(m *schema.Method) rpcNames { return c.rpc[m] }

// service maps a Thrift service to a proto service plus the request and
// response messages of its own methods.
func (fc *fileToProto) service(s *schema.Service) {
	out := &schema.Service{Name: protoName(s)}
	out.Comments = fc.comments(s.Comments, fc.optionAnnotations(s.Annotations, &out.Annotations, "option"), s.Name)
	have := map[string]bool{}
	for _, m := range s.Methods {
		have[m.Name] = true
		out.Methods = append(out.Methods, fc.method(s, m, fc.src))
	}
	if s.Extends != "" {
		fc.diags.Report(s.Pos, RuleServiceExtends, "service %s extends %s: proto has no service inheritance, so the inherited methods are copied in", s.Name, s.Extends)
		out.Comments = addNotes(out.Comments, []string{marker.NoteExtends + s.Extends})
		if s.ExtendsService != nil {
			// The parent's file is imported even when no type of it is
			// used, so that converting back can include it.
			if f := fc.fileOfService(s, s.ExtendsService); f != fc.src {
				fc.addImport(protoPath(f.Path))
			}
		}
	}
	seen := map[*schema.Service]bool{s: true}
	for parent := s.ExtendsService; parent != nil && !seen[parent]; parent = parent.ExtendsService {
		seen[parent] = true
		file := fc.fileOfService(s, parent)
		for _, m := range parent.Methods {
			if have[m.Name] {
				continue
			}
			have[m.Name] = true
			out.Methods = append(out.Methods, fc.inherited(m, file))
		}
	}
	fc.out.Decls = append(fc.out.Decls, out)
}

// fileOfService finds the file that declares parent, following includes.
func (fc *fileToProto) fileOfService(child, parent *schema.Service) *schema.File {
	var visit func(f *schema.File, seen map[*schema.File]bool) *schema.File
	visit = func(f *schema.File, seen map[*schema.File]bool) *schema.File {
		if f == nil || seen[f] {
			return nil
		}
		seen[f] = true
		for _, d := range f.Decls {
			if d == schema.Decl(parent) {
				return f
			}
		}
		for _, imp := range f.Imports {
			if found := visit(imp.File, seen); found != nil {
				return found
			}
		}
		return nil
	}
	if f := visit(fc.src, map[*schema.File]bool{}); f != nil {
		return f
	}
	return fc.src
}

// method maps one of the service's own methods and emits its messages.
func (fc *fileToProto) method(s *schema.Service, m *schema.Method, f *schema.File) *schema.Method {
	names := fc.namesOf(m)
	what := protoName(s) + "." + methodName(m)
	out := &schema.Method{Name: m.Name}
	if n, ok := annotationValue(m.Annotations, marker.ProtoName); ok {
		out.Name = n
	}
	out.Comments = fc.comments(m.Comments, fc.optionAnnotations(m.Annotations, &out.Annotations, "option"), what)
	if m.Oneway {
		fc.diags.Report(m.Pos, RuleOnewayMethod, "oneway method %s becomes a unary rpc returning google.protobuf.Empty: the caller waits for the reply", what)
	}
	req := &schema.Type{Kind: schema.TypeNamed, Name: emptyType}
	if names.req != "" {
		msg := fc.beginMessage(names.req, m.Args)
		msg.Comments.Leading = fmt.Sprintf("%s holds the arguments of %s.\n%s", names.req, what, marker.Tag(marker.Request, what))
		for _, a := range m.Args {
			if pf := fc.field(a, &schema.Struct{Name: what, Fields: m.Args}); pf != nil {
				msg.Fields = append(msg.Fields, pf)
			}
		}
		fc.checkJSONNames(&schema.Struct{Name: what, Pos: m.Pos, Fields: m.Args}, msg)
		fc.out.Decls = append(fc.out.Decls, msg)
		req.Name = names.req
	} else {
		fc.addImport(emptyProto)
	}
	resp := &schema.Type{Kind: schema.TypeNamed, Name: emptyType}
	if names.resp != "" {
		fc.out.Decls = append(fc.out.Decls, fc.response(m, names.resp, what))
		resp.Name = names.resp
	} else {
		fc.addImport(emptyProto)
	}
	out.Args = []*schema.Field{{Name: "request", ID: 1, Type: req}}
	out.Result = resp
	return out
}

// response builds the response message of a method: the Thrift result
// struct, whose field IDs (success = 0, exceptions from 1) are shifted by
// one because proto field numbers start at 1. With exceptions, the result
// is a oneof, as only one of them is ever set.
func (fc *fileToProto) response(m *schema.Method, name, what string) *schema.Struct {
	results := append([]*schema.Field{{Name: "success"}}, m.Throws...)
	msg := fc.beginMessage(name, results)
	msg.Comments.Leading = fmt.Sprintf("%s holds the result of %s", name, what)
	oneof := ""
	if len(m.Throws) > 0 {
		oneof = "result"
		msg.Oneofs = []*schema.Oneof{{Name: oneof}}
		msg.Comments.Leading += ": the value or one of the declared exceptions, each at its Thrift result ID + 1."
	} else {
		msg.Comments.Leading += "."
	}
	msg.Comments.Leading += "\n" + marker.Tag(marker.Response, what)
	if m.Result != nil {
		msg.Fields = append(msg.Fields, &schema.Field{Name: "success", ID: 1, Oneof: oneof,
			Type: fc.typ(m.Result, m.Pos, what+" result", oneof == "")})
	}
	for _, t := range m.Throws {
		if !fc.fieldID(t, what+" throws", m.Throws) {
			continue
		}
		if id := t.ID + 1; id >= 19000 && id <= 19999 {
			fc.diags.Report(t.Pos, RuleInvalidFieldID, "exception %s of %s has ID %d, which becomes response field %d, in the range 19000-19999 that protobuf reserves", t.Name, what, t.ID, id)
			continue
		}
		msg.Fields = append(msg.Fields, &schema.Field{Name: t.Name, ID: t.ID + 1, Oneof: oneof,
			Type: fc.typ(t.Type, t.Pos, what+" throws "+t.Name, false), Comments: fc.comments(t.Comments, t.Annotations, what+" throws "+t.Name)})
	}
	return msg
}

// inherited maps a method that a service inherits: its messages live with
// the parent service.
func (fc *fileToProto) inherited(m *schema.Method, f *schema.File) *schema.Method {
	names := fc.namesOf(m)
	qualify := func(n string) string {
		if f == fc.src {
			return n
		}
		fc.addImport(protoPath(f.Path))
		if names.pkg == fc.pkg {
			return n
		}
		return "." + names.pkg + "." + n
	}
	req := &schema.Type{Kind: schema.TypeNamed, Name: emptyType}
	if names.req != "" {
		req.Name = qualify(names.req)
	} else {
		fc.addImport(emptyProto)
	}
	resp := &schema.Type{Kind: schema.TypeNamed, Name: emptyType}
	if names.resp != "" {
		resp.Name = qualify(names.resp)
	} else {
		fc.addImport(emptyProto)
	}
	parent := ""
	for _, d := range f.Decls {
		if svc, ok := d.(*schema.Service); ok {
			for _, pm := range svc.Methods {
				if pm == m {
					parent = svc.Name
				}
			}
		}
	}
	return &schema.Method{Name: m.Name, Comments: addNotes(m.Comments, []string{marker.NoteInherited + parent}),
		Args: []*schema.Field{{Name: "request", ID: 1, Type: req}}, Result: resp}
}
