package emr

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/emrcontainers"
	"github.com/aws/aws-sdk-go-v2/service/emrcontainers/types"
)

// fakeRuns is a hand-written ListJobRuns: it holds job runs, honours the
// virtual cluster, createdAfter, states and pagination, and records calls.
type fakeRuns struct {
	mu    sync.Mutex
	runs  []types.JobRun
	calls []*emrcontainers.ListJobRunsInput
}

func (f *fakeRuns) add(id, vc string, created time.Time, state types.JobRunState) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.runs = append(f.runs, types.JobRun{Id: aws.String(id), VirtualClusterId: aws.String(vc),
		CreatedAt: aws.Time(created), State: state})
}

// set moves job id to state; finished sets FinishedAt to now.
func (f *fakeRuns) set(id string, state types.JobRunState) {
	f.mu.Lock()
	defer f.mu.Unlock()
	for i := range f.runs {
		if aws.ToString(f.runs[i].Id) == id {
			f.runs[i].State = state
			if Terminal(state) {
				f.runs[i].FinishedAt = aws.Time(time.Now())
			}
		}
	}
}

func (f *fakeRuns) ListJobRuns(_ context.Context, in *emrcontainers.ListJobRunsInput, _ ...func(*emrcontainers.Options)) (*emrcontainers.ListJobRunsOutput, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.calls = append(f.calls, in)
	var match []types.JobRun
	for _, jr := range f.runs {
		if aws.ToString(jr.VirtualClusterId) == aws.ToString(in.VirtualClusterId) && jr.CreatedAt.After(aws.ToTime(in.CreatedAfter)) &&
			(len(in.States) == 0 || slices.Contains(in.States, jr.State)) {
			match = append(match, jr)
		}
	}
	from, _ := strconv.Atoi(aws.ToString(in.NextToken))
	to := min(from+int(aws.ToInt32(in.MaxResults)), len(match))
	out := &emrcontainers.ListJobRunsOutput{JobRuns: match[from:to]}
	if to < len(match) {
		out.NextToken = aws.String(strconv.Itoa(to))
	}
	return out, nil
}

func (f *fakeRuns) callCount() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return len(f.calls)
}

// runTracker runs tr in the bubble until stop is called.
func runTracker(tr *Tracker) (stop func()) {
	ctx, cancel := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	wg.Go(func() { tr.Run(ctx) })
	return func() { cancel(); wg.Wait() }
}

// Issue 8's tracking cost: 1,000 live RUNNING jobs over 4 virtual clusters.
// The old toolkit's poll made 20 calls/min; the tracker used to re-list every
// live job every 10 s (~120 calls/min). Once every job was seen running, the
// only calls left are the finish scans: one empty page per virtual cluster
// per FullInterval.
func TestTrackingCostAtThousandLiveJobs(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		api, start := &fakeRuns{}, time.Now()
		tr := NewTracker(api, TrackerConfig{Start: start}, nil)
		for i := range 1000 {
			id, vc := jobID(i), fmt.Sprintf("vc%d", i%4)
			api.add(id, vc, start, types.JobRunStateRunning)
			tr.Add(id, vc, start)
		}
		stop := runTracker(tr)
		defer stop()
		time.Sleep(time.Second + TrackerConfig{}.QuietAfter())
		if tr.Counts()["RUNNING"] != 1000 {
			t.Fatalf("live by state %v, want 1000 RUNNING", tr.Counts())
		}
		before := api.callCount()
		time.Sleep(30 * time.Minute)
		perMin := float64(api.callCount()-before) / 30
		if perMin > 4/DefaultTrackFullInterval.Minutes()+0.01 {
			t.Errorf("%.2f ListJobRuns calls/min at 1,000 live jobs over 4 virtual clusters, want <= %.2f (one page per virtual cluster every %s)",
				perMin, 4/DefaultTrackFullInterval.Minutes(), DefaultTrackFullInterval)
		}
	})
}

// Accuracy: started within one interval, created and finished exactly as the
// server says, a failure before running has no start, and a finish is seen
// within FullInterval.
func TestTrackerTimesAndFreshness(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		api, start := &fakeRuns{}, time.Now()
		var mu sync.Mutex
		seen := map[string]Change{}
		cfg := TrackerConfig{Start: start, Interval: 2 * time.Second, FullInterval: time.Minute}
		tr := NewTracker(api, cfg, func(c Change) { mu.Lock(); seen[c.ID] = c; mu.Unlock() })
		stop := runTracker(tr)
		defer stop()
		for _, id := range []string{"runs", "fails-early"} {
			api.add(id, "vc", time.Now(), types.JobRunStatePending)
			tr.Add(id, "vc", time.Now())
		}
		time.Sleep(10 * time.Second)
		api.set("runs", types.JobRunStateRunning)
		api.set("fails-early", types.JobRunStateFailed)
		startedAt := time.Now()
		time.Sleep(5 * time.Minute)
		api.set("runs", types.JobRunStateCompleted)
		finishedAt := time.Now()
		time.Sleep(cfg.FullInterval + cfg.Interval)
		mu.Lock()
		defer mu.Unlock()
		if c := seen["runs"]; c.State != "COMPLETED" || !c.Finished.Equal(finishedAt) || c.Started.Before(startedAt) || c.Started.After(startedAt.Add(cfg.Interval)) {
			t.Errorf("runs: %+v; want COMPLETED at %v, started within %s after %v", c, finishedAt, cfg.Interval, startedAt)
		}
		if c := seen["fails-early"]; c.State != "FAILED" || !c.Started.IsZero() || !c.Finished.Equal(startedAt) {
			t.Errorf("fails-early: %+v; want FAILED at %v, never started", c, startedAt)
		}
		if tr.Live() != 0 {
			t.Errorf("%d live, want 0", tr.Live())
		}
	})
}

// The start scan only covers virtual clusters with jobs not yet running,
// from the oldest of them, and asks for running and final states (not the
// waiting queue); the finish scan asks for final states only.
func TestScansAreNarrow(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		api, start := &fakeRuns{}, time.Now()
		tr := NewTracker(api, TrackerConfig{Start: start}, nil)
		api.add("old", "vc-a", start, types.JobRunStatePending)
		tr.Add("old", "vc-a", start)
		_ = tr.Poll(t.Context()) // learns the creation and the clock lag
		api.set("old", types.JobRunStateRunning)
		_ = tr.Poll(t.Context())
		time.Sleep(time.Hour)
		sent := time.Now()
		api.add("new", "vc-b", sent, types.JobRunStatePending)
		tr.Add("new", "vc-b", sent)
		api.calls = nil
		_ = tr.scanStarts(t.Context())
		if len(api.calls) != 1 || aws.ToString(api.calls[0].VirtualClusterId) != "vc-b" ||
			aws.ToTime(api.calls[0].CreatedAfter).Before(sent.Add(-sendMargin)) || !slices.Equal(api.calls[0].States, startStates) {
			t.Errorf("start scan calls %+v; want one on vc-b from about %v, running and final states only", api.calls, sent)
		}
		api.calls = nil
		_, _ = tr.scanFinishes(t.Context())
		if len(api.calls) != 2 || !slices.Equal(api.calls[0].States, finalStates) {
			t.Errorf("finish scan calls %+v; want one per virtual cluster, final states only", api.calls)
		}
	})
}

// Issue 8's target with the pod watch: 1,000 live RUNNING jobs over 4
// virtual clusters cost at most 0.2 ListJobRuns calls/min (the old
// toolkit's 20/min over 100): RUNNING came from pod events, so the only
// calls are the safety-net finish scans, one page per virtual cluster every
// DefaultPodFullInterval.
func TestPodTrackingCostAtThousandLiveJobs(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		api, start := &fakeRuns{}, time.Now()
		tr := NewTracker(api, TrackerConfig{Start: start, Pods: &PodConfig{}}, nil)
		tr.pods = &podWatch{} // the informers' events are fed below
		for i := range 1000 {
			id, vc := jobID(i), fmt.Sprintf("vc%d", i%4)
			api.add(id, vc, start, types.JobRunStateRunning)
			tr.Add(id, vc, start)
			tr.onPod(podView{id: id, created: start, running: true}, time.Now())
		}
		stop := runTracker(tr)
		defer stop()
		time.Sleep(2 * time.Hour)
		perMin := float64(api.callCount()) / 120
		if tr.Counts()["RUNNING"] != 1000 || perMin > 0.2 || api.callCount() == 0 {
			t.Errorf("%.3f ListJobRuns calls/min at 1,000 live jobs over 4 virtual clusters (live %v), want <= 0.2, "+
				"and the safety net running", perMin, tr.Counts())
		}
	})
}
