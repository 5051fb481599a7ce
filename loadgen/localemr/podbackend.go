package localemr

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"sync"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/informers"
	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/rest"
	"k8s.io/client-go/tools/cache"
	"k8s.io/client-go/util/workqueue"

	"github.com/emr-eks-loadtest/emr-eks-loadtest/loadgen/sparksim"
)

// DefaultPodBackendWorkers is PodBackendOptions.Workers when unset.
const DefaultPodBackendWorkers = 8

// PodBackendOptions configure a PodBackend. The run-time range and the share of failing
// jobs are the server's Config.RunTime and Config.FailRatio.
type PodBackendOptions struct {
	// TimeScale F > 1 divides every driver's run time by F (0 means 1).
	TimeScale float64
	// Tolerations go on every driver and executor pod (e.g. the rehearsal nodes' taints:
	// EMR sets them only through pod templates).
	Tolerations []corev1.Toleration
	// Workers create and delete pods in parallel (0: DefaultPodBackendWorkers).
	Workers int
	// Log receives failed writes (retried with backoff); nil: os.Stderr.
	Log io.Writer
}

// PodBackend makes the job runs of a Server real pods, as EMR on EKS does: StartJobRun
// creates the job's Spark driver pod in the virtual cluster's namespace (built from the
// job's Spark configuration by sparksim.DriverPod) and its job submitter pod (deleted once
// the driver has ended or is gone; see SubmitterPodName), and the job's state follows the
// driver pod:
// PENDING until the pod exists, SUBMITTED while it waits to run (unschedulable pods wait,
// as on EKS), RUNNING once it runs, COMPLETED or FAILED when it ends. CancelJobRun deletes
// the pod; the job is CANCELLED once it is gone. Executors and the driver's end are the
// Spark simulator's (sparksim.Run) and kwok's.
//
// Hand it to New in Config.PodBackend, then Start it before serving requests.
type PodBackend struct {
	client kubernetes.Interface
	host   string
	opts   PodBackendOptions
	srv    *Server
	queue  workqueue.TypedRateLimitingInterface[podWork]
	wg     sync.WaitGroup
	logMu  sync.Mutex
	stop   context.CancelFunc
	run    sparksim.RunTime
}

// podWork is one write: create or delete the driver pod of a job run (with its job
// submitter pod), or delete its submitter pod in namespace ns once the driver ended.
type podWork struct {
	del, submitterDone bool
	jobID, ns          string
}

// NewPodBackend builds a backend writing to the API server of cfg (client-side limits
// MirrorQPS/MirrorBurst).
func NewPodBackend(cfg *rest.Config, opts PodBackendOptions) (*PodBackend, error) {
	if cfg == nil {
		return nil, errors.New("NewPodBackend: the rest.Config is nil: give the rehearsal cluster's")
	}
	client, host, err := kubeClientFor(cfg)
	if err != nil {
		return nil, err
	}
	return NewPodBackendForClient(client, host, opts)
}

// NewPodBackendForClient is NewPodBackend with a ready clientset; host names the API
// server in messages.
func NewPodBackendForClient(client kubernetes.Interface, host string, opts PodBackendOptions) (*PodBackend, error) {
	if client == nil {
		return nil, errors.New("NewPodBackendForClient: the client is nil")
	}
	if opts.TimeScale < 0 || opts.TimeScale != opts.TimeScale {
		return nil, fmt.Errorf("PodBackendOptions.TimeScale: %v is invalid: want a factor > 0 (0 means 1)", opts.TimeScale)
	}
	if opts.Workers <= 0 {
		opts.Workers = DefaultPodBackendWorkers
	}
	if opts.Log == nil {
		opts.Log = os.Stderr
	}
	q := workqueue.NewTypedRateLimitingQueueWithConfig(workqueue.DefaultTypedControllerRateLimiter[podWork](),
		workqueue.TypedRateLimitingQueueConfig[podWork]{Name: "localemr-pods"})
	return &PodBackend{client: client, host: host, opts: opts, queue: q}, nil
}

// bind attaches b to the server New is building.
func (b *PodBackend) bind(s *Server) error {
	if b.srv != nil {
		return errors.New("Config.PodBackend is already used by another server: make one per server")
	}
	b.srv = s
	b.run = sparksim.RunTime{Min: s.cfg.RunTime.Min, Max: s.cfg.RunTime.Max, TimeScale: b.opts.TimeScale}
	return nil
}

// Start creates the virtual clusters' namespaces if missing, starts watching the driver
// pods (every namespace: virtual clusters may be created later) and the pod writers. It
// returns once the watch has listed the pods; Close stops it all.
func (b *PodBackend) Start(ctx context.Context) error {
	if b.srv == nil {
		return errors.New("PodBackend.Start: not attached to a server: pass it to New in Config.PodBackend first")
	}
	ctx, b.stop = context.WithCancel(ctx)
	b.srv.mu.Lock()
	var namespaces []string
	for _, v := range b.srv.store.vcs {
		namespaces = append(namespaces, v.namespace)
	}
	b.srv.mu.Unlock()
	for _, ns := range namespaces {
		if err := ensureNamespace(ctx, b.client, ns); err != nil {
			b.stop()
			return fmt.Errorf("creating namespace %s on %s: %w", ns, b.host, err)
		}
	}
	if err := b.watch(ctx); err != nil {
		b.stop()
		return err
	}
	b.wg.Add(b.opts.Workers)
	for range b.opts.Workers {
		go b.work(ctx)
	}
	return nil
}

// Close stops the watch and the writers; writes not done are dropped.
func (b *PodBackend) Close() {
	if b.stop != nil {
		b.stop()
	}
	b.queue.ShutDown()
	b.wg.Wait()
}

// Host is the API server the pods go to.
func (b *PodBackend) Host() string { return b.host }

func (b *PodBackend) submit(jobID string) { b.queue.Add(podWork{jobID: jobID}) }
func (b *PodBackend) cancel(jobID string) { b.queue.Add(podWork{del: true, jobID: jobID}) }

// driverSelector selects the driver pods this package creates.
const driverSelector = LabelJobID + "," + sparksim.DriverSelector

func (b *PodBackend) watch(ctx context.Context) error {
	f := informers.NewSharedInformerFactoryWithOptions(b.client, 0,
		informers.WithTweakListOptions(func(o *metav1.ListOptions) { o.LabelSelector = driverSelector }))
	inf := f.Core().V1().Pods().Informer()
	deliver := func(o any, deleted bool) {
		if t, ok := o.(cache.DeletedFinalStateUnknown); ok {
			o, deleted = t.Obj, true
		}
		// only drivers (the selector says so; a fake clientset's watch does not filter)
		if p, ok := o.(*corev1.Pod); ok && p.Labels[LabelSparkRole] == SparkRoleDriver {
			b.srv.mu.Lock()
			b.srv.store.observePod(p, deleted, b.srv.now())
			ours := b.srv.store.byID[p.Labels[LabelJobID]] != nil
			b.srv.mu.Unlock()
			if ours && driverEnded(p, deleted) {
				b.queue.Add(podWork{submitterDone: true, jobID: p.Labels[LabelJobID], ns: p.Namespace})
			}
		}
	}
	_, err := inf.AddEventHandler(cache.ResourceEventHandlerFuncs{
		AddFunc:    func(o any) { deliver(o, false) },
		UpdateFunc: func(_, o any) { deliver(o, false) },
		DeleteFunc: func(o any) { deliver(o, true) },
	})
	if err != nil {
		return fmt.Errorf("watching driver pods on %s: %w", b.host, err)
	}
	f.Start(ctx.Done())
	if !cache.WaitForCacheSync(ctx.Done(), inf.HasSynced) {
		return fmt.Errorf("listing driver pods on %s: %w", b.host, context.Cause(ctx))
	}
	return nil
}

func (b *PodBackend) work(ctx context.Context) {
	defer b.wg.Done()
	for {
		w, quit := b.queue.Get()
		if quit {
			return
		}
		err := b.write(ctx, w)
		switch {
		case err != nil && ctx.Err() == nil:
			b.logf("localemr: pod backend: job run %s: %v (retrying)", w.jobID, err)
			b.queue.AddRateLimited(w)
		default:
			b.queue.Forget(w)
		}
		b.queue.Done(w)
	}
}

func (b *PodBackend) logf(format string, args ...any) {
	b.logMu.Lock()
	defer b.logMu.Unlock()
	fmt.Fprintf(b.opts.Log, format+"\n", args...)
}
