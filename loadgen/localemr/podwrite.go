package localemr

import (
	"context"
	"fmt"

	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/emr-eks-loadtest/emr-eks-loadtest/loadgen/sparksim"
)

// LabelComponent is EMR on EKS's pod component label ("driver" on driver pods).
const LabelComponent = "emr-containers.amazonaws.com/component"

// write performs one create or delete; an error is retried with backoff.
func (b *PodBackend) write(ctx context.Context, w podWork) error {
	switch {
	case w.submitterDone:
		return b.deleteSubmitter(ctx, w.ns, w.jobID)
	case w.del:
		return b.deleteDriver(ctx, w.jobID)
	}
	return b.createDriver(ctx, w.jobID)
}

// createDriver creates the job submitter and driver pods of a PENDING job; a job cancelled
// before it had a pod is CANCELLED instead, and one whose Spark configuration is invalid
// FAILED.
func (b *PodBackend) createDriver(ctx context.Context, jobID string) error {
	s := b.srv
	s.mu.Lock()
	j := s.store.byID[jobID]
	if j == nil || j.state != statePending {
		if j != nil && j.state == stateCancelPending && !j.hasPod {
			s.store.podTransition(j, stateCancelled, s.now().UnixNano(), "")
		}
		s.mu.Unlock()
		return nil
	}
	pod, err := b.driverPod(j)
	var sub *corev1.Pod
	if err == nil {
		sub, err = b.submitterPod(j.id, j.vc.id, j.spec.overrides, pod)
	}
	if err != nil {
		s.store.podTransition(j, stateFailed, s.now().UnixNano(), detailsBadSparkConf+err.Error())
		s.mu.Unlock()
		return nil
	}
	s.mu.Unlock()
	if err := b.createPod(ctx, sub); err != nil && !apierrors.IsAlreadyExists(err) {
		return fmt.Errorf("creating job submitter pod %s/%s: %w", sub.Namespace, sub.Name, err)
	}
	err = b.createPod(ctx, pod)
	switch {
	case err == nil, apierrors.IsAlreadyExists(err):
		b.created(jobID)
		return nil
	case permanent(err):
		s.mu.Lock()
		s.store.podTransition(j, stateFailed, s.now().UnixNano(), detailsPodRefused+err.Error())
		s.mu.Unlock()
		b.queue.Add(podWork{submitterDone: true, jobID: jobID, ns: pod.Namespace})
		return nil
	}
	return err
}

// createPod creates pod, and its namespace first if missing (a virtual cluster created
// through the API).
func (b *PodBackend) createPod(ctx context.Context, pod *corev1.Pod) error {
	pods := b.client.CoreV1().Pods(pod.Namespace)
	_, err := pods.Create(ctx, pod, metav1.CreateOptions{})
	if apierrors.IsNotFound(err) {
		if err := ensureNamespace(ctx, b.client, pod.Namespace); err != nil {
			return err
		}
		_, err = pods.Create(ctx, pod, metav1.CreateOptions{})
	}
	return err
}

// created marks a job SUBMITTED once its pod exists, or deletes the pod of a job
// cancelled meanwhile.
func (b *PodBackend) created(jobID string) {
	s := b.srv
	s.mu.Lock()
	defer s.mu.Unlock()
	j := s.store.byID[jobID]
	switch j.state {
	case statePending:
		s.store.podTransition(j, stateSubmitted, s.now().UnixNano(), "")
	case stateCancelPending:
		j.hasPod = true
		b.cancel(jobID)
	}
}

// deleteDriver deletes a cancelled job's driver pod (the simulator deletes its executors).
// A job whose pod was never created is CANCELLED by createDriver.
func (b *PodBackend) deleteDriver(ctx context.Context, jobID string) error {
	s := b.srv
	s.mu.Lock()
	j := s.store.byID[jobID]
	ns, has := j.vc.namespace, j.hasPod
	s.mu.Unlock()
	if !has {
		return nil
	}
	err := b.client.CoreV1().Pods(ns).Delete(ctx, DriverPodName(jobID), sparksim.DeleteOptions())
	if apierrors.IsNotFound(err) {
		s.mu.Lock()
		s.store.podTransition(j, stateCancelled, s.now().UnixNano(), "")
		s.mu.Unlock()
		return nil
	}
	return err
}

// driverPod builds j's driver pod from its Spark configuration; called with Server.mu held.
func (b *PodBackend) driverPod(j *job) (*corev1.Pod, error) {
	app, err := sparksim.EMRApp(j.spec.jobDriver, j.spec.overrides)
	if err != nil {
		return nil, err
	}
	end, err := b.run.Sample(b.srv.store.rng, app)
	if err != nil {
		return nil, err
	}
	end.Fail = j.willFail
	labels := DriverPodLabels(j.id, j.vc.id)
	execLabels := map[string]string{LabelJobID: j.id, LabelVirtualClusterID: j.vc.id, LabelComponent: sparksim.RoleExecutor}
	labels[LabelComponent] = sparksim.RoleDriver
	return sparksim.DriverPod(app, sparksim.PodMeta{
		Namespace: j.vc.namespace, Name: DriverPodName(j.id), AppID: "spark-" + j.id,
		Image: sparkImage(j.spec.releaseLabel), Labels: labels, ExecutorLabels: execLabels,
		Tolerations: b.opts.Tolerations, End: end,
	})
}

// podBackendConfigErrors names the Config fields a pod backend replaces that are set.
func podBackendConfigErrors(c Config) []error {
	var errs []error
	if c.Capacity != 0 {
		errs = append(errs, fmt.Errorf("Capacity: %d is not used with a PodBackend (the cluster's nodes decide what runs): set 0", c.Capacity))
	}
	for _, f := range []struct {
		name string
		d    Dist
	}{{"QueueDelay", c.QueueDelay}, {"StartLatency", c.StartLatency}, {"CancelLatency", c.CancelLatency}} {
		if f.d != (Dist{}) {
			errs = append(errs, fmt.Errorf("%s: %s is not used with a PodBackend (the pods' own times count): leave it unset", f.name, f.d))
		}
	}
	return errs
}
