// Package sparkapp checks a SparkApplication template offline, before any
// cluster is involved, against the Kubeflow Spark Operator's v1beta2 API
// (github.com/kubeflow/spark-operator/v2, whose Go types the CRD is generated
// from): unknown fields, wrong types, the fields the CRD requires, its enums
// and bounds. Every problem is reported at once as "file:line: path: message",
// the same shape as the StartJobRun template's errors. What needs a cluster
// (RBAC, namespaces, admission webhooks, the required fields of embedded
// Kubernetes types) is left to a server-side dry run.
package sparkapp

import (
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"sort"
	"strings"

	"github.com/kubeflow/spark-operator/v2/api/v1beta2"
	yaml "go.yaml.in/yaml/v3"
	sigsjson "sigs.k8s.io/json"
	sigsyaml "sigs.k8s.io/yaml"
)

// Check validates a SparkApplication manifest (YAML or JSON). name prefixes
// every error (usually the file path); ${variables} in string values are
// fine, since they stay strings when rendered.
func Check(name string, data []byte) error {
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return fmt.Errorf("invalid SparkApplication template %s:\n%s: not YAML: %w", name, name, err)
	}
	js, err := sigsyaml.YAMLToJSON(data)
	if err != nil {
		return fmt.Errorf("invalid SparkApplication template %s:\n%s: %w", name, name, err)
	}
	c := &checker{name: name, lines: lineIndex(&doc)}
	c.decode(js)
	if len(c.errs) == 0 {
		return nil
	}
	return fmt.Errorf("invalid SparkApplication template %s:\n%w", name, errors.Join(c.sorted()...))
}

// CheckObject validates a rendered SparkApplication (e.g. an
// unstructured.Unstructured's Object); errors name the path without a line.
func CheckObject(name string, obj map[string]any) error {
	js, err := json.Marshal(obj)
	if err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	c := &checker{name: name}
	c.decode(js)
	if len(c.errs) == 0 {
		return nil
	}
	return fmt.Errorf("invalid SparkApplication %s:\n%w", name, errors.Join(c.sorted()...))
}

type problem struct {
	line int
	path string
	msg  string
}

type checker struct {
	name  string
	lines map[string]int // path -> line, from the YAML source
	errs  []problem
}

func (c *checker) errorf(path, format string, args ...any) {
	c.errs = append(c.errs, problem{line: c.lineOf(path), path: path, msg: fmt.Sprintf(format, args...)})
}

// lineOf is the line of path, or of its nearest ancestor present in the source.
func (c *checker) lineOf(path string) int {
	for p := path; c.lines != nil; p = parent(p) {
		if l, ok := c.lines[p]; ok {
			return l
		}
		if p == "" {
			break
		}
	}
	return 0
}

func (c *checker) sorted() []error {
	sort.SliceStable(c.errs, func(i, j int) bool { return c.errs[i].line < c.errs[j].line })
	out := make([]error, len(c.errs))
	for i, p := range c.errs {
		pos := c.name
		if p.line > 0 {
			pos = fmt.Sprintf("%s:%d", c.name, p.line)
		}
		if p.path == "" {
			out[i] = fmt.Errorf("%s: %s", pos, p.msg)
		} else {
			out[i] = fmt.Errorf("%s: %s: %s", pos, p.path, p.msg)
		}
	}
	return out
}

// decode decodes strictly into the operator's Go type (unknown and duplicate
// fields, types), then applies the CRD's own rules to the generic document.
func (c *checker) decode(js []byte) {
	var doc map[string]any
	if err := json.Unmarshal(js, &doc); err != nil {
		c.errorf("", "want one mapping (a SparkApplication), got %v", err)
		return
	}
	c.identity(doc)
	for _, r := range Rules {
		r.check(c, doc)
	}
	c.decodeTyped(js, doc)
}

// decodeTyped decodes into the operator's Go type. A type error stops the
// decoder before its strict checks, so the bad value is reported, dropped
// and the rest decoded again: every problem is reported at once.
func (c *checker) decodeTyped(js []byte, doc map[string]any) {
	for range maxTypeErrors {
		var app v1beta2.SparkApplication
		strict, err := sigsjson.UnmarshalStrict(js, &app)
		var typeErr *json.UnmarshalTypeError
		if errors.As(err, &typeErr) && remove(doc, typeErr.Field) {
			c.errorf(typeErr.Field, "must be %s, got %s", goType(typeErr.Type), typeErr.Value)
			js, _ = json.Marshal(doc)
			continue
		}
		if err != nil {
			c.errorf("", "%v", err)
			return
		}
		for _, e := range strict {
			c.strictError(e)
		}
		return
	}
}

// maxTypeErrors bounds the decode passes of one document.
const maxTypeErrors = 50

// remove deletes the value at path from doc; false if there is none.
func remove(doc map[string]any, path string) bool {
	segs := strings.Split(path, ".")
	var v any = doc
	for i, seg := range segs {
		name, idx := seg, -1
		if open := strings.IndexByte(seg, '['); open >= 0 {
			name = seg[:open]
			fmt.Sscanf(seg[open:], "[%d]", &idx)
		}
		m, ok := v.(map[string]any)
		if !ok {
			return false
		}
		last := i == len(segs)-1
		if last && idx < 0 {
			_, had := m[name]
			delete(m, name)
			return had
		}
		v = m[name]
		if idx >= 0 {
			l, ok := v.([]any)
			if !ok || idx >= len(l) {
				return false
			}
			if last {
				l[idx] = nil
				return true
			}
			v = l[idx]
		}
	}
	return false
}

func (c *checker) strictError(e error) {
	var fe sigsjson.FieldError
	if !errors.As(e, &fe) {
		c.errorf("", "%v", e)
		return
	}
	path := strings.TrimPrefix(fe.FieldPath(), ".")
	if strings.HasPrefix(e.Error(), "duplicate field") {
		c.errorf(path, "duplicate field")
		return
	}
	c.errorf(path, "unknown field; known fields here: %s", strings.Join(knownFields(parent(path)), ", "))
}

// identity checks apiVersion and kind, which the type does not.
func (c *checker) identity(doc map[string]any) {
	want := map[string]string{"apiVersion": v1beta2.GroupVersion.String(), "kind": "SparkApplication"}
	for _, key := range []string{"apiVersion", "kind"} {
		if doc[key] != want[key] {
			c.errorf(key, "want %q (the Spark Operator's SparkApplication), got %v", want[key], quoted(doc[key]))
		}
	}
}

func quoted(v any) string {
	if v == nil {
		return "nothing"
	}
	return fmt.Sprintf("%q", fmt.Sprint(v))
}

// goType names a Go type the way a template author thinks of it.
func goType(t reflect.Type) string {
	switch t.Kind() {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64, reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return "a whole number"
	case reflect.Float32, reflect.Float64:
		return "a number"
	case reflect.Bool:
		return "true or false"
	case reflect.String:
		return "a string"
	case reflect.Slice, reflect.Array:
		return "a list"
	}
	return "a mapping"
}

func parent(path string) string {
	if i := strings.LastIndexAny(path, ".["); i >= 0 {
		return path[:i]
	}
	return ""
}
