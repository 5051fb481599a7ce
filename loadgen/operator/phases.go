package operator

import (
	"time"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"

	jobs "github.com/emr-eks-loadtest/emr-eks-loadtest/loadgen/job"
)

// Application states of the Spark Operator (status.applicationState.state).
// StateNew is the tracker's name for an object the operator has not touched.
const (
	StateNew              = jobs.StateNew
	StateSubmitted        = jobs.StateSubmitted
	StateRunning          = jobs.StateRunning
	StateCompleted        = jobs.StateCompleted
	StateFailed           = jobs.StateFailed
	StateSubmissionFailed = jobs.StateSubmissionFailed
	// StateCancelled is the tracker's final state for an application deleted
	// before it finished (by stop, or by hand).
	StateCancelled = jobs.StateCancelled
)

// Terminal reports whether an application state is final (jobs.IsFinal).
func Terminal(state string) bool { return jobs.IsFinal(state) }

// Phases are the moments of one job, every one from a server timestamp
// (zero while unknown). Condition and metadata timestamps have one-second
// resolution; Scheduled comes from the scheduler's event (microseconds)
// when the event was seen, else from the PodScheduled condition.
type Phases struct {
	Created          time.Time // SparkApplication metadata.creationTimestamp
	Submitted        time.Time // status.lastSubmissionAttemptTime, once the state is SUBMITTED or later
	DriverCreated    time.Time // driver pod metadata.creationTimestamp
	Scheduled        time.Time // driver pod bound to a node
	Running          time.Time // driver container started (state.running.startedAt)
	ExecutorsRunning time.Time // the last of spec.executor.instances executors started
	Finished         time.Time // status.terminationTime (deletion time for CANCELLED)
}

// merge sets every phase of o that p lacks; it reports whether p changed.
func (p *Phases) merge(o Phases) bool {
	changed := false
	for _, f := range []struct{ dst, src *time.Time }{{&p.Created, &o.Created}, {&p.Submitted, &o.Submitted},
		{&p.DriverCreated, &o.DriverCreated}, {&p.Scheduled, &o.Scheduled}, {&p.Running, &o.Running},
		{&p.ExecutorsRunning, &o.ExecutorsRunning}, {&p.Finished, &o.Finished}} {
		if !f.src.IsZero() && !f.dst.Equal(*f.src) {
			*f.dst, changed = *f.src, true
		}
	}
	return changed
}

// appView is what the tracker reads from a SparkApplication.
type appView struct {
	state, details string
	executors      int64 // spec.executor.instances (0: unknown)
	phases         Phases
}

func viewApp(u *unstructured.Unstructured) appView {
	v := appView{state: StateNew}
	v.phases.Created = u.GetCreationTimestamp().Time
	if s, ok, _ := unstructured.NestedString(u.Object, "status", "applicationState", "state"); ok && s != "" {
		v.state = s
	}
	v.details, _, _ = unstructured.NestedString(u.Object, "status", "applicationState", "errorMessage")
	v.executors, _, _ = unstructured.NestedInt64(u.Object, "spec", "executor", "instances")
	if v.state != StateNew {
		v.phases.Submitted = nestedTime(u, "status", "lastSubmissionAttemptTime")
	}
	if Terminal(v.state) {
		v.phases.Finished = nestedTime(u, "status", "terminationTime")
	}
	return v
}

func nestedTime(u *unstructured.Unstructured, path ...string) time.Time {
	s, ok, _ := unstructured.NestedString(u.Object, path...)
	if !ok || s == "" {
		return time.Time{}
	}
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		return time.Time{}
	}
	return t
}

// scheduledAt is the PodScheduled=True condition's transition time.
func scheduledAt(p *corev1.Pod) time.Time {
	for _, c := range p.Status.Conditions {
		if c.Type == corev1.PodScheduled && c.Status == corev1.ConditionTrue {
			return c.LastTransitionTime.Time
		}
	}
	return time.Time{}
}

// startedAt is when the pod's first container started running (it may
// have finished since), zero while none has.
func startedAt(p *corev1.Pod) time.Time {
	var first time.Time
	for _, cs := range p.Status.ContainerStatuses {
		var t time.Time
		switch {
		case cs.State.Running != nil:
			t = cs.State.Running.StartedAt.Time
		case cs.State.Terminated != nil:
			t = cs.State.Terminated.StartedAt.Time
		}
		if !t.IsZero() && (first.IsZero() || t.Before(first)) {
			first = t
		}
	}
	return first
}
