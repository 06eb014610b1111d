// Command protoc-gen-jsonschema is the protoc and buf plugin that
// converts proto files to JSON Schema as `idlconv convert --to
// jsonschema` does:
//
//	protoc -I protos --jsonschema_out=gen --jsonschema_opt=jsonschema_draft=7 protos/shop/order.proto
//
// Its options are the conversion keys of idlconv.yaml that shape outputs
// (strict, package, package_map, jsonschema_draft, rules); see package
// internal/protoplugin.
package main

import (
	"os"

	"github.com/idlconv/idlconv/internal/protoplugin"
	"github.com/idlconv/idlconv/schema"
)

func main() {
	os.Exit(protoplugin.Main(schema.JSONSchema, os.Stdin, os.Stdout, os.Stderr))
}
