// Package thriftast is idlconv's Apache Thrift front-end and printer.
//
// # Scanner and parser
//
// [ParseFile] reads one file with github.com/cloudwego/thriftgo's parser,
// plus one light scan of the source (lex.go, scan.go) that finds where
// each definition starts and recovers what thriftgo does not keep:
// declaration order, the line:col of every element, leading and trailing
// comments, annotations, and whether each field ID was written (implicit
// IDs are numbered -1, -2, ... as Apache Thrift does, and IDExplicit is
// false). Requiredness is settled here: `required` and
// `optional` set the field's Presence, and Label keeps the keyword. So are
// the JSON facts of idlconv's round-trip annotations: json.name of a field
// is its [schema.Field.JSONName], json.value of an enum value its
// [schema.EnumValue.JSONValue], json.format of a field, type or typedef
// the type's [schema.Type.Format], none of them an annotation any more
// ([Print] writes them back as they were); elsewhere they stay
// annotations.
// Duplicate names and field IDs are positioned errors, and so are brackets
// nested more than [MaxNesting] deep. A file of nothing but whitespace and
// comments is valid and empty, as Apache Thrift reads it.
//
// Time and memory grow linearly with the file (docs/robustness.md):
// thriftgo reads the headers and then each definition on its own, in
// parallel batches, each definition built as soon as it is read, so its
// parse tree (about a hundred bytes per byte read) never holds the whole
// file; the scan attaches comments by binary search; [TypeName] writes
// into one buffer.
//
// thriftgo rejects some IDL that Apache Thrift accepts and real projects
// use; the scan rewrites those spots before thriftgo sees them, byte for
// byte and without moving any line (see compat.go for the cases).
// fbthrift-only syntax (`package`, `@` structured annotations) is a
// positioned error naming it.
//
// # Loader and resolution
//
// [Loader] loads the inputs and their includes, each file read once:
// an include is looked for next to the including file, then in each
// include dir. Type references then resolve Thrift's way (resolve.go): a
// bare name in the same file, "inc.Name" in the file included as
// inc.thrift (the longest include name first: an include name may have
// dots); `extends` names a service the same way. Declarations are found
// through per-file indexes, so resolving is linear in the references.
//
// # Printer
//
// [Print] writes a Thrift-shaped model as Thrift IDL in one canonical
// layout: the same model always prints the same bytes.
//
// # Language facts
//
// What the Thrift language requires, for the mapping rules in package
// convert: the printer's spellings ([TypeName], [Value], [Quote],
// [Annotations]) and [CanQuote] (what a string literal can hold);
// [IncludeName] (how code names an included file); and, in lang.go,
// [IsReserved] (the words Apache Thrift and its generators reject as
// identifiers), [IsKeyword] (the words of its grammar),
// [OutputPath] (the name of a generated .thrift file) and
// [DeclareBeforeUse] (enums and typedefs before their first use). [Rules]
// lists the rules this front-end reports.
package thriftast
