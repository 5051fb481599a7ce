package operator

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"time"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/fields"
	"k8s.io/client-go/dynamic/dynamicinformer"
	"k8s.io/client-go/informers"
	"k8s.io/client-go/tools/cache"

	jobs "github.com/emr-eks-loadtest/emr-eks-loadtest/loadgen/job"
	"github.com/emr-eks-loadtest/emr-eks-loadtest/loadgen/track"
)

// Change is a job's new state and phases as tracking saw it. Phases hold
// every phase known so far (not only the new one), so the last Change of a
// job is its whole timeline.
type Change struct {
	ID, Namespace, Name string // ID is namespace/name
	State, Details      string
	Phases              Phases
	Seen                time.Time // client clock
}

// Track is c in the tracking core's terms (its Record is the journal's
// state record): the phases by their job.Phase* names, the running phase
// as Started.
func (c Change) Track() track.Change {
	p := c.Phases
	return track.Change{ID: c.ID, Namespace: c.Namespace, Name: c.Name, State: c.State, Details: c.Details,
		Created: p.Created, Started: p.Running, Finished: p.Finished, Seen: c.Seen,
		Phases: map[string]time.Time{jobs.PhaseSubmitted: p.Submitted, jobs.PhaseDriverCreated: p.DriverCreated,
			jobs.PhaseScheduled: p.Scheduled, jobs.PhaseRunning: p.Running, jobs.PhaseExecutorsRunning: p.ExecutorsRunning}}
}

// TrackerConfig selects what to watch.
type TrackerConfig struct {
	Namespaces []string // one informer per namespace (RBAC may be namespace-scoped)
	Selector   string   // label selector of the session's objects, e.g. SessionLabel=<id>
	NamePrefix string   // only scheduler events of pods named with this prefix are kept
	OnChange   func(Change)
}

// Tracker follows a session's SparkApplications and their pods with
// informers filtered by label: after the initial lists it only watches (a
// restarted API server makes the reflectors re-list, and the handlers,
// computing from the objects' current state, lose nothing).
type Tracker struct {
	cfg TrackerConfig
	cl  *Clients

	mu       sync.Mutex        // held while calling OnChange, so a job's changes arrive in order
	live     *track.Live[*job] // live jobs by key, counted by state
	finished map[string]struct{}
	sched    map[string]time.Time // pod name -> scheduled event time, until the pod is seen
	late     map[string]*job      // driver pod name -> finished job still waiting for its Scheduled event
	synced   chan struct{}
}

type job struct {
	ns, name, state, details string
	executors                int64
	phases                   Phases
	execStart                map[string]time.Time
	driver                   string
	schedByEvent             bool // Scheduled came from the scheduler's event, not the condition
}

// NewTracker makes a tracker; Run starts it.
func NewTracker(cl *Clients, cfg TrackerConfig) *Tracker {
	return &Tracker{cfg: cfg, cl: cl, live: track.NewLive[*job](), finished: map[string]struct{}{},
		sched: map[string]time.Time{}, late: map[string]*job{}, synced: make(chan struct{})}
}

// Run starts the informers and blocks until ctx ends.
func (t *Tracker) Run(ctx context.Context) error {
	var syncs []cache.InformerSynced
	for _, ns := range t.cfg.Namespaces {
		s, err := t.startNamespace(ctx, ns)
		if err != nil {
			return err
		}
		syncs = append(syncs, s...)
	}
	if !cache.WaitForCacheSync(ctx.Done(), syncs...) {
		return ctx.Err()
	}
	close(t.synced)
	<-ctx.Done()
	return nil
}

// Synced is closed once every informer has listed.
func (t *Tracker) Synced() <-chan struct{} { return t.synced }

func (t *Tracker) startNamespace(ctx context.Context, ns string) ([]cache.InformerSynced, error) {
	byLabel := func(o *metav1.ListOptions) { o.LabelSelector = t.cfg.Selector }
	df := dynamicinformer.NewFilteredDynamicSharedInformerFactory(t.cl.Dynamic, 0, ns, byLabel)
	apps := df.ForResource(GVR).Informer()
	kf := informers.NewSharedInformerFactoryWithOptions(t.cl.Kube, 0, informers.WithNamespace(ns), informers.WithTweakListOptions(byLabel))
	pods := kf.Core().V1().Pods().Informer()
	ef := informers.NewSharedInformerFactoryWithOptions(t.cl.Kube, 0, informers.WithNamespace(ns),
		informers.WithTweakListOptions(func(o *metav1.ListOptions) {
			o.FieldSelector = fields.Set{"involvedObject.kind": "Pod", "reason": "Scheduled"}.String()
		}))
	events := ef.Core().V1().Events().Informer()
	for _, h := range []struct {
		inf   cache.SharedIndexInformer
		trim  cache.TransformFunc
		apply func(any, bool)
	}{{apps, trimApp, t.onApp}, {pods, trimPod, t.onPod}, {events, trimEvent, t.onEvent}} {
		if err := h.inf.SetTransform(h.trim); err != nil {
			return nil, fmt.Errorf("tracking namespace %s: %w", ns, err)
		}
		apply := h.apply
		if _, err := h.inf.AddEventHandler(cache.ResourceEventHandlerFuncs{
			AddFunc:    func(o any) { apply(o, false) },
			UpdateFunc: func(_, o any) { apply(o, false) },
			DeleteFunc: func(o any) { apply(unwrap(o), true) },
		}); err != nil {
			return nil, fmt.Errorf("tracking namespace %s: %w", ns, err)
		}
	}
	df.Start(ctx.Done())
	kf.Start(ctx.Done())
	ef.Start(ctx.Done())
	return []cache.InformerSynced{apps.HasSynced, pods.HasSynced, events.HasSynced}, nil
}

// Add makes sure an accepted job is tracked (its create may return after
// the watch delivered it, or before).
func (t *Tracker) Add(id string) {
	ns, name, _ := strings.Cut(id, "/")
	t.mu.Lock()
	defer t.mu.Unlock()
	t.jobOf(ns, name)
}

// jobOf returns the live job ns/name, creating it; nil once it finished.
func (t *Tracker) jobOf(ns, name string) *job {
	key := Key(ns, name)
	if _, done := t.finished[key]; done {
		return nil
	}
	j, _ := t.live.Get(key)
	if j == nil {
		j = &job{ns: ns, name: name, state: StateNew, execStart: map[string]time.Time{}}
		t.live.Add(key, j.state, j, nil)
	}
	return j
}

func (t *Tracker) onApp(obj any, deleted bool) {
	u, ok := obj.(*unstructured.Unstructured)
	if !ok {
		return
	}
	v := viewApp(u)
	if deleted && !jobs.IsFinal(v.state) {
		v.state, v.details = StateCancelled, "SparkApplication deleted before it finished"
		v.phases.Finished = deletedAt(u)
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	j := t.jobOf(u.GetNamespace(), u.GetName())
	if j == nil {
		return
	}
	changed := j.phases.merge(v.phases)
	if v.state != j.state || v.details != j.details {
		t.live.Move(Key(j.ns, j.name), j.state, v.state) // retires a final job
		j.state, j.details, changed = v.state, v.details, true
	}
	j.executors = v.executors
	t.emit(j, changed)
}

func deletedAt(u *unstructured.Unstructured) time.Time {
	if ts := u.GetDeletionTimestamp(); ts != nil {
		return ts.Time
	}
	return time.Now().UTC().Truncate(time.Second) // the watch told us; the object has no deletion time left
}

func (t *Tracker) onPod(obj any, deleted bool) {
	p, ok := obj.(*corev1.Pod)
	if !ok || deleted {
		return
	}
	app := p.Labels[JobLabel]
	if app == "" {
		app = p.Labels[AppNameLabel]
	}
	if app == "" {
		return
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	j := t.jobOf(p.Namespace, app)
	if j == nil {
		return
	}
	var ph Phases
	switch p.Labels[SparkRoleLabel] {
	case RoleDriver:
		j.driver = p.Name
		ph = Phases{DriverCreated: p.CreationTimestamp.Time, Scheduled: scheduledAt(p), Running: startedAt(p)}
		if at, ok := t.sched[p.Name]; ok {
			ph.Scheduled, j.schedByEvent = at, true
			delete(t.sched, p.Name)
		}
		if !j.phases.Scheduled.IsZero() && !ph.Scheduled.IsZero() {
			ph.Scheduled = time.Time{} // the first (finest) source wins
		}
	case RoleExecutor:
		if at := startedAt(p); !at.IsZero() {
			j.execStart[p.Name] = at
		}
		ph.ExecutorsRunning = executorsRunning(j)
	}
	t.emit(j, j.phases.merge(ph))
}

// executorsRunning is when the last expected executor started, zero until
// spec.executor.instances of them (at least one) have.
func executorsRunning(j *job) time.Time {
	if !j.phases.ExecutorsRunning.IsZero() || int64(len(j.execStart)) < max(1, j.executors) {
		return time.Time{}
	}
	var last time.Time
	for _, at := range j.execStart {
		if at.After(last) {
			last = at
		}
	}
	return last
}

// onEvent takes the scheduler's Scheduled event of a session pod: its
// eventTime has microsecond resolution, the PodScheduled condition one second.
func (t *Tracker) onEvent(obj any, deleted bool) {
	e, ok := obj.(*corev1.Event)
	name := e.InvolvedObject.Name
	if !ok || deleted || !strings.HasPrefix(name, t.cfg.NamePrefix) || !strings.HasSuffix(name, DriverSuffix) {
		return
	}
	at := e.EventTime.Time
	if at.IsZero() {
		at = e.FirstTimestamp.Time
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	if j, _ := t.live.Get(Key(e.Namespace, strings.TrimSuffix(name, DriverSuffix))); j != nil && j.driver == name {
		j.phases.Scheduled, j.schedByEvent = at, true
		t.emit(j, true)
		return
	}
	if j := t.late[name]; j != nil && j.ns == e.Namespace {
		// The job finished before its event arrived (events lag the pods,
		// most after a re-list): report the finer time once more.
		delete(t.late, name)
		j.phases.Scheduled, j.schedByEvent = at, true
		t.report(j)
		return
	}
	if len(t.sched) < maxPendingEvents {
		t.sched[name] = at
	}
}

// DriverSuffix ends the name of the driver pod the Spark Operator creates
// for an application (<app>-driver).
const DriverSuffix = "-driver"

// maxPendingEvents bounds the events kept for pods not seen yet.
const maxPendingEvents = 100000

// emit reports a change (mu held) and retires a finished job.
func (t *Tracker) emit(j *job, changed bool) {
	if !changed {
		return
	}
	t.report(j)
	if jobs.IsFinal(j.state) { // the live set retired it (onApp)
		t.finished[Key(j.ns, j.name)] = struct{}{}
		j.execStart = nil
		if j.driver != "" && !j.schedByEvent && len(t.late) < maxPendingEvents {
			t.late[j.driver] = j
		}
	}
}

// report hands the job's current view to OnChange (mu held).
func (t *Tracker) report(j *job) {
	if t.cfg.OnChange != nil {
		t.cfg.OnChange(Change{ID: Key(j.ns, j.name), Namespace: j.ns, Name: j.name, State: j.state, Details: j.details,
			Phases: j.phases, Seen: time.Now()})
	}
}

// Live is the number of tracked jobs not yet in a final state.
func (t *Tracker) Live() int { return t.live.Len() }

// Counts returns live jobs by application state.
func (t *Tracker) Counts() map[string]int { return t.live.Counts() }
