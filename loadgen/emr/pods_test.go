package emr

import (
	"context"
	"maps"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	neturl "net/url"
	"os"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/emrcontainers"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/kubernetes"

	"github.com/emr-eks-loadtest/emr-eks-loadtest/internal/testenv"
	"github.com/emr-eks-loadtest/emr-eks-loadtest/loadgen/localemr"
)

// The pod-watch tests drive a real kube-apiserver: they create and update
// driver pods themselves (no scheduler, no kubelet), as EMR on EKS would.
func TestMain(m *testing.M) {
	os.Exit(testenv.Main(m, testenv.Options{NoControllerManager: true, NoScheduler: true}))
}

// recorder keeps every change with the client time it was reported.
type recorder struct {
	mu  sync.Mutex
	all map[string][]Change
	at  map[string][]time.Time
}

func newRecorder() *recorder {
	return &recorder{all: map[string][]Change{}, at: map[string][]time.Time{}}
}

func (r *recorder) add(c Change) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.all[c.ID] = append(r.all[c.ID], c)
	r.at[c.ID] = append(r.at[c.ID], time.Now())
}

// last is id's latest change in state, and when it was reported.
func (r *recorder) last(id, state string) (Change, time.Time, bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	for i := len(r.all[id]) - 1; i >= 0; i-- {
		if r.all[id][i].State == state {
			return r.all[id][i], r.at[id][i], true
		}
	}
	return Change{}, time.Time{}, false
}

// offsetClock is the local server's clock, movable forward by the test.
type offsetClock struct{ off atomic.Int64 }

func (c *offsetClock) now() time.Time          { return time.Now().Add(time.Duration(c.off.Load())) }
func (c *offsetClock) advance(d time.Duration) { c.off.Add(int64(d)) }

// podEnv is a local EMR server whose virtual clusters map to namespaces of
// the real API server, and a pod-watching tracker over them.
type podEnv struct {
	cp    *testenv.ControlPlane
	kube  kubernetes.Interface
	srv   *localemr.Server
	api   *emrcontainers.Client
	clock *offsetClock
	vcs   map[string]string // virtual cluster id -> namespace
	rec   *recorder
	tr    *Tracker
	sent  sync.Map // job-run id -> when its StartJobRun was sent
}

// newPodEnv starts the local server (jobs run at once for an hour of its
// clock) and a tracker configured by cfg (Pods filled in when set).
func newPodEnv(t *testing.T, nVCs int, cfg TrackerConfig) *podEnv {
	t.Helper()
	cp := testenv.Get(t)
	e := &podEnv{cp: cp, kube: cp.Client(), clock: &offsetClock{}, vcs: map[string]string{}, rec: newRecorder()}
	lc := localemr.Config{RunTime: localemr.Dist{Min: time.Hour, Max: time.Hour}, Now: e.clock.now}
	var namespaces []string
	for i := range nVCs {
		ns := cp.Namespace(t)
		id := "vc" + jobID(i+1)
		lc.VirtualClusters = append(lc.VirtualClusters, localemr.VirtualCluster{ID: id, Name: ns, Namespace: ns})
		e.vcs[id] = ns
		namespaces = append(namespaces, ns)
	}
	srv, err := localemr.New(lc)
	if err != nil {
		t.Fatal(err)
	}
	url, err := srv.Start("127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { srv.Close() })
	e.srv = srv
	url = machineDateProxy(t, url)
	if e.api, err = NewClient(t.Context(), ClientConfig{Region: "us-east-1", Endpoint: url, RetryMode: RetryStandard}); err != nil {
		t.Fatal(err)
	}
	if cfg.Pods != nil && cfg.Pods.Rest == nil {
		cfg.Pods.Rest, cfg.Pods.Namespaces = cp.Config(), namespaces
	}
	cfg.Start = time.Now()
	e.tr = NewTracker(e.api, cfg, e.rec.add)
	return e
}

// run starts the tracker's watch and loop until the test ends.
func (e *podEnv) run(t *testing.T) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	if err := e.tr.Start(ctx); err != nil {
		cancel()
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	wg.Go(func() { e.tr.Run(ctx) })
	t.Cleanup(func() { cancel(); wg.Wait() })
}

// submit starts a job run on vc; the caller Adds it.
func (e *podEnv) submit(t *testing.T, vc string, i int) string {
	t.Helper()
	at := time.Now()
	r := Submit(t.Context(), e.api, jobInput(vc, i))
	if r.ID == "" {
		t.Fatal(r.Err)
	}
	e.sent.Store(r.ID, at)
	return r.ID
}

// sentAt is when job id's StartJobRun was sent (before the server created
// it, as the engine's Add says: a later time reads as a server clock behind ours).
func (e *podEnv) sentAt(id string) time.Time {
	at, _ := e.sent.Load(id)
	return at.(time.Time)
}

// createPod creates job id's driver pod, Pending, labelled as EMR on EKS does.
func (e *podEnv) createPod(t *testing.T, vc, id string) {
	t.Helper()
	p := &corev1.Pod{ObjectMeta: metav1.ObjectMeta{Name: "spark-" + id + "-driver", Namespace: e.vcs[vc],
		Labels: map[string]string{JobIDLabel: id, VirtualClusterLabel: vc, SparkRoleLabel: DriverRole}},
		Spec: corev1.PodSpec{Containers: []corev1.Container{{Name: "spark-kubernetes-driver", Image: "spark:local"}}}}
	if _, err := e.kube.CoreV1().Pods(p.Namespace).Create(t.Context(), p, metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
}

// setPod moves job id's driver pod to phase; its container started at started.
func (e *podEnv) setPod(t *testing.T, vc, id string, phase corev1.PodPhase, started metav1.Time) {
	t.Helper()
	pods := e.kube.CoreV1().Pods(e.vcs[vc])
	p, err := pods.Get(t.Context(), "spark-"+id+"-driver", metav1.GetOptions{})
	if err != nil {
		t.Fatal(err)
	}
	st := corev1.ContainerState{Running: &corev1.ContainerStateRunning{StartedAt: started}}
	if phase != corev1.PodRunning {
		st = corev1.ContainerState{Terminated: &corev1.ContainerStateTerminated{StartedAt: started, FinishedAt: metav1.Now()}}
	}
	p.Status.Phase = phase
	p.Status.ContainerStatuses = []corev1.ContainerStatus{{Name: "spark-kubernetes-driver", Image: "spark:local", State: st}}
	if _, err := pods.UpdateStatus(t.Context(), p, metav1.UpdateOptions{}); err != nil {
		t.Fatal(err)
	}
}

// waitFor polls cond until it holds or the test's patience ends.
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

func (t *Tracker) earlyCount() int {
	t.mu.Lock()
	defer t.mu.Unlock()
	return len(t.early)
}

// With the pod watch: jobs go SUBMITTED then RUNNING from pod events, with
// Started from the watch (never before the container's start); no start
// scan is made; a burst of finished pods is one finish scan per virtual
// cluster; final state, creation and finish are the server's.
func TestPodWatchTracksRunningAndFinishes(t *testing.T) {
	t.Parallel()
	e := newPodEnv(t, 2, TrackerConfig{Interval: 20 * time.Millisecond, FullInterval: time.Hour, Pods: &PodConfig{}})
	e.run(t)
	if m := e.tr.Method(); m != MethodPodWatch {
		t.Fatalf("Method = %q, want %q", m, MethodPodWatch)
	}
	synced := e.tr.KubeRequests() // a first check, a list and a watch per namespace
	if synced < 2*int64(len(e.vcs)) || synced > 3*int64(len(e.vcs)) {
		t.Fatalf("%d Kubernetes requests to start watching %d namespaces, want 2 or 3 each", synced, len(e.vcs))
	}
	jobs := map[string]string{} // id -> vc
	for vc := range e.vcs {
		for i := range 3 {
			id := e.submit(t, vc, len(jobs)+i)
			jobs[id] = vc
			e.tr.Add(id, vc, e.sentAt(id))
			e.createPod(t, vc, id)
		}
	}
	waitFor(t, "every job SUBMITTED by its pod", func() bool { return allIn(e.rec, jobs, "SUBMITTED") })
	sent := map[string]time.Time{}
	for id, vc := range jobs {
		sent[id] = time.Now()
		e.setPod(t, vc, id, corev1.PodRunning, metav1.Now())
	}
	waitFor(t, "every job RUNNING", func() bool { return e.tr.Counts()["RUNNING"] == len(jobs) })
	for id := range jobs {
		c, at, _ := e.rec.last(id, "RUNNING")
		if c.Started.Before(sent[id]) || c.Started.After(at) {
			t.Errorf("job %s: started %v, want between the pod update (%v) and its report (%v)", id, c.Started, sent[id], at)
		}
	}
	if n := e.tr.Calls(); n != 0 {
		t.Fatalf("%d ListJobRuns calls while %d jobs went SUBMITTED and RUNNING by their pods, want 0", n, len(jobs))
	}
	e.clock.advance(2 * time.Hour) // every job run is COMPLETED on the server
	for id, vc := range jobs {
		c, _, _ := e.rec.last(id, "RUNNING")
		e.setPod(t, vc, id, corev1.PodSucceeded, metav1.NewTime(c.Started))
	}
	waitFor(t, "every job final", func() bool { return e.tr.Live() == 0 })
	if n := e.tr.Calls(); n != int64(len(e.vcs)) {
		t.Errorf("%d ListJobRuns calls for a burst of %d finished pods on %d virtual clusters, want one per virtual cluster",
			n, len(jobs), len(e.vcs))
	}
	checkFinalIsTruth(t, e, jobs)
	if n := e.tr.KubeRequests(); n != synced {
		t.Errorf("%d Kubernetes requests after tracking %d jobs, want the %d of the start: the watch never polls", n, len(jobs), synced)
	}
}

func allIn(r *recorder, jobs map[string]string, state string) bool {
	for id := range jobs {
		if _, _, ok := r.last(id, state); !ok {
			return false
		}
	}
	return true
}

// checkFinalIsTruth: final state, creation and finish are the server's;
// started is the pod watch's.
func checkFinalIsTruth(t *testing.T, e *podEnv, jobs map[string]string) {
	t.Helper()
	for _, j := range e.srv.Truth() {
		if _, ok := jobs[j.ID]; !ok {
			continue
		}
		running, _, _ := e.rec.last(j.ID, "RUNNING")
		c, _, ok := e.rec.last(j.ID, j.State)
		if !ok || !c.Finished.Equal(j.FinishedAt) || !c.Created.Equal(j.CreatedAt) || !c.Started.Equal(running.Started) {
			t.Errorf("job %s: final change %+v; want %s created %v finished %v (server) started %v (watch)",
				j.ID, c, j.State, j.CreatedAt, j.FinishedAt, running.Started)
		}
	}
}

// A pod the watch delivers before its job is Added is applied at Add, with
// the time the watch saw it; a pod of no tracked job is ignored and dropped
// after earlyTTL.
func TestPodBeforeAddAndUnknownPods(t *testing.T) {
	t.Parallel()
	e := newPodEnv(t, 1, TrackerConfig{Interval: 20 * time.Millisecond, FullInterval: time.Hour, Pods: &PodConfig{}})
	e.run(t)
	vc := e.vcIDs()[0]
	id := e.submit(t, vc, 0)
	before := time.Now()
	e.createPod(t, vc, id)
	e.setPod(t, vc, id, corev1.PodRunning, metav1.Now())
	e.createPod(t, vc, "unknownjob00000000001")
	e.setPod(t, vc, "unknownjob00000000001", corev1.PodRunning, metav1.Now())
	waitFor(t, "both pods remembered", func() bool { return e.tr.earlyCount() == 2 })
	added := time.Now()
	e.tr.Add(id, vc, before)
	c, _, ok := e.rec.last(id, "RUNNING")
	if !ok || c.Started.Before(before) || !c.Started.Before(added) {
		t.Fatalf("after Add: %+v; want RUNNING started when the watch saw it, between %v and %v", c, before, added)
	}
	if got := e.tr.Counts(); got["RUNNING"] != 1 || e.tr.Live() != 1 {
		t.Fatalf("live %d by state %v, want the one Added job RUNNING", e.tr.Live(), got)
	}
	e.tr.mu.Lock()
	e.tr.pruneEarly(time.Now().Add(earlyTTL + time.Second))
	e.tr.mu.Unlock()
	if n := e.tr.earlyCount(); n != 0 {
		t.Errorf("%d early pods kept after %s, want 0", n, earlyTTL)
	}
	if n := e.tr.Calls(); n != 0 {
		t.Errorf("%d ListJobRuns calls, want 0", n)
	}
}

// A deleted pod (a cancelled job run) asks for a finish scan; when EMR
// ends the job run after its pod, the tracker looks again (backing off)
// until it is final.
func TestPodEndBeforeEMRAndDeletedPod(t *testing.T) {
	t.Parallel()
	e := newPodEnv(t, 2, TrackerConfig{Interval: 20 * time.Millisecond, FullInterval: time.Hour,
		Pods: &PodConfig{FinishDelay: 100 * time.Millisecond}})
	e.run(t)
	vcs := e.vcIDs()
	done, cancelled := e.submit(t, vcs[0], 0), e.submit(t, vcs[1], 1)
	jobs := map[string]string{done: vcs[0], cancelled: vcs[1]}
	for id, vc := range jobs {
		e.tr.Add(id, vc, e.sentAt(id))
		e.createPod(t, vc, id)
		e.setPod(t, vc, id, corev1.PodRunning, metav1.Now())
	}
	waitFor(t, "both RUNNING", func() bool { return e.tr.Counts()["RUNNING"] == 2 })
	in := &emrcontainers.CancelJobRunInput{Id: aws.String(cancelled), VirtualClusterId: aws.String(vcs[1])}
	if _, err := e.api.CancelJobRun(t.Context(), in); err != nil {
		t.Fatal(err)
	}
	e.setPod(t, vcs[0], done, corev1.PodSucceeded, metav1.Now()) // EMR still says RUNNING
	waitFor(t, "two finish scans", func() bool { return e.tr.Calls() >= 2 })
	if e.tr.Live() != 2 {
		t.Fatalf("live %d, want 2: the server has not ended the job yet, and the cancelled job's pod still runs", e.tr.Live())
	}
	e.clock.advance(2 * time.Hour)
	waitFor(t, "the succeeded pod's job final", func() bool { _, _, ok := e.rec.last(done, "COMPLETED"); return ok })
	calls := e.tr.Calls()
	if err := e.kube.CoreV1().Pods(e.vcs[vcs[1]]).Delete(t.Context(), "spark-"+cancelled+"-driver", metav1.DeleteOptions{}); err != nil {
		t.Fatal(err)
	}
	waitFor(t, "the deleted pod's job final", func() bool { return e.tr.Live() == 0 })
	if c, _, ok := e.rec.last(cancelled, "CANCELLED"); !ok || e.tr.Calls() != calls+1 {
		t.Errorf("cancelled: %+v after %d more calls; want CANCELLED by one finish scan", c, e.tr.Calls()-calls)
	}
	checkFinalIsTruth(t, e, jobs)
}

// vcIDs are the virtual clusters, sorted.
func (e *podEnv) vcIDs() []string {
	return slices.Sorted(maps.Keys(e.vcs))
}

// machineDateProxy forwards to the local server, answering with this
// machine's HTTP Date instead of the model's. These tests jump the model
// clock two hours so that every job run ends on the server; the model's
// Date header would then tell the tracker that the server's clock jumped,
// which no real server does (clock skew has its own tests).
func machineDateProxy(t *testing.T, target string) string {
	t.Helper()
	u, err := neturl.Parse(target)
	if err != nil {
		t.Fatal(err)
	}
	rp := httputil.NewSingleHostReverseProxy(u)
	rp.ModifyResponse = func(r *http.Response) error {
		r.Header.Del("Date") // the proxy's server sets its own
		return nil
	}
	ps := httptest.NewServer(rp)
	t.Cleanup(ps.Close)
	return ps.URL
}
