package thriftjson

// The generated code imports the thrift library: requiring it here keeps
// it, and its go.sum hashes, in go.mod through `go mod tidy`, so that the
// throwaway module builds offline.
import _ "github.com/apache/thrift/lib/go/thrift"
