package project_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"

	"github.com/idlconv/idlconv/convert"
	"github.com/idlconv/idlconv/project"
)

// ExampleSync syncs a project of one conversion twice: the first run
// writes the output and the ID lock, the second finds nothing to do.
func ExampleSync() {
	dir, err := os.MkdirTemp("", "idlconv-example")
	if err != nil {
		panic(err)
	}
	defer os.RemoveAll(dir)
	files := map[string]string{
		"idlconv.yaml":    "conversions:\n  - {sources: idl/shop.thrift, to: proto, output: gen/shop.proto}\n",
		"idl/shop.thrift": "struct Order {\n  1: string id\n}\n",
	}
	for name, content := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			panic(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			panic(err)
		}
	}
	reg := convert.Builtin()
	cfg, err := project.Load(filepath.Join(dir, project.FileName), reg)
	if err != nil {
		panic(err)
	}
	for run := 1; run <= 2; run++ {
		res, err := project.Sync(context.Background(), reg, cfg, project.SyncOptions{})
		if err != nil {
			panic(err)
		}
		fmt.Printf("run %d: %d diagnostics, written %v\n", run, len(res.Diagnostics), res.Written)
		for _, c := range res.Changed {
			rel, _ := filepath.Rel(dir, c.Path)
			fmt.Printf("  %s (new: %v)\n", filepath.ToSlash(rel), c.Old == nil)
		}
	}
	// Output:
	// run 1: 0 diagnostics, written true
	//   gen/shop.proto (new: true)
	//   idlconv.lock (new: true)
	// run 2: 0 diagnostics, written false
}
