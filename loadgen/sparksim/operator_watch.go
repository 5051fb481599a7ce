package sparksim

import (
	"context"
	"fmt"
	"time"

	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/util/uuid"
	"k8s.io/client-go/dynamic/dynamicinformer"
	"k8s.io/client-go/informers"
	"k8s.io/client-go/tools/cache"
	"k8s.io/client-go/util/retry"

	"github.com/emr-eks-loadtest/emr-eks-loadtest/loadgen/job"
)

// Application states (status.applicationState.state) the simulated operator
// sets: the job vocabulary's names, whose final ones job.IsFinal decides.
const (
	AppSubmitted        = job.StateSubmitted
	AppRunning          = job.StateRunning
	AppCompleted        = job.StateCompleted
	AppFailed           = job.StateFailed
	AppSubmissionFailed = job.StateSubmissionFailed
)

// stateRank orders states so that a status write never moves backwards:
// none, submitted, running, then a final state (job.IsFinal) or one this
// simulator does not write, which it leaves alone.
func stateRank(s string) int {
	switch s {
	case "":
		return 0
	case AppSubmitted:
		return 1
	case AppRunning:
		return 2
	}
	return 3
}

func appState(u *unstructured.Unstructured) string {
	s, _, _ := unstructured.NestedString(u.Object, "status", "applicationState", "state")
	return s
}

// watch starts the informers of the instance's namespaces.
func (o *operator) watch(ctx context.Context, namespaces []string) ([]cache.InformerSynced, error) {
	var synced []cache.InformerSynced
	for _, ns := range namespaces {
		df := dynamicinformer.NewFilteredDynamicSharedInformerFactory(o.dyn, 0, ns, nil)
		apps := df.ForResource(SparkApplicationGVR).Informer()
		kf := informers.NewSharedInformerFactoryWithOptions(o.kube, 0, informers.WithNamespace(ns),
			informers.WithTweakListOptions(func(lo *metav1.ListOptions) {
				lo.LabelSelector = LabelLaunchedByOperator + "=true," + LabelSparkRole + "=" + RoleDriver
			}))
		pods := kf.Core().V1().Pods().Informer()
		if _, err := apps.AddEventHandler(cache.ResourceEventHandlerFuncs{
			AddFunc: o.onApp, UpdateFunc: func(_, u any) { o.onApp(u) }, DeleteFunc: o.onAppDeleted}); err != nil {
			return nil, fmt.Errorf("operator %s: watching SparkApplications in %q: %w", o.name, ns, err)
		}
		onPod := func(p any) {
			if t, ok := p.(cache.DeletedFinalStateUnknown); ok {
				p = t.Obj
			}
			if pod, ok := p.(*corev1.Pod); ok {
				o.status.Add(pod.Namespace + "/" + pod.Labels[LabelOperatorAppName])
			}
		}
		if _, err := pods.AddEventHandler(cache.ResourceEventHandlerFuncs{
			AddFunc: onPod, UpdateFunc: func(_, p any) { onPod(p) }, DeleteFunc: onPod}); err != nil {
			return nil, fmt.Errorf("operator %s: watching driver pods in %q: %w", o.name, ns, err)
		}
		o.apps, o.pods = append(o.apps, apps.GetStore()), append(o.pods, pods.GetStore())
		df.Start(ctx.Done())
		kf.Start(ctx.Done())
		synced = append(synced, apps.HasSynced, pods.HasSynced)
	}
	return synced, nil
}

// onApp queues a new application for submission and others for a status check.
func (o *operator) onApp(obj any) {
	u, ok := obj.(*unstructured.Unstructured)
	if !ok {
		return
	}
	key := u.GetNamespace() + "/" + u.GetName()
	if appState(u) == "" {
		o.sub.queue.Add(key)
		return
	}
	o.status.Add(key)
}

// onAppDeleted deletes the application's driver (owner-reference garbage
// collection would too, with kube-controller-manager).
func (o *operator) onAppDeleted(obj any) {
	if t, ok := obj.(cache.DeletedFinalStateUnknown); ok {
		obj = t.Obj
	}
	if u, ok := obj.(*unstructured.Unstructured); ok {
		o.status.Add(u.GetNamespace() + "/" + u.GetName())
	}
}

func (o *operator) app(key string) *unstructured.Unstructured {
	for _, st := range o.apps {
		if obj, ok, _ := st.GetByKey(key); ok {
			return obj.(*unstructured.Unstructured)
		}
	}
	return nil
}

func (o *operator) driver(ns, name string) *corev1.Pod {
	for _, st := range o.pods {
		if obj, ok, _ := st.GetByKey(ns + "/" + name); ok {
			return obj.(*corev1.Pod)
		}
	}
	return nil
}

// submit creates the application's driver and marks it SUBMITTED (or
// SUBMISSION_FAILED when its spec cannot make a pod).
func (o *operator) submit(ctx context.Context, key string) {
	u := o.app(key)
	if u == nil || appState(u) != "" {
		return
	}
	subID := string(uuid.NewUUID())
	meta := operatorMeta(u, subID, o.opts)
	pod, err := o.driverPod(u, meta)
	if err != nil {
		o.setStatus(ctx, u, AppSubmissionFailed, func(st map[string]any) { st["applicationState"].(map[string]any)["errorMessage"] = err.Error() })
		return
	}
	err = retry.OnError(retry.DefaultBackoff, func(err error) bool { return !apierrors.IsAlreadyExists(err) && ctx.Err() == nil }, func() error {
		_, err := o.kube.CoreV1().Pods(pod.Namespace).Create(ctx, pod, metav1.CreateOptions{})
		return err
	})
	if err != nil && !apierrors.IsAlreadyExists(err) {
		o.logf("sparksim operator %s: %s: creating driver: %v", o.name, key, err)
		o.setStatus(ctx, u, AppSubmissionFailed, func(st map[string]any) { st["applicationState"].(map[string]any)["errorMessage"] = err.Error() })
		return
	}
	o.setStatus(ctx, u, AppSubmitted, func(st map[string]any) {
		st["lastSubmissionAttemptTime"] = metav1.Now().UTC().Format(time.RFC3339)
		st["submissionAttempts"] = int64(1)
		st["submissionID"] = subID
		st["sparkApplicationId"] = meta.AppID
		st["driverInfo"] = map[string]any{"podName": pod.Name}
	})
}

func (o *operator) driverPod(u *unstructured.Unstructured, meta PodMeta) (*corev1.Pod, error) {
	app, err := OperatorApp(u)
	if err != nil {
		return nil, err
	}
	o.rngMu.Lock()
	meta.End, err = o.opts.RunTime.Sample(o.rng, app)
	o.rngMu.Unlock()
	if err != nil {
		return nil, err
	}
	return DriverPod(app, meta)
}

// reconcile moves an application's status along with its driver pod.
func (o *operator) reconcile(ctx context.Context, key string) error {
	ns, name, _ := cache.SplitMetaNamespaceKey(key)
	u := o.app(key)
	if u == nil {
		err := o.kube.CoreV1().Pods(ns).Delete(ctx, name+DriverSuffix, DeleteOptions())
		if apierrors.IsNotFound(err) {
			return nil
		}
		return err
	}
	podName, _, _ := unstructured.NestedString(u.Object, "status", "driverInfo", "podName")
	p := o.driver(ns, podName)
	if p == nil || podName == "" {
		return nil
	}
	switch p.Status.Phase {
	case corev1.PodRunning:
		return o.setStatus(ctx, u, AppRunning, nil)
	case corev1.PodSucceeded:
		return o.setStatus(ctx, u, AppCompleted, terminated(p, ""))
	case corev1.PodFailed:
		return o.setStatus(ctx, u, AppFailed, terminated(p, "driver container failed with ExitCode: 1, Reason: Error"))
	}
	return nil
}

// terminated sets terminationTime (the driver container's end) and an error message.
func terminated(p *corev1.Pod, msg string) func(map[string]any) {
	at := metav1.Now()
	for _, cs := range p.Status.ContainerStatuses {
		if t := cs.State.Terminated; t != nil && !t.FinishedAt.IsZero() {
			at = t.FinishedAt
		}
	}
	return func(st map[string]any) {
		st["terminationTime"] = at.UTC().Format(time.RFC3339)
		if msg != "" {
			st["applicationState"].(map[string]any)["errorMessage"] = msg
		}
	}
}

// setStatus writes state (and mutate's fields) unless the application is
// already at or past it; conflicts are retried on a fresh read.
func (o *operator) setStatus(ctx context.Context, u *unstructured.Unstructured, state string, mutate func(map[string]any)) error {
	if stateRank(appState(u)) >= stateRank(state) {
		return nil // the cached object is already there: no read
	}
	res := o.dyn.Resource(SparkApplicationGVR).Namespace(u.GetNamespace())
	err := retry.RetryOnConflict(retry.DefaultBackoff, func() error {
		cur, err := res.Get(ctx, u.GetName(), metav1.GetOptions{})
		if err != nil {
			return err
		}
		if stateRank(appState(cur)) >= stateRank(state) {
			return nil
		}
		st, _, _ := unstructured.NestedMap(cur.Object, "status")
		if st == nil {
			st = map[string]any{}
		}
		st["applicationState"] = map[string]any{"state": state}
		if mutate != nil {
			mutate(st)
		}
		cur.Object["status"] = st
		_, err = res.UpdateStatus(ctx, cur, metav1.UpdateOptions{})
		return err
	})
	if apierrors.IsNotFound(err) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("setting %s: %w", state, err)
	}
	return nil
}
