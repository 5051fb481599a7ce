package emr

import (
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/emrcontainers/types"

	"github.com/emr-eks-loadtest/emr-eks-loadtest/loadgen/localemr"
)

// Tracking against a server whose clock disagrees with ours (issue 13, item
// 5): every accepted job must be seen to finish, with its server times, on
// both signs of skew, 10 s and 100 s. The local endpoint's clock (createdAt,
// finishedAt and the HTTP Date header) runs at the skew.
func TestTrackingSurvivesServerClockSkew(t *testing.T) {
	t.Parallel()
	for _, skew := range []time.Duration{-100 * time.Second, -10 * time.Second, 10 * time.Second, 100 * time.Second} {
		t.Run(skew.String(), func(t *testing.T) {
			t.Parallel()
			trackSkewed(t, skew)
		})
	}
}

func trackSkewed(t *testing.T, skew time.Duration) {
	const n = 20
	cfg := localemr.Config{RunTime: localemr.Dist{Min: 200 * time.Millisecond, Max: 400 * time.Millisecond},
		Now: func() time.Time { return time.Now().Add(skew) }}
	_, c, vc := startLocal(t, cfg)
	var mu sync.Mutex
	final := map[string]Change{}
	tr := NewTracker(c, TrackerConfig{Start: time.Now(), Interval: 100 * time.Millisecond, FullInterval: 300 * time.Millisecond},
		func(ch Change) {
			if Terminal(types.JobRunState(ch.State)) {
				mu.Lock()
				final[ch.ID] = ch
				mu.Unlock()
			}
		})
	sent := map[string]time.Time{}
	for i := range n {
		at := time.Now()
		r := Submit(t.Context(), c, jobInput(vc, i))
		if r.ID == "" {
			t.Fatalf("job %d: %v", i, r.Err)
		}
		sent[r.ID] = at
		tr.Add(r.ID, vc, at)
	}
	stop := runTracker(tr)
	defer stop()
	deadline := time.Now().Add(20 * time.Second)
	for tr.Live() > 0 && time.Now().Before(deadline) {
		time.Sleep(50 * time.Millisecond)
	}
	stop()
	mu.Lock()
	defer mu.Unlock()
	if len(final) != n {
		t.Fatalf("server clock %s: %d of %d jobs seen to end (%d still live after 20 s)", skew, len(final), n, tr.Live())
	}
	for id, ch := range final {
		if ch.State != string(types.JobRunStateCompleted) || ch.Created.IsZero() || ch.Finished.Before(ch.Created) {
			t.Errorf("job %s: %+v; want COMPLETED with server times", id, ch)
		}
		// server times are the server's: created ~ sent + skew
		if d := ch.Created.Sub(sent[id].Add(skew)); d < -time.Second || d > time.Second {
			t.Errorf("job %s: created %s after send on the server clock, want about 0", id, d)
		}
		if !ch.Started.IsZero() && ch.Started.Before(ch.Created.Add(-time.Second)) {
			t.Errorf("job %s: started %s before created: Started is not on the server clock", id, ch.Created.Sub(ch.Started))
		}
	}
	_ = aws.String
}
