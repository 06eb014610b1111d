package thriftast

import "strings"

// Compatibility with Apache Thrift. thriftgo (the parser idlconv builds on)
// rejects some IDL that the Apache compiler accepts and real projects use.
// The light scan finds each case and records a patch; applyPatches rewrites
// the source before thriftgo sees it, replacing bytes with the same number
// of bytes and never touching a newline, so every line:col thriftgo reports
// is still a position in the user's file. The cases, each recorded where the
// scan finds it:
//
//   - a ';' or ',' after a typedef or header (Impala's Types.thrift:
//     `typedef i64 TTimestamp;`): blanked; see scanner.patchSeparator.
//   - annotations without a value (`( deprecated )`, Apache Thrift's
//     ReservedIncluded.thrift) and annotations after an enum's closing brace
//     (EnumTest.thrift): every annotation group is blanked, and idlconv
//     takes annotations from the scan; see scanner.annotations.
//   - `&` reference fields (Recursive.thrift: `1: RecList & nextitem`):
//     blanked; see scanner.field.
//   - negative hex constants (ConstantsDemo.thrift: `-0x0001F`): rewritten
//     in decimal, padded with spaces; see scanner.patchIntLiteral.
//   - a UTF-8 byte order mark at the start: blanked; see ParseFile.
//   - a string ending in an escaped backslash (`"a\\"`), whose closing
//     quote thriftgo reads as escaped: the last backslash becomes '_', and
//     the value comes from the scan; see scanner.patchString.
//   - float literals with an exponent, which thriftgo misreads (1.5e10 as
//     10): the value of a const or default comes from the scan; see
//     withLiteral.
//   - decimal constants with leading zeros (ConstantsDemo.thrift:
//     `098325`), which thriftgo reads as bad octal: the zeros are blanked;
//     see scanner.patchIntLiteral.

// patch replaces len(text) bytes at start.
type patch struct {
	start int
	text  string
	why   string
}

// blank makes a patch that turns src[start:end] into spaces, newlines kept.
func blank(start, end int, why string) patch {
	return patch{start: start, text: strings.Repeat(" ", end-start), why: why}
}

// applyPatches returns src with every patch applied. Newlines in the
// replaced span are kept, so lines never move.
func applyPatches(src string, patches []patch) string {
	if len(patches) == 0 {
		return src
	}
	b := []byte(src)
	for _, p := range patches {
		for i := 0; i < len(p.text); i++ {
			if b[p.start+i] == '\n' || b[p.start+i] == '\r' {
				continue
			}
			b[p.start+i] = p.text[i]
		}
	}
	return string(b)
}
