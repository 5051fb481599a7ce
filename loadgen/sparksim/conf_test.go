package sparksim

import (
	"encoding/json"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/resource"
)

func TestParseSubmitParameters(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name, in string
		want     Conf
		err      string
	}{
		{name: "conf pairs and resource flags", in: "--class org.X --conf spark.a=1 --executor-memory 2g --num-executors 3 -c spark.b=x=y --verbose",
			want: Conf{"spark.a": "1", "spark.executor.memory": "2g", "spark.executor.instances": "3", "spark.b": "x=y"}},
		{name: "inline flag value", in: "--driver-cores=2 --conf=spark.c=3", want: Conf{"spark.driver.cores": "2", "spark.c": "3"}},
		{name: "quoted", in: `--conf "spark.driver.extraJavaOptions=-Da=1 -Db=2"`, want: Conf{"spark.driver.extraJavaOptions": "-Da=1 -Db=2"}},
		{name: "empty", in: "", want: Conf{}},
		{name: "conf without value", in: "--conf spark.a", err: `--conf "spark.a" is not PROPERTY=VALUE`},
		{name: "flag at the end", in: "--conf", err: "--conf has no value"},
		{name: "open quote", in: `--conf 'spark.a=1`, err: "unterminated"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			got, err := ParseSubmitParameters(tc.in)
			if tc.err != "" {
				if err == nil || !strings.Contains(err.Error(), tc.err) {
					t.Fatalf("error %v, want one containing %q", err, tc.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != len(tc.want) {
				t.Fatalf("got %v, want %v", got, tc.want)
			}
			for k, v := range tc.want {
				if got[k] != v {
					t.Errorf("%s = %q, want %q", k, got[k], v)
				}
			}
		})
	}
}

// sparkSubmitParameters win over the spark-defaults classification, as
// spark-submit flags win over spark-defaults.conf.
func TestEMRAppPrecedenceAndNonJVM(t *testing.T) {
	t.Parallel()
	driver := `{"sparkSubmitJobDriver":{"entryPoint":"s3://b/job.py","sparkSubmitParameters":"--conf spark.executor.instances=5"}}`
	overrides := `{"applicationConfiguration":[{"classification":"spark-defaults","properties":{"spark.executor.instances":"2","spark.executor.memory":"4g"}},
		{"classification":"emr-containers-defaults","properties":{"job-start-timeout":"1800"}}]}`
	app, err := EMRApp(json.RawMessage(driver), json.RawMessage(overrides))
	if err != nil {
		t.Fatal(err)
	}
	if app.Conf["spark.executor.instances"] != "5" || app.Conf["spark.executor.memory"] != "4g" || !app.NonJVM {
		t.Errorf("app %+v, want instances 5 (flag), memory 4g (defaults), NonJVM (a .py entry point)", app)
	}
	if _, ok := app.Conf["job-start-timeout"]; ok {
		t.Error("a non-spark-defaults classification leaked into the Spark conf")
	}
	jar, _ := EMRApp(json.RawMessage(`{"sparkSubmitJobDriver":{"entryPoint":"local:///x.jar"}}`), nil)
	if jar.NonJVM {
		t.Error("a jar entry point is NonJVM")
	}
}

// Memory overhead max(384 MiB, factor x memory): factor 0.1 for JVM, 0.4
// for non-JVM, explicit factors and overheads win.
func TestMemoryMiB(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name   string
		conf   Conf
		nonJVM bool
		role   string
		want   int64
		err    string
	}{
		{name: "default 1g JVM: 384 floor", role: RoleDriver, want: 1024 + 384},
		{name: "8g JVM: 10%", conf: Conf{"spark.executor.memory": "8g"}, role: RoleExecutor, want: 8192 + 819},
		{name: "2g Python: 40%", conf: Conf{"spark.driver.memory": "2g"}, nonJVM: true, role: RoleDriver, want: 2048 + 819},
		{name: "no unit is MiB", conf: Conf{"spark.driver.memory": "3000"}, role: RoleDriver, want: 3000 + 384},
		{name: "explicit overhead", conf: Conf{"spark.executor.memory": "4g", "spark.executor.memoryOverhead": "1g"}, role: RoleExecutor, want: 4096 + 1024},
		{name: "role factor over kubernetes factor", conf: Conf{"spark.executor.memory": "10g", "spark.executor.memoryOverheadFactor": "0.2",
			"spark.kubernetes.memoryOverheadFactor": "0.3"}, role: RoleExecutor, want: 10240 + 2048},
		{name: "kubernetes factor over the non-JVM default", conf: Conf{"spark.driver.memory": "10g", "spark.kubernetes.memoryOverheadFactor": "0.1"},
			nonJVM: true, role: RoleDriver, want: 10240 + 1024},
		{name: "pyspark memory on executors", conf: Conf{"spark.executor.pyspark.memory": "512m"}, role: RoleExecutor, want: 1024 + 384 + 512},
		{name: "bad memory", conf: Conf{"spark.driver.memory": "lots"}, role: RoleDriver, err: `spark.driver.memory "lots"`},
		{name: "bad unit", conf: Conf{"spark.driver.memory": "2x"}, role: RoleDriver, err: `unknown unit "x"`},
		{name: "bad factor", conf: Conf{"spark.kubernetes.memoryOverheadFactor": "-1"}, role: RoleDriver, err: "spark.kubernetes.memoryOverheadFactor"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			got, err := MemoryMiB(App{Conf: tc.conf, NonJVM: tc.nonJVM}, tc.role)
			if tc.err != "" {
				if err == nil || !strings.Contains(err.Error(), tc.err) {
					t.Fatalf("error %v, want one containing %q", err, tc.err)
				}
				return
			}
			if err != nil || got != tc.want {
				t.Fatalf("MemoryMiB = %d, %v; want %d", got, err, tc.want)
			}
		})
	}
}

func TestResourcesCPU(t *testing.T) {
	t.Parallel()
	app := App{Conf: Conf{"spark.executor.cores": "4", "spark.kubernetes.executor.request.cores": "3500m",
		"spark.kubernetes.executor.limit.cores": "4", "spark.driver.cores": "2"}}
	ex, err := Resources(app, RoleExecutor)
	if err != nil {
		t.Fatal(err)
	}
	if q := ex.Requests[corev1.ResourceCPU]; q.Cmp(resource.MustParse("3500m")) != 0 {
		t.Errorf("executor cpu request %s, want 3500m (request.cores over cores)", q.String())
	}
	if q := ex.Limits[corev1.ResourceCPU]; q.Cmp(resource.MustParse("4")) != 0 {
		t.Errorf("executor cpu limit %s, want 4", q.String())
	}
	dr, _ := Resources(app, RoleDriver)
	if q := dr.Requests[corev1.ResourceCPU]; q.Cmp(resource.MustParse("2")) != 0 {
		t.Errorf("driver cpu request %s, want 2", q.String())
	}
	if _, ok := dr.Limits[corev1.ResourceCPU]; ok {
		t.Error("driver has a CPU limit without spark.kubernetes.driver.limit.cores")
	}
}

func TestExecutorInstances(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		conf Conf
		want int
	}{
		{Conf{}, 2},
		{Conf{"spark.executor.instances": "7"}, 7},
		{Conf{"spark.dynamicAllocation.enabled": "true"}, 0},
		{Conf{"spark.dynamicAllocation.enabled": "true", "spark.dynamicAllocation.initialExecutors": "3", "spark.dynamicAllocation.minExecutors": "1"}, 3},
		{Conf{"spark.dynamicAllocation.enabled": "true", "spark.executor.instances": "4", "spark.dynamicAllocation.minExecutors": "2"}, 4},
	} {
		if got, err := ExecutorInstances(App{Conf: tc.conf}); err != nil || got != tc.want {
			t.Errorf("ExecutorInstances(%v) = %d, %v; want %d", tc.conf, got, err, tc.want)
		}
	}
}

// The driver carries its executors' plan; ExecutorPods rebuilds them owned
// by the driver, with role selectors and scheduler, named <app>-exec-<n>.
func TestDriverAndExecutorPods(t *testing.T) {
	t.Parallel()
	app := App{Conf: Conf{"spark.executor.instances": "3", "spark.kubernetes.node.selector.topology.kubernetes.io/zone": "az1",
		"spark.kubernetes.driver.node.selector.karpenter.sh/nodepool": "od", "spark.kubernetes.executor.node.selector.karpenter.sh/nodepool": "spot",
		"spark.kubernetes.scheduler.name": "binpack", "spark.kubernetes.executor.scheduler.name": "exec-sched",
		"spark.kubernetes.driver.label.team": "a"}}
	meta := PodMeta{Namespace: "ns", Name: "spark-abc-driver", AppID: "spark-abc", Labels: map[string]string{"x": "1"},
		ExecutorLabels: map[string]string{"y": "2"}, End: End{After: 90 * time.Second}}
	d, err := DriverPod(app, meta)
	if err != nil {
		t.Fatal(err)
	}
	if d.Spec.NodeSelector["topology.kubernetes.io/zone"] != "az1" || d.Spec.NodeSelector["karpenter.sh/nodepool"] != "od" || d.Spec.SchedulerName != "binpack" {
		t.Errorf("driver selectors %v scheduler %q", d.Spec.NodeSelector, d.Spec.SchedulerName)
	}
	if d.Labels["team"] != "a" || d.Labels["x"] != "1" || d.Labels[LabelSparkRole] != RoleDriver || d.Annotations[AnnotationRunTime] != "1m30s" {
		t.Errorf("driver labels %v annotations %v", d.Labels, d.Annotations)
	}
	d.UID = "uid-1"
	ex, err := ExecutorPods(d)
	if err != nil || len(ex) != 3 {
		t.Fatalf("ExecutorPods = %d pods, %v; want 3", len(ex), err)
	}
	e := ex[2]
	if e.Name != "spark-abc-exec-3" || e.Labels[LabelExecID] != "3" || e.Labels["y"] != "2" || e.Labels["team"] != "" {
		t.Errorf("executor %s labels %v", e.Name, e.Labels)
	}
	if e.Spec.NodeSelector["karpenter.sh/nodepool"] != "spot" || e.Spec.SchedulerName != "exec-sched" || e.OwnerReferences[0].UID != "uid-1" {
		t.Errorf("executor selectors %v scheduler %q owners %v", e.Spec.NodeSelector, e.Spec.SchedulerName, e.OwnerReferences)
	}
	for _, p := range []map[string]string{d.Annotations, e.Annotations} {
		if p[SucceedAfterAnnotation] != "" || p[FailAfterAnnotation] != "" {
			t.Errorf("annotations %v: a pod is created with kwok's end (the driver's starts once its executors run)", p)
		}
	}
	if plan, _, _ := PlanOf(d); plan.MinRunning != 3 {
		t.Errorf("MinRunning %d, want ceil(0.8 x 3) = 3", plan.MinRunning)
	}
	meta.End.Fail = true
	f, _ := DriverPod(app, meta)
	if f.Annotations[AnnotationOutcome] != OutcomeFail {
		t.Errorf("failing driver annotations %v", f.Annotations)
	}
}

func TestRunTimeSample(t *testing.T) {
	t.Parallel()
	rng := rand.New(rand.NewPCG(1, 2))
	r := RunTime{Min: 100 * time.Second, Max: 200 * time.Second, TimeScale: 10}
	for range 100 {
		e, err := r.Sample(rng, App{Conf: Conf{}})
		if err != nil || e.After < 10*time.Second || e.After > 20*time.Second || e.Fail {
			t.Fatalf("Sample = %+v, %v; want 10s-20s (100s-200s / 10), not failing", e, err)
		}
	}
	e, _ := r.Sample(rng, App{Conf: Conf{RunTimeKey: "60s"}})
	if e.After != 6*time.Second || e.ExecutorWait != 3*time.Second {
		t.Errorf("with %s=60s: %v, executor wait %v; want 6s and 3s (Spark's 30s / 10)", RunTimeKey, e.After, e.ExecutorWait)
	}
	if e, _ := r.Sample(rng, App{Conf: Conf{"spark.scheduler.maxRegisteredResourcesWaitingTime": "5000"}}); e.ExecutorWait != 500*time.Millisecond {
		t.Errorf("maxRegisteredResourcesWaitingTime 5000 (ms): executor wait %v, want 500ms", e.ExecutorWait)
	}
	if _, err := r.Sample(rng, App{Conf: Conf{RunTimeKey: "soon"}}); err == nil || !strings.Contains(err.Error(), RunTimeKey) {
		t.Errorf("bad %s: error %v", RunTimeKey, err)
	}
	all := RunTime{FailRatio: 1}
	if e, _ := all.Sample(rng, App{}); !e.Fail {
		t.Error("FailRatio 1 drew a success")
	}
	if err := (RunTime{Min: 2, Max: 1, TimeScale: -1, FailRatio: 2}).Validate(); err == nil || strings.Count(err.Error(), "RunTime.") != 3 {
		t.Errorf("Validate = %v, want three errors naming their fields", err)
	}
}
