package sparkapp

import (
	"reflect"
	"sort"
	"strings"

	"github.com/kubeflow/spark-operator/v2/api/v1beta2"
)

var appType = reflect.TypeOf(v1beta2.SparkApplication{})

// knownFields lists the JSON field names the API has at path (e.g.
// "spec.driver"), from the operator's Go types; nil when path is not an object.
func knownFields(path string) []string {
	t := typeAt(appType, path)
	if t == nil || t.Kind() != reflect.Struct {
		return nil
	}
	var names []string
	collectFields(t, &names)
	sort.Strings(names)
	return names
}

// typeAt walks the Go type along a JSON path; list indices and map keys step
// into the element type.
func typeAt(t reflect.Type, path string) reflect.Type {
	for _, seg := range splitPath(path) {
		t = deref(t)
		switch {
		case seg == "[]" && (t.Kind() == reflect.Slice || t.Kind() == reflect.Array):
			t = t.Elem()
		case t.Kind() == reflect.Map:
			t = t.Elem()
		case t.Kind() == reflect.Struct:
			f, ok := fieldByJSONName(t, seg)
			if !ok {
				return nil
			}
			t = f.Type
		default:
			return nil
		}
	}
	return deref(t)
}

// splitPath turns "spec.volumes[0].name" into spec, volumes, [], name.
func splitPath(path string) []string {
	var out []string
	for _, part := range strings.Split(path, ".") {
		if part == "" {
			continue
		}
		name, rest, _ := strings.Cut(part, "[")
		if name != "" {
			out = append(out, name)
		}
		for ; rest != ""; _, rest, _ = strings.Cut(rest, "[") {
			out = append(out, "[]")
		}
	}
	return out
}

func deref(t reflect.Type) reflect.Type {
	for t != nil && t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	return t
}

func jsonName(f reflect.StructField) (name string, inline bool) {
	tag := f.Tag.Get("json")
	name, opts, _ := strings.Cut(tag, ",")
	if name == "-" {
		return "", false
	}
	if name == "" && (f.Anonymous || strings.Contains(opts, "inline")) {
		return "", true
	}
	if name == "" {
		name = f.Name
	}
	return name, false
}

func fieldByJSONName(t reflect.Type, want string) (reflect.StructField, bool) {
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		name, inline := jsonName(f)
		if inline {
			if g, ok := fieldByJSONName(deref(f.Type), want); ok {
				return g, true
			}
			continue
		}
		if name == want {
			return f, true
		}
	}
	return reflect.StructField{}, false
}

func collectFields(t reflect.Type, names *[]string) {
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		name, inline := jsonName(f)
		switch {
		case inline:
			collectFields(deref(f.Type), names)
		case name != "" && f.IsExported():
			*names = append(*names, name)
		}
	}
}
