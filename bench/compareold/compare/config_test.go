package compare

import (
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestConfigValidate(t *testing.T) {
	t.Parallel()
	ok := Config{Repo: "/r", WorkDir: "/w"}.Defaults()
	tests := []struct {
		name   string
		change func(*Config)
		want   string // "" = valid
	}{
		{"defaults", func(*Config) {}, ""},
		{"one job", func(c *Config) { c.Jobs = 1 }, "jobs: 1, want at least 2"},
		{"no rate", func(c *Config) { c.Rate = -1 }, "rate: -1"},
		{"short window", func(c *Config) { c.TrackWindow = time.Second }, "track-window"},
		{"fast poll", func(c *Config) { c.PollInterval = time.Millisecond }, "poll-interval"},
		{"pod window shorter than its interval", func(c *Config) { c.PodWindow = time.Minute }, "pod-window: 1m0s, want at least --pod-full-interval (30m0s)"},
		{"fast safety net", func(c *Config) { c.PodFullInterval, c.PodWindow = time.Millisecond, time.Second }, "pod-full-interval"},
		{"no users", func(c *Config) { c.Users = -2 }, "users: -2"},
		{"no dirs", func(c *Config) { c.Repo = "" }, "repo and work dir"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			c := ok
			tc.change(&c)
			err := c.Validate()
			if tc.want == "" && err != nil || tc.want != "" && (err == nil || !strings.Contains(err.Error(), tc.want)) {
				t.Errorf("Validate() = %v, want %q", err, tc.want)
			}
		})
	}
}

func TestThinkReachesTheRate(t *testing.T) {
	t.Parallel()
	lo, hi := Config{Users: 50, Rate: 50}.Think()
	if lo != 800*time.Millisecond || hi != 1200*time.Millisecond {
		t.Errorf("Think() = %s-%s, want 800ms-1.2s (mean users/rate, ±20%% like 20-30 s)", lo, hi)
	}
}

// sampleResults is a full run's results with round numbers.
func sampleResults() Results {
	sub := func(tool string, cpu time.Duration, rate float64) Submission {
		return Submission{Tool: tool, Model: "m", Jobs: 1000, TargetRate: 50, Accepted: 1000, AchievedRate: rate,
			Usage: Usage{CPU: cpu, PeakTreeRSS: 20 << 20}}
	}
	floorSub := func(tool string, cpu time.Duration) Submission {
		s := sub(tool, cpu, 50)
		s.Floor = true
		return s
	}
	return Results{Config: Config{Jobs: 1000, Rate: 50, Users: 50, LiveJobs: 1000, TrackVCs: 4},
		Subs: []Submission{sub(ToolOld, 700*time.Second, 3), sub(ToolLoadgenOpen, 500*time.Millisecond, 50.2),
			sub(ToolLoadgenClose, 2*time.Second, 49), floorSub(ToolFloorHTTP, 250*time.Millisecond), floorSub(ToolFloorSDK, 350*time.Millisecond)},
		Track: []Tracking{{Tool: ToolTrackOld, ListJobRunsPerMin: 20, Window: 2 * time.Minute},
			{Tool: ToolTrackPoll, ListJobRunsPerMin: 0.8, Window: 10 * time.Minute},
			{Tool: ToolTrackPods, ListJobRunsPerMin: 0.125, Window: 32 * time.Minute, Kube: &KubeRequests{List: 0, Watch: 16, OpenWatches: 4}}}}
}

func TestResultsRatiosAndMarkdown(t *testing.T) {
	t.Parallel()
	r := sampleResults()
	want := []struct {
		value  float64
		target bool
		met    bool
	}{
		{1400, true, true}, {1, false, false}, // open
		{350, true, false}, {1, false, false}, // closed
		{2800, false, false}, {2000, false, false}, // old / floors: no target
		{2, false, false}, {500.0 / 350, false, false}, // loadgen open / floors
		{25, false, false}, {160, true, true}, // tracking: poll (no target), pod watch
	}
	got := r.Ratios()
	if len(got) != len(want) {
		t.Fatalf("Ratios() = %d lines, want %d: %+v", len(got), len(want), got)
	}
	for i, w := range want {
		if math.Abs(got[i].Value-w.value) > 1e-9 || (got[i].Target != "") != w.target || got[i].Met != w.met {
			t.Errorf("ratio %d (%s) = %.3f target %q met %v, want %.3f target %v met %v", i, got[i].What, got[i].Value, got[i].Target, got[i].Met, w.value, w.target, w.met)
		}
	}
	if rate, met := r.RateMet(); rate != 50.2 || !met {
		t.Errorf("RateMet() = %v, %v, want 50.2 within 1%%", rate, met)
	}
	var b strings.Builder
	r.WriteMarkdown(&b)
	for _, s := range []string{"| old: Locust + aws CLI | m | 1000 / 1000 | 3.00/s | 700.00 | 700.000 |",
		"| floor: bare HTTP POST (net/http) | m | 1000 / 1000 | 50.00/s | 0.25 | 0.250 |",
		"CPU per job, old / loadgen open model: 1400.0 (target >= 1000: met)",
		"CPU per job, old / loadgen closed model: 350.0 (target >= 1000: MISSED)",
		"- CPU per job, old / floor: bare HTTP POST (net/http): 2800.0\n",
		"- CPU per job, loadgen open model / floor: aws-sdk-go-v2 StartJobRun: 1.429\n",
		"+0.40% (target within 1%: met)",
		"| old state poll |  | 0 | 20.000 | 0.00 | n/a (no Kubernetes API) |",
		"| loadgen pod watch |  | 0 | 0.125 | 0.00 | 0.50 |",
		"old / loadgen ListJobRuns poll (the fallback outside a cluster; the target is the pod watch's): 25.0\n",
		"old / loadgen pod watch: 160.0 (target >= 100: met)"} {
		if !strings.Contains(b.String(), s) {
			t.Errorf("markdown lacks %q:\n%s", s, b.String())
		}
	}
}

func TestParseToolLatencies(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	write := func(name, body string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	p50, p99, err := locustLatency(write("l.json", `{"requests": 10, "failures": 0, "p50_ms": 1200, "p99_ms": 5400}`), 10)
	if err != nil || p50 != 1200*time.Millisecond || p99 != 5400*time.Millisecond {
		t.Errorf("locustLatency = %s, %s, %v", p50, p99, err)
	}
	if _, _, err := locustLatency(write("bad.json", `{"requests": 9, "failures": 1}`), 10); err == nil || !strings.Contains(err.Error(), "9 submissions, 1 failed") {
		t.Errorf("short Locust run: err = %v, want it named", err)
	}
	p50, p99, err = loadgenLatency(write("r.json", `{"latency_ms": {"submit": {"count": 3, "p50": 1.5, "p99": 2}}}`))
	if err != nil || p50 != 1500*time.Microsecond || p99 != 2*time.Millisecond {
		t.Errorf("loadgenLatency = %s, %s, %v", p50, p99, err)
	}
	if _, _, err := loadgenLatency(write("e.json", `{"latency_ms": {}}`)); err == nil {
		t.Error("loadgen report without submit latency: want an error")
	}
}
