package cli

import (
	"context"
	"encoding/json"
	"io"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/emr-eks-loadtest/emr-eks-loadtest/loadgen/localemr"
)

// searchArgs is a search of the in-process local target, time-compressed:
// 10 slots, each held 150-250 ms (mean 200 ms), so the model sustains
// 10 / 0.2 s = 50 jobs/s = 3000/min.
func searchArgs(runs, session string, extra ...string) []string {
	return append([]string{"search", "--runs-dir", runs, "--session", session,
		"--local-capacity", "10", "--local-run-time", "150ms-250ms", "--local-start-latency", "0s",
		"--local-queue-delay", "0s", "--local-virtual-clusters", "1",
		"--track-interval", "20ms", "--track-full-interval", "100ms",
		"--from", "1500/min", "--precision", "0.1",
		"--step-warmup", "400ms", "--step-window", "2s", "--step-settle", "300ms"}, extra...)
}

func TestSearchFindsLocalModelCapacity(t *testing.T) {
	t.Parallel()
	runs := t.TempDir()
	out, errOut, err := runCLI(t, context.Background(), searchArgs(runs, "lg-search-cap")...)
	if err != nil {
		t.Fatalf("search: %v\nstdout:\n%s\nstderr:\n%s", err, out, errOut)
	}
	var res struct {
		Found    float64 `json:"found_per_min"`
		Complete bool    `json:"complete"`
		Linear   int     `json:"linear_sweep_steps"`
		Steps    []struct {
			Verdict string `json:"verdict"`
		} `json:"steps"`
		FirstBad *struct{ Why string } `json:"first_bad"`
	}
	readJSON(t, filepath.Join(runs, "lg-search-cap", "search.json"), &res)
	const capacity = 3000.0 // per minute: 10 slots / 0.2 s mean hold
	if raceDetector {
		if res.Found <= 0 || len(res.Steps) == 0 {
			t.Fatalf("found %.0f/min in %d steps\n%s", res.Found, len(res.Steps), out)
		}
		t.Skipf("race detector: found %.0f/min in %d steps; the ±10%% check runs without -race", res.Found, len(res.Steps))
	}
	if !res.Complete || math.Abs(res.Found/capacity-1) > 0.10 {
		t.Fatalf("found %.0f/min (complete %v), the model's capacity is %.0f/min: want within 10%%\n%s", res.Found, res.Complete, capacity, out)
	}
	// The step count against a linear sweep is not asserted here: on a real
	// clock whether a rate just above capacity is judged bad decides the
	// bracket, so the count moves with the machine's load (seen: 7 vs 7 at
	// load 40). The claim is checked in virtual time over seeds by
	// search's TestFindsKnownCapacity; this test checks the answer.
	t.Logf("found %.0f/min (%+.1f%%) in %d steps; linear sweep: %d steps\n%s", res.Found, (res.Found/capacity-1)*100, len(res.Steps), res.Linear, out)
	html, err := os.ReadFile(filepath.Join(runs, "lg-search-cap", "search.html"))
	if err != nil || !strings.Contains(string(html), "knee") {
		t.Errorf("search.html: %v, knee marked: %v", err, strings.Contains(string(html), "knee"))
	}
	if _, err := os.Stat(filepath.Join(runs, "lg-search-cap", "journal.jsonl")); err != nil {
		t.Errorf("the search is one session with a journal: %v", err)
	}
}

func readJSON(t *testing.T, path string, v any) {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, v); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
}

func TestSearchInterruptedReportsWhatItFound(t *testing.T) {
	t.Parallel()
	runs := t.TempDir()
	ctx, cancel := context.WithTimeout(context.Background(), 8*time.Second)
	defer cancel()
	out, _, err := runCLI(t, ctx, searchArgs(runs, "lg-search-int")...)
	if err == nil || !strings.Contains(err.Error(), "interrupted") {
		t.Fatalf("err = %v, want interrupted", err)
	}
	var res struct {
		Interrupted bool `json:"interrupted"`
		Steps       []any
	}
	readJSON(t, filepath.Join(runs, "lg-search-int", "search.json"), &res)
	if !res.Interrupted || len(res.Steps) == 0 || !strings.Contains(out, "search ended: interrupted") {
		t.Fatalf("interrupted %v, %d steps, output:\n%s", res.Interrupted, len(res.Steps), out)
	}
}

func TestSearchBadInput(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"rate is the search's", []string{"--rate", "10/min"}, "--rate: loadgen search sets the arrival rate"},
		{"bad slo", []string{"--slo", "nope<1"}, "--slo"},
		{"zero from", []string{"--from", "0"}, "--from"},
		{"growth", []string{"--growth", "1"}, "--growth 1"},
		{"precision", []string{"--precision", "1.5"}, "--precision 1.5"},
		{"budget without cost", []string{"--budget-usd", "5"}, "--cost-per-job-usd"},
		{"warm-up needed off the local target", []string{"--endpoint", "http://127.0.0.1:1", "--virtual-clusters", "vc0000000000000000000001", "--execution-role-arn", "arn:aws:iam::123456789012:role/x", "--region", "us-east-1"}, "--step-warmup is required"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, _, err := runCLI(t, context.Background(), append([]string{"search", "--runs-dir", t.TempDir()}, tt.args...)...)
			if err == nil || !strings.Contains(err.Error(), tt.want) || ExitCode(err, io.Discard) != 2 {
				t.Fatalf("err = %v (exit %d), want exit 2 naming %q", err, ExitCode(err, io.Discard), tt.want)
			}
		})
	}
}

// TestSearchIsOneSessionThatStopCleansUp: jobs of every step carry the
// session id, so `loadgen stop` finds and cancels them all.
func TestSearchIsOneSessionThatStopCleansUp(t *testing.T) {
	t.Parallel()
	srv, url := server(t, localemr.Config{Capacity: 5, RunTime: dist(t, "1h-1h")}) // 5 slots, jobs never end
	runs := t.TempDir()
	args := append([]string{"search"}, endpointArgs(url, runs, "lg-search-stop")...)
	args = append(args, "--from", "300/min", "--track-interval", "50ms", "--step-warmup", "300ms", "--step-window", "1s",
		"--step-settle", "200ms", "--max-steps", "3")
	out, errOut, err := runCLI(t, t.Context(), args...)
	if err != nil {
		t.Fatalf("search: %v\n%s\n%s", err, out, errOut)
	}
	if !strings.Contains(errOut, "loadgen stop --session lg-search-stop") {
		t.Errorf("no stop command for the live jobs:\n%s", errOut)
	}
	truth := srv.Truth()
	if len(truth) < 10 {
		t.Fatalf("%d jobs submitted over the steps, want more", len(truth))
	}
	stop, _, err := runCLI(t, t.Context(), "stop", "--session", "lg-search-stop", "--endpoint", url, "--runs-dir", runs, "--region", "us-east-1", "--wait", "30s")
	if err != nil {
		t.Fatalf("stop: %v\n%s", err, stop)
	}
	for _, j := range srv.Truth() {
		if j.State != "CANCELLED" {
			t.Errorf("job %s (%s) is %s after stop", j.ID, j.Name, j.State)
		}
	}
}
