package meaningtest

import (
	"regexp"
	"strconv"
	"strings"

	"google.golang.org/protobuf/reflect/protoreflect"

	"github.com/idlconv/idlconv/internal/marker"
)

// Proto presences, as protocompile reads a field.
const (
	presRequired = "required" // proto2 required, editions LEGACY_REQUIRED
	presRepeated = "repeated" // repeated or map: no presence
	presExplicit = "explicit" // has presence (optional, message fields, proto2 optional)
	presImplicit = "implicit" // proto3 singular scalar without optional, editions IMPLICIT
	presOneof    = "oneof "   // + the oneof's name
)

// protoPresence is the presence protocompile reads for fd.
func protoPresence(fd protoreflect.FieldDescriptor) string {
	switch {
	case fd.IsList() || fd.IsMap():
		return presRepeated
	case fd.Cardinality() == protoreflect.Required:
		return presRequired
	case realOneof(fd) != nil:
		return presOneof + string(realOneof(fd).Name())
	case fd.HasPresence():
		return presExplicit
	}
	return presImplicit
}

// realOneof is fd's oneof unless it is none or the synthetic oneof of a
// proto3 optional field.
func realOneof(fd protoreflect.FieldDescriptor) protoreflect.OneofDescriptor {
	if o := fd.ContainingOneof(); o != nil && !o.IsSynthetic() {
		return o
	}
	return nil
}

// realOneofs lists a message's oneofs that are not synthetic.
func realOneofs(m protoreflect.MessageDescriptor) []protoreflect.OneofDescriptor {
	var out []protoreflect.OneofDescriptor
	for i := 0; i < m.Oneofs().Len(); i++ {
		if o := m.Oneofs().Get(i); !o.IsSynthetic() {
			out = append(out, o)
		}
	}
	return out
}

// isMessage reports whether fd's (element) type is a message.
func isMessage(fd protoreflect.FieldDescriptor) bool {
	return fd.Kind() == protoreflect.MessageKind || fd.Kind() == protoreflect.GroupKind
}

// describeField writes a field as protocompile reads it:
// "explicit .pkg.Item = 3", "repeated map<string, int64> = 2".
func describeField(fd protoreflect.FieldDescriptor) string {
	return protoPresence(fd) + " " + describeType(fd)
}

// describeType writes a field's type: "repeated int32",
// "map<string, .pkg.Money>", ".pkg.Order.Line", "enum .pkg.Color".
func describeType(fd protoreflect.FieldDescriptor) string {
	switch {
	case fd.IsMap():
		return "map<" + describeElem(fd.MapKey()) + ", " + describeElem(fd.MapValue()) + ">"
	case fd.IsList():
		return "repeated " + describeElem(fd)
	}
	return describeElem(fd)
}

func describeElem(fd protoreflect.FieldDescriptor) string {
	switch fd.Kind() {
	case protoreflect.MessageKind, protoreflect.GroupKind:
		return "." + string(fd.Message().FullName())
	case protoreflect.EnumKind:
		return "enum ." + string(fd.Enum().FullName())
	}
	return fd.Kind().String()
}

// flatName is a declaration's name relative to its file's package, with
// nesting flattened as proto → Thrift does: Order.Line → Order_Line.
func flatName(d protoreflect.Descriptor) string {
	if name, ok := FlatNames(d.ParentFile())[d.FullName()]; ok {
		return name
	}
	name := string(d.FullName())
	if pkg := string(d.ParentFile().Package()); pkg != "" {
		name = strings.TrimPrefix(name, pkg+".")
	}
	return strings.ReplaceAll(name, ".", "_")
}

// FlatNames gives every message and enum of a file the name idlconv gives
// it in Thrift and JSON Schema (docs/mapping.md, proto → Thrift, Messages
// and fields): top-level names stay; a nested one is Outer_Inner, with _2
// (_3, …) when a declaration of the file already has that name.
func FlatNames(fd protoreflect.FileDescriptor) map[protoreflect.FullName]string {
	out := map[protoreflect.FullName]string{}
	taken := map[string]bool{}
	for i := 0; i < fd.Messages().Len(); i++ {
		taken[string(fd.Messages().Get(i).Name())] = true
	}
	for i := 0; i < fd.Enums().Len(); i++ {
		taken[string(fd.Enums().Get(i).Name())] = true
	}
	var walk func(prefix string, ms protoreflect.MessageDescriptors, es protoreflect.EnumDescriptors, nested bool)
	name := func(prefix string, d protoreflect.Descriptor, nested bool) string {
		n := prefix + string(d.Name())
		if nested {
			clash := n
			for i := 2; taken[n]; i++ {
				n = clash + "_" + strconv.Itoa(i)
			}
			taken[n] = true
		}
		out[d.FullName()] = n
		return n
	}
	walk = func(prefix string, ms protoreflect.MessageDescriptors, es protoreflect.EnumDescriptors, nested bool) {
		for i := 0; i < ms.Len(); i++ {
			m := ms.Get(i)
			if m.IsMapEntry() {
				continue
			}
			n := name(prefix, m, nested)
			if IsEnumScope(m) {
				// The enum takes the place of the message scoping it.
				out[m.Enums().Get(0).FullName()] = n
				continue
			}
			walk(n+"_", m.Messages(), m.Enums(), true)
		}
		for i := 0; i < es.Len(); i++ {
			name(prefix, es.Get(i), nested)
		}
	}
	walk("", fd.Messages(), fd.Enums(), false)
	return out
}

// IsEnumScope reports whether m is a message idlconv made to scope an
// enum's values (docs/mapping.md, The model as proto): tagged
// idlconv:enum NAME in its leading comment (so m's file must be compiled
// with source info), with no fields and only enum NAME nested.
func IsEnumScope(m protoreflect.MessageDescriptor) bool {
	if m.Fields().Len() > 0 || m.Messages().Len() > 0 || m.Enums().Len() != 1 {
		return false
	}
	name, ok := marker.Find(m.ParentFile().SourceLocations().ByDescriptor(m).LeadingComments, marker.EnumScope)
	return ok && name == string(m.Enums().Get(0).Name())
}

// isNested reports whether d is declared inside a message.
func isNested(d protoreflect.Descriptor) bool {
	_, ok := d.Parent().(protoreflect.MessageDescriptor)
	return ok
}

// markers are the round-trip marks idlconv writes as comments in a proto
// file it generated from Thrift; protocompile keeps no comments in the
// descriptors, so they are read from the source text.
type markers struct {
	// tags maps a message's simple name to its tag kind ([marker.Wrapper],
	// [marker.Entry], [marker.Request], [marker.Response]) and argument.
	tags map[string][2]string
	// exceptions holds the simple names of the messages tagged
	// [marker.Exception]: Thrift exceptions that Thrift → proto made
	// messages.
	exceptions map[string]bool
	// inherited maps "Service.rpc" to the service it was inherited from.
	inherited map[string]string
}

var (
	declRe      = regexp.MustCompile(`^\s*(message|rpc|service)\s+([A-Za-z_][A-Za-z0-9_]*)`)
	commentRe   = regexp.MustCompile(`^\s*//(.*)$`)
	markerKinds = []string{marker.Wrapper, marker.Entry, marker.Request, marker.Response}
)

// scanMarkers reads the marks of a proto source: the comment block right
// above a message or rpc.
func scanMarkers(src []byte) *markers {
	m := &markers{tags: map[string][2]string{}, inherited: map[string]string{}, exceptions: map[string]bool{}}
	text := string(src)
	if !strings.Contains(text, "idlconv:") && !strings.Contains(text, strings.TrimSpace(marker.NoteInherited)) {
		return m
	}
	var block []string
	service := ""
	for _, ln := range strings.Split(text, "\n") {
		if c := commentRe.FindStringSubmatch(ln); c != nil {
			block = append(block, c[1])
			continue
		}
		if d := declRe.FindStringSubmatch(ln); d != nil {
			comment := strings.Join(block, "\n")
			switch d[1] {
			case "service":
				service = d[2]
			case "message":
				for _, kind := range markerKinds {
					if arg, ok := marker.Find(comment, kind); ok {
						m.tags[d[2]] = [2]string{kind, arg}
					}
				}
				if _, ok := marker.Find(comment, marker.Exception); ok {
					m.exceptions[d[2]] = true
				}
			case "rpc":
				for _, c := range block {
					if parent, ok := strings.CutPrefix(strings.TrimSpace(c), marker.NoteInherited); ok {
						m.inherited[service+"."+d[2]] = strings.TrimSpace(parent)
					}
				}
			}
		}
		block = nil
	}
	return m
}

// exception reports whether a message of the scanned file is tagged as a
// Thrift exception.
func (m *markers) exception(md protoreflect.MessageDescriptor) bool {
	return m.exceptions[string(md.Name())]
}

// tag returns the tag of a message declared in the scanned file.
func (m *markers) tag(md protoreflect.MessageDescriptor) (kind, arg string) {
	t := m.tags[string(md.Name())]
	return t[0], t[1]
}
