package testenv

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	batchv1 "k8s.io/api/batch/v1"
	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/resource"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/apimachinery/pkg/util/wait"
)

const sparkOperator = "github.com/kubeflow/spark-operator/v2@v2.3.0"

var sparkAppGVR = schema.GroupVersionResource{Group: "sparkoperator.k8s.io", Version: "v1beta2", Resource: "sparkapplications"}

func TestSparkApplicationCRD(t *testing.T) {
	cp := Get(t)
	ctx := context.Background()
	dir, err := ModuleDir(ctx, sparkOperator)
	if err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(dir, "config", "crd", "bases", "sparkoperator.k8s.io_sparkapplications.yaml")
	names, err := cp.InstallCRDs(ctx, file)
	if err != nil {
		t.Fatal(err)
	}
	if len(names) != 1 || names[0] != "sparkapplications.sparkoperator.k8s.io" {
		t.Fatalf("installed %v", names)
	}
	crd, err := cp.Dynamic().Resource(crdGVR).Get(ctx, names[0], metav1.GetOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if crd.GetAnnotations()["api-approved.kubernetes.io"] == "" {
		t.Fatal("the protected sparkoperator.k8s.io group needs the api-approved.kubernetes.io annotation kept")
	}
	ns := cp.Namespace(t)
	apps := cp.Dynamic().Resource(sparkAppGVR).Namespace(ns)
	// No retry here: InstallCRDs must already have waited until creates work.
	created, err := apps.Create(ctx, sparkApp("pi"), metav1.CreateOptions{})
	if err != nil {
		t.Fatalf("first create after InstallCRDs: %v", err)
	}
	if _, err := apps.Create(ctx, &unstructured.Unstructured{Object: map[string]any{
		"apiVersion": "sparkoperator.k8s.io/v1beta2", "kind": "SparkApplication",
		"metadata": map[string]any{"name": "bad"}, "spec": map[string]any{"type": "Scala"}}}, metav1.CreateOptions{}); err == nil ||
		!strings.Contains(err.Error(), "sparkVersion") {
		t.Fatalf("the CRD schema must refuse a spec without sparkVersion, got %v", err)
	}
	if err := unstructured.SetNestedMap(created.Object, map[string]any{
		"applicationState": map[string]any{"state": "RUNNING"},
		"driverInfo":       map[string]any{"podName": "pi-driver"},
	}, "status"); err != nil {
		t.Fatal(err)
	}
	if _, err := apps.UpdateStatus(ctx, created, metav1.UpdateOptions{}); err != nil {
		t.Fatalf("status update: %v", err)
	}
	got, err := apps.Get(ctx, "pi", metav1.GetOptions{})
	if err != nil {
		t.Fatal(err)
	}
	state, _, _ := unstructured.NestedString(got.Object, "status", "applicationState", "state")
	if state != "RUNNING" {
		t.Fatalf("status.applicationState.state = %q, want RUNNING", state)
	}
	// The status subresource ignores spec changes and the main resource
	// ignores status changes: prove the subresource is real.
	got.Object["status"] = map[string]any{"applicationState": map[string]any{"state": "FAILED"}, "driverInfo": map[string]any{}}
	upd, err := apps.Update(ctx, got, metav1.UpdateOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if s, _, _ := unstructured.NestedString(upd.Object, "status", "applicationState", "state"); s != "RUNNING" {
		t.Fatalf("a main-resource update changed status to %q: no status subresource", s)
	}
}

func sparkApp(name string) *unstructured.Unstructured {
	return &unstructured.Unstructured{Object: map[string]any{
		"apiVersion": "sparkoperator.k8s.io/v1beta2", "kind": "SparkApplication",
		"metadata": map[string]any{"name": name},
		"spec": map[string]any{
			"type": "Scala", "mode": "cluster", "sparkVersion": "3.5.3",
			"image":               "spark:3.5.3",
			"mainClass":           "org.apache.spark.examples.SparkPi",
			"mainApplicationFile": "local:///opt/spark/examples/jars/spark-examples.jar",
			"driver":              map[string]any{"cores": int64(1), "memory": "512m"},
			"executor":            map[string]any{"cores": int64(1), "instances": int64(1), "memory": "512m"},
		},
	}}
}

func TestKwokNodesInTwoZones(t *testing.T) {
	cp := Get(t)
	ctx := context.Background()
	nodes, err := cp.CreateNodes(ctx, M5XLarge("zones-a", "us-east-1a"), M5XLarge("zones-b", "us-east-1b"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { deleteNodes(cp, nodes) })
	ns := cp.Namespace(t)
	for _, zone := range []string{"us-east-1a", "us-east-1b", "us-east-1a"} {
		p := pod(fmt.Sprintf("in-%s-%d", zone, time.Now().UnixNano()%1e6), "1")
		p.Spec.NodeSelector = map[string]string{ZoneLabel: zone}
		p, err := cp.Client().CoreV1().Pods(ns).Create(ctx, p, metav1.CreateOptions{})
		if err != nil {
			t.Fatal(err)
		}
		running := waitPodPhase(t, cp, ns, p.Name, corev1.PodRunning)
		node, err := cp.Client().CoreV1().Nodes().Get(ctx, running.Spec.NodeName, metav1.GetOptions{})
		if err != nil {
			t.Fatal(err)
		}
		if node.Labels[ZoneLabel] != zone {
			t.Fatalf("pod for %s landed on %s in %s", zone, node.Name, node.Labels[ZoneLabel])
		}
	}
	// A pod asking for a zone without nodes stays Pending (unschedulable).
	p := pod("nowhere", "1")
	p.Spec.NodeSelector = map[string]string{ZoneLabel: "us-east-1c"}
	if _, err := cp.Client().CoreV1().Pods(ns).Create(ctx, p, metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	time.Sleep(2 * time.Second)
	got, err := cp.Client().CoreV1().Pods(ns).Get(ctx, "nowhere", metav1.GetOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if got.Status.Phase != corev1.PodPending || got.Spec.NodeName != "" {
		t.Fatalf("pod for an empty zone: phase %s node %q, want Pending unbound", got.Status.Phase, got.Spec.NodeName)
	}
}

// TestKwokNodesKeepALease failed before: kwok ran without
// --node-lease-duration-seconds, so no node had a Lease in kube-node-lease,
// the node lifecycle controller marked every kwok node NotReady ~50 s after
// it registered, and its Running pods turned unready (rehearsal jobs stuck).
// With the lease kwok renews it as a kubelet would.
func TestKwokNodesKeepALease(t *testing.T) {
	cp := Get(t)
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	nodes, err := cp.CreateNodes(ctx, M5XLarge("leased", "us-east-1a"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { deleteNodes(cp, nodes) })
	var renewals []time.Time
	for len(renewals) < 2 {
		lease, err := cp.Client().CoordinationV1().Leases("kube-node-lease").Get(ctx, "leased", metav1.GetOptions{})
		if err == nil && lease.Spec.RenewTime != nil && (len(renewals) == 0 || lease.Spec.RenewTime.After(renewals[0])) {
			renewals = append(renewals, lease.Spec.RenewTime.Time)
		}
		select {
		case <-ctx.Done():
			t.Fatalf("node lease of a kwok node: renewals seen %v (last error %v); want it created and renewed", renewals, err)
		case <-time.After(500 * time.Millisecond):
		}
	}
}

// A pod annotated SucceedAfterAnnotation runs that long, then Succeeds; the
// FailAfterAnnotation one Fails.
func TestKwokPodRunsThenExits(t *testing.T) {
	cp := Get(t)
	ctx := context.Background()
	nodes, err := cp.CreateNodes(ctx, M5XLarge("runs-a", "us-east-1a"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { deleteNodes(cp, nodes) })
	ns := cp.Namespace(t)
	ok, bad := pod("driver-ok", "500m"), pod("driver-bad", "500m")
	ok.Annotations = map[string]string{SucceedAfterAnnotation: "3s"}
	bad.Annotations = map[string]string{FailAfterAnnotation: "1s"}
	for _, p := range []*corev1.Pod{ok, bad} {
		p.Spec.NodeSelector = map[string]string{ZoneLabel: "us-east-1a"}
		if _, err := cp.Client().CoreV1().Pods(ns).Create(ctx, p, metav1.CreateOptions{}); err != nil {
			t.Fatal(err)
		}
	}
	running := waitPodPhase(t, cp, ns, "driver-ok", corev1.PodRunning)
	done := waitPodPhase(t, cp, ns, "driver-ok", corev1.PodSucceeded)
	ran := done.Status.ContainerStatuses[0].State.Terminated.FinishedAt.Sub(running.Status.StartTime.Time)
	if ran < 2*time.Second { // timestamps have 1 s resolution
		t.Fatalf("pod ran %s, want about 3s", ran)
	}
	failed := waitPodPhase(t, cp, ns, "driver-bad", corev1.PodFailed)
	if code := failed.Status.ContainerStatuses[0].State.Terminated.ExitCode; code != 1 {
		t.Fatalf("failed pod exit code %d, want 1", code)
	}
}

func pod(name, cpu string) *corev1.Pod {
	return &corev1.Pod{
		ObjectMeta: metav1.ObjectMeta{Name: name},
		Spec: corev1.PodSpec{Containers: []corev1.Container{{Name: "main", Image: "busybox",
			Resources: corev1.ResourceRequirements{Requests: corev1.ResourceList{
				corev1.ResourceCPU: resource.MustParse(cpu), corev1.ResourceMemory: resource.MustParse("1Gi")}}}}},
	}
}

func waitPodPhase(t *testing.T, cp *ControlPlane, ns, name string, phase corev1.PodPhase) *corev1.Pod {
	t.Helper()
	var last *corev1.Pod
	err := wait.PollUntilContextTimeout(context.Background(), 100*time.Millisecond, 45*time.Second, true, func(ctx context.Context) (bool, error) {
		p, err := cp.Client().CoreV1().Pods(ns).Get(ctx, name, metav1.GetOptions{})
		if err != nil {
			return false, err
		}
		last = p
		return p.Status.Phase == phase, nil
	})
	if err != nil {
		if last == nil {
			t.Fatalf("pod %s/%s: %v", ns, name, err)
		}
		t.Fatalf("pod %s/%s not %s: %v (last phase %s, node %q)", ns, name, phase, err, last.Status.Phase, last.Spec.NodeName)
	}
	return last
}

func deleteNodes(cp *ControlPlane, nodes []*corev1.Node) {
	for _, n := range nodes {
		_ = cp.Client().CoreV1().Nodes().Delete(context.Background(), n.Name, metav1.DeleteOptions{})
	}
}

// Attach uses a running control plane through its kubeconfig; its Stop
// leaves that control plane running.
func TestAttach(t *testing.T) {
	cp := Get(t)
	other, err := Attach(cp.Kubeconfig)
	if err != nil {
		t.Fatal(err)
	}
	if other.Dir != "" {
		t.Fatalf("attached control plane owns a folder: %s", other.Dir)
	}
	if err := other.Stop(); err != nil {
		t.Fatal(err)
	}
	if _, err := cp.Client().CoreV1().Namespaces().Get(context.Background(), "default", metav1.GetOptions{}); err != nil {
		t.Fatalf("the control plane is gone after Stop of an attached handle: %v", err)
	}
	if _, err := Attach(filepath.Join(t.TempDir(), "missing")); err == nil {
		t.Fatal("Attach with a missing kubeconfig must fail")
	}
}

// Job pods complete (kwok's pod-complete stage) and the Job controller of
// kube-controller-manager marks the Job Complete: what Pulumi's Job await needs.
func TestKwokJobCompletes(t *testing.T) {
	cp := Get(t)
	ctx := context.Background()
	nodes, err := cp.CreateNodes(ctx, M5XLarge("job-a", "us-east-1a"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { deleteNodes(cp, nodes) })
	ns := cp.Namespace(t)
	job := &batchv1.Job{
		ObjectMeta: metav1.ObjectMeta{Name: "once"},
		Spec: batchv1.JobSpec{Template: corev1.PodTemplateSpec{Spec: corev1.PodSpec{
			RestartPolicy: corev1.RestartPolicyNever,
			Containers:    pod("x", "100m").Spec.Containers,
		}}},
	}
	if _, err := cp.Client().BatchV1().Jobs(ns).Create(ctx, job, metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	err = wait.PollUntilContextTimeout(ctx, 200*time.Millisecond, time.Minute, true, func(ctx context.Context) (bool, error) {
		j, err := cp.Client().BatchV1().Jobs(ns).Get(ctx, "once", metav1.GetOptions{})
		if err != nil {
			return false, err
		}
		return j.Status.Succeeded == 1, nil
	})
	if err != nil {
		t.Fatalf("Job did not succeed: %v", err)
	}
}
