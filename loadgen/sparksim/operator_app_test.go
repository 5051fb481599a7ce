package sparksim

import (
	"testing"

	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
)

// spec.driver / spec.executor fields win over spec.sparkConf, as the
// operator passes them to spark-submit after it; spec.type Python is non-JVM.
func TestOperatorApp(t *testing.T) {
	t.Parallel()
	u := &unstructured.Unstructured{Object: map[string]any{"spec": map[string]any{
		"type": "Python", "image": "spark:3.5.6",
		"sparkConf":    map[string]any{"spark.executor.memory": "8g", "spark.driver.cores": "4", "spark.loadgen.runTime": "30s"},
		"nodeSelector": map[string]any{"topology.kubernetes.io/zone": "az1"},
		"driver": map[string]any{"cores": int64(2), "coreLimit": "2500m", "memory": "2g", "schedulerName": "binpack",
			"labels": map[string]any{"team": "a"}, "nodeSelector": map[string]any{"karpenter.sh/nodepool": "od"}},
		"executor":          map[string]any{"instances": int64(5), "memory": "4g", "memoryOverhead": "1g"},
		"dynamicAllocation": map[string]any{"enabled": true, "minExecutors": int64(7)},
	}}}
	app, err := OperatorApp(u)
	if err != nil {
		t.Fatal(err)
	}
	want := Conf{"spark.driver.cores": "2", "spark.kubernetes.driver.limit.cores": "2500m", "spark.driver.memory": "2g",
		"spark.kubernetes.driver.scheduler.name": "binpack", "spark.kubernetes.driver.label.team": "a",
		"spark.kubernetes.driver.node.selector.karpenter.sh/nodepool": "od", "spark.kubernetes.node.selector.topology.kubernetes.io/zone": "az1",
		"spark.executor.memory": "4g", "spark.executor.memoryOverhead": "1g", "spark.executor.instances": "5",
		"spark.kubernetes.container.image": "spark:3.5.6", "spark.loadgen.runTime": "30s", "spark.dynamicAllocation.enabled": "true",
		"spark.dynamicAllocation.minExecutors": "7"}
	for k, v := range want {
		if app.Conf[k] != v {
			t.Errorf("%s = %q, want %q", k, app.Conf[k], v)
		}
	}
	if !app.NonJVM {
		t.Error("spec.type Python is not NonJVM")
	}
	if n, _ := ExecutorInstances(app); n != 7 {
		t.Errorf("executors %d, want 7 (dynamic allocation's minExecutors over instances 5)", n)
	}
	if mem, _ := MemoryMiB(app, RoleExecutor); mem != 4096+1024 {
		t.Errorf("executor memory %d MiB, want 4g + 1g overhead", mem)
	}
}
