package emr

import (
	"context"
	"sync"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/emrcontainers"
	"github.com/aws/aws-sdk-go-v2/service/emrcontainers/types"
)

// ListJobRunsAPI is the one call tracking needs.
type ListJobRunsAPI interface {
	ListJobRuns(ctx context.Context, in *emrcontainers.ListJobRunsInput, opts ...func(*emrcontainers.Options)) (*emrcontainers.ListJobRunsOutput, error)
}

// Change is a job run's new state as tracking saw it. Created and Finished
// come from the server; Started is when a scan first saw RUNNING (ListJobRuns
// has no start time), so it is late by at most one TrackerConfig.Interval.
type Change struct {
	ID, VirtualClusterID, State, Details string
	Created, Started, Finished           time.Time
	Seen                                 time.Time // client clock
}

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
// Precision: created and finished times are the server's own, exact
// whenever they are seen; started is the first start scan that saw RUNNING,
// late by at most Interval. Only the live view (job runs by state, and when
// a run with --track-after sees its last job end) lags a finish, by at most
// the finish scan's current interval, FullEveryIntervals × Interval while
// jobs keep finishing and up to FullInterval after a quiet spell.
type TrackerConfig struct {
	Start        time.Time     // session start: no job of the session was created before
	Interval     time.Duration // start scans (jobs not yet RUNNING), default DefaultTrackInterval
	FullInterval time.Duration // longest pause between finish scans, default DefaultTrackFullInterval
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

// Tracker follows the session's accepted job runs without per-job polling,
// in two kinds of ListJobRuns scan per virtual cluster (paginated):
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

	mu      sync.Mutex
	jobs    map[string]*tracked // job-run id -> what we know
	byState map[string]int
	calls   int64
	lag     int64 // ns: how far creation times trail send times at most (server clock behind, >= 0)
	seenAny bool  // lag is learnt from at least one job

	fullEvery time.Duration // the finish scan's current interval
	nextFull  time.Time
}

// tracked is kept small: memory per tracked job is a benchmark target.
type tracked struct {
	vc      string
	state   types.JobRunState
	sent    int64 // unix nanoseconds, client clock, when StartJobRun was sent; 0 = unknown
	created int64 // unix nanoseconds, server clock, 0 = unknown
	started int64
}

// PageSize is ListJobRuns' maximum page.
const PageSize = 50

// NewTracker tracks jobs created since cfg.Start; onChange is called for
// every change, from the scanning goroutine.
func NewTracker(api ListJobRunsAPI, cfg TrackerConfig, onChange func(Change)) *Tracker {
	cfg = cfg.withDefaults()
	return &Tracker{api: api, cfg: cfg, onChange: onChange, jobs: map[string]*tracked{}, byState: map[string]int{},
		fullEvery: cfg.FullMin(), nextFull: time.Now().Add(cfg.FullMin())}
}

// Add starts tracking an accepted job run (state SUBMITTED until seen); sent
// is when its StartJobRun was sent (client clock; zero if unknown).
func (t *Tracker) Add(id, vc string, sent time.Time) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if _, ok := t.jobs[id]; ok {
		return
	}
	j := &tracked{vc: vc, state: types.JobRunStateSubmitted}
	if !sent.IsZero() {
		j.sent = sent.UnixNano()
	}
	t.jobs[id] = j
	t.byState[string(types.JobRunStateSubmitted)]++
}

// Live is the number of tracked job runs not yet in a final state.
func (t *Tracker) Live() int {
	t.mu.Lock()
	defer t.mu.Unlock()
	return len(t.jobs)
}

// Counts returns live job runs by state.
func (t *Tracker) Counts() map[string]int {
	t.mu.Lock()
	defer t.mu.Unlock()
	out := make(map[string]int, len(t.byState))
	for k, v := range t.byState {
		if v > 0 {
			out[k] = v
		}
	}
	return out
}

// Calls is the number of ListJobRuns calls made.
func (t *Tracker) Calls() int64 {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.calls
}

// Run scans until ctx is done: start scans every Interval, finish scans when due.
func (t *Tracker) Run(ctx context.Context) {
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
	if _, ferr := t.scanFinishes(ctx); err == nil {
		err = ferr
	}
	return err
}
