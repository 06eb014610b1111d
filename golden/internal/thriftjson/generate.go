package thriftjson

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"go/token"
	"io/fs"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"unicode"
)

// thriftLib is the Go library that generated code imports.
const thriftLib = "github.com/apache/thrift"

// modPath is the module path of the throwaway module.
const modPath = "thriftjsongen"

// module is what `go list -m -json` tells of the thrift library.
type module struct {
	Path, Version, Sum, GoModSum string
}

// thriftModule asks the go command which version of the thrift library the
// module of the current folder requires, with its go.sum hashes.
func thriftModule(ctx context.Context) (module, error) {
	cmd := exec.CommandContext(ctx, "go", "list", "-m", "-json", thriftLib)
	cmd.Env = append(os.Environ(), "GOFLAGS=-mod=readonly", "GOPROXY=off")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return module{}, fmt.Errorf("thriftjson: go list -m %s (the current module must require it): %w\n%s",
			thriftLib, err, trim(stderr.Bytes()))
	}
	var m module
	if err := json.Unmarshal(out, &m); err != nil {
		return module{}, fmt.Errorf("thriftjson: go list -m %s: %w", thriftLib, err)
	}
	if m.Version == "" || m.Sum == "" || m.GoModSum == "" {
		return module{}, fmt.Errorf("thriftjson: go list -m %s gave no version or go.sum hashes: %s", thriftLib, trim(out))
	}
	return m, nil
}

// checkCompilerVersion makes sure the compiler and the library are of one
// version: generated code is written for its own library version.
func checkCompilerVersion(ctx context.Context, thrift, libVersion string) error {
	out, err := exec.CommandContext(ctx, thrift, "--version").Output()
	if err != nil {
		return fmt.Errorf("thriftjson: thrift --version: %w", err)
	}
	got := strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(string(out)), "Thrift version"))
	if "v"+got != libVersion {
		return fmt.Errorf("thriftjson: thrift compiler %s does not match %s %s in go.mod", got, thriftLib, libVersion)
	}
	return nil
}

// program is one Thrift file and what the compiler generated from it.
type program struct {
	abs     string // absolute path
	rel     string // path relative to Build's dir, with slashes
	decl    jsonProgram
	goFiles []string // generated Go files, relative to the gen folder, with slashes
	genDir  string   // the gen folder
}

// jsonProgram is the part of `thrift --gen json` output the harness reads.
type jsonProgram struct {
	Name    string `json:"name"`
	Structs []struct {
		Name        string `json:"name"`
		IsException bool   `json:"isException"`
		IsUnion     bool   `json:"isUnion"`
	} `json:"structs"`
}

// generate runs the compiler on files and everything they include: first
// `thrift -v -r` on each given file to learn the programs it reaches, then
// `thrift --gen go --gen json` on each program alone, so that every
// generated Go file is known to come from one program. The Go files are
// gathered in tmpDir/gen.
func generate(ctx context.Context, thrift, dir string, files []string, tmpDir string) ([]*program, error) {
	absDir, err := realAbs(dir)
	if err != nil {
		return nil, fmt.Errorf("thriftjson: %w", err)
	}
	stage := filepath.Join(tmpDir, "stage")
	genDir := filepath.Join(tmpDir, "gen")
	for _, d := range []string{stage, genDir} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			return nil, fmt.Errorf("thriftjson: %w", err)
		}
	}
	byAbs := map[string]*program{}
	for i, f := range files {
		out := filepath.Join(stage, fmt.Sprintf("closure%d", i))
		if err := os.MkdirAll(out, 0o755); err != nil {
			return nil, fmt.Errorf("thriftjson: %w", err)
		}
		stdout, err := runThrift(ctx, thrift, dir, "-v", "-r", "--gen", "json", "-I", absDir, "-out", out, f)
		if err != nil {
			return nil, fmt.Errorf("thriftjson: reading %s: %w", f, err)
		}
		sc := bufio.NewScanner(bytes.NewReader(stdout))
		for sc.Scan() {
			p, ok := strings.CutPrefix(sc.Text(), "Program: ")
			if !ok {
				continue
			}
			if !filepath.IsAbs(p) {
				p = filepath.Join(absDir, p)
			}
			abs, err := realAbs(p)
			if err != nil {
				return nil, fmt.Errorf("thriftjson: %w", err)
			}
			if byAbs[abs] != nil {
				continue
			}
			rel, err := filepath.Rel(absDir, abs)
			if err != nil {
				return nil, fmt.Errorf("thriftjson: %w", err)
			}
			byAbs[abs] = &program{abs: abs, rel: filepath.ToSlash(rel), genDir: genDir}
		}
	}
	progs := make([]*program, 0, len(byAbs))
	for _, p := range byAbs {
		progs = append(progs, p)
	}
	sort.Slice(progs, func(i, j int) bool { return progs[i].rel < progs[j].rel })
	owner := map[string]string{} // generated file → program
	for i, p := range progs {
		out := filepath.Join(stage, fmt.Sprintf("p%d", i))
		if err := os.MkdirAll(out, 0o755); err != nil {
			return nil, fmt.Errorf("thriftjson: %w", err)
		}
		opt := "go:package_prefix=" + modPath + "/gen/,skip_remote"
		if _, err := runThrift(ctx, thrift, dir, "--gen", opt, "--gen", "json", "-I", absDir, "-out", out, p.abs); err != nil {
			return nil, fmt.Errorf("thriftjson: generating %s: %w", p.rel, err)
		}
		if err := p.collect(out, owner); err != nil {
			return nil, err
		}
	}
	if err := fixPackageNames(genDir); err != nil {
		return nil, err
	}
	return progs, nil
}

// fixPackageNames renames the generated packages that Go cannot import:
// a Thrift file without a Go namespace is generated as the package its
// file name gives, which may be "main" (a program, not importable), a Go
// keyword or no identifier at all ("user-events"). Such a package is
// renamed by appending "_" to its name, its characters other than
// letters, digits and "_" becoming "_"; files that import a renamed "main"
// package get the alias main, which their references use. Only the names
// in Go error messages ("of type main_.Task") tell the difference.
func fixPackageNames(genDir string) error {
	renamed := map[string]bool{} // import paths of renamed packages named main
	var files []string
	err := filepath.WalkDir(genDir, func(name string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(name, ".go") {
			files = append(files, name)
		}
		return err
	})
	if err != nil {
		return fmt.Errorf("thriftjson: %w", err)
	}
	contents := map[string][]byte{}
	for _, name := range files {
		data, err := os.ReadFile(name)
		if err != nil {
			return fmt.Errorf("thriftjson: %w", err)
		}
		contents[name] = data
		loc := packageClause.FindSubmatchIndex(data)
		if loc == nil {
			continue
		}
		pkg := string(data[loc[2]:loc[3]])
		if pkg != "main" && token.IsIdentifier(pkg) && !token.IsKeyword(pkg) {
			continue
		}
		fixed := strings.Map(func(r rune) rune {
			if r == '_' || unicode.IsLetter(r) || unicode.IsDigit(r) {
				return r
			}
			return '_'
		}, pkg) + "_"
		contents[name] = append(append(append([]byte(nil), data[:loc[2]]...), fixed...), data[loc[3]:]...)
		if pkg == "main" {
			rel, err := filepath.Rel(genDir, filepath.Dir(name))
			if err != nil {
				return fmt.Errorf("thriftjson: %w", err)
			}
			renamed[modPath+"/gen/"+filepath.ToSlash(rel)] = true
		}
	}
	for name, data := range contents {
		for imp := range renamed {
			data = bytes.ReplaceAll(data, []byte("\n\t\""+imp+"\"\n"), []byte("\n\tmain \""+imp+"\"\n"))
		}
		if err := os.WriteFile(name, data, 0o644); err != nil {
			return fmt.Errorf("thriftjson: %w", err)
		}
	}
	return nil
}

// packageClause finds the package clause of a generated Go file.
var packageClause = regexp.MustCompile(`(?m)^package (\S+)\s*$`)

// collect reads the JSON description of p from out and moves the Go files
// generated for p into the gen folder; owner tells which program wrote
// each Go file already.
func (p *program) collect(out string, owner map[string]string) error {
	jsons, err := filepath.Glob(filepath.Join(out, "*.json"))
	if err != nil || len(jsons) != 1 {
		return fmt.Errorf("thriftjson: %s: expected one JSON description, found %d", p.rel, len(jsons))
	}
	data, err := os.ReadFile(jsons[0])
	if err != nil {
		return fmt.Errorf("thriftjson: %w", err)
	}
	if err := json.Unmarshal(data, &p.decl); err != nil {
		return fmt.Errorf("thriftjson: %s: reading thrift --gen json output: %w", p.rel, err)
	}
	return filepath.WalkDir(out, func(name string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(name, ".go") {
			return err
		}
		rel, err := filepath.Rel(out, name)
		if err != nil {
			return err
		}
		rel = filepath.ToSlash(rel)
		data, err := os.ReadFile(name)
		if err != nil {
			return err
		}
		dest := filepath.Join(p.genDir, filepath.FromSlash(rel))
		if prev, ok := owner[rel]; ok {
			old, err := os.ReadFile(dest)
			if err != nil {
				return err
			}
			if !bytes.Equal(old, data) {
				return fmt.Errorf("thriftjson: %s and %s both generate gen/%s", prev, p.rel, rel)
			}
		} else {
			owner[rel] = p.rel
			if err := os.MkdirAll(filepath.Dir(dest), 0o755); err != nil {
				return err
			}
			if err := os.WriteFile(dest, data, 0o644); err != nil {
				return err
			}
		}
		if path.Base(rel) != "GoUnusedProtection__.go" {
			p.goFiles = append(p.goFiles, rel)
		}
		return nil
	})
}

// runThrift runs the compiler in dir and returns its standard output.
func runThrift(ctx context.Context, thrift, dir string, args ...string) ([]byte, error) {
	cmd := exec.CommandContext(ctx, thrift, args...)
	cmd.Dir = dir
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		out := append(stdout.Bytes(), stderr.Bytes()...)
		return nil, fmt.Errorf("thrift %s: %w\n%s", strings.Join(args, " "), err, trim(out))
	}
	return stdout.Bytes(), nil
}

// realAbs returns the absolute path of name with symbolic links resolved.
func realAbs(name string) (string, error) {
	abs, err := filepath.Abs(name)
	if err != nil {
		return "", err
	}
	return filepath.EvalSymlinks(abs)
}
