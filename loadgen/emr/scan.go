package emr

import (
	"context"
	"fmt"
	"math"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/emrcontainers"
	"github.com/aws/aws-sdk-go-v2/service/emrcontainers/types"

	"github.com/emr-eks-loadtest/emr-eks-loadtest/loadgen/job"
)

// finalStates is the finish scan's states filter: the job-run states
// job.IsFinal calls final (TestScanFiltersFollowIsFinal holds the two together).
var finalStates = []types.JobRunState{types.JobRunStateCompleted, types.JobRunStateFailed, types.JobRunStateCancelled}

// startStates is the start scan's states filter: the states a job not yet
// RUNNING can move to that tracking needs to see (it runs, or it ends before
// running). Jobs still waiting (PENDING, SUBMITTED) are left out, so a scan
// lists only the jobs that moved since the last one, not the whole queue:
// at 50 submissions/s with a 10 s start latency, a few dozen job runs per
// scan instead of ~500 (decoding ListJobRuns pages was ~30 % of loadgen's
// CPU). The live view shows waiting jobs as SUBMITTED.
var startStates = append([]types.JobRunState{types.JobRunStateRunning}, finalStates...)

// sendMargin widens a createdAfter bound taken from a send time: it covers
// the filter's one-second resolution and calls faster than any seen so far
// (the learnt lag is net of the fastest call's latency). Every second of it
// re-lists a second of submissions in each start scan.
const sendMargin = 2 * time.Second

// scanStarts lists, on each virtual cluster with jobs not yet RUNNING, the
// jobs created since the oldest of them that are running or ended (a job may
// also fail before it runs).
func (t *Tracker) scanStarts(ctx context.Context) error {
	_, err := t.scan(ctx, t.watermarks(pending), startStates)
	return err
}

// scanFinishes lists final job runs from the oldest live job's creation on
// each virtual cluster with live jobs, and returns how many of ours ended.
func (t *Tracker) scanFinishes(ctx context.Context) (int, error) {
	return t.scan(ctx, t.watermarks(func(*tracked) bool { return true }), finalStates)
}

// scan lists each virtual cluster from its mark and returns how many of our jobs ended.
func (t *Tracker) scan(ctx context.Context, marks map[string]time.Time, states []types.JobRunState) (int, error) {
	var firstErr error
	ended := 0
	for vc, after := range marks {
		n, err := t.list(ctx, vc, after, states)
		ended += n
		if err != nil && firstErr == nil {
			firstErr = err
		}
	}
	return ended, firstErr
}

func pending(j *tracked) bool {
	return j.state == types.JobRunStateSubmitted || j.state == types.JobRunStatePending
}

// watermarks gives each virtual cluster with a job selected by keep the
// createdAfter bound of the oldest such job.
func (t *Tracker) watermarks(keep func(*tracked) bool) map[string]time.Time {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.watermarksLocked(keep)
}

// watermarksLocked is watermarks with mu held.
func (t *Tracker) watermarksLocked(keep func(*tracked) bool) map[string]time.Time {
	oldest := map[string]int64{}
	t.live.Each(func(_ string, j *tracked) {
		if !keep(j) {
			return
		}
		if b, ok := oldest[j.vc]; !ok || t.bound(j) < b {
			oldest[j.vc] = t.bound(j)
		}
	})
	out := make(map[string]time.Time, len(oldest))
	for vc, b := range oldest {
		out[vc] = time.Unix(0, b)
	}
	return out
}

// bound is a createdAfter (server clock) no later than j's creation: its
// creation minus the filter's resolution when known; else its send time
// moved to the server clock by the lowest offset still possible, minus a
// margin; never after the session start on the server clock, nor after the
// floor a straggler's look-up set.
func (t *Tracker) bound(j *tracked) int64 {
	low := t.clock.low()
	start := t.cfg.Start.Add(-time.Second).UnixNano() + low
	var b int64
	switch {
	case j.created != 0:
		b = j.created - int64(time.Second)
	case j.sent != 0:
		b = max(start, j.sent+low-int64(sendMargin))
	default:
		b = start
	}
	if t.floor != 0 && t.floor < b {
		b = t.floor
	}
	return b
}

func (t *Tracker) list(ctx context.Context, vc string, after time.Time, states []types.JobRunState) (int, error) {
	p := emrcontainers.NewListJobRunsPaginator(t.api, &emrcontainers.ListJobRunsInput{VirtualClusterId: aws.String(vc),
		CreatedAfter: aws.Time(after), States: states, MaxResults: aws.Int32(PageSize)})
	ended := 0
	for p.HasMorePages() {
		sent := time.Now()
		page, err := p.NextPage(ctx)
		seen := time.Now()
		t.mu.Lock()
		t.cost.Call(1)
		if err == nil {
			t.clock.observeDate(page.ResultMetadata, sent, seen)
		}
		t.mu.Unlock()
		if err != nil {
			return ended, fmt.Errorf("listing job runs of virtual cluster %s: %w", vc, err)
		}
		for i := range page.JobRuns {
			if t.observe(&page.JobRuns[i], seen) {
				ended++
			}
		}
	}
	return ended, nil
}

// observe applies one listed job run and reports whether one of ours ended.
func (t *Tracker) observe(jr *types.JobRun, seen time.Time) bool {
	t.mu.Lock()
	j, _ := t.live.Get(aws.ToString(jr.Id))
	if j == nil || (j.state == jr.State && j.created != 0) {
		t.mu.Unlock()
		return false
	}
	c := t.apply(j, jr, seen)
	t.mu.Unlock()
	if t.onChange != nil {
		t.onChange(c)
	}
	return Terminal(jr.State)
}

// apply records jr into j (mu held) and returns the change to report.
func (t *Tracker) apply(j *tracked, jr *types.JobRun, seen time.Time) Change {
	id := aws.ToString(jr.Id)
	if t.live.Move(id, string(j.state), string(jr.State)) {
		delete(t.described, id)
	}
	j.state = jr.State
	if jr.CreatedAt != nil {
		j.created = jr.CreatedAt.UnixNano()
		t.learnLag(j)
	}
	if jr.State == types.JobRunStateRunning && !j.hasStarted() {
		j.seenRunning = seen.UnixNano() // reported on the server clock, like created and finished
	}
	c := Change{ID: id, VirtualClusterID: j.vc, State: string(jr.State),
		Details: aws.ToString(jr.StateDetails), Created: aws.ToTime(jr.CreatedAt),
		Finished: aws.ToTime(jr.FinishedAt), Started: t.startedOf(j), Seen: seen}
	return c
}

// learnLag narrows the clock offset by j's creation (mu held): the server
// created it after we sent it. A createdAt that contradicts what the Date
// headers said (moto's midnight) is rejected by the clock.
func (t *Tracker) learnLag(j *tracked) {
	if j.sent != 0 {
		t.clock.add(math.MinInt64, j.created-j.sent)
	}
}

// Terminal reports whether a job-run state is final (job.IsFinal).
func Terminal(s types.JobRunState) bool { return job.IsFinal(string(s)) }
