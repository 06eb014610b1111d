package main

import (
	"io"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/idlconv/idlconv/conversion"
	"github.com/idlconv/idlconv/convert"
	"github.com/idlconv/idlconv/project"
)

// keySample is a value of a key in each of the forms it is written: as a
// flag's value, and in YAML (idlconv.yaml and --config alike).
type keySample struct{ flag, yaml string }

// keySamples are, for every conversion key, values that it takes and
// values that it refuses (none for keys that take any string). A key
// added to the table without samples fails TestKeysAlike.
var keySamples = map[string]struct{ good, bad []keySample }{
	"name":    {good: []keySample{{yaml: "api"}}, bad: []keySample{{yaml: "[a, b]"}}},
	"sources": {good: []keySample{{yaml: "[a.thrift]"}}, bad: []keySample{{yaml: "[]"}}},
	"exclude": {good: []keySample{{"legacy/*", "[legacy/*]"}}, bad: []keySample{{"[", `["["]`}}},
	"from":    {good: []keySample{{"thrift", "thrift"}, {"json-schema", "json-schema"}}, bad: []keySample{{"avro", "avro"}}},
	"to":      {good: []keySample{{"jsonschema", "jsonschema"}}, bad: []keySample{{"avro", "avro"}}},
	// An empty output, or "-", is standard output on the command line,
	// which idlconv.yaml refuses (a project writes files): TestConvertCLI
	// and TestParseErrors cover them.
	"output":            {good: []keySample{{"gen/", "gen/"}, {"gen/a.proto", "gen/a.proto"}}},
	"include":           {good: []keySample{{"idl", "[idl]"}}},
	"strict":            {good: []keySample{{"true", "true"}, {"false", "false"}}, bad: []keySample{{"maybe", "maybe"}}},
	"proto_syntax":      {good: []keySample{{"editions", "editions"}, {"proto2", "proto2"}}, bad: []keySample{{"proto4", "proto4"}}},
	"package":           {good: []keySample{{"acme.v1", "acme.v1"}}},
	"package_map":       {good: []keySample{{"a=b.c", "{a: b.c}"}}, bad: []keySample{{"a", "{a: }"}}},
	"go_package_prefix": {good: []keySample{{"github.com/acme/gen/", "github.com/acme/gen/"}}},
	"oneof":             {good: []keySample{{"union", "union"}}, bad: []keySample{{"struct", "struct"}}},
	"jsonschema_draft":  {good: []keySample{{"7", "7"}, {"draft-07", "draft-07"}, {"2020-12", "2020-12"}}, bad: []keySample{{"4", "4"}}},
	"ref_map":           {good: []keySample{{"https://x.org/=vendor", `{"https://x.org/": vendor}`}}, bad: []keySample{{"https://x.org/", `{"https://x.org/": }`}}},
	"max_file_size":     {good: []keySample{{"1048576", "1048576"}}, bad: []keySample{{"big", "big"}, {"0", "0"}}},
	"rules":             {good: []keySample{{"required-field=error", "{required-field: error}"}}, bad: []keySample{{"nope=off", "{nope: off}"}, {"invalid-field-id=off", "{invalid-field-id: off}"}}},
}

// TestKeysAlike walks the conversion key table and proves that each key
// is accepted and refused alike as a flag of idlconv convert, in
// idlconv.yaml and in a --config file, with the same default.
func TestKeysAlike(t *testing.T) {
	reg := convert.Builtin()
	dir := t.TempDir()
	t.Chdir(dir)
	// The base of every conversion: the keys idlconv.yaml requires.
	base := map[string]string{"sources": "[a.thrift]", "to": "proto", "output": "gen/"}
	baseFlags := []string{"a.thrift", "--to", "proto", "-o", "gen/"}

	fromFlags := func(t *testing.T, args []string) (*conversion.Spec, error) {
		t.Helper()
		errorFormat := errorFormatText
		cmd, cc := newConvertCommandOf(reg, nil, io.Discard, io.Discard, &errorFormat)
		if err := cmd.ParseFlags(args); err != nil {
			return nil, err
		}
		return cc.spec(cmd.Flags(), cmd.Flags().Args())
	}
	fromYAML := func(t *testing.T, key, value string) (*conversion.Spec, error) {
		t.Helper()
		src := "conversions:\n  - "
		first := true
		for _, k := range conversion.KeyNames() {
			v, ok := base[k]
			if k == key {
				v, ok = value, true
			}
			if !ok {
				continue
			}
			if !first {
				src += "    "
			}
			first = false
			src += k + ": " + v + "\n"
		}
		cfg, err := project.Parse(project.FileName, []byte(src), reg)
		if err != nil {
			return nil, err
		}
		return cfg.Conversions[0], nil
	}
	fromConfig := func(t *testing.T, key, value string) (*conversion.Spec, error) {
		t.Helper()
		src := ""
		if key != "" {
			src = key + ": " + value + "\n"
		}
		if err := os.WriteFile(filepath.Join(dir, "settings.yaml"), []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
		// The flags of the base, but for the key's own: a flag given
		// replaces a value of the file.
		var args []string
		for i := 0; i < len(baseFlags); i++ {
			if k := conversion.KeyOfFlag(strings.TrimLeft(baseFlags[i], "-")); k != nil && k.Name == key ||
				key == "output" && baseFlags[i] == "-o" {
				i++
				continue
			}
			args = append(args, baseFlags[i])
		}
		return fromFlags(t, append(args, "--config", "settings.yaml"))
	}
	// same compares what two ways of writing a conversion gave.
	same := func(t *testing.T, what string, a, b *conversion.Spec) {
		t.Helper()
		if !reflect.DeepEqual(a.Options, b.Options) || !reflect.DeepEqual(a.Exclude, b.Exclude) || a.Output != b.Output || a.OutputDir != b.OutputDir {
			t.Errorf("%s differ:\n%+v %q %v %v\n%+v %q %v %v", what, a.Options, a.Output, a.OutputDir, a.Exclude, b.Options, b.Output, b.OutputDir, b.Exclude)
		}
	}

	t.Run("defaults", func(t *testing.T) {
		flags, err := fromFlags(t, baseFlags)
		if err != nil {
			t.Fatal(err)
		}
		yaml, err := fromYAML(t, "", "")
		if err != nil {
			t.Fatal(err)
		}
		config, err := fromConfig(t, "", "")
		if err != nil {
			t.Fatal(err)
		}
		same(t, "flags and idlconv.yaml", flags, yaml)
		same(t, "flags and --config", flags, config)
		errorFormat := errorFormatText
		cmd, _ := newConvertCommandOf(reg, nil, io.Discard, io.Discard, &errorFormat)
		for _, k := range conversion.Keys() {
			if k.Flag == "" || k.Kind == conversion.List || k.Kind == conversion.Pairs {
				continue
			}
			want := k.Default
			if k.Kind == conversion.Bool && want == "" {
				want = "false"
			}
			if got := cmd.Flags().Lookup(k.Flag).DefValue; got != want {
				t.Errorf("--%s shows the default %q, the key's is %q", k.Flag, got, want)
			}
		}
	})

	for _, k := range conversion.Keys() {
		samples, ok := keySamples[k.Name]
		if !ok {
			t.Errorf("key %s has no samples in keySamples: add values it takes and refuses", k.Name)
			continue
		}
		t.Run(k.Name, func(t *testing.T) {
			for _, s := range samples.good {
				yaml, err := fromYAML(t, k.Name, s.yaml)
				if err != nil {
					t.Errorf("idlconv.yaml %s: %s: %v", k.Name, s.yaml, err)
					continue
				}
				if k.Name == "name" || k.Name == "sources" {
					continue // idlconv.yaml's only: no flag, not in --config
				}
				config, err := fromConfig(t, k.Name, s.yaml)
				if err != nil {
					t.Errorf("--config %s: %s: %v", k.Name, s.yaml, err)
					continue
				}
				flags, err := fromFlags(t, append(baseFlags, "--"+k.Flag+"="+s.flag))
				if err != nil {
					t.Errorf("--%s=%s: %v", k.Flag, s.flag, err)
					continue
				}
				same(t, "--"+k.Flag+" and idlconv.yaml", flags, yaml)
				same(t, "--"+k.Flag+" and --config", flags, config)
			}
			for _, s := range samples.bad {
				if _, err := fromYAML(t, k.Name, s.yaml); err == nil {
					t.Errorf("idlconv.yaml %s: %s is accepted", k.Name, s.yaml)
				}
				if k.Name == "name" || k.Name == "sources" {
					continue
				}
				if _, err := fromConfig(t, k.Name, s.yaml); err == nil {
					t.Errorf("--config %s: %s is accepted", k.Name, s.yaml)
				}
				if _, err := fromFlags(t, append(baseFlags, "--"+k.Flag+"="+s.flag)); err == nil {
					t.Errorf("--%s=%s is accepted", k.Flag, s.flag)
				}
			}
		})
	}
	t.Run("config refuses name and sources", func(t *testing.T) {
		for _, key := range []string{"name", "sources"} {
			if _, err := fromConfig(t, key, "[x]"); err == nil {
				t.Errorf("--config takes %s", key)
			}
		}
	})
}
