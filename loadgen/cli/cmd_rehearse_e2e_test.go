package cli

import (
	"context"
	"encoding/json"
	"errors"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/emrcontainers"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/informers"
	"k8s.io/client-go/tools/cache"

	"github.com/emr-eks-loadtest/emr-eks-loadtest/internal/rehearse"
	"github.com/emr-eks-loadtest/emr-eks-loadtest/internal/testenv"
	"github.com/emr-eks-loadtest/emr-eks-loadtest/loadgen/job"
	"github.com/emr-eks-loadtest/emr-eks-loadtest/loadgen/journal"
	"github.com/emr-eks-loadtest/emr-eks-loadtest/spec/karpenter"
)

// nodeLife is a node as the API server's objects gave it.
type nodeLife struct {
	labels           map[string]string
	created, deleted time.Time
}

// nodeWatch records every node the API server had (also those
// Karpenter deleted before the end), from the server's timestamps.
type nodeWatch struct {
	mu    sync.Mutex
	nodes map[string]*nodeLife
}

func (w *nodeWatch) see(obj any, gone bool) {
	if d, ok := obj.(cache.DeletedFinalStateUnknown); ok {
		obj = d.Obj
	}
	n, ok := obj.(*corev1.Node)
	if !ok {
		return
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	l := w.nodes[n.Name]
	if l == nil {
		l = &nodeLife{labels: n.Labels, created: n.CreationTimestamp.Time}
		w.nodes[n.Name] = l
	}
	switch {
	case n.DeletionTimestamp != nil && l.deleted.IsZero():
		l.deleted = n.DeletionTimestamp.Time
	case gone && l.deleted.IsZero():
		l.deleted = time.Now().Truncate(time.Second)
	}
}

func (w *nodeWatch) start(t *testing.T, c *rehearse.Cluster) {
	f := informers.NewSharedInformerFactory(c.CP.Client(), 0)
	inf := f.Core().V1().Nodes().Informer()
	if _, err := inf.AddEventHandler(cache.ResourceEventHandlerFuncs{AddFunc: func(o any) { w.see(o, false) },
		UpdateFunc: func(_, o any) { w.see(o, false) }, DeleteFunc: func(o any) { w.see(o, true) }}); err != nil {
		t.Error(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	f.Start(ctx.Done())
	cache.WaitForCacheSync(ctx.Done(), inf.HasSynced)
}

// `loadgen rehearse` end to end through Main on the dev preset: from the
// API server's own objects, Karpenter launched nodes of the allowed types
// and zones, the binpacking scheduler bound the Spark pods, every job
// ended (journal and the EMR endpoint agree), and report.json's cluster
// node-hours equal the nodes' lifetimes.
func TestRehearseEndToEnd(t *testing.T) {
	if err := rehearse.MissingBinaries(); err != nil {
		if errors.Is(err, testenv.ErrMissingBinaries) && !testenv.Required() {
			t.Skip(err)
		}
		t.Fatal(err)
	}
	runs := t.TempDir()
	w := &nodeWatch{nodes: map[string]*nodeLife{}}
	var api apiView
	rehearseHooks.started = func(c *rehearse.Cluster) { w.start(t, c) }
	rehearseHooks.done = func(c *rehearse.Cluster, r *rehearsal, ep *rehearsalEndpoint) { api = lookAtTwin(t, c, ep) }
	t.Cleanup(func() { rehearseHooks.started, rehearseHooks.done = nil, nil })
	ctx, cancel := context.WithTimeout(context.Background(), 8*time.Minute)
	defer cancel()
	out, errOut, err := runCLI(t, ctx, "rehearse", "--preset", "dev", "--time-scale", "20", "--settle", "5s", "--local-run-time", "60s-120s",
		"--rate", "12/min", "--duration", "20s", "--track-after", "3m", "--runs-dir", runs, "--session", "rh-e2e",
		"--progress-every", "10s")
	if err != nil {
		t.Fatalf("rehearse: %v\nstdout:\n%s\nstderr:\n%s", err, out, errOut)
	}
	checkNodesAllowed(t, api, w)
	checkBinpacked(t, api)
	checkJobsEnded(t, filepath.Join(runs, "rh-e2e"), api)
	checkReportNodeHours(t, filepath.Join(runs, "rh-e2e"), w)
	if !strings.Contains(out, "plan vs measured") || !strings.Contains(out, "--time-scale 20") {
		t.Errorf("terminal lacks the cluster summary:\n%s", out)
	}
}

// apiView is what the test read from the twin before it was stopped.
type apiView struct {
	scheduler string
	pools     map[string]karpenter.PoolConfig
	zones     []string
	pods      []corev1.Pod
	scheduled []corev1.Event // the scheduler's Scheduled events
	emrStates map[string]string
}

func lookAtTwin(t *testing.T, c *rehearse.Cluster, ep *rehearsalEndpoint) apiView {
	ctx := context.Background()
	v := apiView{scheduler: c.SchedulerName, emrStates: map[string]string{},
		pools: map[string]karpenter.PoolConfig{karpenter.DriverPool: c.Karpenter.Driver(), karpenter.ExecutorPool: c.Karpenter.Executor()}}
	for _, it := range c.InstanceTypes {
		for _, o := range it.Offerings {
			for _, r := range o.Requirements {
				if r.Key == corev1.LabelTopologyZone {
					v.zones = append(v.zones, r.Values...)
				}
			}
		}
	}
	pods, err := c.CP.Client().CoreV1().Pods("").List(ctx, metav1.ListOptions{LabelSelector: "spark-role"})
	if err != nil {
		t.Fatal(err)
	}
	v.pods = pods.Items
	evs, err := c.CP.Client().CoreV1().Events("").List(ctx, metav1.ListOptions{FieldSelector: "reason=Scheduled"})
	if err != nil {
		t.Fatal(err)
	}
	v.scheduled = evs.Items
	api := emrcontainers.New(emrcontainers.Options{BaseEndpoint: aws.String(ep.url), Region: c.Region(),
		Credentials: credentials.NewStaticCredentialsProvider("AKID", "SECRET", "")})
	for _, vc := range ep.vcs {
		_, id, _ := strings.Cut(vc, "=")
		p := emrcontainers.NewListJobRunsPaginator(api, &emrcontainers.ListJobRunsInput{VirtualClusterId: aws.String(id)})
		for p.HasMorePages() {
			page, err := p.NextPage(ctx)
			if err != nil {
				t.Fatal(err)
			}
			for _, j := range page.JobRuns {
				v.emrStates[aws.ToString(j.Id)] = string(j.State)
			}
		}
	}
	return v
}

// Karpenter's nodes are of the pools' families, sizes and architectures,
// in the stack's zones.
func checkNodesAllowed(t *testing.T, v apiView, w *nodeWatch) {
	t.Helper()
	w.mu.Lock()
	defer w.mu.Unlock()
	launched := 0
	for name, n := range w.nodes {
		pool, ok := v.pools[n.labels["karpenter.sh/nodepool"]]
		if !ok {
			continue
		}
		launched++
		fam, size := n.labels[rehearse.LabelFamily], n.labels[rehearse.LabelSize]
		if !slices.Contains(pool.Families, fam) || !slices.Contains(pool.Sizes, size) || n.labels[corev1.LabelInstanceTypeStable] != fam+"."+size {
			t.Errorf("node %s: type %s not allowed by its pool (%v x %v)", name, n.labels[corev1.LabelInstanceTypeStable], pool.Families, pool.Sizes)
		}
		if !slices.Contains(pool.Arch, n.labels[corev1.LabelArchStable]) {
			t.Errorf("node %s: arch %q, pool allows %v", name, n.labels[corev1.LabelArchStable], pool.Arch)
		}
		if z := n.labels[corev1.LabelTopologyZone]; !slices.Contains(v.zones, z) {
			t.Errorf("node %s: zone %q not one of the stack's %v", name, z, v.zones)
		}
	}
	if launched == 0 {
		t.Error("Karpenter launched no node")
	}
}

// Every Spark pod names the binpacking scheduler, and every Scheduled
// event of a Spark pod was reported by it (the binding was its).
func checkBinpacked(t *testing.T, v apiView) {
	t.Helper()
	if v.scheduler == "" || len(v.pods) == 0 {
		t.Fatalf("scheduler %q, %d Spark pods left on the twin", v.scheduler, len(v.pods))
	}
	for _, p := range v.pods {
		if p.Spec.SchedulerName != v.scheduler || p.Spec.NodeName == "" {
			t.Errorf("pod %s/%s: schedulerName %q node %q, want bound by %q", p.Namespace, p.Name, p.Spec.SchedulerName, p.Spec.NodeName, v.scheduler)
		}
	}
	spark := 0
	for _, e := range v.scheduled {
		n := e.InvolvedObject.Name // spark-<id>-driver, spark-<id>-exec-<n> (not the operator stand-ins)
		if !strings.HasPrefix(n, "spark-") || (!strings.HasSuffix(n, "-driver") && !strings.Contains(n, "-exec-")) {
			continue
		}
		spark++
		if by := cmpOr(e.ReportingController, e.Source.Component); by != v.scheduler {
			t.Errorf("pod %s scheduled by %q, want %q", e.InvolvedObject.Name, by, v.scheduler)
		}
	}
	if spark < len(v.pods) {
		t.Errorf("%d Scheduled events for Spark pods, %d driver pods left", spark, len(v.pods))
	}
}

func cmpOr(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

// Every accepted job reached a final state in the journal, and the EMR
// endpoint's ListJobRuns says the same state.
func checkJobsEnded(t *testing.T, dir string, v apiView) {
	t.Helper()
	d, err := journal.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	accepted := 0
	for _, j := range d.Run.Jobs {
		if j.ID == "" {
			continue
		}
		accepted++
		if !job.IsFinal(j.FinalState) {
			t.Errorf("job %s: journal state %q, not final", j.ID, j.FinalState)
		}
		if got := v.emrStates[j.ID]; got != j.FinalState {
			t.Errorf("job %s: endpoint says %q, journal %q", j.ID, got, j.FinalState)
		}
	}
	if accepted == 0 || accepted != len(v.emrStates) {
		t.Errorf("%d accepted jobs in the journal, %d job runs at the endpoint", accepted, len(v.emrStates))
	}
}

// report.json's cluster node-hours are the nodes' lifetimes, created to
// deleted or the section's end, from the API server's timestamps.
func checkReportNodeHours(t *testing.T, dir string, w *nodeWatch) {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(dir, "report.json"))
	if err != nil {
		t.Fatal(err)
	}
	var rep struct {
		Cluster *struct {
			End        time.Time `json:"end"`
			TotalHours float64   `json:"total_node_hours"`
			TimeScale  float64   `json:"time_scale"`
		} `json:"cluster"`
	}
	if err := json.Unmarshal(b, &rep); err != nil || rep.Cluster == nil {
		t.Fatalf("report.json has no cluster section (%v)", err)
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	want := 0.0
	for _, n := range w.nodes {
		end := rep.Cluster.End
		if !n.deleted.IsZero() && n.deleted.Before(end) {
			end = n.deleted
		}
		want += max(0, end.Sub(n.created).Hours())
	}
	if math.Abs(rep.Cluster.TotalHours-want) > 1e-6 || rep.Cluster.TimeScale != 20 {
		t.Errorf("report.json cluster: %v node-hours at time scale %v; the API server's nodes lived %v hours", rep.Cluster.TotalHours, rep.Cluster.TimeScale, want)
	}
}
