package sparkapp

import (
	"strings"
	"testing"

	"github.com/emr-eks-loadtest/emr-eks-loadtest/loadgen/templates"
)

func TestShippedTemplatesAreValid(t *testing.T) {
	t.Parallel()
	for _, name := range templates.Names(templates.TargetOperator) {
		tpl, _ := templates.Lookup(templates.TargetOperator, name)
		if err := Check(tpl.File, tpl.Data); err != nil {
			t.Errorf("shipped %s: %v", name, err)
		}
	}
}

const badTemplate = `apiVersion: sparkoperator.k8s.io/v1beta2
kind: SparkApplication
metadata:
  name: ${job_name}
spec:
  type: Go
  mode: cluster
  mainApplicationFile: local:///opt/spark/examples/jars/spark-examples.jar
  sparkVersion: 3.5.6
  sparkConfs:
    spark.app.name: ${job_name}
  driver:
    cores: one
    memroy: 1g
  executor:
    instances: 0
`

// TestErrorsNameFileLinePathAndFix: every problem at once, each as
// file:line: path: message, like the StartJobRun template's errors.
func TestErrorsNameFileLinePathAndFix(t *testing.T) {
	t.Parallel()
	err := Check("bad.yaml", []byte(badTemplate))
	if err == nil {
		t.Fatal("a bad SparkApplication passed")
	}
	for _, want := range []string{
		`bad.yaml:6: spec.type: "Go" is not allowed: want one of Java, Python, Scala, R`,
		"bad.yaml:10: spec.sparkConfs: unknown field; known fields here: ", "sparkConf,",
		"bad.yaml:13: spec.driver.cores: must be a whole number, got string",
		"bad.yaml:14: spec.driver.memroy: unknown field; known fields here: ", "memory,",
		"bad.yaml:16: spec.executor.instances: 0 is not allowed: want at least 1",
	} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error lacks %q:\n%v", want, err)
		}
	}
}

func TestWrongKindOrNotYAML(t *testing.T) {
	t.Parallel()
	tests := []struct{ name, doc, want string }{
		{"kind", "apiVersion: sparkoperator.k8s.io/v1beta2\nkind: ScheduledSparkApplication\nmetadata: {}\nspec: {}", `t.yaml:2: kind: want "SparkApplication"`},
		{"api version", "apiVersion: sparkoperator.k8s.io/v1beta1\nkind: SparkApplication\nmetadata: {}\nspec: {}", `t.yaml:1: apiVersion: want "sparkoperator.k8s.io/v1beta2"`},
		{"not yaml", "spec: [", "t.yaml: not YAML"},
		{"a StartJobRun request", `{"name":"x","jobDriver":{}}`, "t.yaml:1: name: unknown field"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			if err := Check("t.yaml", []byte(tc.doc)); err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("err = %v, want %q", err, tc.want)
			}
		})
	}
}

func TestCheckObjectOfARenderedApp(t *testing.T) {
	t.Parallel()
	obj := map[string]any{"apiVersion": "sparkoperator.k8s.io/v1beta2", "kind": "SparkApplication",
		"metadata": map[string]any{"name": "x"},
		"spec": map[string]any{"type": "Scala", "sparkVersion": "3.5.6", "mainApplicationFile": "f",
			"driver": map[string]any{"nodeSelecter": map[string]any{"a": "b"}}, "executor": map[string]any{}}}
	err := CheckObject("job 0", obj)
	if err == nil || !strings.Contains(err.Error(), "job 0: spec.driver.nodeSelecter: unknown field") {
		t.Errorf("err = %v", err)
	}
}
