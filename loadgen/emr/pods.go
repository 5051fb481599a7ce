package emr

import (
	"context"
	"fmt"
	"net/http"
	"sync/atomic"
	"time"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/informers"
	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/rest"
	"k8s.io/client-go/tools/cache"
)

// Labels EMR on EKS puts on the Spark driver pod of every job run, in the
// virtual cluster's namespace.
const (
	JobIDLabel          = "emr-containers.amazonaws.com/job.id"
	VirtualClusterLabel = "emr-containers.amazonaws.com/virtual-cluster-id"
	SparkRoleLabel      = "spark-role"
	DriverRole          = "driver"
)

// DriverSelector selects the driver pods of EMR job runs.
const DriverSelector = JobIDLabel + "," + SparkRoleLabel + "=" + DriverRole

// Pod-watch defaults.
const (
	// DefaultPodSyncTimeout bounds the first list of the driver pods: past
	// it the watch is unavailable (fall back, or fail with Required).
	DefaultPodSyncTimeout = 30 * time.Second
	// DefaultFinishDelay is the window that coalesces a burst of finished
	// driver pods into one ListJobRuns finish scan per virtual cluster.
	DefaultFinishDelay = 2 * time.Second
	// DefaultPodFullInterval is the pod mode's safety-net finish scan
	// interval (TrackerConfig.FullInterval when unset): it catches an event
	// the watch lost (a job that ends before it has a pod is looked up after
	// PodlessAfter).
	DefaultPodFullInterval = 30 * time.Minute
)

// PodConfig turns on tracking by a watch of the job runs' driver pods
// (TrackerConfig.Pods).
type PodConfig struct {
	Rest        *rest.Config  // the EKS cluster's API server
	Namespaces  []string      // the virtual clusters' namespaces: one informer each
	Required    bool          // Start fails when the watch cannot sync, instead of falling back to ListJobRuns polls
	SyncTimeout time.Duration // default DefaultPodSyncTimeout
	FinishDelay time.Duration // default DefaultFinishDelay
	Warn        func(string)  // told once why the watch fell back; nil: silent
}

func (c PodConfig) withDefaults() PodConfig {
	if c.SyncTimeout <= 0 {
		c.SyncTimeout = DefaultPodSyncTimeout
	}
	if c.FinishDelay <= 0 {
		c.FinishDelay = DefaultFinishDelay
	}
	return c
}

// podView is what tracking reads from a driver pod.
type podView struct {
	id        string    // job-run id (JobIDLabel)
	created   time.Time // pod creation, server clock
	running   bool      // a container is running
	startedAt time.Time // earliest container start, server clock, 1 s resolution; zero if none
	ended     bool      // Succeeded, Failed or deleted
}

// podWatch is one filtered pod informer per namespace, counting its requests.
type podWatch struct {
	requests atomic.Int64 // HTTP requests to the API server (first checks, lists, watches)
	stop     context.CancelFunc
}

// startPodWatch checks that every namespace can be listed, starts the
// informers and waits until they synced; on error nothing keeps running.
// handle gets every pod event with the client time it was delivered.
func startPodWatch(ctx context.Context, cfg PodConfig, handle func(podView, time.Time)) (*podWatch, error) {
	w := &podWatch{}
	rc := rest.CopyConfig(cfg.Rest)
	rc.UserAgent = "emr-eks-loadtest-loadgen/pod-watch"
	rc.Wrap(func(rt http.RoundTripper) http.RoundTripper { return countingTransport{rt: rt, n: &w.requests} })
	cs, err := kubernetes.NewForConfig(rc)
	if err != nil {
		return nil, fmt.Errorf("building the Kubernetes client: %w", err)
	}
	if err := checkNamespaces(ctx, cs, cfg); err != nil {
		return nil, err
	}
	ctx, w.stop = context.WithCancel(ctx)
	var synced []cache.InformerSynced
	for _, ns := range cfg.Namespaces {
		s, err := watchNamespace(ctx, cs, ns, handle)
		if err != nil {
			w.stop()
			return nil, err
		}
		synced = append(synced, s)
	}
	syncCtx, cancel := context.WithTimeout(ctx, cfg.SyncTimeout)
	defer cancel()
	if !cache.WaitForCacheSync(syncCtx.Done(), synced...) {
		w.stop()
		return nil, fmt.Errorf("driver pods of namespaces %v not listed within %s", cfg.Namespaces, cfg.SyncTimeout)
	}
	return w, nil
}

// checkNamespaces lists one driver pod per namespace: a forbidden or
// unreachable API server shows at once, not as an informer retrying forever.
func checkNamespaces(ctx context.Context, cs kubernetes.Interface, cfg PodConfig) error {
	ctx, cancel := context.WithTimeout(ctx, cfg.SyncTimeout)
	defer cancel()
	for _, ns := range cfg.Namespaces {
		_, err := cs.CoreV1().Pods(ns).List(ctx, metav1.ListOptions{LabelSelector: DriverSelector, Limit: 1})
		if err != nil {
			return fmt.Errorf("listing driver pods in namespace %s: %w", ns, err)
		}
	}
	return nil
}

// watchNamespace starts a filtered, trimmed pod informer without resync.
func watchNamespace(ctx context.Context, cs kubernetes.Interface, ns string, handle func(podView, time.Time)) (cache.InformerSynced, error) {
	f := informers.NewSharedInformerFactoryWithOptions(cs, 0, informers.WithNamespace(ns),
		informers.WithTweakListOptions(func(o *metav1.ListOptions) { o.LabelSelector = DriverSelector }),
		informers.WithTransform(trimDriver))
	inf := f.Core().V1().Pods().Informer()
	deliver := func(obj any, deleted bool) {
		if p, ok := obj.(*corev1.Pod); ok {
			handle(viewOf(p, deleted), time.Now())
		}
	}
	_, err := inf.AddEventHandler(cache.ResourceEventHandlerFuncs{
		AddFunc:    func(o any) { deliver(o, false) },
		UpdateFunc: func(_, o any) { deliver(o, false) },
		DeleteFunc: func(o any) {
			if t, ok := o.(cache.DeletedFinalStateUnknown); ok {
				o = t.Obj
			}
			deliver(o, true)
		},
	})
	if err != nil {
		return nil, fmt.Errorf("watching driver pods in namespace %s: %w", ns, err)
	}
	f.Start(ctx.Done())
	return inf.HasSynced, nil
}

// trimDriver keeps in the informer's cache only what viewOf reads (a few
// hundred bytes a pod instead of a whole pod spec: 1,000s of live pods).
func trimDriver(obj any) (any, error) {
	p, ok := obj.(*corev1.Pod)
	if !ok {
		return obj, nil // tombstones pass through
	}
	out := &corev1.Pod{ObjectMeta: metav1.ObjectMeta{Name: p.Name, Namespace: p.Namespace, UID: p.UID,
		ResourceVersion: p.ResourceVersion, CreationTimestamp: p.CreationTimestamp,
		Labels: map[string]string{JobIDLabel: p.Labels[JobIDLabel]}}}
	out.Status.Phase = p.Status.Phase
	for _, cs := range p.Status.ContainerStatuses {
		var st corev1.ContainerState
		if r := cs.State.Running; r != nil {
			st.Running = &corev1.ContainerStateRunning{StartedAt: r.StartedAt}
		}
		if t := cs.State.Terminated; t != nil {
			st.Terminated = &corev1.ContainerStateTerminated{StartedAt: t.StartedAt}
		}
		out.Status.ContainerStatuses = append(out.Status.ContainerStatuses, corev1.ContainerStatus{State: st})
	}
	return out, nil
}

// viewOf reads a (trimmed) driver pod.
func viewOf(p *corev1.Pod, deleted bool) podView {
	v := podView{id: p.Labels[JobIDLabel], created: p.CreationTimestamp.Time,
		ended: deleted || p.Status.Phase == corev1.PodSucceeded || p.Status.Phase == corev1.PodFailed}
	for _, cs := range p.Status.ContainerStatuses {
		var at metav1.Time
		switch {
		case cs.State.Running != nil:
			v.running, at = true, cs.State.Running.StartedAt
		case cs.State.Terminated != nil:
			at = cs.State.Terminated.StartedAt
		}
		if !at.IsZero() && (v.startedAt.IsZero() || at.Before(&metav1.Time{Time: v.startedAt})) {
			v.startedAt = at.Time
		}
	}
	v.running = v.running || (p.Status.Phase == corev1.PodRunning && !v.ended)
	return v
}

// countingTransport counts the requests the pod watch makes.
type countingTransport struct {
	rt http.RoundTripper
	n  *atomic.Int64
}

func (c countingTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	c.n.Add(1)
	return c.rt.RoundTrip(req)
}
