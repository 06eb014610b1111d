// Package conversion describes one conversion, the unit that idlconv.yaml
// lists and `idlconv convert` runs: what to convert (its sources), to
// what (the target format), where (its output) and how (its
// convert.Options).
//
// Every setting of a conversion is a row of one table, [Keys]: its name in
// idlconv.yaml and in a `--config` file, its command-line flag, help,
// default, allowed values and its effect on the [Spec]. The project file
// reader (package project), `idlconv convert`'s flags and `--config`
// file, and the golden tests' option lines all set a Spec through it, so
// a key is accepted, refused and defaulted alike everywhere; adding a key
// is one row plus its effect.
//
// [Run] expands a Spec's sources into inputs and converts them: `idlconv
// convert` and `idlconv sync` (which adds the ID lock) both run a
// conversion through it.
package conversion
