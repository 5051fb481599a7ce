package scheduler

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"github.com/emr-eks-loadtest/emr-eks-loadtest/internal/testenv"
	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/resource"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/util/wait"
	"sigs.k8s.io/yaml"
)

// sparkJob is one job's pods: a driver and executors, all pinned to one
// zone with the selector the load generator uses.
type sparkJob struct {
	name, zone         string
	executors          int
	driverCPU, execCPU string
	driverMem, execMem string
}

var rehearsalJobs = []sparkJob{
	{"job-a1", "us-west-2a", 3, "500m", "1", "1Gi", "2Gi"},
	{"job-b1", "us-west-2b", 3, "500m", "1", "1Gi", "2Gi"},
	{"job-a2", "us-west-2a", 2, "500m", "1", "1Gi", "2Gi"},
}

// TestBinpackingBeatsDefaultOnRealScheduler runs kube-scheduler with exactly
// the configuration SchedulerConfiguration renders (only clientConnection's
// kubeconfig points at the test cluster, as a pod's in-cluster config would)
// and checks, on kwok m5.xlarge nodes in two zones, that the same Spark pods
// land on fewer nodes than under the default profile, and never outside
// their job's zone.
func TestBinpackingBeatsDefaultOnRealScheduler(t *testing.T) {
	cp := testenv.Get(t)
	ctx, cancel := context.WithTimeout(context.Background(), 4*time.Minute)
	defer cancel()
	cfg := Defaults()
	startScheduler(t, cp, cfg)
	var shapes []testenv.NodeShape
	for _, zone := range []string{"us-west-2a", "us-west-2b"} {
		for i := range 3 {
			shapes = append(shapes, testenv.M5XLarge(fmt.Sprintf("bp-%s-%d", zone[len(zone)-1:], i), zone))
		}
	}
	if _, err := cp.CreateNodes(ctx, shapes...); err != nil {
		t.Fatal(err)
	}
	packed := placeJobs(ctx, t, cp, cfg.Name)
	spread := placeJobs(ctx, t, cp, corev1.DefaultSchedulerName)
	t.Logf("nodes used: %s %d, default-scheduler %d", cfg.Name, len(packed), len(spread))
	if len(packed) >= len(spread) {
		t.Errorf("binpacking used %d nodes %v, default %d %v: want fewer", len(packed), packed, len(spread), spread)
	}
}

// startScheduler runs the real kube-scheduler binary with the rendered
// configuration until the test ends.
func startScheduler(t *testing.T, cp *testenv.ControlPlane, cfg Config) {
	t.Helper()
	sc := SchedulerConfiguration(cfg)
	sc.ClientConnection.Kubeconfig = cp.Kubeconfig
	b, err := yaml.Marshal(sc)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	file := filepath.Join(dir, ConfigFileName)
	if err := os.WriteFile(file, b, 0o600); err != nil {
		t.Fatal(err)
	}
	logf, err := os.Create(filepath.Join(dir, "kube-scheduler.log"))
	if err != nil {
		t.Fatal(err)
	}
	// --secure-port=0: no HTTPS listener, so parallel test runs cannot clash
	// on 10259; everything else comes from the file.
	cmd := exec.Command(filepath.Join(testenv.BinDir(), "kube-scheduler"), "--config="+file, "--secure-port=0", "--v=2")
	cmd.Stdout, cmd.Stderr = logf, logf
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		_ = cmd.Process.Kill()
		_ = cmd.Wait()
		_ = logf.Close()
		if t.Failed() {
			if out, err := os.ReadFile(logf.Name()); err == nil {
				t.Logf("kube-scheduler log (tail):\n%s", tail(out, 4000))
			}
		}
	})
}

func tail(b []byte, n int) []byte {
	if len(b) > n {
		return b[len(b)-n:]
	}
	return b
}

// placeJobs creates every job's pods with schedulerName, waits until all
// are bound, checks their zones, deletes them, and returns the nodes used.
func placeJobs(ctx context.Context, t *testing.T, cp *testenv.ControlPlane, schedulerName string) map[string]int {
	t.Helper()
	ns := cp.Namespace(t)
	pods := cp.Client().CoreV1().Pods(ns)
	want := map[string]string{}
	for _, j := range rehearsalJobs {
		for _, p := range j.pods(schedulerName) {
			if _, err := pods.Create(ctx, p, metav1.CreateOptions{}); err != nil {
				t.Fatalf("creating %s: %v", p.Name, err)
			}
			want[p.Name] = j.zone
		}
	}
	used := map[string]int{}
	err := wait.PollUntilContextCancel(ctx, 250*time.Millisecond, true, func(ctx context.Context) (bool, error) {
		list, err := pods.List(ctx, metav1.ListOptions{})
		if err != nil {
			return false, err
		}
		used = map[string]int{}
		for _, p := range list.Items {
			if p.Spec.NodeName == "" {
				return false, nil
			}
			used[p.Spec.NodeName]++
		}
		return len(list.Items) == len(want), nil
	})
	if err != nil {
		t.Fatalf("%s did not bind all %d pods: %v (bound so far: %v)", schedulerName, len(want), err, used)
	}
	checkZones(ctx, t, cp, ns, want)
	if err := pods.DeleteCollection(ctx, metav1.DeleteOptions{GracePeriodSeconds: new(int64)}, metav1.ListOptions{}); err != nil {
		t.Fatal(err)
	}
	// The next placement must see empty nodes.
	err = wait.PollUntilContextCancel(ctx, 250*time.Millisecond, true, func(ctx context.Context) (bool, error) {
		list, err := pods.List(ctx, metav1.ListOptions{})
		return err == nil && len(list.Items) == 0, err
	})
	if err != nil {
		t.Fatalf("pods of %s not deleted: %v", schedulerName, err)
	}
	return used
}

func checkZones(ctx context.Context, t *testing.T, cp *testenv.ControlPlane, ns string, want map[string]string) {
	t.Helper()
	list, err := cp.Client().CoreV1().Pods(ns).List(ctx, metav1.ListOptions{})
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range list.Items {
		node, err := cp.Client().CoreV1().Nodes().Get(ctx, p.Spec.NodeName, metav1.GetOptions{})
		if err != nil {
			t.Fatal(err)
		}
		if got := node.Labels[testenv.ZoneLabel]; got != want[p.Name] {
			t.Errorf("pod %s of a %s job landed on %s in zone %s", p.Name, want[p.Name], node.Name, got)
		}
	}
}

func (j sparkJob) pods(schedulerName string) []*corev1.Pod {
	out := []*corev1.Pod{sparkPod(j.name+"-driver", "driver", j, schedulerName, j.driverCPU, j.driverMem)}
	for i := range j.executors {
		out = append(out, sparkPod(fmt.Sprintf("%s-exec-%d", j.name, i+1), "executor", j, schedulerName, j.execCPU, j.execMem))
	}
	return out
}

func sparkPod(name, role string, j sparkJob, schedulerName, cpu, mem string) *corev1.Pod {
	req := corev1.ResourceList{corev1.ResourceCPU: resource.MustParse(cpu), corev1.ResourceMemory: resource.MustParse(mem)}
	return &corev1.Pod{
		ObjectMeta: metav1.ObjectMeta{Name: name, Labels: map[string]string{"spark-role": role, "spark-app-selector": j.name}},
		Spec: corev1.PodSpec{
			SchedulerName: schedulerName,
			NodeSelector:  map[string]string{testenv.ZoneLabel: j.zone},
			Containers: []corev1.Container{{
				Name: "spark-kubernetes-" + role, Image: "spark:3.5",
				Resources: corev1.ResourceRequirements{Requests: req, Limits: req},
			}},
		},
	}
}
