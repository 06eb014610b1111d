// Package convert is idlconv's library API and holds the mapping rules
// between IDLs.
//
// [Convert] reads input files (from disk, or from an fs.FS given in
// [Options].FS), decodes them into the common model (package schema) with
// the front-end of their format, applies the mapping rules of the requested
// direction and prints each file with the target's printer. It returns the
// outputs and every diagnostic; it never prints, never exits, keeps no state
// between calls and is safe for concurrent use.
//
// # Thrift → proto
//
// The rules, each lossy step with its rule ID (docs/mapping.md has the full
// tables):
//
//	Thrift                         proto                                   rule
//	namespace * / py / java ...    package (--package wins)                namespace-dropped
//	namespace java/go/csharp/...   java_package, go_package, ... options   —
//	field ID                       field number (implicit, <=0 or          implicit-field-id,
//	                               19000-19999 is an error)                invalid-field-id
//	required                       no label (proto3) / required (proto2)   required-field
//	optional                       optional                                —
//	optional list/set/map          repeated / map                          optional-container
//	i8, byte, i16                  int32                                   narrow-int
//	i32, i64, double, string       int32, int64, double, string            —
//	binary, uuid                   bytes, string                           uuid-to-string
//	list<T>, set<T>                repeated T                              set-to-repeated
//	map<K,V>                       map<K,V>, or repeated nested …Entry     map-key-to-entries
//	container in a container/oneof nested wrapper message ListOfT, ...     container-wrapper
//	enum                           enum, values ENUM_NAME_VALUE, zero      enum-zero-value,
//	                               value first, allow_alias                enum-value-range
//	struct, exception              message                                 exception-to-message
//	union                          message with one oneof                  union-field-presence
//	typedef                        its target type                         typedef-inlined
//	const                          a comment                               const-as-comment
//	default                        [default = ...] (proto2) / dropped      default-dropped
//	annotation                     comment (deprecated → option)           annotation-as-comment
//	service method                 rpc M(MRequest) returns (MResponse)     oneway-method,
//	                               Empty for void / no arguments           service-extends
//	include                        import of the converted file            —
package convert
