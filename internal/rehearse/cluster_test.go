package rehearse

import (
	"context"
	"errors"
	"fmt"
	"math"
	"os"
	"slices"
	"testing"
	"time"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/resource"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/apimachinery/pkg/util/wait"

	"github.com/emr-eks-loadtest/emr-eks-loadtest/internal/rehearse/clusterreport"
	"github.com/emr-eks-loadtest/emr-eks-loadtest/internal/testenv"
	"github.com/emr-eks-loadtest/emr-eks-loadtest/internal/twin"
	"github.com/emr-eks-loadtest/emr-eks-loadtest/spec/karpenter"
)

// startCluster starts a rehearsal cluster of the dev preset, or skips
// (fails under CI / REQUIRE_INTEGRATION=1) without the binaries.
func startCluster(t *testing.T) *Cluster {
	t.Helper()
	if err := MissingBinaries(); err != nil {
		if errors.Is(err, testenv.ErrMissingBinaries) && !testenv.Required() {
			t.Skip(err)
		}
		t.Fatal(err)
	}
	cfg, _, err := PresetConfig("dev", twin.Region)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	c, err := Start(ctx, Options{Config: cfg, Prices: TablePrices, NodeStartDelay: 2 * time.Second, Dir: t.TempDir(), Progress: testLog{t}})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if t.Failed() {
			for _, f := range []string{"karpenter-kwok.log", "binpacking-scheduler.log"} {
				t.Logf("end of %s:\n%s", f, tail(c.Dir+"/"+f, 30))
			}
		}
		c.Stop()
	})
	return c
}

// testPodLabel marks the test's pods (the job namespaces also hold the
// operator stand-ins).
const testPodLabel = "rehearse-test/pool"

type testLog struct{ t *testing.T }

func (l testLog) Write(b []byte) (int, error) { l.t.Log(string(b)); return len(b), nil }

// sparkPod is a pod shaped as Spark on EKS makes one for the shipped
// templates: the NodePool selector of its role, the binpacking scheduler,
// requests with Spark's memory overhead (1 GiB + 384 MiB).
func sparkPod(ns, name, pool, schedulerName string, cores int64) *corev1.Pod {
	mem := resource.MustParse(fmt.Sprintf("%dMi", cores*1024+384))
	return &corev1.Pod{
		ObjectMeta: metav1.ObjectMeta{Name: name, Namespace: ns, Labels: map[string]string{testPodLabel: pool}},
		Spec: corev1.PodSpec{
			SchedulerName: schedulerName,
			NodeSelector:  map[string]string{"karpenter.sh/nodepool": pool},
			Containers: []corev1.Container{{Name: "spark", Image: "spark", Resources: corev1.ResourceRequirements{
				Requests: corev1.ResourceList{corev1.ResourceCPU: *resource.NewQuantity(cores, resource.DecimalSI), corev1.ResourceMemory: mem},
			}}},
		},
	}
}

// Pending Spark pods make Karpenter launch kwok nodes of the pools' allowed
// types and zones, and the binpacking scheduler places them.
func TestPendingSparkPodsLaunchAllowedNodes(t *testing.T) {
	c := startCluster(t)
	if c.SchedulerName == "" {
		t.Fatal("the dev preset runs a binpacking scheduler; the rehearsal started none")
	}
	ctx := context.Background()
	kube := c.CP.Client()
	ns := c.Karpenter.Namespace
	if jn := jobNamespaces(t, c); len(jn) > 0 {
		ns = jn[0]
	}
	pods := []*corev1.Pod{sparkPod(ns, "driver", karpenter.DriverPool, c.SchedulerName, 1)}
	for i := range 4 {
		pods = append(pods, sparkPod(ns, fmt.Sprintf("exec-%d", i), karpenter.ExecutorPool, c.SchedulerName, 2))
	}
	coll := clusterreport.New()
	collCtx, stopColl := context.WithCancel(ctx)
	defer stopColl()
	if err := coll.Start(collCtx, kube, c.CP.Dynamic(), nil); err != nil {
		t.Fatal(err)
	}
	for _, p := range pods {
		if _, err := kube.CoreV1().Pods(ns).Create(ctx, p, metav1.CreateOptions{}); err != nil {
			t.Fatal(err)
		}
	}
	bound := waitBound(t, c, ns, len(pods), 3*time.Minute)
	nodes := map[string]*corev1.Node{}
	for _, p := range bound {
		if p.Spec.SchedulerName != c.SchedulerName {
			t.Errorf("pod %s: schedulerName %q, want the binpacking %q", p.Name, p.Spec.SchedulerName, c.SchedulerName)
		}
		n, err := kube.CoreV1().Nodes().Get(ctx, p.Spec.NodeName, metav1.GetOptions{})
		if err != nil {
			t.Fatal(err)
		}
		nodes[n.Name] = n
		if got, want := n.Labels["karpenter.sh/nodepool"], p.Spec.NodeSelector["karpenter.sh/nodepool"]; got != want {
			t.Errorf("pod %s on node %s of pool %q, want pool %q", p.Name, n.Name, got, want)
		}
	}
	for _, n := range nodes {
		checkAllowed(t, c, n)
	}
	claims, err := c.CP.Dynamic().Resource(schema.GroupVersionResource{Group: "karpenter.sh", Version: "v1", Resource: "nodeclaims"}).List(ctx, metav1.ListOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if len(claims.Items) < len(nodes) {
		t.Errorf("%d NodeClaims for %d Karpenter nodes", len(claims.Items), len(nodes))
	}
	t.Logf("%d pods on %d nodes, %d NodeClaims", len(bound), len(nodes), len(claims.Items))
	checkNodeHours(t, c, coll)
}

// The cluster section's node-hours are the nodes' lifetimes as the API
// server's objects give them (creationTimestamp to the end).
func checkNodeHours(t *testing.T, c *Cluster, coll *clusterreport.Collector) {
	t.Helper()
	end := time.Now()
	s := clusterreport.Summarize(coll.Snapshot(), end, func(string, string) (float64, error) { return 1, nil })
	list, err := c.CP.Client().CoreV1().Nodes().List(context.Background(), metav1.ListOptions{})
	if err != nil {
		t.Fatal(err)
	}
	want, karpenterNodes := 0.0, 0
	for _, n := range list.Items {
		if n.CreationTimestamp.After(end) || n.DeletionTimestamp != nil {
			continue
		}
		want += end.Sub(n.CreationTimestamp.Time).Hours()
		if n.Labels[clusterreport.LabelNodePool] != "" {
			karpenterNodes++
		}
	}
	if math.Abs(s.TotalHours-want) > 1e-9 || math.Abs(s.TotalCost-want) > 1e-9 {
		t.Errorf("report: %v node-hours (cost %v at $1/h); the API's nodes lived %v hours", s.TotalHours, s.TotalCost, want)
	}
	if karpenterNodes == 0 || s.Latency.NodeProvisioning.Count != karpenterNodes || s.Latency.PodScheduling.Count == 0 {
		t.Errorf("latencies %+v for %d Karpenter nodes", s.Latency, karpenterNodes)
	}
}

func jobNamespaces(t *testing.T, c *Cluster) []string {
	t.Helper()
	list, err := c.CP.Client().CoreV1().Namespaces().List(context.Background(), metav1.ListOptions{})
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, n := range list.Items {
		if n.Name != twin.StandinNamespace && !slices.Contains([]string{"default", "kube-system", "kube-public", "kube-node-lease"}, n.Name) {
			out = append(out, n.Name)
		}
	}
	slices.Sort(out)
	return out
}

func waitBound(t *testing.T, c *Cluster, ns string, want int, timeout time.Duration) []corev1.Pod {
	t.Helper()
	var bound []corev1.Pod
	err := wait.PollUntilContextTimeout(context.Background(), time.Second, timeout, true, func(ctx context.Context) (bool, error) {
		list, err := c.CP.Client().CoreV1().Pods(ns).List(ctx, metav1.ListOptions{LabelSelector: testPodLabel})
		if err != nil {
			return false, nil
		}
		bound = bound[:0]
		for _, p := range list.Items {
			if p.Spec.NodeName != "" {
				bound = append(bound, p)
			}
		}
		return len(bound) == want, nil
	})
	if err != nil {
		t.Fatalf("%d of %d pods bound after %v: %v", len(bound), want, timeout, err)
	}
	return bound
}

// checkAllowed: the node's type is one the pool allows (family, size,
// architecture of its PoolConfig) and its zone one of the stack's.
func checkAllowed(t *testing.T, c *Cluster, n *corev1.Node) {
	t.Helper()
	pool := c.Karpenter.Executor()
	if n.Labels["karpenter.sh/nodepool"] == karpenter.DriverPool {
		pool = c.Karpenter.Driver()
	}
	fam, size := n.Labels[LabelFamily], n.Labels[LabelSize]
	if !slices.Contains(pool.Families, fam) || !slices.Contains(pool.Sizes, size) || n.Labels[corev1.LabelInstanceTypeStable] != fam+"."+size {
		t.Errorf("node %s: type %s (family %q size %q) not allowed by pool %s (%v x %v)", n.Name,
			n.Labels[corev1.LabelInstanceTypeStable], fam, size, n.Labels["karpenter.sh/nodepool"], pool.Families, pool.Sizes)
	}
	if !slices.Contains(pool.Arch, n.Labels[corev1.LabelArchStable]) {
		t.Errorf("node %s: arch %q, pool allows %v", n.Name, n.Labels[corev1.LabelArchStable], pool.Arch)
	}
	if z := n.Labels[corev1.LabelTopologyZone]; !slices.Contains(c.Karpenter.Zones, z) && !slices.Contains(zonesOf(c), z) {
		t.Errorf("node %s: zone %q not one of the stack's", n.Name, z)
	}
}

func zonesOf(c *Cluster) []string {
	var out []string
	for _, it := range c.InstanceTypes {
		for _, o := range it.Offerings {
			out = append(out, o.Requirements[1].Values[0])
		}
	}
	return out
}

func TestMain(m *testing.M) { os.Exit(m.Run()) }
