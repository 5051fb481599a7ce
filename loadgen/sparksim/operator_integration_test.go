package sparksim_test

import (
	"context"
	"path/filepath"
	"slices"
	"sync"
	"testing"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"

	"github.com/emr-eks-loadtest/emr-eks-loadtest/internal/testenv"
	"github.com/emr-eks-loadtest/emr-eks-loadtest/loadgen/operator"
	"github.com/emr-eks-loadtest/emr-eks-loadtest/loadgen/sparksim"
)

// The real SparkApplication CRD (Kubeflow Spark Operator v2.3.0).
var installCRD = sync.OnceValue(func() error {
	ctx := context.Background()
	dir, err := testenv.ModuleDir(ctx, "github.com/kubeflow/spark-operator/v2@v2.3.0")
	if err != nil {
		return err
	}
	_, err = shared.InstallCRDs(ctx, filepath.Join(dir, "config", "crd", "bases", "sparkoperator.k8s.io_sparkapplications.yaml"))
	return err
})

// sparkPi is the shipped spark-pi SparkApplication's shape, placed on the test nodes.
func sparkPi(ns, name string) *unstructured.Unstructured {
	role := func(extra map[string]any) map[string]any {
		m := map[string]any{"cores": int64(1), "memory": "1g", "schedulerName": defaultSched,
			"nodeSelector": map[string]any{zoneKey: nodeZone, nodePoolKey: nodePool},
			"labels":       map[string]any{operator.JobLabel: name}}
		for k, v := range extra {
			m[k] = v
		}
		return m
	}
	return &unstructured.Unstructured{Object: map[string]any{
		"apiVersion": operator.APIVersion, "kind": operator.Kind,
		"metadata": map[string]any{"name": name, "namespace": ns},
		"spec": map[string]any{"type": "Scala", "mode": "cluster", "image": "docker.io/library/spark:3.5.6",
			"mainClass": "org.apache.spark.examples.SparkPi", "mainApplicationFile": "local:///opt/spark/examples/jars/spark-examples.jar",
			"sparkVersion": "3.5.6", "restartPolicy": map[string]any{"type": "Never"},
			"sparkConf": map[string]any{sparksim.RunTimeKey: "2s"},
			"driver":    role(map[string]any{"coreLimit": "1200m"}),
			"executor":  role(map[string]any{"instances": int64(3)})},
	}}
}

// The simulated operator takes a SparkApplication through SUBMITTED,
// RUNNING and COMPLETED with the times loadgen's operator tracker reads; its
// driver is <app>-driver with the operator's labels and the app's labels,
// selectors and scheduler, owned by the app and placed by the scheduler;
// the simulator starts spec.executor.instances executors.
func TestOperatorRunsSparkApplication(t *testing.T) {
	cp := cluster(t)
	if err := installCRD(); err != nil {
		t.Fatal(err)
	}
	ns := cp.Namespace(t)
	ctx, cancel := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	wg.Go(func() {
		err := sparksim.RunOperator(ctx, cp.Client(), cp.Dynamic(), sparksim.OperatorOptions{
			Instances: []sparksim.OperatorInstance{{Name: "op-1", Namespaces: []string{ns}}}, Log: testLog{t}})
		if err != nil {
			t.Errorf("RunOperator: %v", err)
		}
	})
	wg.Go(func() {
		_ = sparksim.Run(ctx, cp.Client(), sparksim.Options{Namespaces: []string{ns}, Log: testLog{t}})
	})
	t.Cleanup(func() { cancel(); wg.Wait() })
	apps := cp.Dynamic().Resource(sparksim.SparkApplicationGVR).Namespace(ns)
	if _, err := apps.Create(t.Context(), sparkPi(ns, "pi-1"), metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	var states []string
	executors := 0
	waitFor(t, "pi-1 COMPLETED", func() bool {
		u, err := apps.Get(t.Context(), "pi-1", metav1.GetOptions{})
		if err != nil {
			t.Fatal(err)
		}
		s, _, _ := unstructured.NestedString(u.Object, "status", "applicationState", "state")
		if s != "" && (len(states) == 0 || states[len(states)-1] != s) {
			states = append(states, s)
		}
		l, _ := cp.Client().CoreV1().Pods(ns).List(t.Context(), metav1.ListOptions{LabelSelector: "spark-role=executor"})
		executors = max(executors, len(l.Items))
		return operator.Terminal(s)
	})
	// Polls may miss the short SUBMITTED (status.lastSubmissionAttemptTime is checked below).
	lifecycle := []string{operator.StateSubmitted, operator.StateRunning, operator.StateCompleted}
	if !subsequence(states, lifecycle) || !slices.Contains(states, operator.StateRunning) || states[len(states)-1] != operator.StateCompleted {
		t.Errorf("states %v, want an in-order part of %v with RUNNING and ending COMPLETED", states, lifecycle)
	}
	if executors != 3 {
		t.Errorf("%d executors seen, want spec.executor.instances = 3", executors)
	}
	u, _ := apps.Get(t.Context(), "pi-1", metav1.GetOptions{})
	for _, f := range [][]string{{"lastSubmissionAttemptTime"}, {"terminationTime"}, {"driverInfo", "podName"}} {
		if v, _, _ := unstructured.NestedString(u.Object, append([]string{"status"}, f...)...); v == "" {
			t.Errorf("status.%v is empty", f)
		}
	}
	checkOperatorDriver(t, cp, ns, u)
}

func checkOperatorDriver(t *testing.T, cp *testenv.ControlPlane, ns string, app *unstructured.Unstructured) {
	t.Helper()
	p, err := cp.Client().CoreV1().Pods(ns).Get(t.Context(), "pi-1"+operator.DriverSuffix, metav1.GetOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if p.Labels[operator.AppNameLabel] != "pi-1" || p.Labels[operator.LaunchedByLabel] != "true" || p.Labels[operator.JobLabel] != "pi-1" {
		t.Errorf("driver labels %v", p.Labels)
	}
	if len(p.OwnerReferences) != 1 || p.OwnerReferences[0].UID != app.GetUID() {
		t.Errorf("driver owners %v, want the SparkApplication", p.OwnerReferences)
	}
	if p.Spec.NodeSelector[nodePoolKey] != nodePool || p.Spec.SchedulerName != defaultSched || p.Spec.NodeName == "" {
		t.Errorf("driver selectors %v scheduler %q node %q", p.Spec.NodeSelector, p.Spec.SchedulerName, p.Spec.NodeName)
	}
	checkResources(t, p, "1408Mi", "1") // 1g + 384 MiB (JVM job: 10% < 384)
	if lim := p.Spec.Containers[0].Resources.Limits.Cpu().String(); lim != "1200m" {
		t.Errorf("driver CPU limit %s, want spec.driver.coreLimit 1200m", lim)
	}
}

// subsequence reports whether seen is a subsequence of all.
func subsequence(seen, all []string) bool {
	i := 0
	for _, s := range seen {
		for i < len(all) && all[i] != s {
			i++
		}
		if i == len(all) {
			return false
		}
	}
	return true
}
