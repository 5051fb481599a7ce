package threshold_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/emr-eks-loadtest/emr-eks-loadtest/loadgen/stats"
	"github.com/emr-eks-loadtest/emr-eks-loadtest/loadgen/stats/statstest"
	"github.com/emr-eks-loadtest/emr-eks-loadtest/loadgen/threshold"
)

func TestParse(t *testing.T) {
	t.Parallel()
	tests := []struct {
		expr   string
		metric string
		op     string
		kind   threshold.Kind
		limit  float64
	}{
		{"submit_p99<2s", "submit_p99", "<", threshold.Duration, 2},
		{" time_to_running_p95 <= 120s ", "time_to_running_p95", "<=", threshold.Duration, 120},
		{"schedule_lag_p99.9<5ms", "schedule_lag_p99.9", "<", threshold.Duration, 0.005},
		{"run_time_max<1h", "run_time_max", "<", threshold.Duration, 3600},
		{"failed_ratio<0.01", "failed_ratio", "<", threshold.Ratio, 0.01},
		{"error_ratio<=5%", "error_ratio", "<=", threshold.Ratio, 0.05},
		{"achieved_rate>=140/min", "achieved_rate", ">=", threshold.Rate, 140},
		{"accepted_rate>2.5/s", "accepted_rate", ">", threshold.Rate, 150},
		{"target_rate>=140", "target_rate", ">=", threshold.Rate, 140},
		{"completed>100", "completed", ">", threshold.Count, 100},
	}
	for _, tt := range tests {
		t.Run(tt.expr, func(t *testing.T) {
			t.Parallel()
			got, err := threshold.Parse(tt.expr)
			if err != nil {
				t.Fatal(err)
			}
			if got.Metric != tt.metric || got.Op != tt.op || got.Kind != tt.kind || got.Limit != tt.limit || got.Expr != tt.expr {
				t.Errorf("Parse(%q) = %+v", tt.expr, got)
			}
		})
	}
}

func TestParseErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		expr string
		want []string // substrings of the error
	}{
		{"submit_p99", []string{`"submit_p99"`, "no comparison operator", "< <= > >="}},
		{"submit_p99==2s", []string{`operator "=="`, "< <= > >="}},
		{"submit_p99!=2s", []string{`operator "!="`}},
		{"submit_p99=>2s", []string{`operator "=>"`}},
		{"submit_p99<2", []string{"duration with a unit", "ms, s, m"}},
		{"submit_p99<-2s", []string{"non-negative duration"}},
		{"submit_p0<2s", []string{"unknown metric", "valid metrics:", "failed_ratio", "submit_pNN"}},
		{"submit_p101<2s", []string{"unknown metric"}},
		{"submit_p0x1p2<2s", []string{"unknown metric"}},
		{"latency_p99<2s", []string{`unknown metric "latency_p99"`, "time_to_running_pNN"}},
		{"failed_ratio<2", []string{"fraction in [0,1]"}},
		{"failed_ratio<NaN", []string{"fraction"}},
		{"achieved_rate>150/day", []string{"/s, /min or /h"}},
		{"jobs>Inf", []string{"number of jobs"}},
		{"<2s", []string{`unknown metric ""`}},
	}
	for _, tt := range tests {
		t.Run(tt.expr, func(t *testing.T) {
			t.Parallel()
			_, err := threshold.ParseAll([]string{"submit_p99<2s", tt.expr})
			if !errors.Is(err, threshold.ErrUsage) {
				t.Fatalf("err = %v, want ErrUsage", err)
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q lacks %q", err, w)
				}
			}
		})
	}
}

func TestParseAllReportsEveryBadExpression(t *testing.T) {
	t.Parallel()
	_, err := threshold.ParseAll([]string{"a<1", "submit_p99<2s", "b>2"})
	if err == nil || !strings.Contains(err.Error(), `"a<1"`) || !strings.Contains(err.Error(), `"b>2"`) {
		t.Fatalf("err = %v, want both bad expressions named", err)
	}
}

func TestEvaluate(t *testing.T) {
	t.Parallel()
	s := stats.Summarize(statstest.Run(2000)) // submit latency 20-69 ms, every 25th accepted job FAILED
	empty := stats.Summarize(stats.Run{})
	tests := []struct {
		expr     string
		s        stats.Summary
		breached bool
		noData   bool
	}{
		{"submit_p99<100ms", s, false, false},
		{"submit_p99<50ms", s, true, false},
		{"submit_max<=70ms", s, false, false},
		{"submit_p50>=40ms", s, false, false},
		{"failed_ratio<0.01", s, true, false},
		{"failed_ratio<0.1", s, false, false},
		{"dropped_ratio<=0.011", s, false, false},
		{"achieved_rate>80/min", s, false, false},
		{"jobs>=2000", s, false, false},
		{"submit_p99<2s", empty, true, true},
		{"failed_ratio<0.5", empty, true, true},
		{"achieved_rate>=0", empty, true, true},
		{"jobs>=0", empty, false, false},
	}
	for _, tt := range tests {
		t.Run(tt.expr, func(t *testing.T) {
			t.Parallel()
			ts, err := threshold.ParseAll([]string{tt.expr})
			if err != nil {
				t.Fatal(err)
			}
			r := threshold.Evaluate(ts, tt.s)[0]
			if r.Breached != tt.breached || r.NoData != tt.noData {
				t.Errorf("%s: %s (value %v), want breached=%v noData=%v", tt.expr, r, r.Value, tt.breached, tt.noData)
			}
		})
	}
}

func TestEvaluateValueUnits(t *testing.T) {
	t.Parallel()
	s := stats.Summarize(statstest.Run(2000))
	ts, err := threshold.ParseAll([]string{"submit_max<1s", "achieved_rate>1"})
	if err != nil {
		t.Fatal(err)
	}
	rs := threshold.Evaluate(ts, s)
	if want := s.Latency[stats.LatSubmit].Max.Seconds(); rs[0].Value != want {
		t.Errorf("submit_max value = %v, want %v seconds", rs[0].Value, want)
	}
	if rs[1].Value != s.Rates.AchievedPerMin || threshold.Breached(rs) {
		t.Errorf("achieved_rate = %v, want %v; breached %v", rs[1].Value, s.Rates.AchievedPerMin, threshold.Breached(rs))
	}
	if got := rs[0].String(); !strings.Contains(got, "submit_max = 69.055ms (want < 1s): ok") {
		t.Errorf("String() = %q", got)
	}
}

func FuzzParse(f *testing.F) {
	for _, s := range []string{"submit_p99<2s", "failed_ratio<0.01", "time_to_running_p95<120s", "achieved_rate>=2.5/s",
		"error_ratio<=5%", "jobs>1e3", "run_time_p99.99>1h2m", "x", "<", "a<=<", "submit_p1e1<1s"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, expr string) {
		th, err := threshold.Parse(expr)
		if err != nil {
			if !errors.Is(err, threshold.ErrUsage) {
				t.Fatalf("error does not wrap ErrUsage: %v", err)
			}
			return
		}
		again, err := threshold.Parse(th.String())
		if err != nil {
			t.Fatalf("canonical form %q of %q does not parse: %v", th.String(), expr, err)
		}
		if again.Metric != th.Metric || again.Op != th.Op || again.Kind != th.Kind {
			t.Fatalf("round trip %q -> %+v -> %+v", expr, th, again)
		}
		_ = threshold.Evaluate([]threshold.Threshold{th}, stats.Summary{})
	})
}
