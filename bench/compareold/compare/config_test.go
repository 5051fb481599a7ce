package compare

import (
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

func TestResultsRatiosAndMarkdown(t *testing.T) {
	t.Parallel()
	sub := func(tool string, cpu time.Duration, rate float64) Submission {
		return Submission{Tool: tool, Model: "m", Jobs: 1000, TargetRate: 50, Accepted: 1000, AchievedRate: rate,
			Usage: Usage{CPU: cpu, PeakTreeRSS: 20 << 20}}
	}
	r := Results{Config: Config{Jobs: 1000, Rate: 50, Users: 50, LiveJobs: 1000, TrackVCs: 4},
		Subs: []Submission{sub(ToolOld, 700*time.Second, 3), sub(ToolLoadgenOpen, 500*time.Millisecond, 50.2),
			sub(ToolLoadgenClose, 2*time.Second, 49)},
		Track: []Tracking{{Tool: "old", ListJobRunsPerMin: 20}, {Tool: "ours", ListJobRunsPerMin: 120}}}
	got := r.Ratios()
	want := []struct {
		value float64
		met   bool
	}{{1400, true}, {1, false}, {350, false}, {1, false}, {20.0 / 120, false}}
	for i, w := range want {
		if got[i].Value != w.value || got[i].Met != w.met {
			t.Errorf("ratio %d (%s) = %.3f met %v, want %.3f met %v", i, got[i].What, got[i].Value, got[i].Met, w.value, w.met)
		}
	}
	if rate, met := r.RateMet(); rate != 50.2 || !met {
		t.Errorf("RateMet() = %v, %v, want 50.2 within 1%%", rate, met)
	}
	var b strings.Builder
	r.WriteMarkdown(&b)
	for _, s := range []string{"| old: Locust + aws CLI | m | 1000 / 1000 | 3.00/s | 700.00 | 700.000 |",
		"CPU per job, old / loadgen open model: 1400.0 (target >= 1000: met)",
		"CPU per job, old / loadgen closed model: 350.0 (target >= 1000: MISSED)", "+0.40% (target within 1%: met)"} {
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
