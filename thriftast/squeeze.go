package thriftast

import "strings"

// squeezeRun is the longest run of white space a piece keeps when it is
// handed to thriftgo. thriftgo's PEG parser holds some 75 bytes of nodes
// for every byte of its input until it returns, white space included, so
// that one definition with megabytes of spaces (or of an annotation,
// which the scan blanks) took 740–813 MB; white space means nothing to
// thriftgo's reading outside string literals.
const squeezeRun = 64

// squeezed is a piece of source with its long runs of white space cut,
// and where: the text thriftgo reads, mapped back to the piece's own
// offsets for its errors.
type squeezed struct {
	text string
	// cuts are the places in text after which bytes were removed, in
	// order, each with the number removed up to there.
	cuts []cut
}

// cut is a place in squeezed text after which bytes were removed: at is
// its offset in the squeezed text, removed how many bytes the text has
// lost before at, all cuts so far counted.
type cut struct{ at, removed int }

// squeeze cuts each run of white space longer than squeezeRun outside
// string literals to its first squeezeRun bytes, and a newline when the
// part removed held one (so that a line comment still ends where it
// did). Comments are read as thriftgo reads them (//, # and /* */), so
// that a quote inside one starts no string.
func squeeze(src string) squeezed {
	if !hasLongBlank(src) {
		return squeezed{text: src}
	}
	var b strings.Builder
	b.Grow(len(src))
	var cuts []cut
	removed := 0
	const (
		code = iota
		lineComment
		blockComment
		str
	)
	state, quote := code, byte(0)
	for i := 0; i < len(src); {
		c := src[i]
		switch state {
		case code:
			switch {
			case c == '"' || c == '\'':
				state, quote = str, c
			case c == '#' || c == '/' && i+1 < len(src) && src[i+1] == '/':
				state = lineComment
			case c == '/' && i+1 < len(src) && src[i+1] == '*':
				state = blockComment
				b.WriteString("/*")
				i += 2
				continue
			}
		case lineComment:
			if c == '\n' {
				state = code
			}
		case blockComment:
			if c == '*' && i+1 < len(src) && src[i+1] == '/' {
				state = code
				b.WriteString("*/")
				i += 2
				continue
			}
		case str:
			if c == quote {
				state = code
			}
			b.WriteByte(c)
			i++
			continue
		}
		if isBlank(c) {
			j := i
			for j < len(src) && isBlank(src[j]) {
				j++
			}
			if j-i > squeezeRun {
				keep := src[i : i+squeezeRun]
				rest := src[i+squeezeRun : j]
				b.WriteString(keep)
				n := len(rest)
				if strings.IndexByte(rest, '\n') >= 0 {
					b.WriteByte('\n')
					n--
				}
				removed += n
				cuts = append(cuts, cut{at: b.Len(), removed: removed})
			} else {
				b.WriteString(src[i:j])
			}
			if state == lineComment && strings.IndexByte(src[i:j], '\n') >= 0 {
				state = code
			}
			i = j
			continue
		}
		b.WriteByte(c)
		i++
	}
	return squeezed{text: b.String(), cuts: cuts}
}

// hasLongBlank reports whether src has a run of white space longer than
// squeezeRun anywhere (strings included: then squeeze looks closer).
func hasLongBlank(src string) bool {
	run := 0
	for i := 0; i < len(src); i++ {
		if !isBlank(src[i]) {
			run = 0
			continue
		}
		if run++; run > squeezeRun {
			return true
		}
	}
	return false
}

// isBlank reports whether c is white space to thriftgo.
func isBlank(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\r'
}

// original is the offset in the piece of offset off of the squeezed text.
func (s squeezed) original(off int) int {
	removed := 0
	for _, c := range s.cuts {
		if c.at > off {
			break
		}
		removed = c.removed
	}
	return off + removed
}
