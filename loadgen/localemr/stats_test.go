package localemr

import (
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/emrcontainers"
)

func getStats(t *testing.T, url string) Stats {
	t.Helper()
	resp, err := http.Get(url + StatsPath)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("GET %s: status %d", StatsPath, resp.StatusCode)
	}
	var st Stats
	if err := json.NewDecoder(resp.Body).Decode(&st); err != nil {
		t.Fatalf("decoding stats: %v", err)
	}
	return st
}

func TestStatsCountsWhatTheServerSaw(t *testing.T) {
	t.Parallel()
	clock := newFakeClock()
	cfg := Config{Now: clock.Now, RunTime: constDist(time.Minute)}
	_, c, url := startServer(t, cfg)
	ctx := context.Background()
	if st := getStats(t, url); st.Accepted != 0 || st.FirstAcceptedAt != nil || len(st.LatencyMs) != 0 {
		t.Fatalf("fresh server stats = %+v, want nothing accepted or timed", st)
	}
	first := clock.Now()
	for i := range 3 {
		if _, err := c.StartJobRun(ctx, startInput("vc1", "job")); err != nil {
			t.Fatalf("submission %d: %v", i, err)
		}
		clock.Advance(time.Second)
	}
	in := &emrcontainers.ListJobRunsInput{VirtualClusterId: aws.String("vc1")}
	if _, err := c.ListJobRuns(ctx, in); err != nil {
		t.Fatal(err)
	}
	st := getStats(t, url)
	if st.Accepted != 3 || st.Live != 3 {
		t.Errorf("accepted %d live %d, want 3 and 3", st.Accepted, st.Live)
	}
	if st.Calls["StartJobRun"] != 3 || st.Calls["ListJobRuns"] != 1 {
		t.Errorf("calls = %v, want StartJobRun 3, ListJobRuns 1", st.Calls)
	}
	if l := st.LatencyMs["StartJobRun"]; l.Count != 3 || l.P50 <= 0 || l.P99 < l.P50 || l.Max < l.P99 {
		t.Errorf("StartJobRun latency = %+v, want 3 samples with 0 < p50 <= p99 <= max", l)
	}
	if !st.FirstAcceptedAt.Equal(first) || !st.LastAcceptedAt.Equal(first.Add(2*time.Second)) {
		t.Errorf("accepted from %v to %v, want %v to %v", st.FirstAcceptedAt, st.LastAcceptedAt, first, first.Add(2*time.Second))
	}
	clock.Advance(10 * time.Minute)
	if st := getStats(t, url); st.Live != 0 || st.Accepted != 3 {
		t.Errorf("after the run time: live %d accepted %d, want 0 and 3", st.Live, st.Accepted)
	}
}

func TestStatsIsNotAnAPIOperation(t *testing.T) {
	t.Parallel()
	srv, _, url := startServer(t, Config{})
	getStats(t, url)
	getStats(t, url)
	for op, n := range srv.Calls() {
		if n != 0 {
			t.Errorf("stats requests were counted as %d %s calls", n, op)
		}
	}
	resp, err := http.Post(url+StatsPath, "application/json", strings.NewReader("{}"))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode == http.StatusOK {
		t.Errorf("POST %s answered 200: the endpoint must be read-only", StatsPath)
	}
}
