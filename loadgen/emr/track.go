package emr

import (
	"cmp"
	"context"
	"sync"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/emrcontainers"
	"github.com/aws/aws-sdk-go-v2/service/emrcontainers/types"

	"github.com/emr-eks-loadtest/emr-eks-loadtest/loadgen/track"
)

// ListJobRunsAPI is the one call tracking needs.
type ListJobRunsAPI interface {
	ListJobRuns(ctx context.Context, in *emrcontainers.ListJobRunsInput, opts ...func(*emrcontainers.Options)) (*emrcontainers.ListJobRunsOutput, error)
}

// Change is a job run's new state as tracking saw it. Created and Finished
// come from the server (ListJobRuns); Created is zero until a scan listed the
// job (with the pod watch, that is its finish scan). Started is on the
// server clock too: with the pod watch, when the watch delivered the driver
// pod running (late by the watch's latency, milliseconds) and never before
// the container's start; polling, when a start scan first saw RUNNING
// (ListJobRuns has no start time), late by at most one
// TrackerConfig.Interval. Either sighting is our clock moved by the server
// clock's offset known when the change is reported (clock.go), so a later
// change of the same job carries a better Started once a scan learnt it.
// Seen is our clock. Change.Record is its journal record.
type Change = track.Change

// Tracking defaults (the run flags --track-interval and --track-full-interval).
const (
	DefaultTrackInterval     = 2 * time.Second
	DefaultTrackFullInterval = 5 * time.Minute
	// FullEveryIntervals is the shortest pause between finish scans, in
	// start scans: 30 s at the default interval.
	FullEveryIntervals = 15
)

// TrackerConfig sets how fresh tracking is, and so what it costs.
//
// Precision when polling: created and finished times are the server's own,
// exact whenever they are seen; started is the first start scan that saw
// RUNNING, late by at most Interval. Only the live view (job runs by state,
// and when a run with --track-after sees its last job end) lags a finish, by
// at most the finish scan's current interval, FullEveryIntervals × Interval
// while jobs keep finishing and up to FullInterval after a quiet spell.
//
// With Pods (and the watch up): started is when the watch delivered the
// running driver pod; a finish shows in the live view within the finish
// delay of its pod ending (plus EMR's own lag to end the job run); created
// and finished are still the server's, from that finish scan.
type TrackerConfig struct {
	Start    time.Time     // session start: no job of the session was created before
	Interval time.Duration // start scans (jobs not yet RUNNING), default DefaultTrackInterval
	// FullInterval is the longest pause between finish scans: default
	// DefaultTrackFullInterval when polling, DefaultPodFullInterval for the
	// pod watch's safety net.
	FullInterval time.Duration
	Pods         *PodConfig // nil: track by ListJobRuns polls only
	// StragglerAfter is when a job no scan listed is looked up by
	// DescribeJobRun (default StragglerAfter).
	StragglerAfter time.Duration
}

func (c TrackerConfig) withDefaults() TrackerConfig {
	if c.Interval <= 0 {
		c.Interval = DefaultTrackInterval
	}
	if c.FullInterval <= 0 {
		c.FullInterval = DefaultTrackFullInterval
	}
	return c
}

// FullMin is the finish scan's shortest interval.
func (c TrackerConfig) FullMin() time.Duration {
	c = c.withDefaults()
	return min(FullEveryIntervals*c.Interval, c.FullInterval)
}

// QuietAfter is how long after the last finish the finish scan reaches
// FullInterval (its interval doubles from FullMin after every quiet scan).
func (c TrackerConfig) QuietAfter() time.Duration {
	c = c.withDefaults()
	var sum time.Duration
	for d := c.FullMin(); d < c.FullInterval; d *= 2 {
		sum += d
	}
	return sum
}

// Tracker follows the session's accepted job runs without per-job polling.
//
// With a pod watch (TrackerConfig.Pods, started by Start) it sees each job
// run's Spark driver pod: the pod running is the job RUNNING; the pod ending
// (Succeeded, Failed, deleted) asks for a finish scan of its virtual cluster
// (below), coalesced over the finish delay, which reads EMR's final state and
// finish time. No start scans are made: a job whose pod has not appeared
// PodlessAfter after acceptance is looked up by ListJobRuns (podless.go), and
// the finish scan of every virtual cluster with live jobs runs only every
// FullInterval (30 m), a safety net for an event the watch lost. At 1,000
// live jobs (all with pods) on 4 virtual clusters that is 0.13 calls/min.
//
// Without one (or when it could not start) it polls, in two kinds of
// ListJobRuns scan per virtual cluster (paginated):
//   - a start scan every Interval, only on virtual clusters with jobs not yet
//     RUNNING, from the creation of the oldest of those: in steady state it
//     lists a few seconds' worth of submissions, and sees them start;
//   - a finish scan listing only final states from the oldest live job's
//     creation, every FullMin while jobs finish, backing off (doubling) to
//     FullInterval while none does: finish times are the server's, so a
//     later look loses no accuracy.
type Tracker struct {
	api      ListJobRunsAPI
	cfg      TrackerConfig
	onChange func(Change)

	mu    sync.Mutex            // serializes changes to the jobs and to what is below
	live  *track.Live[*tracked] // job-run id -> what we know, and counts by state
	cost  track.Cost            // ListJobRuns and DescribeJobRun calls
	clock serverClock           // the server clock's offset from ours (clock.go)
	floor int64                 // a createdAfter no scan goes above (0: none): a described straggler was created before its bound
	// described: when each straggler was last looked up (straggler.go).
	described map[string]lookup
	// conflicts counts job-run ids accepted twice (IDConflicts).
	conflicts int

	fullEvery time.Duration // the finish scan's current interval
	nextFull  time.Time

	// pod mode (podtrack.go)
	pods        *podWatch                // nil: polling
	podFull     time.Duration            // the safety-net finish scan's interval
	early       map[string]*earlyPod     // job-run id -> its pod, seen before Add
	finishDue   map[string]time.Time     // virtual cluster -> when its coalesced finish scan is due
	finishWait  map[string]time.Duration // virtual cluster -> backoff while ended pods' jobs are not final yet
	kick        chan struct{}            // a finish scan was requested
	nextPodless time.Time                // the next look for jobs without a driver pod (podless.go)
}

// tracked is kept small: memory per tracked job is a benchmark target.
type tracked struct {
	vc      string
	state   types.JobRunState
	sent    int64 // unix nanoseconds, client clock, when StartJobRun was sent; 0 = unknown
	created int64 // unix nanoseconds, server clock, 0 = unknown
	// seenRunning is when tracking first saw the job running (the watch's
	// delivery, or a start scan), client clock; reported moved to the server
	// clock by the offset known at the time of the report (startedOf).
	seenRunning int64
	startFloor  int64 // the driver container's start, server clock (pod watch, 1 s resolution); 0 = unknown
	flags       uint8 // podSeen, podEnded
}

// startedOf is j's start on the server clock (mu held): when tracking saw it
// running, moved by the server clock's offset, never before its container
// started; zero while it has not.
func (t *Tracker) startedOf(j *tracked) time.Time {
	s := j.startFloor
	if j.seenRunning != 0 {
		s = max(s, j.seenRunning+t.clock.estimate())
	}
	if s == 0 {
		return time.Time{}
	}
	return time.Unix(0, s).UTC()
}

// hasStarted reports whether tracking knows j started.
func (j *tracked) hasStarted() bool { return j.seenRunning != 0 || j.startFloor != 0 }

// nanos is t in unix nanoseconds, 0 for the zero time.
func nanos(t time.Time) int64 {
	if t.IsZero() {
		return 0
	}
	return t.UnixNano()
}

// PageSize is ListJobRuns' maximum page.
const PageSize = 50

// NewTracker tracks jobs created since cfg.Start; onChange is called for
// every change, from the scanning goroutine.
func NewTracker(api ListJobRunsAPI, cfg TrackerConfig, onChange func(Change)) *Tracker {
	podFull := cmp.Or(max(cfg.FullInterval, 0), DefaultPodFullInterval)
	cfg = cfg.withDefaults()
	return &Tracker{api: api, cfg: cfg, onChange: onChange, live: track.NewLive[*tracked](),
		fullEvery: cfg.FullMin(), nextFull: time.Now().Add(cfg.FullMin()), podFull: podFull,
		early: map[string]*earlyPod{}, finishDue: map[string]time.Time{}, finishWait: map[string]time.Duration{},
		kick: make(chan struct{}, 1), nextPodless: time.Now().Add(PodlessAfter),
		clock: newServerClock(), described: map[string]lookup{}}
}

// Add starts tracking an accepted job run (state SUBMITTED until seen); sent
// is when its StartJobRun was sent (client clock; zero if unknown). A driver
// pod the watch delivered before Add is applied now, with its own times.
func (t *Tracker) Add(id, vc string, sent time.Time) {
	t.mu.Lock()
	j := &tracked{vc: vc, state: types.JobRunStateSubmitted}
	if !sent.IsZero() {
		j.sent = sent.UnixNano()
	}
	if _, replaced := t.live.Add(id, string(j.state), j, stateOf); replaced {
		// The server accepted a second job under an id we hold (a restarted
		// endpoint reissuing ids): the new acceptance is a new job, never
		// merged with the old one's times.
		t.conflicts++
	}
	c, changed := t.claimEarly(id, j)
	t.mu.Unlock()
	if changed && t.onChange != nil {
		t.onChange(c)
	}
}

// Live is the number of tracked job runs not yet in a final state.
func (t *Tracker) Live() int { return t.live.Len() }

func stateOf(j *tracked) string { return string(j.state) }

// Counts returns live job runs by state.
func (t *Tracker) Counts() map[string]int { return t.live.Counts() }

// IDConflicts is how many times the server accepted a job under a job-run
// id that a live job of the session already had.
func (t *Tracker) IDConflicts() int {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.conflicts
}

// Calls is the number of ListJobRuns and DescribeJobRun calls made.
func (t *Tracker) Calls() int64 { return t.cost.Calls() }

// Run scans until ctx is done: with the pod watch, finish scans when pods
// end and the safety net when due; polling, start scans every Interval and
// finish scans when due.
func (t *Tracker) Run(ctx context.Context) {
	if t.watching() {
		t.runPods(ctx)
		return
	}
	for {
		t.round(ctx)
		select {
		case <-ctx.Done():
			return
		case <-time.After(t.cfg.Interval):
		}
	}
}

// round is one start scan, plus the finish scan when it is due. Errors are
// retried on the next round: tracking is best effort.
func (t *Tracker) round(ctx context.Context) {
	_ = t.scanStarts(ctx)
	t.describeStragglers(ctx, time.Now())
	if time.Now().Before(t.nextFull) {
		return
	}
	finished, err := t.scanFinishes(ctx)
	t.planFull(finished > 0 || err != nil)
}

// planFull schedules the next finish scan: soon while jobs finish (or the
// scan failed), twice as late as last time while none does.
func (t *Tracker) planFull(busy bool) {
	if busy {
		t.fullEvery = t.cfg.FullMin()
	} else {
		t.fullEvery = min(2*t.fullEvery, t.cfg.FullInterval)
	}
	t.nextFull = time.Now().Add(t.fullEvery)
}

// Poll makes one start scan and one finish scan of every virtual cluster
// with live jobs (the engine's last look before the report).
func (t *Tracker) Poll(ctx context.Context) error {
	err := t.scanStarts(ctx)
	t.describeStragglers(ctx, time.Now())
	if _, ferr := t.scanFinishes(ctx); err == nil {
		err = ferr
	}
	return err
}
