package thriftast

import (
	"fmt"
	"math"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/idlconv/idlconv/schema"
)

// The light scan: thriftgo's parser groups declarations by kind and keeps no
// positions, no comments except some doc comments, and no record of which
// field IDs were written. scan walks the tokens once and recovers exactly
// that: declaration order, line:col of every element, leading and trailing
// comments, explicit IDs and annotations. The types and values themselves
// come from thriftgo.

// skeleton is what the light scan recovers of one file.
type skeleton struct {
	includes   []headerNode
	namespaces []headerNode
	decls      []*declNode
	patches    []patch
	// headers is whether the file has any header (include, cpp_include,
	// namespace), all of which come before the first definition.
	headers bool
}

// headerNode is an include or namespace line.
type headerNode struct {
	pos  schema.Pos
	lang string // namespace language scope
	arg  string // include path or namespace name
}

// declNode is one top-level definition.
type declNode struct {
	kind        string // struct, union, exception, enum, typedef, const, service, comment
	start, end  int    // byte span in the source
	text        string // comment: its text
	name        string
	pos         schema.Pos // of the name
	typePos     schema.Pos // typedef and const: where the type starts
	valueLit    *token     // const: the value when one string or float literal
	comments    schema.Comments
	annotations []schema.Annotation
	fields      []*fieldNode
	values      []*enumValueNode
	methods     []*methodNode
	extends     string
}

// fieldNode is a struct field, method argument or throws clause entry.
type fieldNode struct {
	name       string
	pos        schema.Pos // of the field's first token
	typePos    schema.Pos
	idExplicit bool
	// defaultLit is the default when it is one string or float literal:
	// thriftgo keeps escapes such as \n undecoded and misreads exponents.
	defaultLit  *token
	comments    schema.Comments
	annotations []schema.Annotation
	typeAnns    []schema.Annotation
}

// enumValueNode is one enum value.
type enumValueNode struct {
	name        string
	pos         schema.Pos
	comments    schema.Comments
	annotations []schema.Annotation
}

// methodNode is one service function.
type methodNode struct {
	name        string
	pos         schema.Pos // of the name
	resultPos   schema.Pos
	comments    schema.Comments
	annotations []schema.Annotation
	args        []*fieldNode
	throws      []*fieldNode
}

// scanError is a positioned syntax error found by the scan.
type scanError struct {
	pos  schema.Pos
	rule schema.Rule
	msg  string
}

func (e *scanError) Error() string { return e.pos.String() + ": " + e.msg }

// scanner walks tokens.
type scanner struct {
	file     string
	toks     []token
	comments []comment
	i        int
	used     []bool // comments already attached
	sk       *skeleton
}

// scan runs the light scan over src.
func scan(file, src string) (*skeleton, error) {
	toks, comments, err := lex(src)
	if err != nil {
		le := err.(*lexError)
		return nil, &scanError{pos: le.posIn(file), rule: schema.RuleSyntax, msg: le.msg}
	}
	if t, ok := tooDeep(toks); ok {
		return nil, &scanError{pos: t.posIn(file), rule: schema.RuleSyntax,
			msg: fmt.Sprintf("brackets nested more than %d deep", MaxNesting)}
	}
	s := &scanner{file: file, toks: toks, comments: comments, used: make([]bool, len(comments)), sk: &skeleton{}}
	if err := s.document(); err != nil {
		return nil, err
	}
	s.freeComments()
	return s.sk, nil
}

// scanHeaders runs the light scan over src's header only: its include,
// cpp_include and namespace lines, up to the first other statement. Thrift
// allows no header after a definition (thriftgo rejects one), so that is
// every header a file that parses has.
func scanHeaders(file, src string) (*skeleton, error) {
	toks, _, err := lex(src)
	if err != nil {
		le := err.(*lexError)
		return nil, &scanError{pos: le.posIn(file), rule: schema.RuleSyntax, msg: le.msg}
	}
	s := &scanner{file: file, toks: toks, sk: &skeleton{}}
	for t := s.peek(); t.kind == tokIdent; t = s.peek() {
		switch t.text {
		case "include", "cpp_include":
			err = s.include()
		case "namespace":
			err = s.namespace()
		default:
			return s.sk, nil
		}
		if err != nil {
			return nil, err
		}
	}
	return s.sk, nil
}

// MaxNesting is how deeply brackets (<, [, {, ( — container types, list
// and map constants, bodies) may nest in a Thrift file; deeper is a
// positioned syntax error, where the parser and every later phase would
// otherwise recurse without bound.
const MaxNesting = 1000

// tooDeep returns the first token that opens a bracket deeper than
// MaxNesting.
func tooDeep(toks []token) (token, bool) {
	depth := 0
	for _, t := range toks {
		if t.kind != tokPunct {
			continue
		}
		switch t.text {
		case "<", "[", "{", "(":
			depth++
			if depth > MaxNesting {
				return t, true
			}
		case ">", "]", "}", ")":
			depth--
		}
	}
	return token{}, false
}

// freeComments turns the comments that document nothing, between
// declarations, into comment declarations, so that they keep their place.
// Comments before the first token (a license, idlconv's own header) and
// inside declarations are left out. Comments and declarations are both in
// source order, so one walk over each finds which comment is inside which
// declaration, and a run of comments is joined once: the time is linear
// in the file.
func (s *scanner) freeComments() {
	if len(s.toks) == 0 || s.toks[0].kind == tokEOF {
		return
	}
	first := s.toks[0].start
	decls := s.sk.decls
	var free []*declNode
	var texts [][]string // the comment texts of each free declaration
	d := 0
	for k, cm := range s.comments {
		if s.used[k] || cm.start < first {
			continue
		}
		for d < len(decls) && decls[d].end <= cm.start {
			d++
		}
		if d < len(decls) && decls[d].start <= cm.start {
			continue // inside decls[d]
		}
		if n := len(free); n > 0 && s.comments[k-1].endLine+1 >= cm.line && !s.used[k-1] && free[n-1].end == s.comments[k-1].end {
			texts[n-1] = append(texts[n-1], cm.text)
			free[n-1].end = cm.end
			continue
		}
		free = append(free, &declNode{kind: "comment", start: cm.start, end: cm.end,
			pos: cm.posIn(s.file)})
		texts = append(texts, []string{cm.text})
	}
	if len(free) == 0 {
		return
	}
	for i, f := range free {
		f.text = strings.Join(texts[i], "\n")
	}
	all := append(s.sk.decls, free...)
	sort.SliceStable(all, func(i, j int) bool { return all[i].start < all[j].start })
	s.sk.decls = all
}

func (s *scanner) peek() token        { return s.toks[s.i] }
func (s *scanner) peekAt(n int) token { return s.toks[min(s.i+n, len(s.toks)-1)] }
func (s *scanner) next() token {
	t := s.toks[s.i]
	if t.kind != tokEOF {
		s.i++
	}
	return t
}

func (s *scanner) pos(t token) schema.Pos { return t.posIn(s.file) }

// intLiteral reads an integer literal as Apache Thrift does: an
// optional sign, then decimal digits (leading zeros too) or 0x and hex
// digits. ok is false when the value is beyond int64.
func intLiteral(text string) (v int64, ok bool) {
	digits := strings.TrimLeft(text, "+-")
	neg := strings.HasPrefix(text, "-")
	base := 10
	if len(digits) > 2 && digits[0] == '0' && (digits[1] == 'x' || digits[1] == 'X') {
		digits, base = digits[2:], 16
	}
	u, err := strconv.ParseUint(digits, base, 64)
	switch {
	case err != nil, neg && u > 1<<63, !neg && u > math.MaxInt64:
		return 0, false
	case neg:
		return int64(-u), true // -(1<<63) wraps to itself
	}
	return int64(u), true
}

// maxQuoted is the most bytes of a token a message quotes.
const maxQuoted = 40

// shortText is text, cut after maxQuoted bytes (with "..."): a message
// about a long token need not repeat it.
func shortText(text string) string {
	if len(text) <= maxQuoted {
		return text
	}
	return text[:maxQuoted] + "..."
}

func describe(t token) string {
	switch t.kind {
	case tokEOF:
		return "end of file"
	case tokString:
		return "string " + t.text
	}
	return strconv.Quote(t.text)
}

func (s *scanner) errorf(t token, format string, args ...any) error {
	return &scanError{pos: s.pos(t), rule: schema.RuleSyntax, msg: fmt.Sprintf(format, args...)}
}

func (s *scanner) is(text string) bool {
	t := s.peek()
	return (t.kind == tokPunct || t.kind == tokIdent) && t.text == text
}

func (s *scanner) accept(text string) bool {
	if s.is(text) {
		s.next()
		return true
	}
	return false
}

func (s *scanner) expect(text, what string) (token, error) {
	if !s.is(text) {
		return token{}, s.errorf(s.peek(), "expected %q %s, found %s", text, what, describe(s.peek()))
	}
	return s.next(), nil
}

func (s *scanner) ident(what string) (token, error) {
	t := s.peek()
	if t.kind != tokIdent {
		return t, s.errorf(t, "expected %s, found %s", what, describe(t))
	}
	return s.next(), nil
}

// separator accepts an optional ',' or ';'.
func (s *scanner) separator() {
	if s.is(",") || s.is(";") {
		s.next()
	}
}

// fbthrift reports fbthrift-only syntax with a positioned error naming it.
func (s *scanner) fbthrift(t token, construct string) error {
	return &scanError{pos: s.pos(t), rule: RuleFBThriftSyntax,
		msg: construct + " is fbthrift-only syntax, not Apache Thrift; idlconv reads Apache Thrift"}
}

func (s *scanner) document() error {
	for s.peek().kind != tokEOF {
		t := s.peek()
		if t.kind == tokPunct && t.text == "@" {
			return s.fbthrift(t, "the structured annotation @"+s.peekAt(1).text)
		}
		if t.kind != tokIdent {
			return s.errorf(t, "expected a header or definition, found %s", describe(t))
		}
		var err error
		switch t.text {
		case "include", "cpp_include":
			err = s.include()
		case "namespace":
			err = s.namespace()
		case "package":
			return s.fbthrift(t, "the package declaration")
		case "typedef", "const", "enum", "struct", "union", "exception", "service":
			err = s.definition()
		case "senum":
			return &scanError{pos: s.pos(t), rule: RuleUnsupportedConstruct, msg: "senum is deprecated and not supported; use an enum or a set<string>"}
		default:
			return s.errorf(t, "expected a header or definition, found %s", describe(t))
		}
		if err != nil {
			return err
		}
	}
	return nil
}

func (s *scanner) include() error {
	s.sk.headers = true
	kw := s.next()
	lit := s.next()
	if lit.kind != tokString {
		return s.errorf(lit, "expected a quoted path after %s, found %s", kw.text, describe(lit))
	}
	if kw.text == "include" {
		s.sk.includes = append(s.sk.includes, headerNode{pos: s.pos(kw), arg: unquote(lit.text)})
	}
	s.patchSeparator()
	return nil
}

func (s *scanner) namespace() error {
	s.sk.headers = true
	kw := s.next()
	lang := s.next()
	if lang.kind != tokIdent && lang.text != "*" {
		return s.errorf(lang, "expected a language after namespace, found %s", describe(lang))
	}
	name := s.next()
	if name.kind != tokIdent && name.kind != tokString {
		return s.errorf(name, "expected a name after namespace %s, found %s", lang.text, describe(name))
	}
	s.sk.namespaces = append(s.sk.namespaces, headerNode{pos: s.pos(kw), lang: lang.text, arg: unquote(name.text)})
	if s.is("(") {
		if _, err := s.annotations(); err != nil {
			return err
		}
	}
	s.patchSeparator()
	return nil
}

// patchSeparator blanks a ';' or ',' after a header or definition, which
// Apache Thrift accepts and thriftgo does not (Impala's Types.thrift:
// `typedef i64 TTimestamp;`).
func (s *scanner) patchSeparator() {
	if s.is(";") || s.is(",") {
		t := s.next()
		s.sk.patches = append(s.sk.patches, blank(t.start, t.end(), "separator after a header or definition"))
	}
}

func (s *scanner) definition() error {
	startIdx := s.i
	kw := s.next()
	d := &declNode{kind: kw.text}
	var err error
	switch kw.text {
	case "typedef":
		d.typePos = s.pos(s.peek())
		if _, err = s.fieldType(); err != nil {
			return err
		}
		err = s.declName(d)
	case "const":
		d.typePos = s.pos(s.peek())
		if _, err = s.fieldType(); err != nil {
			return err
		}
		if err = s.declName(d); err != nil {
			return err
		}
		if _, err = s.expect("=", "after the constant's name"); err != nil {
			return err
		}
		d.valueLit = s.scalarLiteral()
		err = s.constValue()
	case "enum":
		if err = s.declName(d); err != nil {
			return err
		}
		err = s.enumBody(d)
	case "struct", "union", "exception":
		if err = s.declName(d); err != nil {
			return err
		}
		s.accept("xsd_all")
		if _, err = s.expect("{", "to open the "+kw.text); err != nil {
			return err
		}
		d.fields, err = s.fieldList("}")
	case "service":
		if err = s.declName(d); err != nil {
			return err
		}
		if s.accept("extends") {
			t, err := s.ident("the name of the extended service")
			if err != nil {
				return err
			}
			d.extends = t.text
		}
		err = s.serviceBody(d)
	}
	if err != nil {
		return err
	}
	if s.is("(") {
		if d.annotations, err = s.annotations(); err != nil {
			return err
		}
	}
	s.patchSeparator()
	d.comments = s.attach(startIdx, s.i-1)
	d.start, d.end = s.toks[startIdx].start, s.toks[s.i-1].end()
	s.sk.decls = append(s.sk.decls, d)
	return nil
}

func (s *scanner) declName(d *declNode) error {
	t, err := s.ident("a name for the " + d.kind)
	if err != nil {
		return err
	}
	if strings.Contains(t.text, ".") {
		return s.errorf(t, "a %s name cannot contain '.': %q", d.kind, t.text)
	}
	d.name, d.pos = t.text, s.pos(t)
	return nil
}

// fieldType skips one type expression and returns the annotations written
// on it, those on its element, key and value types included.
func (s *scanner) fieldType() ([]schema.Annotation, error) {
	t, err := s.ident("a type")
	if err != nil {
		return nil, err
	}
	var anns []schema.Annotation
	switch t.text {
	case "map", "set", "list":
		if s.accept("cpp_type") {
			s.next()
		}
		if _, err := s.expect("<", "after "+t.text); err != nil {
			return nil, err
		}
		inner, err := s.fieldType()
		if err != nil {
			return nil, err
		}
		anns = append(anns, inner...)
		if t.text == "map" {
			if _, err := s.expect(",", "between the map's key and value types"); err != nil {
				return nil, err
			}
			inner, err := s.fieldType()
			if err != nil {
				return nil, err
			}
			anns = append(anns, inner...)
		}
		if _, err := s.expect(">", "to close "+t.text+"<...>"); err != nil {
			return nil, err
		}
		if s.accept("cpp_type") {
			s.next()
		}
	}
	if s.is("(") {
		own, err := s.annotations()
		if err != nil {
			return nil, err
		}
		anns = append(anns, own...)
	}
	return anns, nil
}

// annotations reads `( key [= "value"] [,;] ... )` and blanks the whole
// group in the text thriftgo parses: thriftgo rejects annotations without a
// value (Apache Thrift's ReservedIncluded.thrift: `( deprecated )`) and
// annotations after an enum's closing brace (EnumTest.thrift:
// `} (cpp.customostream)`), and idlconv takes every annotation from here.
func (s *scanner) annotations() ([]schema.Annotation, error) {
	open := s.next()
	var anns []schema.Annotation
	for !s.is(")") {
		key, err := s.ident("an annotation name")
		if err != nil {
			return nil, err
		}
		a := schema.Annotation{Pos: s.pos(key), Key: key.text}
		if s.accept("=") {
			v := s.next()
			if v.kind != tokString && v.kind != tokInt && v.kind != tokIdent {
				return nil, s.errorf(v, "expected a value for annotation %s, found %s", key.text, describe(v))
			}
			a.Value = unquote(v.text)
		}
		anns = append(anns, a)
		s.separator()
	}
	closing := s.next()
	s.sk.patches = append(s.sk.patches, blank(open.start, closing.end(), "annotations are read by the scan"))
	return anns, nil
}

// constValue skips one constant value, patching the integer literals that
// thriftgo cannot parse (see patchIntLiteral).
func (s *scanner) constValue() error {
	t := s.next()
	switch {
	case t.kind == tokInt:
		return s.patchIntLiteral(t)
	case t.kind == tokString:
		s.patchString(t)
		return nil
	case t.kind == tokFloat, t.kind == tokIdent:
		return nil
	case t.text == "[":
		for !s.is("]") {
			if s.peek().kind == tokEOF {
				return s.errorf(s.peek(), "list constant not closed")
			}
			if err := s.constValue(); err != nil {
				return err
			}
			s.separator()
		}
		s.next()
		return nil
	case t.text == "{":
		for !s.is("}") {
			if s.peek().kind == tokEOF {
				return s.errorf(s.peek(), "map constant not closed")
			}
			if err := s.constValue(); err != nil {
				return err
			}
			if _, err := s.expect(":", "between a map constant's key and value"); err != nil {
				return err
			}
			if err := s.constValue(); err != nil {
				return err
			}
			s.separator()
		}
		s.next()
		return nil
	}
	return s.errorf(t, "expected a constant value, found %s", describe(t))
}

// patchString rewrites a string literal in which an escaped backslash
// comes right before a quote (`"a\\"`): thriftgo reads that quote as
// escaped and runs past the literal. The last backslash of the run becomes
// a '_'; the value idlconv uses comes from the scan.
func (s *scanner) patchString(t token) {
	body := t.text[1 : len(t.text)-1]
	for i := 0; i < len(body); i++ {
		if body[i] != '\\' {
			continue
		}
		j := i
		for j < len(body) && body[j] == '\\' {
			j++
		}
		if (j-i)%2 == 0 && (j == len(body) || body[j] == '"' || body[j] == '\'') {
			s.sk.patches = append(s.sk.patches, patch{start: t.start + 1 + j - 1, text: "_", why: "escaped backslash before a quote"})
		}
		i = j
	}
}

func (s *scanner) patchIntLiteral(t token) error {
	// thriftgo's error for a constant beyond int64 has no position.
	if _, ok := intLiteral(t.text); !ok {
		return s.errorf(t, "integer constant %s is out of range: Thrift integers are 64-bit", shortText(t.text))
	}
	sign, digits := t.text[:len(t.text)-len(strings.TrimLeft(t.text, "+-"))], strings.TrimLeft(t.text, "+-")
	if len(digits) > 1 && digits[0] == '0' && isDigit(digits[1]) {
		// Apache Thrift reads 098325 as decimal, thriftgo as a bad octal
		// (ConstantsDemo.thrift): move the sign past the leading zeros and
		// blank them.
		zeros := min(len(digits)-len(strings.TrimLeft(digits, "0")), len(digits)-1)
		text := strings.Repeat(" ", zeros) + sign + digits[zeros:]
		s.sk.patches = append(s.sk.patches, patch{start: t.start, text: text, why: "decimal with leading zeros"})
		return nil
	}
	if !strings.HasPrefix(t.text, "-0x") && !strings.HasPrefix(t.text, "-0X") {
		return nil
	}
	u, err := strconv.ParseUint(t.text[3:], 16, 64)
	if err != nil || u > 1<<63 {
		return s.errorf(t, "integer constant %s is out of range", t.text)
	}
	dec := "-" + strconv.FormatUint(u, 10)
	if len(dec) > len(t.text) {
		return &scanError{pos: s.pos(t), rule: RuleUnsupportedConstruct, msg: fmt.Sprintf("negative hex constant %s is too long to rewrite for thriftgo; write it in decimal", t.text)}
	}
	s.sk.patches = append(s.sk.patches, patch{start: t.start, text: dec + strings.Repeat(" ", len(t.text)-len(dec)), why: "negative hex constant"})
	return nil
}

func (s *scanner) enumBody(d *declNode) error {
	if _, err := s.expect("{", "to open the enum"); err != nil {
		return err
	}
	for !s.is("}") {
		start := s.i
		t, err := s.ident("an enum value name")
		if err != nil {
			return err
		}
		v := &enumValueNode{name: t.text, pos: s.pos(t)}
		if s.accept("=") {
			n := s.next()
			if n.kind != tokInt {
				return s.errorf(n, "expected an integer value for %s, found %s", t.text, describe(n))
			}
			if err := s.patchIntLiteral(n); err != nil {
				return err
			}
		}
		if s.is("(") {
			if v.annotations, err = s.annotations(); err != nil {
				return err
			}
		}
		s.separator()
		v.comments = s.attach(start, s.i-1)
		d.values = append(d.values, v)
	}
	s.next()
	return nil
}

// fieldList reads fields up to the closing token.
func (s *scanner) fieldList(closing string) ([]*fieldNode, error) {
	var fields []*fieldNode
	for !s.is(closing) {
		if s.peek().kind == tokEOF {
			return nil, s.errorf(s.peek(), "expected %q, found end of file", closing)
		}
		f, err := s.field()
		if err != nil {
			return nil, err
		}
		fields = append(fields, f)
	}
	s.next()
	return fields, nil
}

func (s *scanner) field() (*fieldNode, error) {
	start := s.i
	first := s.peek()
	if first.kind == tokPunct && first.text == "@" {
		return nil, s.fbthrift(first, "the structured annotation @"+s.peekAt(1).text)
	}
	f := &fieldNode{pos: s.pos(first)}
	if first.kind == tokInt && s.peekAt(1).text == ":" {
		// thriftgo keeps an ID in an int32 and wraps one beyond it.
		if v, ok := intLiteral(first.text); !ok || v < math.MinInt16 || v > math.MaxInt16 {
			return nil, s.errorf(first, "field ID %s is out of range: Thrift field IDs are 16-bit (%d to %d)", shortText(first.text), math.MinInt16, math.MaxInt16)
		}
		s.next()
		s.next()
		f.idExplicit = true
	}
	if s.is("required") || s.is("optional") {
		s.next()
	}
	f.typePos = s.pos(s.peek())
	anns, err := s.fieldType()
	if err != nil {
		return nil, err
	}
	f.typeAnns = anns
	if s.is("&") {
		// Apache Thrift reads `&` as the annotation cpp.ref = "true".
		amp := s.next()
		s.sk.patches = append(s.sk.patches, blank(amp.start, amp.end(), "reference field (&)"))
		f.typeAnns = append(f.typeAnns, schema.Annotation{Pos: s.pos(amp), Key: "cpp.ref", Value: "true"})
	}
	name, err := s.ident("a field name")
	if err != nil {
		return nil, err
	}
	f.name = name.text
	if s.accept("=") {
		f.defaultLit = s.scalarLiteral()
		if err := s.constValue(); err != nil {
			return nil, err
		}
	}
	if s.is("(") {
		if f.annotations, err = s.annotations(); err != nil {
			return nil, err
		}
	}
	s.separator()
	f.comments = s.attach(start, s.i-1)
	return f, nil
}

func (s *scanner) serviceBody(d *declNode) error {
	if _, err := s.expect("{", "to open the service"); err != nil {
		return err
	}
	for !s.is("}") {
		start := s.i
		if s.peek().kind == tokEOF {
			return s.errorf(s.peek(), "expected \"}\" to close service %s, found end of file", d.name)
		}
		m := &methodNode{}
		s.accept("oneway")
		m.resultPos = s.pos(s.peek())
		if !s.accept("void") {
			if _, err := s.fieldType(); err != nil {
				return err
			}
		}
		t, err := s.ident("a function name")
		if err != nil {
			return err
		}
		m.name, m.pos = t.text, s.pos(t)
		if _, err := s.expect("(", "to open the arguments of "+m.name); err != nil {
			return err
		}
		if m.args, err = s.fieldList(")"); err != nil {
			return err
		}
		if s.accept("throws") {
			if _, err := s.expect("(", "after throws"); err != nil {
				return err
			}
			if m.throws, err = s.fieldList(")"); err != nil {
				return err
			}
		}
		if s.is("(") {
			if m.annotations, err = s.annotations(); err != nil {
				return err
			}
		}
		s.separator()
		m.comments = s.attach(start, s.i-1)
		d.methods = append(d.methods, m)
	}
	s.next()
	return nil
}

// attach returns the comments that document the tokens first..last: the
// block directly above (no blank line between) and the comment on the same
// line after the last token. It looks only at the comments next to those
// tokens (found by binary search: comments are in source order), so that
// attaching every element of a file takes time linear in its size.
func (s *scanner) attach(first, last int) schema.Comments {
	var c schema.Comments
	ft := s.toks[first]
	prevEnd, prevLine := -1, 0
	if first > 0 {
		prevEnd, prevLine = s.toks[first-1].end(), s.toks[first-1].endLine()
	}
	var lead []string // bottom-up
	wantLine := ft.line
	for k := s.commentAt(ft.start) - 1; k >= 0; k-- {
		cm := s.comments[k]
		if cm.end <= prevEnd {
			// Every comment further up also ends before the previous
			// token: none can be attached.
			break
		}
		if s.used[k] {
			continue
		}
		if cm.line == prevLine {
			break
		}
		if cm.endLine != wantLine && cm.endLine != wantLine-1 {
			break
		}
		s.used[k] = true
		lead = append(lead, cm.text)
		wantLine = cm.line
	}
	slices.Reverse(lead)
	c.Leading = strings.Join(lead, "\n")
	lt := s.toks[last]
	ltLine := lt.endLine()
	nextStart := s.toks[min(last+1, len(s.toks)-1)].start
	var trail []string
	for k := s.commentAt(lt.end()); k < len(s.comments); k++ {
		cm := s.comments[k]
		if cm.line != ltLine {
			// Every later comment is on a later line too.
			break
		}
		if s.used[k] {
			continue
		}
		if cm.start >= nextStart && last+1 < len(s.toks)-1 {
			break
		}
		s.used[k] = true
		trail = append(trail, cm.text)
	}
	c.Trailing = strings.Join(trail, " ")
	return c
}

// commentAt returns the index of the first comment that starts at or
// after the byte offset off.
func (s *scanner) commentAt(off int) int {
	return sort.Search(len(s.comments), func(k int) bool { return s.comments[k].start >= off })
}

// scalarLiteral returns the next token when it is a string or float
// literal, without consuming it.
func (s *scanner) scalarLiteral() *token {
	if t := s.peek(); t.kind == tokString || t.kind == tokFloat {
		return &t
	}
	return nil
}

func unquote(lit string) string {
	if len(lit) >= 2 && (lit[0] == '"' || lit[0] == '\'') {
		body := lit[1 : len(lit)-1]
		r := strings.NewReplacer(`\\`, `\`, `\"`, `"`, `\'`, `'`, `\n`, "\n", `\r`, "\r", `\t`, "\t")
		return r.Replace(body)
	}
	return lit
}
