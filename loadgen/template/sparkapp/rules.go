package sparkapp

import (
	"fmt"
	"slices"
	"strings"
)

// Rule is one constraint the SparkApplication CRD's OpenAPI schema puts on a
// field the Spark Operator defines (the CRD's kubebuilder markers): required,
// one of an enum, or a numeric bound. The Go types cannot express these;
// sparkapp_crd_test.go checks this table against the CRD of the module
// version in go.mod, so it cannot drift.
type Rule struct {
	Path     string   // JSON path, e.g. "spec.type"
	Required []string // fields the object at Path must have
	Enum     []string // allowed values of the string at Path
	Min, Max *int64   // bounds of the integer at Path
}

func bound(v int64) *int64 { return &v }

// Rules of github.com/kubeflow/spark-operator/v2 v2.3.0's SparkApplication.
var Rules = []Rule{
	{Path: "", Required: []string{"metadata", "spec"}},
	{Path: "spec", Required: []string{"driver", "executor", "mainApplicationFile", "sparkVersion", "type"}},
	{Path: "spec.type", Enum: []string{"Java", "Python", "Scala", "R"}},
	{Path: "spec.mode", Enum: []string{"cluster", "client"}},
	{Path: "spec.pythonVersion", Enum: []string{"2", "3"}},
	{Path: "spec.restartPolicy.type", Enum: []string{"Never", "Always", "OnFailure"}},
	{Path: "spec.restartPolicy.onSubmissionFailureRetries", Min: bound(0)},
	{Path: "spec.restartPolicy.onFailureRetries", Min: bound(0)},
	{Path: "spec.restartPolicy.onSubmissionFailureRetryInterval", Min: bound(1)},
	{Path: "spec.restartPolicy.onFailureRetryInterval", Min: bound(1)},
	{Path: "spec.driver.cores", Min: bound(1)},
	{Path: "spec.executor.cores", Min: bound(1)},
	{Path: "spec.executor.instances", Min: bound(1)},
	{Path: "spec.monitoring", Required: []string{"exposeDriverMetrics", "exposeExecutorMetrics"}},
	{Path: "spec.monitoring.prometheus", Required: []string{"jmxExporterJar"}},
	{Path: "spec.monitoring.prometheus.port", Min: bound(1024), Max: bound(49151)},
	{Path: "spec.driver.gpu", Required: []string{"name", "quantity"}},
	{Path: "spec.executor.gpu", Required: []string{"name", "quantity"}},
}

// check applies r to doc (a decoded JSON document); a path absent from doc
// is not checked (its parent's Required says whether it must be there).
func (r Rule) check(c *checker, doc map[string]any) {
	v, ok := lookup(doc, r.Path)
	if !ok {
		return
	}
	if m, isMap := v.(map[string]any); isMap {
		for _, f := range r.Required {
			if _, has := m[f]; !has {
				c.errorf(join(r.Path, f), "required field is missing")
			}
		}
	}
	if s, isStr := v.(string); isStr && r.Enum != nil && !slices.Contains(r.Enum, s) {
		c.errorf(r.Path, "%q is not allowed: want one of %s", s, strings.Join(r.Enum, ", "))
	}
	if n, isNum := v.(float64); isNum {
		if r.Min != nil && n < float64(*r.Min) || r.Max != nil && n > float64(*r.Max) {
			c.errorf(r.Path, "%v is not allowed: want %s", n, r.rangeText())
		}
	}
}

func (r Rule) rangeText() string {
	switch {
	case r.Min != nil && r.Max != nil:
		return fmt.Sprintf("%d to %d", *r.Min, *r.Max)
	case r.Min != nil:
		return fmt.Sprintf("at least %d", *r.Min)
	}
	return fmt.Sprintf("at most %d", *r.Max)
}

func lookup(doc map[string]any, path string) (any, bool) {
	var v any = doc
	for _, seg := range splitPath(path) {
		m, ok := v.(map[string]any)
		if !ok {
			return nil, false
		}
		if v, ok = m[seg]; !ok {
			return nil, false
		}
	}
	return v, true
}

func join(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}
