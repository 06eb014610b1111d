// Package schema is the common model that every idlconv front-end decodes
// into and every back-end prints from.
//
// The model is shaped for Apache Thrift, Protocol Buffers and JSON Schema at
// once. It keeps declaration order (ordered slices, never maps), source
// positions, comments and each IDL's own annotations, so that a back-end can
// print a faithful file and a mapping rule can report a loss at the exact
// place it happens.
//
// A [File] holds ordered [Decl] values: [*Struct] (struct, exception, union
// or message), [*Enum], [*Typedef], [*Const] and [*Service]. Types are [*Type]
// trees: a base kind, a container (list, set, map) of other types to any
// depth, or a named reference that the front-end resolves to its declaration.
//
// Diagnostics ([Diagnostic], [Diagnostics]) are values with a position, a
// severity, a stable rule ID and a lowercase message.
//
// This package imports nothing else from idlconv.
package schema
