// Package thriftast is idlconv's Thrift front-end.
//
// It reads Apache Thrift IDL into the common model with
// github.com/cloudwego/thriftgo's parser, plus one light scan of the source
// that recovers what thriftgo does not keep: declaration order, the
// line:col of every element, leading and trailing comments, annotations,
// and whether each field ID was written (implicit IDs are numbered -1, -2,
// ... as Apache Thrift does).
//
// thriftgo rejects some IDL that Apache Thrift accepts and real projects
// use; the scan rewrites those spots before thriftgo sees them, byte for
// byte and without moving any line (see compat.go for the cases).
// fbthrift-only syntax (`package`, `@` structured annotations) is a
// positioned error naming it.
//
// [Loader] loads files and their includes (next to the including file,
// then in each include dir) and resolves type references, Thrift's way:
// a bare name in the same file, "inc.Name" in the file included as
// inc.thrift.
package thriftast
