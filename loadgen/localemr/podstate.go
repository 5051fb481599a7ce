package localemr

import (
	"time"

	corev1 "k8s.io/api/core/v1"

	jobstate "github.com/emr-eks-loadtest/emr-eks-loadtest/loadgen/job"
)

// jobBackend runs job runs as real pods (PodBackend); the store tells it about new and
// cancelled jobs. Its methods are called with Server.mu held and must not block.
type jobBackend interface {
	submit(jobID string)
	cancel(jobID string)
}

// Details of pod-backed job runs that end without their driver finishing.
const (
	detailsDriverDeleted = "Job run failed: its Spark driver pod was deleted."
	detailsBadSparkConf  = "Job run failed: the Spark configuration is invalid: "
	detailsPodRefused    = "Job run failed: the Kubernetes API server refused the driver pod: "
)

// podTransition moves a pod-backed job to state to at time at (unix nanos, clamped so
// that a job's times never go backwards). Terminal jobs do not move, and a job being
// cancelled only moves to CANCELLED or to the end its driver reached first.
func (st *store) podTransition(j *job, to string, at int64, details string) {
	from := j.state
	if jobstate.IsFinal(from) || from == to || (from == stateCancelPending && !jobstate.IsFinal(to)) {
		return
	}
	if from == stateRunning && to == stateSubmitted {
		return
	}
	at = max(at, j.createdAt, j.startedAt)
	if from == statePending || from == stateSubmitted {
		if to != stateSubmitted {
			j.vc.waiting-- // cancel already took a CANCEL_PENDING job out of the queue
		}
	}
	j.state = to
	switch to {
	case stateSubmitted:
		j.hasPod = true
	case stateRunning:
		j.hasPod, j.startedAt = true, at
	case stateFailed:
		j.details, j.failure = details, failureUserError
		st.finish(j, at)
	case stateCompleted, stateCancelled:
		st.finish(j, at)
	}
}

// observePod applies what a driver pod says about its job run (deleted: the pod is gone).
func (st *store) observePod(p *corev1.Pod, deleted bool, now time.Time) {
	j := st.byID[p.Labels[LabelJobID]]
	if j == nil || j.vc.id != p.Labels[LabelVirtualClusterID] {
		return // another server's pod
	}
	n := now.UnixNano()
	switch {
	case deleted && j.state == stateCancelPending:
		st.podTransition(j, stateCancelled, n, "")
	case deleted:
		st.podTransition(j, stateFailed, n, detailsDriverDeleted)
	case p.Status.Phase == corev1.PodSucceeded:
		st.podTransition(j, stateRunning, runningAt(p, n), "") // if its Running was not seen
		st.podTransition(j, stateCompleted, endedAt(p, n), "")
	case p.Status.Phase == corev1.PodFailed:
		st.podTransition(j, stateRunning, runningAt(p, n), "")
		st.podTransition(j, stateFailed, endedAt(p, n), detailsFailed)
	case p.Status.Phase == corev1.PodRunning:
		st.podTransition(j, stateRunning, runningAt(p, n), "")
	default:
		st.podTransition(j, stateSubmitted, p.CreationTimestamp.UnixNano(), "")
	}
}

// runningAt is when the pod's container started running (the API keeps seconds), else def.
func runningAt(p *corev1.Pod, def int64) int64 {
	for _, cs := range p.Status.ContainerStatuses {
		if r := cs.State.Running; r != nil && !r.StartedAt.IsZero() {
			return r.StartedAt.UnixNano()
		}
		if t := cs.State.Terminated; t != nil && !t.StartedAt.IsZero() {
			return t.StartedAt.UnixNano()
		}
	}
	return def
}

// endedAt is when the pod's container terminated, else def.
func endedAt(p *corev1.Pod, def int64) int64 {
	for _, cs := range p.Status.ContainerStatuses {
		if t := cs.State.Terminated; t != nil && !t.FinishedAt.IsZero() {
			return t.FinishedAt.UnixNano()
		}
	}
	return def
}
