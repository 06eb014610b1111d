// Package schema is the common model that every idlconv front-end decodes
// into and every printer prints from, with the diagnostics and rule
// records that every package reports through.
//
// # Model
//
// The model is shaped for Apache Thrift, Protocol Buffers and JSON Schema at
// once. It keeps declaration order (ordered slices, never maps), source
// positions ([Pos]), comments and each IDL's own annotations, so that a
// printer can print a faithful file and a mapping rule can report a loss at
// the exact place it happens.
//
// A [File] holds ordered [Decl] values: [*Struct] (struct, exception, union
// or message), [*Enum], [*Typedef], [*Const], [*Service] and free-standing
// [*Comment]s. Types are [*Type] trees: a base kind, a container (list, set,
// map) of other types to any depth, or a named reference that the front-end
// resolves to its declaration.
//
// Front-ends settle meaning by their language's rules, so that mapping
// rules read one answer: a [Field]'s Presence is its presence as the source
// language defines it, while Label only keeps the keyword as written, for
// round trips. The JSON facts that reach the model from any source are
// fields, never annotations: [Field].JSONName, [EnumValue].JSONValue,
// [Type].Format (each a [Text]: the string and where the source says
// it), and [Type].FreeFormWhy.
//
// # Diagnostics and rules
//
// A [Diagnostic] has a position, a severity, a stable rule ID and a
// lowercase message; [Diagnostics] sorts and prints them. Each rule is one
// [Rule] record (ID, severity, purpose, directions), defined once in the
// package that owns it and reported with [Diagnostics.Report] or
// [Diagnostics.ReportError]. This package holds the rules that several
// packages report ([CommonRules]).
//
// This package imports nothing else from idlconv.
package schema
