package compare

import (
	"encoding/json"
	"fmt"
	"os"
	"time"
)

// locustStats is what the reconstructed locustfile writes on quitting (BENCH_STATS_JSON):
// Locust's own statistics of the submission script.
type locustStats struct {
	Requests int     `json:"requests"`
	Failures int     `json:"failures"`
	P50      float64 `json:"p50_ms"`
	P99      float64 `json:"p99_ms"`
}

// locustLatency reads Locust's p50/p99 of the submission script and checks it ran jobs times.
func locustLatency(path string, jobs int) (p50, p99 time.Duration, err error) {
	var st locustStats
	if err := readJSON(path, &st); err != nil {
		return 0, 0, fmt.Errorf("locust statistics: %w", err)
	}
	if st.Requests != jobs || st.Failures != 0 {
		return 0, 0, fmt.Errorf("locust statistics %s: %d submissions, %d failed; want %d, none failed", path, st.Requests, st.Failures, jobs)
	}
	return ms(st.P50), ms(st.P99), nil
}

// loadgenReport is the part of loadgen's report.json read here.
type loadgenReport struct {
	LatencyMs map[string]struct {
		Count int64   `json:"count"`
		P50   float64 `json:"p50"`
		P99   float64 `json:"p99"`
	} `json:"latency_ms"`
}

// loadgenLatency reads loadgen's reported submit p50/p99.
func loadgenLatency(path string) (p50, p99 time.Duration, err error) {
	var r loadgenReport
	if err := readJSON(path, &r); err != nil {
		return 0, 0, fmt.Errorf("loadgen report: %w", err)
	}
	s, ok := r.LatencyMs["submit"]
	if !ok || s.Count == 0 {
		return 0, 0, fmt.Errorf("loadgen report %s: no submit latency", path)
	}
	return ms(s.P50), ms(s.P99), nil
}

func readJSON(path string, v any) error {
	b, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	if err := json.Unmarshal(b, v); err != nil {
		return fmt.Errorf("decoding %s: %w", path, err)
	}
	return nil
}
