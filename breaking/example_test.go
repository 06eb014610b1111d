package breaking_test

import (
	"context"
	"fmt"
	"testing/fstest"

	"github.com/idlconv/idlconv/breaking"
	"github.com/idlconv/idlconv/convert"
)

// ExampleCheck compares two versions of a proto file held in memory: the
// second moves a field to another number and removes one without
// reserving it.
func ExampleCheck() {
	fsys := fstest.MapFS{
		"v1/order.proto": {Data: []byte("syntax = \"proto3\";\nmessage Order {\n  string id = 1;\n  string note = 2;\n}\n")},
		"v2/order.proto": {Data: []byte("syntax = \"proto3\";\nmessage Order {\n  string id = 3;\n}\n")},
	}
	reg := convert.Builtin()
	oldFiles, _, err := reg.Load(context.Background(), []convert.Input{{Path: "v1/order.proto"}}, convert.Options{FS: fsys})
	if err != nil {
		panic(err)
	}
	newFiles, _, err := reg.Load(context.Background(), []convert.Input{{Path: "v2/order.proto"}}, convert.Options{FS: fsys})
	if err != nil {
		panic(err)
	}
	for _, d := range breaking.Check(oldFiles, newFiles) {
		fmt.Println(d)
	}
	// Output:
	// v2/order.proto:2:1: error: field Order.note (ID 2) is gone and its ID is not reserved (old: v1/order.proto:4:3) [field-removed]
	// v2/order.proto:3:3: error: field Order.id has ID 3, was 1 (old: v1/order.proto:3:3) [field-id-changed]
}
