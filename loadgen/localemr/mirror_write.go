package localemr

import (
	"context"
	"errors"
	"fmt"
	"time"

	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/kubernetes"
)

// podWriter is one worker's writer. Every write is idempotent (a create that finds the pod,
// a delete that does not, a status already reached), and the worker's jobs' writes arrive
// in order, so a later state is never overwritten by an earlier one.
type podWriter struct {
	m *PodMirror
	// pods caches the last pod the API server returned per live job, so a status update
	// needs no GET; dropped when the job's pod reaches its last state.
	pods map[string]*corev1.Pod
}

// errStale asks retry to write again at once: the cached pod was out of date.
var errStale = errors.New("stale pod: write again")

func (w *podWriter) apply(op podOp) {
	what := fmt.Sprintf("pod %s/%s", op.namespace, DriverPodName(op.jobID))
	switch op.kind {
	case podCreate:
		w.m.retry("creating "+what, func(ctx context.Context) error { return w.create(ctx, op) })
	case podRun, podFinish:
		w.m.retry("updating the status of "+what, func(ctx context.Context) error { return w.updateStatus(ctx, op) })
		if op.kind == podFinish {
			delete(w.pods, op.jobID)
		}
	case podDelete:
		w.m.retry("deleting "+what, func(ctx context.Context) error { return w.delete(ctx, op) })
		delete(w.pods, op.jobID)
	}
}

// create creates the job's pod, and its namespace when that is missing (a virtual cluster
// created through the API). A pod that already exists is left as it is.
func (w *podWriter) create(ctx context.Context, op podOp) error {
	pods := w.m.opts.Client.CoreV1().Pods(op.namespace)
	pod, err := pods.Create(ctx, newDriverPod(op), metav1.CreateOptions{})
	if apierrors.IsNotFound(err) {
		if err := w.m.ensureNamespace(ctx, op.namespace); err != nil {
			return err
		}
		pod, err = pods.Create(ctx, newDriverPod(op), metav1.CreateOptions{})
	}
	switch {
	case err == nil:
		w.pods[op.jobID] = pod
		return nil
	case apierrors.IsAlreadyExists(err):
		delete(w.pods, op.jobID) // the next status write reads it
		return nil
	}
	return err
}

// updateStatus moves the pod to op's phase, unless it is already further on.
func (w *podWriter) updateStatus(ctx context.Context, op podOp) error {
	pods := w.m.opts.Client.CoreV1().Pods(op.namespace)
	pod := w.pods[op.jobID]
	if pod == nil {
		got, err := pods.Get(ctx, DriverPodName(op.jobID), metav1.GetOptions{})
		if apierrors.IsNotFound(err) { // deleted behind our back: EMR's pod would exist
			if err := w.create(ctx, op); err != nil {
				return err
			}
			return errStale
		}
		if err != nil {
			return err
		}
		pod = got
	}
	if phaseRank(pod.Status.Phase) > phaseRank(targetPhase(op)) {
		return nil
	}
	updated, err := pods.UpdateStatus(ctx, withStatus(pod, op), metav1.UpdateOptions{})
	if apierrors.IsConflict(err) || apierrors.IsNotFound(err) {
		delete(w.pods, op.jobID)
		return errStale
	}
	if err == nil {
		w.pods[op.jobID] = updated
	}
	return err
}

func (w *podWriter) delete(ctx context.Context, op podOp) error {
	err := w.m.opts.Client.CoreV1().Pods(op.namespace).Delete(ctx, DriverPodName(op.jobID), metav1.DeleteOptions{})
	if apierrors.IsNotFound(err) {
		return nil
	}
	return err
}

// ensureNamespace creates namespace ns if missing, and its default service account (the
// ServiceAccount admission plugin refuses pods until it exists; kube-controller-manager
// makes it a moment later, or never if it does not run). Without the right to create
// namespaces, an existing one is enough; without the right to create service accounts, the
// controller manager's is awaited.
func (m *PodMirror) ensureNamespace(ctx context.Context, ns string) error {
	return ensureNamespace(ctx, m.opts.Client, ns)
}

// ensureNamespace is PodMirror.ensureNamespace with client.
func ensureNamespace(ctx context.Context, client kubernetes.Interface, ns string) error {
	namespaces := client.CoreV1().Namespaces()
	_, err := namespaces.Create(ctx, &corev1.Namespace{ObjectMeta: metav1.ObjectMeta{Name: ns}}, metav1.CreateOptions{})
	if apierrors.IsForbidden(err) {
		_, err = namespaces.Get(ctx, ns, metav1.GetOptions{})
	}
	if err != nil && !apierrors.IsAlreadyExists(err) {
		return err
	}
	_, err = client.CoreV1().ServiceAccounts(ns).Create(ctx,
		&corev1.ServiceAccount{ObjectMeta: metav1.ObjectMeta{Name: "default"}}, metav1.CreateOptions{})
	if apierrors.IsAlreadyExists(err) || apierrors.IsForbidden(err) {
		return nil
	}
	return err
}

// retry runs write until it succeeds, fails for good (a request the API server will never
// accept, logged) or Close gives up. Failures back off exponentially; the first failure of
// an outage is logged, and the recovery, not every failed write.
func (m *PodMirror) retry(what string, write func(context.Context) error) {
	backoff := m.opts.MinBackoff
	for attempt := 0; ; attempt++ {
		err := write(m.ctx)
		switch {
		case err == nil:
			m.written.Add(1)
			m.recovered()
			return
		case m.ctx.Err() != nil:
			return
		case errors.Is(err, errStale) && attempt < 3:
			continue
		case permanent(err):
			m.logf("localemr: pod mirror: %s: %v (not retried: the API server refuses this request)", what, err)
			return
		}
		m.failures.Add(1)
		m.down(what, err)
		select {
		case <-m.ctx.Done():
			return
		case <-time.After(backoff):
		}
		backoff = min(2*backoff, m.opts.MaxBackoff)
	}
}

// permanent reports whether a write failed in a way a retry cannot fix.
func permanent(err error) bool {
	return apierrors.IsInvalid(err) || apierrors.IsBadRequest(err) || apierrors.IsMethodNotSupported(err) ||
		apierrors.IsNotAcceptable(err) || apierrors.IsUnsupportedMediaType(err) || apierrors.IsRequestEntityTooLargeError(err)
}

func (m *PodMirror) down(what string, err error) {
	if m.outage.CompareAndSwap(false, true) {
		m.logf("localemr: pod mirror: Kubernetes API server %s failed (%s: %v); pod writes stay queued in order and are retried with backoff (up to %v) until it answers",
			m.opts.Host, what, err, m.opts.MaxBackoff)
	}
}

func (m *PodMirror) recovered() {
	if m.outage.CompareAndSwap(true, false) {
		m.logf("localemr: pod mirror: Kubernetes API server %s answers again; %d pod writes pending", m.opts.Host, m.pending.Load())
	}
}

func (m *PodMirror) logf(format string, args ...any) {
	m.logMu.Lock()
	defer m.logMu.Unlock()
	fmt.Fprintf(m.opts.Log, format+"\n", args...)
}
