package web

import (
	"encoding/json"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/emr-eks-loadtest/emr-eks-loadtest/loadgen/metrics"
)

func startServer(t *testing.T, l *Live, opts Options) *Server {
	t.Helper()
	opts.Addr = "127.0.0.1:0"
	s, err := Start(l, opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := s.Close(); err != nil {
			t.Error(err)
		}
	})
	return s
}

func get(t *testing.T, url string) (*http.Response, string) {
	t.Helper()
	res, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	return res, string(b)
}

func TestServerServesPageStateMetricsAndReports(t *testing.T) {
	t.Parallel()
	reg := prometheus.NewRegistry()
	l := NewLive(metrics.Register(reg))
	feed(l)
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "report.html"), []byte("<html>report</html>"), 0o644); err != nil {
		t.Fatal(err)
	}
	s := startServer(t, l, Options{Gatherer: reg, ReportsDir: dir, Tick: 10 * time.Millisecond})
	res, body := get(t, s.URL())
	if res.StatusCode != 200 || !strings.Contains(body, `<script src="app.js">`) ||
		!strings.Contains(res.Header.Get("Content-Security-Policy"), "default-src 'self'") {
		t.Fatalf("page: %d %q %v", res.StatusCode, body[:min(80, len(body))], res.Header)
	}
	for _, asset := range []string{"app.js", "style.css"} {
		if res, _ := get(t, s.URL()+asset); res.StatusCode != 200 {
			t.Errorf("%s: %d", asset, res.StatusCode)
		}
	}
	_, body = get(t, s.URL()+"api/state")
	var snap Snapshot
	if err := json.Unmarshal([]byte(body), &snap); err != nil || snap.Session != "s1" || snap.Counts.Accepted != 3 {
		t.Fatalf("state: %v %+v", err, snap)
	}
	_, body = get(t, s.URL()+"metrics")
	for _, name := range []string{metrics.SubmissionsTotal, metrics.RunInfo, metrics.PhaseSeconds + "_bucket"} {
		if !strings.Contains(body, name) {
			t.Errorf("/metrics lacks %s", name)
		}
	}
	if _, body = get(t, s.URL()+"reports/report.html"); body != "<html>report</html>" {
		t.Errorf("report: %q", body)
	}
}

func TestStartOnABusyPortNamesTheFlag(t *testing.T) {
	t.Parallel()
	s := startServer(t, NewLive(nil), Options{})
	addr := strings.TrimSuffix(strings.TrimPrefix(s.URL(), "http://"), "/")
	_, err := Start(NewLive(nil), Options{Addr: addr})
	if err == nil || !strings.Contains(err.Error(), "--web-addr") {
		t.Fatalf("err = %v", err)
	}
}

func TestAssetsUseNoExternalURLs(t *testing.T) {
	t.Parallel()
	for _, name := range []string{"assets/index.html", "assets/app.js", "assets/style.css"} {
		b, err := assets.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		if strings.Contains(string(b), "//cdn") || strings.Contains(string(b), "https://") {
			t.Errorf("%s references an external URL", name)
		}
	}
}
