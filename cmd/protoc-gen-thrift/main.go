// Command protoc-gen-thrift is the protoc and buf plugin that converts
// proto files to Thrift IDL as `idlconv convert --to thrift` does:
//
//	protoc -I protos --thrift_out=gen --thrift_opt=oneof=union protos/shop/order.proto
//
// Its options are the conversion keys of idlconv.yaml that shape outputs
// (strict, package, package_map, go_package_prefix, oneof, rules); see
// package internal/protoplugin.
package main

import (
	"os"

	"github.com/idlconv/idlconv/internal/protoplugin"
	"github.com/idlconv/idlconv/schema"
)

func main() {
	os.Exit(protoplugin.Main(schema.Thrift, os.Stdin, os.Stdout, os.Stderr))
}
