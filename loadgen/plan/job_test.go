package plan

import (
	"testing"

	"github.com/emr-eks-loadtest/emr-eks-loadtest/loadgen/operator"
	"github.com/emr-eks-loadtest/emr-eks-loadtest/loadgen/template"
	"github.com/emr-eks-loadtest/emr-eks-loadtest/loadgen/templates"
)

var vars = template.Vars{SessionID: "lg-plan", JobName: "lg-plan-0", Namespace: "emr-jobs-0", VirtualClusterID: "vc", Bucket: "b",
	ExecutionRoleARN: "arn:aws:iam::123456789012:role/r", ReleaseLabel: "emr-7.9.0-latest", Region: "us-east-1", AccountID: "123456789012"}

// The shipped EMR templates, rendered as the run renders them, give the
// pods Spark on Kubernetes would create.
func TestFromShippedStartJobRun(t *testing.T) {
	t.Parallel()
	for name, want := range map[string]Job{templates.SparkPi: sparkPi, templates.TPCDS: tpcds} {
		shipped, ok := templates.Lookup(templates.TargetEMR, name)
		if !ok {
			t.Fatalf("%s not shipped", name)
		}
		tpl, err := template.Parse(shipped.File, shipped.Data)
		if err != nil {
			t.Fatal(err)
		}
		in, err := tpl.Render(vars, template.Placement{})
		if err != nil {
			t.Fatal(err)
		}
		body, err := template.MarshalCLIInput(in)
		if err != nil {
			t.Fatal(err)
		}
		got, err := FromStartJobRun(body)
		if err != nil {
			t.Fatal(err)
		}
		if got != want {
			t.Errorf("%s: %+v, want %+v", name, got, want)
		}
	}
}

// spark-pi.yaml: Scala, driver and 3 executors of 1 core / 1g (JVM
// overhead: 384 MiB, the floor).
func TestFromShippedSparkApplication(t *testing.T) {
	t.Parallel()
	shipped, ok := templates.Lookup(templates.TargetOperator, templates.SparkPi)
	if !ok {
		t.Fatal("spark-pi.yaml not shipped")
	}
	m, err := operator.ParseManifest(shipped.File, shipped.Data)
	if err != nil {
		t.Fatal(err)
	}
	obj, err := m.Render(vars, operator.Placement{})
	if err != nil {
		t.Fatal(err)
	}
	got, err := FromSparkApplication(obj.Object)
	if err != nil {
		t.Fatal(err)
	}
	want := Job{Driver: Pod{1000, 1024 + 384}, Executor: Pod{1000, 1024 + 384}, Executors: 3}
	if got != want {
		t.Errorf("%+v, want %+v", got, want)
	}
}
