// Command oracle reads stack files the way Pulumi does, with the real go-yaml v3, and
// prints what Pulumi would hand the program: every config key with its value, or the
// error that stops Pulumi. tests/oracle/record.py runs it over the corpus and records the
// answers; the Python tests compare the project's reading with them (no Go needed there).
//
// Build (Debian: golang-go, golang-gopkg-yaml.v3-dev, i.e. go-yaml v3.0.1, the version
// Pulumi pins):
//
//	GO111MODULE=off GOPATH=/usr/share/gocode go build -o oracle tests/oracle/main.go
//
// Input on stdin: {"project": "<Pulumi.yaml text>", "cases": {"name": "<stack file>"}}.
// Output on stdout: {"name": {"error": "..."} | {"config": {"ns:key": {...}}}}.
//
// Each step follows pulumi/pulumi (commit 1b5949891b), cited by file and function:
//   - sdk/go/common/workspace/loaders.go LoadProjectStack / readFileStripUTF8BOM: a
//     leading UTF-8 BOM is dropped; LoadProjectStackBytes: yaml.v3 Unmarshal into `any`,
//     SimplifyMarshalledProject (project.go SimplifyMarshalledValue: string keys only),
//     stackConfigNamespacedWithProject (a key without ":" gets the project's namespace),
//     re-encoded (yamlutil.YamlEncode; its error is ignored there, so here too) and
//     decoded into ProjectStack;
//   - sdk/go/common/resource/config/map.go Map.UnmarshalYAML and key.go ParseKey:
//     `ns:name`, or `ns:config:name` read as `ns:name`; anything else is an error. Two
//     spellings of one key leave Go's map order to pick one: reported as a collision;
//   - sdk/go/common/resource/config/value.go Value.UnmarshalYAML and object.go
//     unmarshalObject / MarshalString: scalars as text (numbers and booleans through
//     encoding/json, which refuses NaN and infinities), `{secure: "..."}` as a secret,
//     anything else as an object in JSON;
//   - pkg/workspace/config.go mergeConfig / validateStackConfigValue and
//     sdk/go/common/workspace/project.go ValidateConfigValue: a key Pulumi.yaml types
//     must hold a value of that type; a required key of the project must be there.
package main

import (
	"encoding/json"
	"fmt"
	"io"
	"math"
	"os"
	"sort"
	"strconv"
	"strings"
	"time"

	"gopkg.in/yaml.v3"
)

type key struct{ namespace, name string }

func parseKey(s string) (key, error) {
	switch strings.Count(s, ":") {
	case 1:
		i := strings.Index(s, ":")
		return key{s[:i], s[i+1:]}, nil
	case 2:
		parts := strings.Split(s, ":")
		// tokens.ParseModuleMember: package:module:member, each part non-empty.
		if parts[1] == "config" && parts[0] != "" && parts[2] != "" {
			return key{parts[0], parts[2]}, nil
		}
	}
	return key{}, fmt.Errorf("could not parse %s as a configuration key", s)
}

type value struct {
	Value  string `json:"value"`
	Secure bool   `json:"secure"`
	Object bool   `json:"object"`
	Null   bool   `json:"-"`
}

func (v *value) UnmarshalYAML(unmarshal func(any) error) error {
	var raw any
	if err := unmarshal(&raw); err != nil {
		return err
	}
	obj, err := unmarshalObject(raw)
	if err != nil {
		return err
	}
	text, secure, object, err := marshalString(obj)
	v.Value, v.Secure, v.Object = text, secure, object
	return err
}

type ciphertext struct{ value string }

func unmarshalObject(v any) (any, error) {
	switch v := v.(type) {
	case bool, int64, uint64, float64, string, nil:
		return v, nil
	case int:
		return int64(v), nil
	case time.Time:
		return v.String(), nil
	case map[string]any:
		if len(v) == 1 {
			if s, ok := v["secure"].(string); ok {
				return ciphertext{s}, nil
			}
		}
		m := make(map[string]any, len(v))
		for k, item := range v {
			o, err := unmarshalObject(item)
			if err != nil {
				return nil, err
			}
			m[k] = o
		}
		return m, nil
	case map[any]any:
		m := make(map[string]any, len(v))
		for k, item := range v {
			m[fmt.Sprintf("%v", k)] = item
		}
		return unmarshalObject(m)
	case []any:
		a := make([]any, len(v))
		for i, item := range v {
			o, err := unmarshalObject(item)
			if err != nil {
				return nil, err
			}
			a[i] = o
		}
		return a, nil
	}
	return nil, fmt.Errorf("unexpected wire type %T", v)
}

func jsonable(v any) any {
	switch v := v.(type) {
	case ciphertext:
		return map[string]any{"secure": v.value}
	case map[string]any:
		m := make(map[string]any, len(v))
		for k, item := range v {
			m[k] = jsonable(item)
		}
		return m
	case []any:
		a := make([]any, len(v))
		for i, item := range v {
			a[i] = jsonable(item)
		}
		return a
	}
	return v
}

func containsSecret(v any) bool {
	switch v := v.(type) {
	case ciphertext:
		return true
	case map[string]any:
		for _, item := range v {
			if containsSecret(item) {
				return true
			}
		}
	case []any:
		for _, item := range v {
			if containsSecret(item) {
				return true
			}
		}
	}
	return false
}

func marshalString(v any) (string, bool, bool, error) {
	switch v := v.(type) {
	case bool, int64, uint64, float64:
		b, err := json.Marshal(v)
		return string(b), false, false, err
	case string:
		return v, false, false, nil
	case ciphertext:
		return v.value, true, false, nil
	}
	b, err := json.Marshal(jsonable(v))
	return string(b), containsSecret(v), true, err
}

type configMap struct {
	values     map[key]value
	collisions []string
}

func (m *configMap) UnmarshalYAML(unmarshal func(any) error) error {
	raw := map[string]value{}
	if err := unmarshal(&raw); err != nil {
		return fmt.Errorf("could not unmarshal map: %w", err)
	}
	m.values = map[key]value{}
	seen := map[key]string{}
	names := make([]string, 0, len(raw))
	for k := range raw {
		names = append(names, k)
	}
	sort.Strings(names)
	for _, k := range names {
		pk, err := parseKey(k)
		if err != nil {
			return fmt.Errorf("could not unmarshal map: %w", err)
		}
		if other, ok := seen[pk]; ok {
			m.collisions = append(m.collisions, other+" and "+k)
		}
		seen[pk] = k
		m.values[pk] = raw[k]
	}
	return nil
}

type projectStack struct {
	SecretsProvider string    `yaml:"secretsprovider,omitempty"`
	EncryptedKey    string    `yaml:"encryptedkey,omitempty"`
	EncryptionSalt  string    `yaml:"encryptionsalt,omitempty"`
	Config          configMap `yaml:"config,omitempty"`
	Environment     any       `yaml:"environment,omitempty"`
}

type itemsType struct {
	Type  string     `yaml:"type"`
	Items *itemsType `yaml:"items"`
}

type configType struct {
	Type    string     `yaml:"type"`
	Items   *itemsType `yaml:"items"`
	Default any        `yaml:"default"`
}

type project struct {
	Name   string                `yaml:"name"`
	Config map[string]configType `yaml:"config"`
}

func simplify(v any) (any, error) {
	switch v := v.(type) {
	case map[any]any:
		m := map[string]any{}
		for k, item := range v {
			s, ok := k.(string)
			if !ok {
				return nil, fmt.Errorf("expected only string keys, got '%v'", k)
			}
			inner, err := simplify(item)
			if err != nil {
				return nil, err
			}
			m[s] = inner
		}
		return m, nil
	case map[string]any:
		for k, item := range v {
			inner, err := simplify(item)
			if err != nil {
				return nil, err
			}
			v[k] = inner
		}
		return v, nil
	case []any:
		for i, item := range v {
			inner, err := simplify(item)
			if err != nil {
				return nil, err
			}
			v[i] = inner
		}
		return v, nil
	}
	return v, nil
}

func validate(typeName string, items *itemsType, v any) bool {
	switch typeName {
	case "string":
		_, ok := v.(string)
		return ok
	case "integer":
		if f, ok := v.(float64); ok && f == math.Trunc(f) {
			return true
		}
		if s, ok := v.(string); ok {
			_, err := strconv.Atoi(s)
			return err == nil
		}
		return false
	case "boolean":
		if s, ok := v.(string); ok && (s == "true" || s == "false") {
			return true
		}
		_, ok := v.(bool)
		return ok
	case "object":
		_, ok := v.(map[string]any)
		return ok
	}
	list, ok := v.([]any)
	if !ok || items == nil {
		return false
	}
	for _, item := range list {
		if !validate(items.Type, items.Items, item) {
			return false
		}
	}
	return true
}

func load(proj project, text []byte) (map[string]value, []string, error) {
	if len(text) >= 3 && text[0] == 0xef && text[1] == 0xbb && text[2] == 0xbf {
		text = text[3:]
	}
	var raw any
	if err := yaml.Unmarshal(text, &raw); err != nil {
		return nil, nil, fmt.Errorf("invalid YAML file: %w", err)
	}
	config := map[string]value{}
	var collisions []string
	if raw != nil {
		simple, err := simplify(raw)
		if err != nil {
			return nil, nil, err
		}
		top, ok := simple.(map[string]any)
		if !ok {
			return nil, nil, fmt.Errorf("expected project to be an object, was '%T'", simple)
		}
		if c, ok := top["config"].(map[string]any); ok {
			namespaced := map[string]any{}
			for k, v := range c {
				if strings.Contains(k, ":") {
					namespaced[k] = v
				} else {
					namespaced[proj.Name+":"+k] = v
				}
			}
			top["config"] = namespaced
		}
		encoded, _ := yamlEncode(top) // loaders.go ignores this error
		var stack projectStack
		if err := yaml.Unmarshal(encoded, &stack); err != nil {
			return nil, nil, err
		}
		for k, v := range stack.Config.values {
			config[k.namespace+":"+k.name] = v
		}
		collisions = stack.Config.collisions
	}
	names := make([]string, 0, len(proj.Config))
	for name := range proj.Config {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		spec := proj.Config[name]
		full := name
		if !strings.Contains(name, ":") {
			full = proj.Name + ":" + name
		}
		v, found := config[full]
		if !found {
			if spec.Default == nil {
				return nil, nil, fmt.Errorf("missing required configuration key %q", name)
			}
			continue
		}
		if spec.Type == "" || v.Secure {
			continue
		}
		var content any = v.Value
		if v.Object {
			if err := json.Unmarshal([]byte(v.Value), &content); err != nil {
				return nil, nil, err
			}
		}
		if !validate(spec.Type, spec.Items, content) {
			return nil, nil, fmt.Errorf("configuration key %q must be of type %q", full, spec.Type)
		}
	}
	return config, collisions, nil
}

func yamlEncode(v any) ([]byte, error) {
	var b strings.Builder
	encoder := yaml.NewEncoder(&b)
	encoder.SetIndent(2)
	if err := encoder.Encode(v); err != nil {
		return nil, err
	}
	return []byte(b.String()), nil
}

type result struct {
	Error      string           `json:"error,omitempty"`
	Config     map[string]value `json:"config,omitempty"`
	Collisions []string         `json:"collisions,omitempty"`
}

func main() {
	input, err := io.ReadAll(os.Stdin)
	if err != nil {
		panic(err)
	}
	var request struct {
		Project string            `json:"project"`
		Cases   map[string]string `json:"cases"`
	}
	if err := json.Unmarshal(input, &request); err != nil {
		panic(err)
	}
	var proj project
	if err := yaml.Unmarshal([]byte(request.Project), &proj); err != nil {
		panic(err)
	}
	answers := map[string]result{}
	for name, text := range request.Cases {
		answers[name] = run(proj, []byte(text))
	}
	out, err := json.Marshal(answers)
	if err != nil {
		panic(err)
	}
	os.Stdout.Write(out)
}

func run(proj project, text []byte) (answer result) {
	defer func() { // a panic inside yaml.v3 is Pulumi failing too
		if r := recover(); r != nil {
			answer = result{Error: fmt.Sprintf("panic: %v", r)}
		}
	}()
	config, collisions, err := load(proj, text)
	if err != nil {
		return result{Error: err.Error()}
	}
	if config == nil {
		config = map[string]value{}
	}
	return result{Config: config, Collisions: collisions}
}

