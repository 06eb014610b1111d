package convert

import (
	"math"
	"path"
	"strconv"
	"strings"

	"github.com/idlconv/idlconv/internal/marker"
	"github.com/idlconv/idlconv/jsonschemaast"
	"github.com/idlconv/idlconv/schema"
)

// jsonPath is the output path of a schema converted to JSON Schema.
func jsonPath(p string) string {
	return strings.TrimSuffix(p, path.Ext(p)) + ".json"
}

// jsonDoc builds one JSON Schema document.
type jsonDoc struct {
	opts    Options
	diags   *schema.Diagnostics
	src     *schema.File
	defs    *jsonschemaast.Value
	defsKey string
}

func newJSONDoc(src *schema.File, opts Options, diags *schema.Diagnostics) *jsonDoc {
	d := &jsonDoc{opts: opts, diags: diags, src: src, defs: jsonschemaast.NewObject(), defsKey: "$defs"}
	if opts.JSONSchemaDraft == "7" {
		d.defsKey = "definitions"
	}
	return d
}

// document assembles the root: it refers to the first declared type and
// holds every named type under $defs (definitions in draft 7).
func (d *jsonDoc) document(first string) *jsonschemaast.Value {
	root := jsonschemaast.NewObject()
	if d.opts.JSONSchemaDraft == "7" {
		root.Set("$schema", jsonschemaast.NewString("http://json-schema.org/draft-07/schema#"))
	} else {
		root.Set("$schema", jsonschemaast.NewString("https://json-schema.org/draft/2020-12/schema"))
	}
	base := path.Base(d.src.Path)
	root.Set("title", jsonschemaast.NewString(strings.TrimSuffix(base, path.Ext(base))))
	if first != "" {
		ref := jsonschemaast.NewObject().Set("$ref", jsonschemaast.NewString("#/"+d.defsKey+"/"+first))
		if d.opts.JSONSchemaDraft == "7" {
			// In draft 7, keywords beside $ref are ignored.
			root.Set("allOf", jsonschemaast.NewArray(ref))
		} else {
			root.Set("$ref", ref.Get("$ref"))
		}
	}
	if len(d.defs.Keys) > 0 {
		root.Set(d.defsKey, d.defs)
	}
	return root
}

// ref is the $ref to a named type, in this document or another.
func (d *jsonDoc) ref(name string, file *schema.File) *jsonschemaast.Value {
	target := "#/" + d.defsKey + "/" + name
	if file != nil && file != d.src {
		rel := relPath(path.Dir(d.src.Path), jsonPath(file.Path))
		target = rel + target
	}
	return jsonschemaast.NewObject().Set("$ref", jsonschemaast.NewString(target))
}

// wrapRef moves a $ref into allOf when other keywords stand beside it:
// draft 7 ignores the siblings of $ref.
func (d *jsonDoc) wrapRef(v *jsonschemaast.Value) *jsonschemaast.Value {
	if d.opts.JSONSchemaDraft != "7" || !v.Has("$ref") || len(v.Keys) == 1 {
		return v
	}
	out := jsonschemaast.NewObject().Set("allOf", jsonschemaast.NewArray(jsonschemaast.NewObject().Set("$ref", v.Get("$ref"))))
	for i, k := range v.Keys {
		if k != "$ref" {
			out.Set(k, v.Vals[i])
		}
	}
	return out
}

// relPath is target relative to dir, slash-separated.
func relPath(dir, target string) string {
	if dir == "." || dir == "" {
		return target
	}
	up := ""
	for d := dir; d != "." && d != "/" && d != ""; d = path.Dir(d) {
		if strings.HasPrefix(target, d+"/") {
			return up + strings.TrimPrefix(target, d+"/")
		}
		up += "../"
	}
	return up + target
}

func described(v *jsonschemaast.Value, c schema.Comments) *jsonschemaast.Value {
	text := c.Leading
	if c.Trailing != "" {
		if text != "" {
			text += "\n"
		}
		text += c.Trailing
	}
	if text != "" {
		v.Set("description", jsonschemaast.NewString(text))
	}
	return v
}

func intRange(lo, hi int64) *jsonschemaast.Value {
	return jsonschemaast.NewObject().Set("type", jsonschemaast.NewString("integer")).
		Set("minimum", jsonschemaast.NewInt(lo)).Set("maximum", jsonschemaast.NewInt(hi))
}

func typed(t string) *jsonschemaast.Value {
	return jsonschemaast.NewObject().Set("type", jsonschemaast.NewString(t))
}

func jsonValue(v *schema.Value) *jsonschemaast.Value {
	switch v.Kind {
	case schema.ValueInt:
		return jsonschemaast.NewInt(v.Int)
	case schema.ValueFloat:
		switch {
		case math.IsNaN(v.Float):
			return jsonschemaast.NewString("NaN")
		case math.IsInf(v.Float, 1):
			return jsonschemaast.NewString("Infinity")
		case math.IsInf(v.Float, -1):
			return jsonschemaast.NewString("-Infinity")
		}
		return jsonschemaast.NewNumber(strconv.FormatFloat(v.Float, 'g', -1, 64))
	case schema.ValueBool:
		return jsonschemaast.NewBool(v.Bool)
	case schema.ValueString, schema.ValueIdent:
		return jsonschemaast.NewString(v.Str)
	}
	return nil
}

func (d *jsonDoc) enum(e *schema.Enum, what string, name func(*schema.EnumValue) string) *jsonschemaast.Value {
	v := described(typed("string"), e.Comments)
	names := jsonschemaast.NewArray()
	numbers := jsonschemaast.NewArray()
	for _, ev := range e.Values {
		names.Vals = append(names.Vals, jsonschemaast.NewString(name(ev)))
		numbers.Vals = append(numbers.Vals, jsonschemaast.NewInt(ev.Value))
	}
	v.Set("enum", names)
	v.Set(marker.KeyEnumValues, numbers)
	return v
}

// mapKeyNames constrains the JSON keys of a map whose key is not a string.
func mapKeyNames(k *schema.Type) *jsonschemaast.Value {
	switch k.Kind {
	case schema.TypeBool:
		return jsonschemaast.NewObject().Set("enum", jsonschemaast.NewStrings("true", "false"))
	case schema.TypeU32, schema.TypeU64:
		return jsonschemaast.NewObject().Set("pattern", jsonschemaast.NewString(jsonschemaast.UintKeyPattern))
	case schema.TypeI8, schema.TypeI16, schema.TypeI32, schema.TypeI64:
		return jsonschemaast.NewObject().Set("pattern", jsonschemaast.NewString(jsonschemaast.IntKeyPattern))
	}
	return jsonschemaast.NewObject() // no constraint
}
