package progress

import (
	"bytes"
	"context"
	"strings"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/emr-eks-loadtest/emr-eks-loadtest/loadgen/engine"
	"github.com/emr-eks-loadtest/emr-eks-loadtest/loadgen/job"
	"github.com/emr-eks-loadtest/emr-eks-loadtest/loadgen/web"
)

func TestLines(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		view View
		want []string
	}{
		{"nothing yet", View{},
			[]string{"s1  0s  submitting", "planned 0: accepted 0  calls in flight 0 (retry backlog 0)", "job runs live: none  ListJobRuns calls 0  slowest submit 0s"}},
		{"outcomes in report order, states sorted", View{
			Outcomes: map[string]int{job.OutcomeThrottled: 2, job.OutcomeAccepted: 5, job.OutcomeDropped: 1},
			InFlight: 3, MaxSubmitLat: 1234567 * time.Microsecond,
			Snapshot: engine.Snapshot{Elapsed: 61500 * time.Millisecond, Live: map[string]int{"RUNNING": 4, "PENDING": 1}, ListCalls: 7}},
			[]string{"s1  1m1s  submitting", "planned 8: accepted 5, throttled 2, dropped 1  calls in flight 3 (retry backlog 0)",
				"job runs live: PENDING 1, RUNNING 4  ListJobRuns calls 7  slowest submit 1.235s"}},
		{"draining", View{Snapshot: engine.Snapshot{Done: true}}, []string{"s1  0s  draining / tracking"}},
		{"retry backlog and unknown outcomes shown", View{InFlight: 9, Snapshot: engine.Snapshot{RetryBacklog: 7, Unknown: 2}},
			[]string{"s1  0s  submitting", "planned 0: accepted 0  calls in flight 9 (retry backlog 7)  unknown outcome 2 (looking up)"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got := Lines("s1", tt.view)
			for i, w := range tt.want {
				if got[i] != w {
					t.Errorf("line %d = %q, want %q", i, got[i], w)
				}
			}
		})
	}
}

func TestPrint(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		tty  bool
		want string // output of two prints
	}{
		{"log lines", false, "a | b | c\na | b | c\n"},
		{"a block redrawn in place", true, "a\nb\nc\n\x1b[3A\x1b[Ja\nb\nc\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var out bytes.Buffer
			p := &Printer{W: &out, TTY: tt.tty}
			lines := []string{"a", "b", "c"}
			p.print(lines)
			p.print(lines)
			if out.String() != tt.want {
				t.Errorf("output %q, want %q", out.String(), tt.want)
			}
		})
	}
}

// RunView prints every interval and once more when stopped (the final state).
func TestRunPrintsEveryIntervalAndAtTheEnd(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		var out bytes.Buffer
		var mu sync.Mutex
		calls := 0
		view := func() View { mu.Lock(); defer mu.Unlock(); calls++; return View{} }
		ctx, cancel := context.WithCancel(t.Context())
		var wg sync.WaitGroup
		wg.Go(func() { (&Printer{W: &out, Session: "s1"}).RunView(ctx, 10*time.Second, view) })
		time.Sleep(35 * time.Second)
		cancel()
		wg.Wait()
		if calls != 4 || strings.Count(out.String(), "\n") != 4 {
			t.Errorf("%d snapshots, output %q; want 3 ticks and a final print", calls, out.String())
		}
	})
}

// The line's counts come from the live state (the same fold of the journal
// as the page); the engine adds only what the journal does not carry.
func TestComposeTakesCountsFromTheLiveState(t *testing.T) {
	t.Parallel()
	live := web.Progress{Outcomes: map[string]int{job.OutcomeAccepted: 7}, Calls: 4, MaxSubmitLat: time.Second, Elapsed: time.Minute}
	eng := engine.Snapshot{RetryBacklog: 2, Unknown: 1, Live: map[string]int{"RUNNING": 4}, Elapsed: time.Second}
	got := Compose(live, eng)
	// 4 calls without a result, one of them cut and being looked up: 3 in flight
	if got.Outcomes[job.OutcomeAccepted] != 7 || got.InFlight != 3 || got.MaxSubmitLat != time.Second || got.Elapsed != time.Minute {
		t.Errorf("counts not the live state's: %+v", got)
	}
	if got.RetryBacklog != 2 || got.Unknown != 1 || got.Live["RUNNING"] != 4 {
		t.Errorf("engine-only numbers lost: %+v", got)
	}
	lines := strings.Join(Lines("s", got), "\n")
	if !strings.Contains(lines, "accepted 7") || !strings.Contains(lines, "calls in flight 3 (retry backlog 2)") {
		t.Errorf("lines:\n%s", lines)
	}
}
