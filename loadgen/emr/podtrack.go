package emr

import (
	"context"
	"fmt"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/emrcontainers/types"
)

// How RUNNING is measured (Tracker.Method), as progress and the report say it.
const (
	MethodPodWatch = "pod watch"
	MethodPoll     = "ListJobRuns poll"
)

// Bounds of the pods seen before their job run is Added (the StartJobRun
// response can arrive after the watch delivered the pod).
const (
	earlyTTL      = time.Minute // an early pod no Add claims within this is another session's
	maxEarlyPods  = 10_000
	maxFinishWait = 30 * time.Second // longest pause between finish scans waiting for EMR to agree a pod ended
)

// tracked.flags
const (
	podSeen  uint8 = 1 << iota // the driver pod was seen
	podEnded                   // the driver pod ended: a finish scan of its virtual cluster is due
)

// earlyPod is what the watch saw of a pod whose job run is not Added yet.
type earlyPod struct {
	first     time.Time // first delivery, client clock
	running   time.Time // first delivery running, client clock; zero if never
	startedAt time.Time // container start, server clock
	ended     bool
}

// Start starts the driver-pod watch when TrackerConfig.Pods asks for one,
// and waits until it listed. A watch that cannot start (forbidden, no API
// server) falls back to ListJobRuns polls with one warning, or is an error
// when Pods.Required. The watch stops when ctx ends.
func (t *Tracker) Start(ctx context.Context) error {
	if t.cfg.Pods == nil {
		return nil
	}
	pc := t.cfg.Pods.withDefaults()
	w, err := startPodWatch(ctx, pc, t.onPod)
	t.mu.Lock()
	defer t.mu.Unlock()
	if err == nil {
		t.pods, t.nextFull = w, time.Now().Add(t.podFull)
		return nil
	}
	clear(t.early)
	if pc.Required {
		return fmt.Errorf("--track-pods on: %w; grant get, list and watch on pods in the virtual clusters' namespaces, "+
			"check --kubeconfig and --context, or give --track-pods auto (falls back to ListJobRuns polls) or off", err)
	}
	if pc.Warn != nil {
		pc.Warn(fmt.Sprintf("pod watch unavailable, RUNNING is tracked by ListJobRuns poll every %s instead "+
			"(--track-pods off skips the attempt): %v", t.cfg.Interval, err))
	}
	return nil
}

// Method says how RUNNING is measured: MethodPodWatch or MethodPoll.
func (t *Tracker) Method() string {
	if t.watching() {
		return MethodPodWatch
	}
	return MethodPoll
}

// KubeRequests is the number of HTTP requests the pod watch made to the
// API server (first checks, informer lists and watches); 0 without one.
func (t *Tracker) KubeRequests() int64 {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.pods == nil {
		return 0
	}
	return t.pods.requests.Load()
}

func (t *Tracker) watching() bool {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.pods != nil
}

// onPod applies one pod event delivered at seen (client clock).
func (t *Tracker) onPod(v podView, seen time.Time) {
	if v.id == "" {
		return
	}
	t.mu.Lock()
	j, _ := t.live.Get(v.id)
	if j == nil {
		t.remember(v, seen)
		t.mu.Unlock()
		return
	}
	c, changed := t.applyPod(v.id, j, v, seen)
	t.mu.Unlock()
	if changed && t.onChange != nil {
		t.onChange(c)
	}
}

// applyPod records a pod view into j (mu held) and returns the change to
// report, if any: RUNNING the first time the pod runs, with Started when the
// watch delivered it but never before the container's start; SUBMITTED the
// first time the pod is seen before it runs. An ended pod asks for a finish
// scan: EMR's own final state and time come from ListJobRuns.
func (t *Tracker) applyPod(id string, j *tracked, v podView, seen time.Time) (Change, bool) {
	first := j.flags&podSeen == 0
	j.flags |= podSeen
	if v.ended {
		j.flags |= podEnded
		t.requestFinish(j.vc, seen)
	}
	switch {
	case !j.hasStarted() && v.running:
		j.seenRunning, j.startFloor = seen.UnixNano(), nanos(v.startedAt)
	case !j.hasStarted() && v.ended && !v.startedAt.IsZero():
		// The watch missed it running (a re-list): the container's own start.
		j.startFloor = v.startedAt.UnixNano()
	case first && pending(j):
		return t.setState(id, j, types.JobRunStateSubmitted, seen), true
	default:
		return Change{}, false
	}
	return t.setState(id, j, types.JobRunStateRunning, seen), true
}

// setState moves live job j to state (mu held) and returns the change.
func (t *Tracker) setState(id string, j *tracked, state types.JobRunState, seen time.Time) Change {
	t.live.Move(id, string(j.state), string(state))
	j.state = state
	c := Change{ID: id, VirtualClusterID: j.vc, State: string(state), Started: t.startedOf(j), Seen: seen}
	if j.created != 0 {
		c.Created = time.Unix(0, j.created).UTC()
	}
	return c
}

// remember keeps a pod of no tracked job for a later Add (mu held). Pods
// created well before the session are another session's; past
// maxEarlyPods the expired ones go, then new ones are not kept.
func (t *Tracker) remember(v podView, seen time.Time) {
	if v.created.Before(t.cfg.Start.Add(-earlyTTL)) {
		return
	}
	e := t.early[v.id]
	if e == nil {
		if len(t.early) >= maxEarlyPods {
			t.pruneEarly(seen)
		}
		if len(t.early) >= maxEarlyPods {
			return
		}
		e = &earlyPod{first: seen}
		t.early[v.id] = e
	}
	if v.running && e.running.IsZero() {
		e.running = seen
	}
	if e.startedAt.IsZero() {
		e.startedAt = v.startedAt
	}
	e.ended = e.ended || v.ended
}

// pruneEarly drops early pods older than earlyTTL (mu held).
func (t *Tracker) pruneEarly(now time.Time) {
	for id, e := range t.early {
		if now.Sub(e.first) > earlyTTL {
			delete(t.early, id)
		}
	}
}

// claimEarly applies the early pod of a job being Added (mu held).
func (t *Tracker) claimEarly(id string, j *tracked) (Change, bool) {
	e := t.early[id]
	if e == nil {
		return Change{}, false
	}
	delete(t.early, id)
	v := podView{id: id, running: !e.running.IsZero(), startedAt: e.startedAt}
	at := e.first
	if v.running {
		at = e.running
	}
	c, changed := t.applyPod(id, j, v, at)
	if e.ended {
		c2, ch2 := t.applyPod(id, j, podView{id: id, ended: true, startedAt: e.startedAt}, e.first)
		if ch2 {
			c, changed = c2, true
		}
	}
	return c, changed
}

// requestFinish asks for a finish scan of vc within the finish delay (mu
// held): the ends of a burst share one scan.
func (t *Tracker) requestFinish(vc string, now time.Time) {
	if _, ok := t.finishDue[vc]; ok {
		return
	}
	t.finishDue[vc] = now.Add(t.cfg.Pods.withDefaults().FinishDelay)
	select {
	case t.kick <- struct{}{}:
	default:
	}
}
