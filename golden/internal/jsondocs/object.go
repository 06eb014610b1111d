package jsondocs

import (
	"fmt"
	"sort"

	"github.com/idlconv/idlconv/internal/jsonschema"
)

// object builds an object that all parts accept.
func (c *cand) object(parts []*jsonschema.Schema, owner *jsonschema.Schema, k, depth int, minimal, depsDone bool) (any, error) {
	var names []string
	declaredBy := map[string]*jsonschema.Schema{}
	required := map[string]bool{}
	for _, p := range parts {
		for _, name := range sortedKeys(p.Properties) {
			if _, ok := declaredBy[name]; !ok {
				declaredBy[name] = p
				names = append(names, name)
			}
		}
	}
	for _, p := range parts {
		for _, name := range p.Required {
			if required[name] {
				continue
			}
			required[name] = true
			if _, ok := declaredBy[name]; !ok {
				declaredBy[name] = p
				names = append(names, name)
			}
		}
	}
	sort.Strings(names)

	excluded := exclusions(parts)
	present := map[string]bool{}
	var optional []string
	for _, name := range names {
		switch {
		case required[name]:
			present[name] = true
		case !excluded[name]:
			optional = append(optional, name)
		}
	}
	for i, name := range optional {
		def := 0
		switch {
		case k == 1:
			def = 1
		case k >= 2 && i == (k-2)%(len(optional)+1):
			def = 1
		}
		if c.choose(point{s: declaredBy[name], kind: kindProp, name: name}, 2, def, minimal, 1) == 0 {
			present[name] = true
		}
	}

	// dependentRequired and dependencies: the names a present property
	// needs are present too.
	for changed := true; changed; {
		changed = false
		for _, name := range names {
			if !present[name] {
				continue
			}
			for _, p := range parts {
				need := p.DependentRequired[name]
				if d, ok := p.Dependencies[name].([]string); ok {
					need = append(append([]string{}, need...), d...)
				}
				for _, n := range need {
					if present[n] {
						continue
					}
					present[n] = true
					changed = true
					if _, ok := declaredBy[n]; !ok {
						declaredBy[n] = p
						names = append(names, n)
					}
				}
			}
		}
		sort.Strings(names)
	}

	// dependentSchemas and schema dependencies: merged once, then the
	// object is built again with them.
	if !depsDone {
		var extra []*jsonschema.Schema
		for _, name := range names {
			if !present[name] {
				continue
			}
			for _, p := range parts {
				if d := p.DependentSchemas[name]; d != nil {
					extra = append(extra, d)
				}
				if d, ok := p.Dependencies[name].(*jsonschema.Schema); ok {
					extra = append(extra, d)
				}
			}
		}
		if len(extra) > 0 {
			seen := map[*jsonschema.Schema]bool{}
			for _, p := range parts {
				seen[p] = true
			}
			more, err := c.flatten(extra, append([]*jsonschema.Schema{}, parts...), seen, k, minimal, nil, tAll)
			if err != nil {
				return nil, err
			}
			return c.object(more, owner, k, depth, minimal, true)
		}
	}

	minProps, maxProps := 0, -1
	for _, p := range parts {
		if p.MinProperties != nil && *p.MinProperties > minProps {
			minProps = *p.MinProperties
		}
		if p.MaxProperties != nil && (maxProps < 0 || *p.MaxProperties < maxProps) {
			maxProps = *p.MaxProperties
		}
	}
	count := 0
	for _, name := range names {
		if present[name] {
			count++
		}
	}
	for _, name := range optional {
		if count >= minProps {
			break
		}
		if !present[name] {
			present[name] = true
			count++
		}
	}
	for i := len(optional) - 1; i >= 0 && maxProps >= 0 && count > maxProps; i-- {
		if present[optional[i]] {
			present[optional[i]] = false
			count--
		}
	}

	obj := map[string]any{}
	for _, name := range names {
		if !present[name] {
			continue
		}
		v, err := c.value(propertySchemas(parts, name), k, depth+1, minimal)
		if err != nil {
			return nil, fmt.Errorf("property %q: %w", name, err)
		}
		obj[name] = v
	}
	room := func() bool { return maxProps < 0 || len(obj) < maxProps }

	// patternProperties: one key generated from each pattern.
	for _, p := range parts {
		for _, re := range sortedPatterns(p.PatternProperties) {
			if !room() {
				break
			}
			def := 0
			if k == 1 {
				def = 1
			}
			if c.choose(point{s: p, kind: kindPattern, name: re.String()}, 2, def, minimal, 1) != 0 {
				continue
			}
			key, ok := c.patternKey(re, parts, k, depth, obj)
			if !ok {
				continue
			}
			v, err := c.value(propertySchemas(parts, key), k, depth+1, minimal)
			if err != nil {
				return nil, fmt.Errorf("pattern property %q: %w", key, err)
			}
			obj[key] = v
		}
	}

	// additionalProperties with a schema, or an object that declares
	// nothing: a map.
	var entry []*jsonschema.Schema
	closed, declares := false, len(names) > 0
	for _, p := range parts {
		switch ap := p.AdditionalProperties.(type) {
		case *jsonschema.Schema:
			entry = append(entry, ap)
		case bool:
			closed = closed || !ap
		}
		if p.PatternProperties != nil {
			declares = true
		}
	}
	if len(entry) == 0 && !closed {
		for _, p := range parts {
			if u := p.UnevaluatedProperties; u != nil {
				if u.Bool != nil && !*u.Bool {
					closed = true
				} else {
					entry = append(entry, u)
				}
			}
		}
	}
	free := len(entry) == 0 && !closed && !declares
	want := 0
	if len(entry) > 0 || free {
		if c.choose(point{s: owner, kind: kindMap}, 2, k, minimal, 1) == 0 {
			want = 2
		}
	}
	if need := minProps - len(obj); need > want && !closed {
		want = need
	}
	if want > 0 {
		if err := c.entries(obj, parts, entry, free, want, room, k, depth, minimal); err != nil {
			return nil, err
		}
	}
	return obj, nil
}

// entries adds want map entries to obj, with keys from propertyNames when
// a part has it, else key1, key2, ….
func (c *cand) entries(obj map[string]any, parts, entry []*jsonschema.Schema, free bool, want int, room func() bool, k, depth int, minimal bool) error {
	var names []*jsonschema.Schema
	for _, p := range parts {
		if p.PropertyNames != nil {
			names = append(names, p.PropertyNames)
		}
	}
	added := 0
	for j := 0; added < want && j < want+8 && room(); j++ {
		key := fmt.Sprintf("key%d", j+1)
		if names != nil {
			v, err := c.value(names, k+j, depth+1, false)
			if err != nil {
				return fmt.Errorf("property name: %w", err)
			}
			s, ok := v.(string)
			if !ok {
				continue
			}
			key = s
		}
		if _, dup := obj[key]; dup {
			continue
		}
		schemas := propertySchemas(parts, key)
		if free {
			schemas = nil
		}
		v, err := c.value(schemas, k+j, depth+1, minimal)
		if err != nil {
			return fmt.Errorf("map entry %q: %w", key, err)
		}
		obj[key] = v
		added++
	}
	return nil
}

// propertySchemas returns the schemas that apply to property name of an
// object all parts describe: per part, its properties entry, else the
// patternProperties that match, else its additionalProperties schema.
func propertySchemas(parts []*jsonschema.Schema, name string) []*jsonschema.Schema {
	var out []*jsonschema.Schema
	for _, p := range parts {
		matched := false
		if s, ok := p.Properties[name]; ok {
			out = append(out, s)
			matched = true
		}
		for _, re := range sortedPatterns(p.PatternProperties) {
			if re.MatchString(name) {
				out = append(out, p.PatternProperties[re])
				matched = true
			}
		}
		if !matched {
			if ap, ok := p.AdditionalProperties.(*jsonschema.Schema); ok {
				out = append(out, ap)
			}
		}
	}
	return out
}

// patternKey returns a key matching re, and the propertyNames of parts,
// that obj does not have yet: generated from the pattern, or from the
// propertyNames schemas.
func (c *cand) patternKey(re jsonschema.Regexp, parts []*jsonschema.Schema, k, depth int, obj map[string]any) (string, bool) {
	var names []*jsonschema.Schema
	for _, p := range parts {
		if p.PropertyNames != nil {
			names = append(names, p.PropertyNames)
		}
	}
	keys := c.run.patternSamples(re.String(), k, 6)
	if names != nil {
		for j := 0; j < 4; j++ {
			if v, err := c.value(names, k+j, depth+1, false); err == nil {
				if s, ok := v.(string); ok {
					keys = append(keys, s)
				}
			}
		}
	}
	for _, s := range keys {
		if _, dup := obj[s]; dup || s == "" || !re.MatchString(s) {
			continue
		}
		ok := true
		for _, n := range names {
			ok = ok && n.Validate(s) == nil
		}
		if ok {
			return s, true
		}
	}
	return "", false
}

// exclusions returns the properties an object of parts should leave out:
// those a oneOf branch other than the chosen one requires (so that the
// value matches one branch only), and those a not requires.
func exclusions(parts []*jsonschema.Schema) map[string]bool {
	in := map[*jsonschema.Schema]bool{}
	for _, p := range parts {
		in[p] = true
	}
	out := map[string]bool{}
	for _, p := range parts {
		for _, b := range p.OneOf {
			if !in[b] {
				for _, name := range requiredBy(b) {
					out[name] = true
				}
			}
		}
		if p.Not != nil {
			for _, name := range requiredBy(p.Not) {
				out[name] = true
			}
		}
	}
	return out
}

// requiredBy returns the names s requires, itself or through its $ref
// and allOf (one level).
func requiredBy(s *jsonschema.Schema) []string {
	names := append([]string{}, s.Required...)
	more := append([]*jsonschema.Schema{s.Ref}, s.AllOf...)
	for _, m := range more {
		if m != nil {
			names = append(names, m.Required...)
		}
	}
	return names
}
