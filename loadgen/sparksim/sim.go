package sparksim

import (
	"context"
	"fmt"
	"io"
	"os"
	"sync"

	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/types"
	"k8s.io/client-go/informers"
	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/tools/cache"
	"k8s.io/client-go/util/workqueue"
)

// DefaultWorkers is Options.Workers when unset.
const DefaultWorkers = 4

// GracePeriodSeconds is the grace period of the simulator's pod deletions: a
// Spark pod exits within seconds of SIGTERM, not the default 30 s (kwok
// removes a deleted pod when its grace period is over).
const GracePeriodSeconds = 1

// DeleteOptions are the options of every Spark pod deletion (GracePeriodSeconds).
func DeleteOptions() metav1.DeleteOptions {
	return metav1.DeleteOptions{GracePeriodSeconds: ptr(int64(GracePeriodSeconds))}
}

// DriverSelector selects the driver pods Run drives.
const DriverSelector = LabelSimulated + "=true," + LabelSparkRole + "=" + RoleDriver

// Options configure Run.
type Options struct {
	// Namespaces to watch; empty: every namespace.
	Namespaces []string
	// Workers reconcile drivers in parallel (0: DefaultWorkers).
	Workers int
	// Log receives failed writes (they are retried with backoff); nil: os.Stderr.
	Log io.Writer
}

// Run plays the Spark driver of every pod labelled LabelSimulated with role
// driver until ctx ends: once the driver is Running it creates the executors
// of its ExecutorPlan (owned by the driver); once enough of them run it
// starts the driver's run time (startWork); once the driver has ended
// (Succeeded, Failed, deleted) it deletes them. The driver's end is kwok's
// (its SucceedAfterAnnotation / FailAfterAnnotation stage). It returns an
// error only when the pods cannot be listed at the start (nil when ctx
// ended first).
func Run(ctx context.Context, client kubernetes.Interface, opts Options) error {
	s, err := startSim(ctx, client, opts)
	if err != nil {
		if ctx.Err() != nil {
			return nil // stopped before it had started
		}
		return err
	}
	<-ctx.Done()
	s.queue.ShutDown()
	s.wg.Wait()
	return nil
}

// driverKey names a driver and its application (kept for deleted drivers).
type driverKey struct{ namespace, name, app string }

type sim struct {
	client  kubernetes.Interface
	log     io.Writer
	logMu   sync.Mutex
	queue   workqueue.TypedRateLimitingInterface[driverKey]
	stores  []cache.Store
	execs   []cache.Indexer // executor pods by appIndex
	wg      sync.WaitGroup
	mu      sync.Mutex
	started map[types.UID]bool // executors created
}

func startSim(ctx context.Context, client kubernetes.Interface, opts Options) (*sim, error) {
	if opts.Workers <= 0 {
		opts.Workers = DefaultWorkers
	}
	if opts.Log == nil {
		opts.Log = os.Stderr
	}
	s := &sim{client: client, log: opts.Log, started: map[types.UID]bool{},
		queue: workqueue.NewTypedRateLimitingQueueWithConfig(workqueue.DefaultTypedControllerRateLimiter[driverKey](),
			workqueue.TypedRateLimitingQueueConfig[driverKey]{Name: "sparksim"})}
	namespaces := opts.Namespaces
	if len(namespaces) == 0 {
		namespaces = []string{metav1.NamespaceAll}
	}
	var synced []cache.InformerSynced
	for _, ns := range namespaces {
		inf, err := s.watch(ctx, ns)
		if err != nil {
			s.queue.ShutDown()
			return nil, err
		}
		ex, err := s.watchExecutors(ctx, ns)
		if err != nil {
			s.queue.ShutDown()
			return nil, err
		}
		s.stores, s.execs = append(s.stores, inf.GetStore()), append(s.execs, ex.GetIndexer())
		synced = append(synced, inf.HasSynced, ex.HasSynced)
	}
	if !cache.WaitForCacheSync(ctx.Done(), synced...) {
		s.queue.ShutDown()
		return nil, fmt.Errorf("sparksim: driver pods of namespaces %q not listed: %w", namespaces, context.Cause(ctx))
	}
	s.wg.Add(opts.Workers)
	for range opts.Workers {
		go s.work(ctx)
	}
	return s, nil
}

func (s *sim) watch(ctx context.Context, ns string) (cache.SharedIndexInformer, error) {
	f := informers.NewSharedInformerFactoryWithOptions(s.client, 0, informers.WithNamespace(ns),
		informers.WithTweakListOptions(func(o *metav1.ListOptions) { o.LabelSelector = DriverSelector }))
	inf := f.Core().V1().Pods().Informer()
	add := func(o any) {
		if t, ok := o.(cache.DeletedFinalStateUnknown); ok {
			o = t.Obj
		}
		if p, ok := o.(*corev1.Pod); ok {
			s.queue.Add(driverKey{p.Namespace, p.Name, p.Labels[LabelAppSelector]})
		}
	}
	_, err := inf.AddEventHandler(cache.ResourceEventHandlerFuncs{AddFunc: add, UpdateFunc: func(_, o any) { add(o) }, DeleteFunc: add})
	if err != nil {
		return nil, fmt.Errorf("sparksim: watching driver pods in %q: %w", ns, err)
	}
	f.Start(ctx.Done())
	return inf, nil
}

func (s *sim) work(ctx context.Context) {
	defer s.wg.Done()
	for {
		k, quit := s.queue.Get()
		if quit {
			return
		}
		if err := s.reconcile(ctx, k); err != nil && ctx.Err() == nil {
			s.logf("sparksim: driver %s/%s: %v (retrying)", k.namespace, k.name, err)
			s.queue.AddRateLimited(k)
		} else {
			s.queue.Forget(k)
		}
		s.queue.Done(k)
	}
}

// reconcile is level-triggered: it looks at the driver as it is now.
func (s *sim) reconcile(ctx context.Context, k driverKey) error {
	p := s.driver(k)
	switch {
	case p == nil || p.DeletionTimestamp != nil || p.Status.Phase == corev1.PodSucceeded || p.Status.Phase == corev1.PodFailed:
		if p != nil {
			s.forget(p.UID)
		}
		return s.deleteExecutors(ctx, k)
	case p.Status.Phase == corev1.PodRunning:
		if !s.isStarted(p.UID) {
			if err := s.createExecutors(ctx, p); err != nil {
				return err
			}
			s.markStarted(p.UID)
		}
		return s.startWork(ctx, k, p)
	}
	return nil
}

func (s *sim) driver(k driverKey) *corev1.Pod {
	for _, st := range s.stores {
		if o, ok, _ := st.GetByKey(k.namespace + "/" + k.name); ok {
			return o.(*corev1.Pod)
		}
	}
	return nil
}

func (s *sim) createExecutors(ctx context.Context, driver *corev1.Pod) error {
	pods, err := ExecutorPods(driver)
	if err != nil {
		s.logf("sparksim: %v (no executors)", err)
		return nil
	}
	for _, p := range pods {
		_, err := s.client.CoreV1().Pods(p.Namespace).Create(ctx, p, metav1.CreateOptions{})
		if err != nil && !apierrors.IsAlreadyExists(err) {
			return fmt.Errorf("creating executor %s: %w", p.Name, err)
		}
	}
	return nil
}

// deleteExecutors deletes the application's executors in one request.
func (s *sim) deleteExecutors(ctx context.Context, k driverKey) error {
	if k.app == "" {
		return nil
	}
	sel := LabelAppSelector + "=" + k.app + "," + LabelSparkRole + "=" + RoleExecutor
	err := s.client.CoreV1().Pods(k.namespace).DeleteCollection(ctx, DeleteOptions(), metav1.ListOptions{LabelSelector: sel})
	if err != nil && !apierrors.IsNotFound(err) {
		return fmt.Errorf("deleting executors (%s): %w", sel, err)
	}
	return nil
}

func (s *sim) isStarted(uid types.UID) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.started[uid]
}

func (s *sim) markStarted(uid types.UID) {
	s.mu.Lock()
	s.started[uid] = true
	s.mu.Unlock()
}

func (s *sim) forget(uid types.UID) {
	s.mu.Lock()
	delete(s.started, uid)
	s.mu.Unlock()
}

func (s *sim) logf(format string, args ...any) {
	s.logMu.Lock()
	defer s.logMu.Unlock()
	fmt.Fprintf(s.log, format+"\n", args...)
}
