package dashboards_test

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/emr-eks-loadtest/emr-eks-loadtest/dashboards"
	"github.com/emr-eks-loadtest/emr-eks-loadtest/loadgen/metrics"
)

// requirePrometheus returns the prometheus binary, or skips (fails under CI
// or REQUIRE_INTEGRATION=1) when it is not installed.
func requirePrometheus(t *testing.T) string {
	t.Helper()
	bin, err := exec.LookPath("prometheus")
	if err == nil {
		return bin
	}
	if os.Getenv("CI") != "" || os.Getenv("REQUIRE_INTEGRATION") == "1" {
		t.Fatalf("prometheus not installed (apt-get install -y prometheus): %v", err)
	}
	t.Skip("prometheus not installed; apt-get install -y prometheus (required under CI or REQUIRE_INTEGRATION=1)")
	return ""
}

// feed keeps every loadgen collector moving, with every label value the
// dashboard filters on, until ctx ends.
func feed(ctx context.Context, m *metrics.Metrics) {
	m.SetRunInfo("it-session", metrics.TargetLocal, metrics.ModelOpen)
	tick := time.NewTicker(50 * time.Millisecond)
	defer tick.Stop()
	for i := 0; ; i++ {
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		}
		ns := "emr-job-" + strconv.Itoa(i%2)
		for _, r := range metrics.ResultClasses {
			m.Submissions.WithLabelValues(metrics.TargetLocal, ns, r).Inc()
			m.SubmitLatency.WithLabelValues(metrics.TargetLocal, ns, r).Observe(0.01 * float64(1+i%50))
		}
		for _, p := range metrics.Phases {
			m.Phase.WithLabelValues(metrics.TargetLocal, ns, p).Observe(float64(1 + i%600))
		}
		for j, s := range metrics.States {
			m.Jobs.WithLabelValues(metrics.TargetLocal, s).Set(float64(j + i%7))
		}
		for _, s := range metrics.FinalStates {
			m.Finished.WithLabelValues(metrics.TargetLocal, ns, s).Inc()
		}
		m.Dropped.WithLabelValues(metrics.TargetLocal).Inc()
		m.IDConflicts.WithLabelValues(metrics.TargetLocal).Inc()
		m.Users.Set(float64(10 + i%5))
		m.TargetRate.Set(2)
		m.AchievedRate.Set(1.9)
		m.ScheduleLag.Set(0.005 * float64(1+i%3))
	}
}

func freePort(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().String()
}

func startPrometheus(t *testing.T, bin, target string) string {
	t.Helper()
	dir := t.TempDir()
	cfg := fmt.Sprintf("global:\n  scrape_interval: 1s\n  evaluation_interval: 1s\nscrape_configs:\n- job_name: loadgen\n  static_configs:\n  - targets: [%q]\n", target)
	cfgPath := filepath.Join(dir, "prometheus.yml")
	if err := os.WriteFile(cfgPath, []byte(cfg), 0o644); err != nil {
		t.Fatal(err)
	}
	addr := freePort(t)
	cmd := exec.Command(bin, "--config.file="+cfgPath, "--storage.tsdb.path="+filepath.Join(dir, "data"),
		"--web.listen-address="+addr, "--log.level=warn")
	cmd.Stdout, cmd.Stderr = os.Stderr, os.Stderr
	if err := cmd.Start(); err != nil {
		t.Fatalf("starting prometheus: %v", err)
	}
	t.Cleanup(func() {
		_ = cmd.Process.Kill()
		_ = cmd.Wait()
	})
	return "http://" + addr
}

type queryResult struct {
	Status string `json:"status"`
	Error  string `json:"error"`
	Data   struct {
		ResultType string `json:"resultType"`
		Result     []struct {
			Metric map[string]string `json:"metric"`
			Value  [2]any            `json:"value"`
		} `json:"result"`
	} `json:"data"`
}

func instantQuery(base, expr string) (queryResult, error) {
	var r queryResult
	resp, err := http.Get(base + "/api/v1/query?query=" + url.QueryEscape(expr))
	if err != nil {
		return r, err
	}
	defer resp.Body.Close()
	if err := json.NewDecoder(resp.Body).Decode(&r); err != nil {
		return r, err
	}
	if r.Status != "success" {
		return r, fmt.Errorf("query failed: %s", r.Error)
	}
	return r, nil
}

// hasData is true when the result has at least one sample that is a
// number (histogram_quantile over empty buckets gives NaN: not data).
func hasData(r queryResult) bool {
	for _, s := range r.Data.Result {
		v, err := strconv.ParseFloat(fmt.Sprint(s.Value[1]), 64)
		if err == nil && !math.IsNaN(v) && !math.IsInf(v, 0) {
			return true
		}
	}
	return false
}

func TestLoadgenQueriesReturnDataFromRealPrometheus(t *testing.T) {
	bin := requirePrometheus(t)
	reg := prometheus.NewRegistry()
	m := metrics.Register(reg)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go feed(ctx, m)
	srv := httptest.NewServer(promhttp.HandlerFor(reg, promhttp.HandlerOpts{}))
	defer srv.Close()
	base := startPrometheus(t, bin, srv.Listener.Addr().String())

	var lg dashboards.Dashboard
	for _, d := range all(t) {
		if d.Name == "loadgen" {
			lg = d
		}
	}
	qs, err := lg.Queries()
	if err != nil {
		t.Fatal(err)
	}
	// rate() needs two samples inside the window: 10 s covers ten scrapes.
	vars := map[string]string{"__rate_interval": "10s"}
	pending := map[string]dashboards.Query{}
	for _, q := range qs {
		if q.Variable {
			q.Expr = "count(" + q.Expr + ")"
		}
		pending[dashboards.Substitute(q.Expr, vars)] = q
	}
	deadline := time.Now().Add(45 * time.Second)
	for len(pending) > 0 && time.Now().Before(deadline) {
		time.Sleep(time.Second)
		for expr := range pending {
			if r, err := instantQuery(base, expr); err == nil && hasData(r) {
				delete(pending, expr)
			}
		}
	}
	for expr, q := range pending {
		r, err := instantQuery(base, expr)
		t.Errorf("%s returns no data from a real Prometheus (err %v, %d series)\n  %s", q.Where, err, len(r.Data.Result), expr)
	}
}
