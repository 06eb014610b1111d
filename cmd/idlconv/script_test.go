package main

import (
	"os"
	"testing"

	"github.com/rogpeppe/go-internal/testscript"
)

// TestMain lets the scripts run idlconv as a command: the test binary
// runs Main when testscript starts it under that name.
func TestMain(m *testing.M) {
	testscript.Main(m, map[string]func(){
		"idlconv": func() { os.Exit(Main(os.Args[1:], os.Stdin, os.Stdout, os.Stderr)) },
	})
}

// TestScripts runs the command-line scripts of testdata/script: the
// project workflow (idlconv.yaml, sync, sync --check), each a txtar
// archive of commands and the files they start from.
func TestScripts(t *testing.T) {
	testscript.Run(t, testscript.Params{Dir: "testdata/script"})
}
