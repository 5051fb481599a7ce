package sparksim

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/types"
	"k8s.io/client-go/informers"
	"k8s.io/client-go/tools/cache"
)

// appIndex indexes executor pods by namespace/spark-app-selector.
const appIndex = "app"

// ExecutorSelector selects the executor pods Run creates.
const ExecutorSelector = LabelSimulated + "=true," + LabelSparkRole + "=" + RoleExecutor

// watchExecutors starts an informer on the simulated executors of ns; every
// executor event re-examines its driver.
func (s *sim) watchExecutors(ctx context.Context, ns string) (cache.SharedIndexInformer, error) {
	f := informers.NewSharedInformerFactoryWithOptions(s.client, 0, informers.WithNamespace(ns),
		informers.WithTweakListOptions(func(o *metav1.ListOptions) { o.LabelSelector = ExecutorSelector }))
	inf := f.Core().V1().Pods().Informer()
	err := inf.AddIndexers(cache.Indexers{appIndex: func(o any) ([]string, error) {
		p := o.(*corev1.Pod)
		return []string{p.Namespace + "/" + p.Labels[LabelAppSelector]}, nil
	}})
	if err != nil {
		return nil, fmt.Errorf("sparksim: indexing executors in %q: %w", ns, err)
	}
	onExec := func(o any) {
		if t, ok := o.(cache.DeletedFinalStateUnknown); ok {
			o = t.Obj
		}
		p, ok := o.(*corev1.Pod)
		if !ok {
			return
		}
		for _, ref := range p.OwnerReferences {
			if ref.Kind == "Pod" {
				s.queue.Add(driverKey{p.Namespace, ref.Name, p.Labels[LabelAppSelector]})
			}
		}
	}
	_, err = inf.AddEventHandler(cache.ResourceEventHandlerFuncs{AddFunc: onExec, UpdateFunc: func(_, o any) { onExec(o) }, DeleteFunc: onExec})
	if err != nil {
		return nil, fmt.Errorf("sparksim: watching executors in %q: %w", ns, err)
	}
	f.Start(ctx.Done())
	return inf, nil
}

// runningExecutors counts the application's executors that run.
func (s *sim) runningExecutors(ns, app string) int {
	n := 0
	for _, idx := range s.execs {
		objs, _ := idx.ByIndex(appIndex, ns+"/"+app)
		for _, o := range objs {
			if p := o.(*corev1.Pod); p.Status.Phase == corev1.PodRunning && p.DeletionTimestamp == nil {
				n++
			}
		}
	}
	return n
}

// startWork starts the driver's run time, as Spark starts scheduling work:
// once ExecutorPlan.MinRunning executors run, or once the driver has waited
// its executor wait (End.ExecutorWait) and at least one runs. Until then
// the driver runs without end, like a Spark driver waiting for executors.
// Starting is handing the run time to kwok's stage (SucceedAfterAnnotation
// or FailAfterAnnotation).
func (s *sim) startWork(ctx context.Context, k driverKey, p *corev1.Pod) error {
	if p.Annotations[SucceedAfterAnnotation] != "" || p.Annotations[FailAfterAnnotation] != "" {
		return nil
	}
	runTime, ok := p.Annotations[AnnotationRunTime]
	if !ok {
		return nil // not ours to end
	}
	plan, _, err := PlanOf(p)
	if err != nil {
		s.logf("sparksim: %v (starting without executors)", err)
	}
	running := s.runningExecutors(p.Namespace, p.Labels[LabelAppSelector])
	wait, _ := time.ParseDuration(p.Annotations[AnnotationExecutorWait])
	waited := time.Since(runningSince(p))
	if running < plan.MinRunning && (running == 0 || waited < wait) {
		if running > 0 {
			s.queue.AddAfter(k, wait-waited)
		}
		return nil
	}
	key := SucceedAfterAnnotation
	if p.Annotations[AnnotationOutcome] == OutcomeFail {
		key = FailAfterAnnotation
	}
	patch, _ := json.Marshal(map[string]any{"metadata": map[string]any{"annotations": map[string]string{key: runTime}}})
	_, err = s.client.CoreV1().Pods(p.Namespace).Patch(ctx, p.Name, types.MergePatchType, patch, metav1.PatchOptions{})
	if err != nil {
		return fmt.Errorf("starting its run time: %w", err)
	}
	return nil
}

// runningSince is when the driver's container started (else now).
func runningSince(p *corev1.Pod) time.Time {
	for _, cs := range p.Status.ContainerStatuses {
		if r := cs.State.Running; r != nil && !r.StartedAt.IsZero() {
			return r.StartedAt.Time
		}
	}
	return time.Now()
}
