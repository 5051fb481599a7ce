package emr

import (
	"context"
	"fmt"
	"sync"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/emrcontainers"
	"github.com/aws/aws-sdk-go-v2/service/emrcontainers/types"
)

// ListJobRunsAPI is the one call tracking needs.
type ListJobRunsAPI interface {
	ListJobRuns(ctx context.Context, in *emrcontainers.ListJobRunsInput, opts ...func(*emrcontainers.Options)) (*emrcontainers.ListJobRunsOutput, error)
}

// Change is a job run's new state as tracking saw it. Created and Finished
// come from the server; Started is when a poll first saw RUNNING (ListJobRuns
// has no start time), so it is late by at most one poll interval.
type Change struct {
	ID, VirtualClusterID, State, Details string
	Created, Started, Finished           time.Time
	Seen                                 time.Time // client clock
}

// Tracker follows the session's accepted job runs without per-job polling:
// one paginated ListJobRuns per virtual cluster with live jobs, from a
// createdAfter watermark (the oldest live job's creation, never before the
// session start), at an interval that grows with the number of live jobs.
type Tracker struct {
	api      ListJobRunsAPI
	start    time.Time
	base     time.Duration
	onChange func(Change)

	mu      sync.Mutex
	jobs    map[string]*tracked // job-run id -> what we know
	vcs     map[string]int      // virtual cluster id -> live jobs
	byState map[string]int
	calls   int64
}

// tracked is kept small: memory per tracked job is a benchmark target.
type tracked struct {
	vc      string
	state   types.JobRunState
	created int64 // unix nanoseconds, 0 = unknown
	started int64
}

// PageSize is ListJobRuns' maximum page.
const PageSize = 50

// NewTracker tracks jobs created since sessionStart, polling at least every
// base (grown by Interval); onChange is called for every change, from Poll's goroutine.
func NewTracker(api ListJobRunsAPI, sessionStart time.Time, base time.Duration, onChange func(Change)) *Tracker {
	return &Tracker{api: api, start: sessionStart, base: base, onChange: onChange,
		jobs: map[string]*tracked{}, byState: map[string]int{}}
}

// Interval is the pause between polls for n live jobs: base while every
// virtual cluster fits in a few pages, then growing with the pages needed
// (capped at 30 s) so that ListJobRuns calls per live job stay bounded.
func Interval(base time.Duration, live int) time.Duration {
	pages := (live + PageSize - 1) / PageSize
	d := base * time.Duration(max(1, pages/4))
	return min(d, max(base, 30*time.Second))
}

// Add starts tracking an accepted job run (state SUBMITTED until seen).
func (t *Tracker) Add(id, vc string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if _, ok := t.jobs[id]; ok {
		return
	}
	t.jobs[id] = &tracked{vc: vc, state: types.JobRunStateSubmitted}
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

// Run polls until ctx is done.
func (t *Tracker) Run(ctx context.Context) {
	for {
		_ = t.Poll(ctx) // an error is retried on the next round; tracking is best effort
		select {
		case <-ctx.Done():
			return
		case <-time.After(Interval(t.base, t.Live())):
		}
	}
}

// Poll lists every virtual cluster with live jobs once.
func (t *Tracker) Poll(ctx context.Context) error {
	var firstErr error
	for vc, after := range t.watermarks() {
		if err := t.pollVC(ctx, vc, after); err != nil && firstErr == nil {
			firstErr = err
		}
	}
	return firstErr
}

// watermarks gives each virtual cluster with live jobs its createdAfter:
// the oldest known creation of a live job there, minus a second (the
// filter's resolution), or the session start while a live job is unseen.
func (t *Tracker) watermarks() map[string]time.Time {
	t.mu.Lock()
	defer t.mu.Unlock()
	oldest := map[string]int64{}
	for _, j := range t.jobs {
		c, ok := oldest[j.vc]
		if !ok || j.created < c {
			oldest[j.vc] = j.created
		}
	}
	out := make(map[string]time.Time, len(oldest))
	for vc, c := range oldest {
		out[vc] = t.start.Add(-time.Second)
		if at := time.Unix(0, c).Add(-time.Second); c != 0 && at.After(out[vc]) {
			out[vc] = at
		}
	}
	return out
}

func (t *Tracker) pollVC(ctx context.Context, vc string, after time.Time) error {
	p := emrcontainers.NewListJobRunsPaginator(t.api, &emrcontainers.ListJobRunsInput{
		VirtualClusterId: aws.String(vc), CreatedAfter: aws.Time(after), MaxResults: aws.Int32(PageSize)})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		t.mu.Lock()
		t.calls++
		t.mu.Unlock()
		if err != nil {
			return fmt.Errorf("listing job runs of virtual cluster %s: %w", vc, err)
		}
		seen := time.Now()
		for i := range page.JobRuns {
			t.observe(&page.JobRuns[i], seen)
		}
	}
	return nil
}

func (t *Tracker) observe(jr *types.JobRun, seen time.Time) {
	t.mu.Lock()
	j := t.jobs[aws.ToString(jr.Id)]
	if j == nil || (j.state == jr.State && j.created != 0) {
		t.mu.Unlock()
		return
	}
	c := t.apply(j, jr, seen)
	t.mu.Unlock()
	if t.onChange != nil {
		t.onChange(c)
	}
}

// apply records jr into j (mu held) and returns the change to report.
func (t *Tracker) apply(j *tracked, jr *types.JobRun, seen time.Time) Change {
	t.byState[string(j.state)]--
	j.state = jr.State
	if jr.CreatedAt != nil {
		j.created = jr.CreatedAt.UnixNano()
	}
	if jr.State == types.JobRunStateRunning && j.started == 0 {
		j.started = seen.UnixNano()
	}
	c := Change{ID: aws.ToString(jr.Id), VirtualClusterID: j.vc, State: string(jr.State),
		Details: aws.ToString(jr.StateDetails), Created: aws.ToTime(jr.CreatedAt),
		Finished: aws.ToTime(jr.FinishedAt), Seen: seen}
	if j.started != 0 {
		c.Started = time.Unix(0, j.started).UTC()
	}
	if Terminal(jr.State) {
		delete(t.jobs, c.ID)
	} else {
		t.byState[string(j.state)]++
	}
	return c
}

// Terminal reports whether a job-run state is final.
func Terminal(s types.JobRunState) bool {
	return s == types.JobRunStateCompleted || s == types.JobRunStateFailed || s == types.JobRunStateCancelled
}
