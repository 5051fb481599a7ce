package localemr

import (
	"container/heap"
	"time"

	jobstate "github.com/emr-eks-loadtest/emr-eks-loadtest/loadgen/job"
)

// The lifecycle is a discrete-event simulation: every transition is an event on one heap,
// applied in time order when a request (or Truth) advances the clock. A transition's time is
// its scheduled time, not the time it was noticed, so ground truth is exact under any load.

const (
	evSubmit    uint8 = iota // PENDING -> SUBMITTED (then waits for a slot)
	evRun                    // SUBMITTED with a slot -> RUNNING
	evFinish                 // RUNNING -> COMPLETED | FAILED
	evCancelled              // CANCEL_PENDING -> CANCELLED
)

// Details reported by the model, in the style of EMR on EKS.
const (
	detailsFailed    = "Jobrun failed. Main Spark container terminated with errors. Please refer logs uploaded to S3/CloudWatch based on your monitoring configuration."
	detailsCancelled = "Job run cancelled by user request."
	detailsVCDeleted = "Job run cancelled because its virtual cluster was deleted."
	failureUserError = "USER_ERROR"
)

type event struct {
	at   int64 // unix nanos
	seq  uint64
	j    *job
	kind uint8
}

type eventHeap []event

func (h eventHeap) Len() int { return len(h) }
func (h eventHeap) Less(a, b int) bool {
	if h[a].at != h[b].at {
		return h[a].at < h[b].at
	}
	return h[a].seq < h[b].seq
}
func (h eventHeap) Swap(a, b int) { h[a], h[b] = h[b], h[a] }
func (h *eventHeap) Push(x any)   { *h = append(*h, x.(event)) }
func (h *eventHeap) Pop() any {
	old := *h
	e := old[len(old)-1]
	*h = old[:len(old)-1]
	return e
}

func (st *store) schedule(j *job, kind uint8, at int64) {
	st.seq++
	at -= at % int64(time.Microsecond) // the API's timestamp precision: truth equals what clients see
	heap.Push(&st.events, event{at: at, seq: st.seq, j: j, kind: kind})
	if st.onSchedule != nil {
		st.onSchedule(at)
	}
}

// nextEventAt is the time of the earliest pending event (unix nanos) and false when none.
func (st *store) nextEventAt() (int64, bool) {
	if len(st.events) == 0 {
		return 0, false
	}
	return st.events[0].at, true
}

// advance applies every event due at or before now.
func (st *store) advance(now time.Time) {
	n := now.UnixNano()
	for len(st.events) > 0 && st.events[0].at <= n {
		st.apply(heap.Pop(&st.events).(event))
	}
}

// apply performs one transition; events made stale by a cancellation are ignored.
func (st *store) apply(e event) {
	j := e.j
	switch {
	case e.kind == evSubmit && j.state == statePending:
		j.state = stateSubmitted
		st.mirrorPod(j, e.at)
		st.tryStart(j, e.at)
	case e.kind == evRun && j.state == stateSubmitted:
		j.state, j.startedAt = stateRunning, e.at
		j.vc.waiting--
		st.mirrorPod(j, e.at)
		st.schedule(j, evFinish, e.at+int64(st.cfg.RunTime.sample(st.rng)))
	case e.kind == evFinish && j.state == stateRunning:
		if j.willFail {
			j.state, j.details, j.failure = stateFailed, detailsFailed, failureUserError
		} else {
			j.state = stateCompleted
		}
		st.finish(j, e.at)
		st.mirrorPod(j, e.at)
	case e.kind == evCancelled && j.state == stateCancelPending:
		j.state = stateCancelled
		st.finish(j, e.at)
		st.mirrorPod(j, e.at)
	}
}

// tryStart gives j a capacity slot at time at, or queues it until one frees up.
func (st *store) tryStart(j *job, at int64) {
	if st.cfg.Capacity > 0 && st.running >= st.cfg.Capacity {
		st.queue = append(st.queue, j)
		return
	}
	st.running++
	j.hasSlot = true
	st.schedule(j, evRun, at+int64(st.cfg.StartLatency.sample(st.rng)))
}

// finish moves j into its terminal state at time at and hands its slot to the next job.
func (st *store) finish(j *job, at int64) {
	j.finishedAt = at
	j.vc.live--
	if j.vc.state == vcTerminating && j.vc.live == 0 {
		j.vc.state = vcTerminated
	}
	if !j.hasSlot {
		return
	}
	j.hasSlot = false
	st.running--
	for len(st.queue) > 0 && (st.cfg.Capacity == 0 || st.running < st.cfg.Capacity) {
		next := st.queue[0]
		st.queue[0] = nil
		st.queue = st.queue[1:]
		if next.state == stateSubmitted {
			st.tryStart(next, at)
		}
	}
}

// accept records a new job at time now (PENDING) and schedules its submission.
func (st *store) accept(j *job, now int64) {
	v := j.vc
	now -= now % int64(time.Microsecond)
	if n := len(v.jobs); n > 0 && v.jobs[n-1].createdAt > now {
		now = v.jobs[n-1].createdAt // keep the per-cluster index sorted even if the clock steps back
	}
	j.state, j.createdAt = statePending, now
	j.willFail = st.rng.Float64() < st.cfg.FailRatio
	v.jobs = append(v.jobs, j)
	v.waiting++
	v.live++
	st.jobs = append(st.jobs, j)
	st.byID[j.id] = j
	if st.backend != nil {
		st.backend.submit(j.id) // its driver pod decides the rest (podstate.go)
		return
	}
	st.schedule(j, evSubmit, now+int64(st.cfg.QueueDelay.sample(st.rng)))
}

// cancel moves a live job to CANCEL_PENDING; it is CANCELLED after Config.CancelLatency.
// It reports false when the job is already terminal.
func (st *store) cancel(j *job, now int64, details string) bool {
	if jobstate.IsFinal(j.state) {
		return false
	}
	switch j.state {
	case stateCancelPending:
		return true
	case statePending, stateSubmitted:
		j.vc.waiting--
	}
	j.state, j.details = stateCancelPending, details
	if st.backend != nil {
		st.backend.cancel(j.id) // CANCELLED once its driver pod is gone (podstate.go)
		return true
	}
	st.schedule(j, evCancelled, now+int64(st.cfg.CancelLatency.sample(st.rng)))
	return true
}

// deleteVirtualCluster cancels the cluster's live jobs and terminates it once they are gone.
func (st *store) deleteVirtualCluster(v *vcluster, now int64) {
	if v.state != vcRunning {
		return
	}
	v.state = vcTerminating
	for i := len(v.jobs) - 1; i >= 0 && v.live > 0; i-- {
		st.cancel(v.jobs[i], now, detailsVCDeleted)
	}
	if v.live == 0 {
		v.state = vcTerminated
	}
}
