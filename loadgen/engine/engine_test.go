package engine

import (
	"context"
	"errors"
	"maps"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/emr-eks-loadtest/emr-eks-loadtest/loadgen/job"
	"github.com/emr-eks-loadtest/emr-eks-loadtest/loadgen/journal"
	"github.com/emr-eks-loadtest/emr-eks-loadtest/loadgen/journal/journaltest"
	"github.com/emr-eks-loadtest/emr-eks-loadtest/loadgen/pace"
	"github.com/emr-eks-loadtest/emr-eks-loadtest/loadgen/runner"
)

// testConfig is a 6-job open-model session over two places of target, with overrides applied.
func testConfig(t *testing.T, target Target, overrides ...func(*Config)) Config {
	cfg := Config{Session: "lg-test", Kind: "fake", RunsDir: t.TempDir(), Target: target,
		Vars: job.Vars{Bucket: "b", Region: "us-east-1"},
		Load: runner.Config{Pacer: pace.Constant{Per: 200}, MaxJobs: 6},
		VCs:  []VC{{ID: "vc-a", Namespace: "ns-a"}, {ID: "vc-b", Namespace: "ns-b"}},
		Placement: Placement{VCPolicy: PolicyRoundRobin, AZs: []string{"az-1", "az-2", "az-3"}, AZPolicy: PolicyRoundRobin,
			DriverNodePool: "drivers"},
		TrackAfter: 5 * time.Second}
	for _, o := range overrides {
		o(&cfg)
	}
	return cfg
}

// runSession runs cfg until ctx ends and returns the journaled records; safe off the test goroutine.
func runSession(t *testing.T, ctx context.Context, cfg Config) ([]journal.Record, *Session, error) {
	var mu sync.Mutex
	var recs []journal.Record
	cfg.Observe = func(r journal.Record) { mu.Lock(); recs = append(recs, r); mu.Unlock() }
	s, err := New(cfg)
	if err != nil {
		t.Error(err)
		return nil, nil, err
	}
	err = s.Run(ctx)
	mu.Lock()
	defer mu.Unlock()
	return slices.Clone(recs), s, err
}

func count(recs []journal.Record, keep func(journal.Record) bool) int {
	n := 0
	for _, r := range recs {
		if keep(r) {
			n++
		}
	}
	return n
}

// A session submits every planned job to its target with the job's
// variables and placement, journals intent before result, tracks every
// accepted job and closes the journal; the target's errors are journaled as
// it classified them.
func TestSessionSubmitsJournalsAndTracks(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		name string
		fail func(i int) job.Result
		want map[string]int
	}{
		{"all accepted", nil, map[string]int{job.OutcomeAccepted: 6}},
		{"errors as the target classified them", func(i int) job.Result {
			switch i % 3 {
			case 1:
				return job.Result{Outcome: job.OutcomeThrottled, Attempts: 3, Err: errors.New("rate exceeded")}
			case 2:
				return job.Result{Outcome: job.OutcomeQueueFull, Attempts: 1, Err: errors.New("queue is full")}
			}
			return job.Result{}
		}, map[string]int{job.OutcomeAccepted: 2, job.OutcomeThrottled: 2, job.OutcomeQueueFull: 2}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			f := &fakeTarget{fail: tt.fail}
			recs, _, err := runSession(t, t.Context(), testConfig(t, f))
			if err != nil {
				t.Fatal(err)
			}
			if got := journaltest.Outcomes(recs); !maps.Equal(got, tt.want) {
				t.Errorf("results by outcome %v, want %v", got, tt.want)
			}
			journaltest.CheckIntentFirst(t, recs)
			if recs[0].Ev != journal.EvSession || recs[0].Target != "fake" || recs[len(recs)-1].Ev != journal.EvEnd {
				t.Errorf("journal runs %s (target %q)..%s, want session (fake)..end", recs[0].Ev, recs[0].Target, recs[len(recs)-1].Ev)
			}
			completed := count(recs, func(r journal.Record) bool { return r.Ev == journal.EvState && r.State == job.StateCompleted })
			if completed != tt.want[job.OutcomeAccepted] {
				t.Errorf("%d COMPLETED state records, want one per accepted job (%d)", completed, tt.want[job.OutcomeAccepted])
			}
			checkVarsAndPlacement(t, f)
		})
	}
}

// checkVarsAndPlacement: job i is named after the session and its index,
// goes round robin over the places and AZs, with the session's variables.
func checkVarsAndPlacement(t *testing.T, f *fakeTarget) {
	t.Helper()
	f.mu.Lock()
	defer f.mu.Unlock()
	if len(f.vars) != 6 {
		t.Fatalf("%d submissions, want 6", len(f.vars))
	}
	for i, v := range f.vars {
		p := f.places[i]
		wantVC := []string{"vc-a", "vc-b"}[v.JobIndex%2]
		wantAZ := []string{"az-1", "az-2", "az-3"}[v.JobIndex%3]
		if v.JobName != JobName("lg-test", v.JobIndex) || v.SessionID != "lg-test" || v.VirtualClusterID != wantVC ||
			v.AZ != wantAZ || p.AZ != wantAZ || p.DriverNodePool != "drivers" || v.Bucket != "b" {
			t.Errorf("submission %d: vars %+v placement %+v; want job %d on %s in %s", i, v, p, v.JobIndex, wantVC, wantAZ)
		}
	}
}

// The target prepares before the first submission: the places it creates
// are journaled and used; its failure ends the run before any submission,
// with the journal closed.
func TestTargetPreparesBeforeTheFirstSubmission(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		name       string
		f          *fakeTarget
		wantVCs    int
		wantSubmit int
	}{
		{"created places are journaled and used", &fakeTarget{created: []VC{{ID: "new-1", Namespace: "ns-x"}}}, 1, 6},
		{"a failure ends the run before any submission", &fakeTarget{prepareErr: errors.New("access denied")}, 0, 0},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			recs, _, err := runSession(t, t.Context(), testConfig(t, tt.f, func(c *Config) { c.VCs = nil }))
			if (err != nil) != (tt.f.prepareErr != nil) || (err != nil && !errors.Is(err, tt.f.prepareErr)) {
				t.Fatalf("Run = %v, want %v", err, tt.f.prepareErr)
			}
			vcs := count(recs, func(r journal.Record) bool { return r.Ev == journal.EvVC })
			if vcs != tt.wantVCs || tt.f.count("Submit") != tt.wantSubmit || tt.f.count("Prepare") != 1 {
				t.Errorf("%d vc records, %d submissions, %d prepares; want %d, %d, 1", vcs, tt.f.count("Submit"),
					tt.f.count("Prepare"), tt.wantVCs, tt.wantSubmit)
			}
			for _, v := range tt.f.vars {
				if v.VirtualClusterID != "new-1" || v.Namespace != "ns-x" {
					t.Errorf("job %d went to %s/%s, want the created new-1/ns-x", v.JobIndex, v.VirtualClusterID, v.Namespace)
				}
			}
			if recs[len(recs)-1].Ev != journal.EvEnd {
				t.Errorf("last record %s, want end", recs[len(recs)-1].Ev)
			}
		})
	}
}

// A call whose answer never comes is cut at --call-timeout; after the run a
// target that can look jobs up by name resolves it (accepted: journaled
// accepted and tracked; not found: not accepted), and one that cannot says
// the outcome is unknown.
func TestCutCallsAreResolvedByTheTarget(t *testing.T) {
	t.Parallel()
	lost := func(i int) bool { return i%2 == 0 }
	for _, tt := range []struct {
		name    string
		target  func(*fakeTarget) Target
		lookUps int
	}{
		{"by name", func(f *fakeTarget) Target { return resolving{f} }, 2},
		{"no lookup", func(f *fakeTarget) Target { return f }, 0},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			f := &fakeTarget{lost: lost, latency: time.Hour, fail: nil}
			cfg := testConfig(t, tt.target(f), func(c *Config) {
				c.Load = runner.Config{Pacer: pace.Constant{Per: 100}, MaxJobs: 2}
				c.CallTimeout, c.TrackAfter = 100*time.Millisecond, 0
			})
			recs, _, err := runSession(t, t.Context(), cfg)
			if err != nil {
				t.Fatal(err)
			}
			res := journaltest.ResultsByKey(recs)
			r0, r1 := res[jobKey(0)], res[jobKey(1)]
			if tt.lookUps > 0 && (r0.Outcome != job.OutcomeAccepted || r0.ID != "id-000") {
				t.Errorf("job 0 (accepted, answer lost): %+v, want accepted id-000 by the lookup", r0)
			}
			if tt.lookUps == 0 && (r0.Outcome != job.OutcomeOther || !strings.Contains(r0.Err, UnknownOutcome)) {
				t.Errorf("job 0 without a lookup: %+v, want %q", r0, UnknownOutcome)
			}
			if r1.Outcome != job.OutcomeOther || !strings.Contains(r1.Err, UnknownOutcome) || !strings.Contains(r1.Err, "call-timeout") {
				t.Errorf("job 1 (never accepted): %+v, want other with %q naming --call-timeout", r1, UnknownOutcome)
			}
			if n := f.count("LookUp"); n != tt.lookUps {
				t.Errorf("%d lookups, want %d", n, tt.lookUps)
			}
		})
	}
}

// In the open model a first attempt the target could only make past
// --late-after (held back by a client-side rate limiter) is not sent and
// counted late.
func TestLateFirstAttemptIsHeldBack(t *testing.T) {
	t.Parallel()
	f := &fakeTarget{holdBefore: 100 * time.Millisecond}
	cfg := testConfig(t, f, func(c *Config) {
		c.Load = runner.Config{Pacer: pace.Constant{Per: 100}, MaxJobs: 2, LateAfter: 20 * time.Millisecond}
		c.TrackAfter = 0
	})
	recs, _, err := runSession(t, t.Context(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	if got := journaltest.Outcomes(recs); got[job.OutcomeLate] != 2 {
		t.Errorf("outcomes %v; want both held back 100ms past a 20ms --late-after counted late", got)
	}
}

// A submission on its second attempt is in the retry backlog the progress
// line shows, and leaves it when it ends. Its outcome is not the engine's
// to count: it reaches the live state (and the progress line) as the
// journal's result record, through Observe.
func TestSnapshotShowsRetryBacklog(t *testing.T) {
	t.Parallel()
	f := &fakeTarget{attempts: 2, latency: 300 * time.Millisecond, inAttempt: make(chan struct{})}
	var mu sync.Mutex
	var results []journal.Record
	cfg := testConfig(t, f, func(c *Config) {
		c.Load = runner.Config{Pacer: pace.Constant{Per: 100}, MaxJobs: 1}
		c.TrackAfter = 0
		c.Observe = func(r journal.Record) {
			if r.Ev == journal.EvResult {
				mu.Lock()
				results = append(results, r)
				mu.Unlock()
			}
		}
	})
	s, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	if snap := s.Snapshot(); snap.Done || snap.RetryBacklog != 0 {
		t.Errorf("before the run: %+v", snap)
	}
	done := make(chan error)
	go func() { done <- s.Run(t.Context()) }()
	<-f.inAttempt
	if got := s.Snapshot().RetryBacklog; got != 1 {
		t.Errorf("retry backlog %d during the second attempt, want 1", got)
	}
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	snap := s.Snapshot()
	if snap.RetryBacklog != 0 || !snap.Done || snap.Unknown != 0 || snap.ListCalls == 0 {
		t.Errorf("after the run: %+v", snap)
	}
	mu.Lock()
	defer mu.Unlock()
	if len(results) != 1 || results[0].Outcome != job.OutcomeAccepted {
		t.Errorf("observed results %+v, want one accepted", results)
	}
}

// A Config without a target is refused, not a nil dereference later.
func TestNoTargetIsAnError(t *testing.T) {
	t.Parallel()
	if _, err := New(Config{Session: "s", RunsDir: t.TempDir()}); !errors.Is(err, ErrNoTarget) {
		t.Errorf("New without a target = %v, want ErrNoTarget", err)
	}
	if _, err := Render(Config{}, 0); !errors.Is(err, ErrNoTarget) {
		t.Errorf("Render without a target = %v, want ErrNoTarget", err)
	}
}
