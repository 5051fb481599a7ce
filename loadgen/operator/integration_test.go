package operator_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/fields"

	"github.com/emr-eks-loadtest/emr-eks-loadtest/internal/testenv"
	jobstate "github.com/emr-eks-loadtest/emr-eks-loadtest/loadgen/job"
	"github.com/emr-eks-loadtest/emr-eks-loadtest/loadgen/operator"
	"github.com/emr-eks-loadtest/emr-eks-loadtest/loadgen/template"
)

func TestMain(m *testing.M) {
	os.Exit(testenv.Main(m, testenv.Options{Kwok: true}))
}

var zones = []string{"zone-a", "zone-b", "zone-c"}

var setupOnce = sync.OnceValue(func() error {
	cp, ctx := sharedCP, context.Background()
	dir, err := testenv.ModuleDir(ctx, "github.com/kubeflow/spark-operator/v2@v2.3.0")
	if err != nil {
		return err
	}
	if _, err := cp.InstallCRDs(ctx, filepath.Join(dir, "config", "crd", "bases", "sparkoperator.k8s.io_sparkapplications.yaml")); err != nil {
		return err
	}
	var shapes []testenv.NodeShape
	for i, z := range zones {
		shapes = append(shapes, testenv.M5XLarge(fmt.Sprintf("op-node-%d", i), z))
	}
	_, err = cp.CreateNodes(ctx, shapes...)
	return err
})

var sharedCP *testenv.ControlPlane

// setup returns the control plane with the SparkApplication CRD and one
// kwok m5.xlarge per zone.
func setup(t *testing.T) *testenv.ControlPlane {
	t.Helper()
	sharedCP = testenv.Get(t)
	if err := setupOnce(); err != nil {
		t.Fatal(err)
	}
	return sharedCP
}

// recorder keeps the last Change of every job (each carries every phase).
type recorder struct {
	mu   sync.Mutex
	last map[string]operator.Change
}

func (r *recorder) on(c operator.Change) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.last[c.ID] = c
}

func (r *recorder) final() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	n := 0
	for _, c := range r.last {
		if operator.Terminal(c.State) {
			n++
		}
	}
	return n
}

func (r *recorder) get(id string) operator.Change {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.last[id]
}

func render(t *testing.T, m *operator.Manifest, session, ns string, i int) *unstructured.Unstructured {
	t.Helper()
	v := template.Vars{SessionID: session, JobName: fmt.Sprintf("%s-%06d", session, i), JobIndex: int64(i), Namespace: ns}
	u, err := m.Render(v, operator.Placement{Placement: template.Placement{AZ: zones[i%len(zones)]}, TTLSeconds: 3600})
	if err != nil {
		t.Fatal(err)
	}
	return u
}

// TestOperatorTargetEndToEnd submits Spark Pi jobs to a real API server,
// restarts the API server in the middle, and checks that every job's
// phases were recorded by watching alone and equal the objects' own
// timestamps; then stop leaves nothing behind.
func TestOperatorTargetEndToEnd(t *testing.T) {
	cp := setup(t)
	ns := cp.Namespace(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	startFakeOperator(ctx, t, cp, ns, 2*time.Second)
	cl, err := operator.NewClients(operator.ClientConfig{Rest: cp.Config()})
	if err != nil {
		t.Fatal(err)
	}
	const session, jobs = "lg-e2e", 24
	rec := &recorder{last: map[string]operator.Change{}}
	tr := operator.NewTracker(cl, operator.TrackerConfig{Namespaces: []string{ns}, Selector: operator.SessionSelector(session, 0),
		NamePrefix: session, OnChange: rec.on})
	go func() { _ = tr.Run(ctx) }()
	<-tr.Synced()
	m, err := operator.LoadManifest(filepath.Join("..", "templates", "spark-pi.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	for i := range jobs {
		if i == jobs/2 {
			restartAPIServer(t, cp)
		}
		submitUntilAccepted(ctx, t, cl, tr, render(t, m, session, ns, i))
	}
	deadline := time.Now().Add(2 * time.Minute)
	for rec.final() < jobs && time.Now().Before(deadline) {
		time.Sleep(200 * time.Millisecond)
	}
	if n := rec.final(); n != jobs || tr.Live() != 0 {
		t.Fatalf("%d of %d jobs reached a final state (live %d)", n, jobs, tr.Live())
	}
	for i := range jobs {
		checkPhases(ctx, t, cp, ns, fmt.Sprintf("%s-%06d", session, i), rec)
	}
	t.Logf("API requests: %d creates, %d lists, %d watches, %d gets for %d tracked jobs",
		cl.Requests.Create.Load(), cl.Requests.List.Load(), cl.Requests.Watch.Load(), cl.Requests.Get.Load(), jobs)
	if cl.Requests.Get.Load() != 0 || cl.Requests.List.Load() > 6 {
		t.Errorf("tracking polled: %d gets, %d lists (want 0 gets, the 3 initial lists and at most one re-list each)",
			cl.Requests.Get.Load(), cl.Requests.List.Load())
	}
	cancel()
	checkStop(t, cl, ns, session, jobs)
}

// submitUntilAccepted retries while the API server restarts.
func submitUntilAccepted(ctx context.Context, t *testing.T, cl *operator.Clients, tr *operator.Tracker, u *unstructured.Unstructured) {
	t.Helper()
	deadline := time.Now().Add(time.Minute)
	for {
		res := operator.Submit(ctx, cl.Dynamic, u)
		if res.Outcome == jobstate.OutcomeAccepted {
			tr.Add(res.ID)
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("submit %s: %v", u.GetName(), res.Err)
		}
		time.Sleep(200 * time.Millisecond)
	}
}

// checkPhases compares the recorded phases of job name with the objects.
func checkPhases(ctx context.Context, t *testing.T, cp *testenv.ControlPlane, ns, name string, rec *recorder) {
	t.Helper()
	c := rec.get(ns + "/" + name)
	app, err := cp.Dynamic().Resource(operator.GVR).Namespace(ns).Get(ctx, name, metav1.GetOptions{})
	if err != nil {
		t.Fatal(err)
	}
	driver, err := cp.Client().CoreV1().Pods(ns).Get(ctx, name+operator.DriverSuffix, metav1.GetOptions{})
	if err != nil {
		t.Fatal(err)
	}
	want := map[string][2]time.Time{
		"created":        {c.Phases.Created, app.GetCreationTimestamp().Time},
		"submitted":      {c.Phases.Submitted, appTime(app, "lastSubmissionAttemptTime")},
		"driver created": {c.Phases.DriverCreated, driver.CreationTimestamp.Time},
		"scheduled":      {c.Phases.Scheduled, scheduledTime(ctx, t, cp, driver)},
		"running":        {c.Phases.Running, driver.Status.ContainerStatuses[0].State.Terminated.StartedAt.Time},
		"executors":      {c.Phases.ExecutorsRunning, lastExecutorStart(ctx, t, cp, ns, name)},
		"finished":       {c.Phases.Finished, appTime(app, "terminationTime")},
	}
	for phase, ts := range want {
		if ts[0].IsZero() || !ts[0].Equal(ts[1]) {
			t.Errorf("%s: %s recorded %v, object says %v", name, phase, ts[0], ts[1])
		}
	}
	if c.State != operator.StateCompleted {
		t.Errorf("%s: state %s", name, c.State)
	}
	sel, _, _ := unstructured.NestedStringMap(app.Object, "spec", "driver", "nodeSelector")
	node, err := cp.Client().CoreV1().Nodes().Get(ctx, driver.Spec.NodeName, metav1.GetOptions{})
	if err != nil || node.Labels[testenv.ZoneLabel] != sel[operator.ZoneKey] {
		t.Errorf("%s: driver on node %s (%v) outside its zone %s", name, driver.Spec.NodeName, err, sel[operator.ZoneKey])
	}
}

func appTime(u *unstructured.Unstructured, field string) time.Time {
	s, _, _ := unstructured.NestedString(u.Object, "status", field)
	at, _ := time.Parse(time.RFC3339, s)
	return at
}

// scheduledTime is the scheduler's Scheduled event time of the pod.
func scheduledTime(ctx context.Context, t *testing.T, cp *testenv.ControlPlane, p *corev1.Pod) time.Time {
	t.Helper()
	evs, err := cp.Client().CoreV1().Events(p.Namespace).List(ctx, metav1.ListOptions{
		FieldSelector: fields.Set{"involvedObject.name": p.Name, "reason": "Scheduled"}.String()})
	if err != nil || len(evs.Items) != 1 {
		t.Fatalf("Scheduled events of %s: %v (%d)", p.Name, err, len(evs.Items))
	}
	return evs.Items[0].EventTime.Time
}

func lastExecutorStart(ctx context.Context, t *testing.T, cp *testenv.ControlPlane, ns, app string) time.Time {
	t.Helper()
	pods, err := cp.Client().CoreV1().Pods(ns).List(ctx, metav1.ListOptions{
		LabelSelector: operator.AppNameLabel + "=" + app + "," + operator.SparkRoleLabel + "=executor"})
	if err != nil || len(pods.Items) != 3 {
		t.Fatalf("executors of %s: %v (%d, want 3)", app, err, len(pods.Items))
	}
	var last time.Time
	for _, p := range pods.Items {
		var at time.Time
		switch cs := p.Status.ContainerStatuses[0].State; {
		case cs.Running != nil:
			at = cs.Running.StartedAt.Time
		case cs.Terminated != nil:
			at = cs.Terminated.StartedAt.Time
		default:
			t.Fatalf("executor %s never started: %+v", p.Name, cs)
		}
		if at.After(last) {
			last = at
		}
	}
	return last
}

func checkStop(t *testing.T, cl *operator.Clients, ns, session string, jobs int) {
	t.Helper()
	ctx := context.Background()
	sel := operator.SessionSelector(session, -1)
	dry, err := operator.Stop(ctx, cl, []string{ns}, sel, true)
	if err != nil || dry.Deleted || len(dry.Apps) != jobs || len(dry.Pods) != jobs*4 {
		t.Fatalf("dry run: %d apps, %d pods, deleted %v, %v", len(dry.Apps), len(dry.Pods), dry.Deleted, err)
	}
	if after, _ := operator.Stop(ctx, cl, []string{ns}, sel, true); len(after.Apps) != jobs {
		t.Fatalf("the dry run deleted something: %d apps left", len(after.Apps))
	}
	stopCtx, cancel := context.WithTimeout(ctx, time.Minute)
	defer cancel()
	rep, err := operator.Stop(stopCtx, cl, []string{ns}, sel, false)
	if err != nil || !rep.Deleted {
		t.Fatalf("stop: %+v %v", rep, err)
	}
	again, err := operator.Stop(ctx, cl, []string{ns}, sel, false)
	if err != nil || len(again.Apps)+len(again.Pods) != 0 || again.Deleted {
		t.Fatalf("second stop found %d apps, %d pods (%v)", len(again.Apps), len(again.Pods), err)
	}
}
