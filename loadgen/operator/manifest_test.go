package operator

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	apierrors "k8s.io/apimachinery/pkg/api/errors"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/runtime/schema"

	jobstate "github.com/emr-eks-loadtest/emr-eks-loadtest/loadgen/job"
	"github.com/emr-eks-loadtest/emr-eks-loadtest/loadgen/template"
)

func jobVars(idx int64) template.Vars {
	return template.Vars{SessionID: "lg-test", JobName: "lg-test-00000" + string(rune('0'+idx)), JobIndex: idx,
		Namespace: "spark-jobs", Bucket: "b1", Region: "eu-west-1"}
}

func TestShippedTemplatesRenderWithPlacement(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name      string
		executors int64
	}{{"spark-pi", 3}, {"tpcds", 30}} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			m, err := LoadManifest(filepath.Join("..", "templates", tc.name+".yaml"))
			if err != nil {
				t.Fatal(err)
			}
			p := Placement{Placement: template.Placement{AZ: "eu-west-1b", DriverNodePool: "spark-driver",
				ExecutorNodePool: "spark-executor", SchedulerName: "binpacking"}, ServiceAccount: "spark", TTLSeconds: 600, Worker: 2}
			u, err := m.Render(jobVars(1), p)
			if err != nil {
				t.Fatal(err)
			}
			checkRendered(t, u, tc.executors)
		})
	}
}

func checkRendered(t *testing.T, u *unstructured.Unstructured, executors int64) {
	t.Helper()
	if u.GetName() != "lg-test-000001" || u.GetNamespace() != "spark-jobs" {
		t.Errorf("name/namespace = %s/%s", u.GetNamespace(), u.GetName())
	}
	if l := u.GetLabels(); l[SessionLabel] != "lg-test" || l[JobLabel] != "lg-test-000001" || l[WorkerLabel] != "2" {
		t.Errorf("labels = %v", l)
	}
	if n, _, _ := unstructured.NestedInt64(u.Object, "spec", "executor", "instances"); n != executors {
		t.Errorf("executors = %d, want %d", n, executors)
	}
	if ttl, _, _ := unstructured.NestedInt64(u.Object, "spec", "timeToLiveSeconds"); ttl != 600 {
		t.Errorf("ttl = %d", ttl)
	}
	for role, pool := range map[string]string{RoleDriver: "spark-driver", RoleExecutor: "spark-executor"} {
		sel, _, _ := unstructured.NestedStringMap(u.Object, "spec", role, "nodeSelector")
		if sel[ZoneKey] != "eu-west-1b" || sel[NodePoolKey] != pool {
			t.Errorf("%s nodeSelector = %v", role, sel)
		}
		labels, _, _ := unstructured.NestedStringMap(u.Object, "spec", role, "labels")
		if labels[SessionLabel] != "lg-test" || labels[JobLabel] != "lg-test-000001" {
			t.Errorf("%s labels = %v", role, labels)
		}
		for field, want := range map[string]string{"schedulerName": "binpacking", "serviceAccount": "spark"} {
			if got, _, _ := unstructured.NestedString(u.Object, "spec", role, field); got != want {
				t.Errorf("%s.%s = %q, want %q", role, field, got, want)
			}
		}
	}
	if got, _, _ := unstructured.NestedString(u.Object, "spec", "sparkConf", "spark.app.name"); got != "lg-test-000001" {
		t.Errorf("spark.app.name = %q", got)
	}
}

func TestRenderWithoutPlacementSetsNoSelectors(t *testing.T) {
	t.Parallel()
	m := mustParse(t, minimal)
	u, err := m.Render(jobVars(0), Placement{})
	if err != nil {
		t.Fatal(err)
	}
	for _, role := range []string{RoleDriver, RoleExecutor} {
		if _, found, _ := unstructured.NestedMap(u.Object, "spec", role, "nodeSelector"); found {
			t.Errorf("%s has a nodeSelector without placement", role)
		}
	}
	if _, found, _ := unstructured.NestedFieldNoCopy(u.Object, "spec", "timeToLiveSeconds"); found {
		t.Error("timeToLiveSeconds set without TTL")
	}
}

const minimal = `apiVersion: sparkoperator.k8s.io/v1beta2
kind: SparkApplication
spec:
  type: Scala
  driver: {cores: 1}
  executor: {instances: 2}
`

func mustParse(t *testing.T, s string) *Manifest {
	t.Helper()
	m, err := ParseManifest("t.yaml", []byte(s))
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func TestParseErrorsNameFieldAndLine(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ name, doc, want string }{
		{"unknown variable", minimal + "  arguments: [\"${jobname}\"]\n", "t.yaml:7: spec.arguments[0]: unknown variable ${jobname}"},
		{"wrong kind", strings.Replace(minimal, "SparkApplication", "Job", 1), `kind: want "SparkApplication"`},
		{"wrong api", strings.Replace(minimal, "v1beta2", "v1", 1), `apiVersion: want "sparkoperator.k8s.io/v1beta2"`},
		{"no executor", strings.Replace(minimal, "  executor: {instances: 2}\n", "", 1), "spec.executor: missing"},
		{"unterminated", minimal + "  mainClass: \"${job_name\"\n", "unterminated variable"},
		{"generateName", strings.Replace(minimal, "spec:", "metadata: {generateName: x-}\nspec:", 1), "metadata.generateName: not supported"},
		{"not yaml", "a: [", "not YAML"},
		{"a list", "- a\n", "want one YAML mapping"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			_, err := ParseManifest("t.yaml", []byte(tc.doc))
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("err = %v, want it to contain %q", err, tc.want)
			}
		})
	}
}

func TestRenderRejectsNamesOutsideTheSession(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ name, meta, want string }{
		{"foreign name", "metadata: {name: other}\n", "does not start with the session id"},
		{"bad name", "metadata: {name: \"${session_id}_X\"}\n", "metadata.name"},
		{"too long", "metadata: {name: \"${session_id}-" + strings.Repeat("a", 60) + "\"}\n", "too long"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			m := mustParse(t, strings.Replace(minimal, "spec:", tc.meta+"spec:", 1))
			if _, err := m.Render(jobVars(0), Placement{}); err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("err = %v, want %q", err, tc.want)
			}
		})
	}
	v := jobVars(0)
	v.Namespace = ""
	if _, err := mustParse(t, minimal).Render(v, Placement{}); err == nil || !strings.Contains(err.Error(), "--namespaces") {
		t.Fatalf("empty namespace: err = %v", err)
	}
}

func TestSubstitutionIsOnTheTreeAndEscapes(t *testing.T) {
	t.Parallel()
	m := mustParse(t, minimal+"  mainClass: \"$${literal} ${job_index}\"\n  arguments: [\"${bucket}\"]\n")
	v := jobVars(3)
	v.Bucket = "x\"\n  evil: true"
	u, err := m.Render(v, Placement{})
	if err != nil {
		t.Fatal(err)
	}
	if got, _, _ := unstructured.NestedString(u.Object, "spec", "mainClass"); got != "${literal} 3" {
		t.Errorf("mainClass = %q", got)
	}
	args, _, _ := unstructured.NestedStringSlice(u.Object, "spec", "arguments")
	if len(args) != 1 || args[0] != v.Bucket {
		t.Errorf("arguments = %q", args)
	}
	if _, found, _ := unstructured.NestedFieldNoCopy(u.Object, "spec", "evil"); found {
		t.Error("a variable value injected a field")
	}
	if got := m.UsedVariables(); strings.Join(got, ",") != "job_index,bucket" {
		t.Errorf("UsedVariables = %v", got)
	}
}

func TestRendersShareNothing(t *testing.T) {
	t.Parallel()
	m := mustParse(t, minimal)
	a, _ := m.Render(jobVars(1), Placement{})
	_ = unstructured.SetNestedField(a.Object, "changed", "spec", "type")
	b, _ := m.Render(jobVars(2), Placement{})
	if got, _, _ := unstructured.NestedString(b.Object, "spec", "type"); got != "Scala" {
		t.Errorf("second render sees the first's change: %q", got)
	}
}

func TestClassify(t *testing.T) {
	t.Parallel()
	gr := schema.GroupResource{Group: Group, Resource: Resource}
	for _, tc := range []struct {
		name string
		err  error
		want string
	}{
		{"throttled", apierrors.NewTooManyRequests("slow down", 1), jobstate.OutcomeThrottled},
		{"forbidden", apierrors.NewForbidden(gr, "x", errors.New("no RBAC")), jobstate.OutcomeAccessDenied},
		{"quota", apierrors.NewForbidden(gr, "x", errors.New("exceeded quota: q, requested: count/sparkapplications")), jobstate.OutcomeQueueFull},
		{"invalid", apierrors.NewInvalid(schema.GroupKind{Group: Group, Kind: Kind}, "x", nil), jobstate.OutcomeValidation},
		{"bad request", apierrors.NewBadRequest("strict decoding error: unknown field"), jobstate.OutcomeValidation},
		{"exists", apierrors.NewAlreadyExists(gr, "x"), jobstate.OutcomeValidation},
		{"5xx", apierrors.NewInternalError(errors.New("etcd")), jobstate.OutcomeOther},
		{"network", errors.New("connection refused"), jobstate.OutcomeOther},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			if got := Classify(tc.err); got != tc.want {
				t.Errorf("Classify = %s, want %s", got, tc.want)
			}
		})
	}
}

func TestIsCollection(t *testing.T) {
	t.Parallel()
	for path, want := range map[string]bool{
		"/api/v1/namespaces/ns/pods":    true,
		"/api/v1/pods":                  true,
		"/api/v1/namespaces/ns/pods/p1": false,
		"/apis/sparkoperator.k8s.io/v1beta2/namespaces/ns/sparkapplications":    true,
		"/apis/sparkoperator.k8s.io/v1beta2/namespaces/ns/sparkapplications/a1": false,
		"/api/v1/namespaces/ns": false,
	} {
		if got := isCollection(path); got != want {
			t.Errorf("isCollection(%s) = %v, want %v", path, got, want)
		}
	}
}

func TestLoadManifestMissingFile(t *testing.T) {
	t.Parallel()
	_, err := LoadManifest(filepath.Join(t.TempDir(), "none.yaml"))
	if !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("err = %v", err)
	}
}
