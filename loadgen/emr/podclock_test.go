package emr

import (
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/emrcontainers"

	"github.com/emr-eks-loadtest/emr-eks-loadtest/loadgen/localemr"
)

// The pod watch's RUNNING is on the server clock like created and finished:
// a driver pod delivered running at our time T reads as T moved by the
// server clock's offset, never our raw T (which, against a server 10 s
// behind, put started 10 s after a later server event). The offset known
// when a later change is reported applies, so a start seen before any
// scan learnt the clock is corrected by that scan.
func TestPodWatchStartedIsOnTheServerClock(t *testing.T) {
	t.Parallel()
	for _, skew := range []time.Duration{-10 * time.Second, 10 * time.Second} {
		for _, learnFirst := range []bool{true, false} {
			name := skew.String() + "/clock-learnt-after-the-start"
			if learnFirst {
				name = skew.String() + "/clock-learnt-before-the-start"
			}
			t.Run(name, func(t *testing.T) {
				t.Parallel()
				podStartedOnServerClock(t, skew, learnFirst)
			})
		}
	}
}

func podStartedOnServerClock(t *testing.T, skew time.Duration, learnFirst bool) {
	cfg := localemr.Config{QueueDelay: localemr.Dist{Min: time.Hour, Max: time.Hour},
		Now: func() time.Time { return time.Now().Add(skew) }}
	_, c, vc := startLocal(t, cfg)
	rec := newRecorder()
	tr := NewTracker(c, TrackerConfig{Start: time.Now(), Pods: &PodConfig{}}, rec.add)
	r := Submit(t.Context(), c, jobInput(vc, 0))
	if r.ID == "" {
		t.Fatal(r.Err)
	}
	tr.Add(r.ID, vc, time.Now())
	if learnFirst {
		_ = tr.Poll(t.Context()) // lists nothing (the job waits), learns the clock from Date
	}
	seen := time.Now()
	// the container started a moment before on the server's clock (1 s resolution)
	tr.onPod(podView{id: r.ID, running: true, startedAt: seen.Add(skew - 300*time.Millisecond).Truncate(time.Second)}, seen)
	if !learnFirst {
		_ = tr.Poll(t.Context())
		if _, err := c.CancelJobRun(t.Context(), cancelInput(vc, r.ID)); err != nil {
			t.Fatal(err)
		}
		for deadline := time.Now().Add(10 * time.Second); tr.Live() > 0 && time.Now().Before(deadline); {
			time.Sleep(20 * time.Millisecond)
			_ = tr.Poll(t.Context()) // sees it end: the last change carries started again
		}
	}
	rec.mu.Lock()
	changes := rec.all[r.ID]
	rec.mu.Unlock()
	if len(changes) == 0 {
		t.Fatal("no change reported")
	}
	last := changes[len(changes)-1]
	want := seen.Add(skew)
	if d := last.Started.Sub(want); d < -1500*time.Millisecond || d > 1500*time.Millisecond {
		t.Errorf("server clock %s: started %s, want about %s (delivery moved to the server clock): %s off",
			skew, last.Started.Format(time.RFC3339Nano), want.Format(time.RFC3339Nano), d)
	}
}

func cancelInput(vc, id string) *emrcontainers.CancelJobRunInput {
	return &emrcontainers.CancelJobRunInput{Id: aws.String(id), VirtualClusterId: aws.String(vc)}
}
