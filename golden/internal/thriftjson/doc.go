// Package thriftjson is test support for the JSON encoding of Thrift
// structs that idlconv's Thrift ⇄ JSON Schema conversions describe: the
// encoding that the standard library's encoding/json gives the Go structs
// that `thrift --gen go` (Apache Thrift 0.17) generates.
//
// [Build] runs the thrift compiler on a set of Thrift files, writes a
// throwaway Go module holding the generated packages and a driver program
// (package [driver]), and builds the driver once. [Harness.RoundTrip]
// decodes JSON documents into NewX() values and encodes them again;
// [Harness.Samples] encodes filled values; [Harness.Structs] lists what
// can be reached. Nothing is written outside the temporary folder that
// Build is given or creates.
//
// Test-only: used by golden's tests alone, hence under golden/internal;
// never imported by the command or the library (internal/testkit's
// TestProductImportsNoTestCode checks it).
//
// Main facts of that encoding (Thrift 0.17.0, encoding/json):
//
//   - the JSON key is the Thrift field name as written; fields appear in
//     field-ID order; decoding ignores unknown keys and matches keys
//     case-insensitively;
//   - optional fields without a default and union members are pointers,
//     slices or maps tagged omitempty: absent when unset (and when an empty
//     list, set, map or binary); every other field is always written, a
//     nil struct, list, set, map or binary as null;
//   - an enum is written as its name (the generated type implements
//     encoding.TextMarshaler) and read only as a name; its zero or an
//     unknown number is written as "<UNSET>", which does not read back;
//     a typedef of an enum loses those methods and is a number;
//   - binary is standard base64 with padding; i64 is a JSON number;
//     NaN and infinities fail to encode; a set is a list that keeps
//     duplicates; map keys are strings: numbers in decimal, enums by name;
//     a map with bool, double or struct keys fails to encode whenever the
//     field is written (even when nil);
//   - NewX() sets Thrift defaults of scalar, string, binary, enum, list,
//     set and map fields (not of struct fields, nor of optional containers);
//     decoding keeps them for absent keys, and merges a map into its
//     default entries.
package thriftjson
