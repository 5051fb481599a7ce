package web

import (
	"context"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/emr-eks-loadtest/emr-eks-loadtest/dashboards"
)

// Prometheus is a real Prometheus server (Debian's prometheus package)
// scraping one target every second.
type Prometheus struct{ URL string }

// StartPrometheus runs prometheus scraping http://target/metrics; it is
// skipped without the binary unless CI or REQUIRE_INTEGRATION=1.
func StartPrometheus(t *testing.T, target string) *Prometheus {
	t.Helper()
	bin, err := exec.LookPath("prometheus")
	if err != nil {
		msg := "no prometheus on PATH (apt-get install -y prometheus)"
		if os.Getenv("CI") != "" || os.Getenv("REQUIRE_INTEGRATION") == "1" {
			t.Fatal(msg)
		}
		t.Skip(msg)
	}
	dir := t.TempDir()
	cfg := fmt.Sprintf("global: {scrape_interval: 1s, evaluation_interval: 1s}\nscrape_configs:\n"+
		"  - job_name: loadgen\n    static_configs: [{targets: [%q]}]\n", target)
	if err := os.WriteFile(filepath.Join(dir, "prometheus.yml"), []byte(cfg), 0o644); err != nil {
		t.Fatal(err)
	}
	addr := freeAddr(t)
	ctx, cancel := context.WithCancel(context.Background())
	cmd := exec.CommandContext(ctx, bin, "--config.file="+filepath.Join(dir, "prometheus.yml"),
		"--storage.tsdb.path="+filepath.Join(dir, "data"), "--web.listen-address="+addr)
	logf, err := os.Create(filepath.Join(dir, "prometheus.log"))
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stdout, cmd.Stderr = logf, logf
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cancel(); _ = cmd.Wait(); logf.Close() })
	p := &Prometheus{URL: "http://" + addr}
	deadline := time.Now().Add(60 * time.Second)
	for !p.ready() {
		if time.Now().After(deadline) {
			b, _ := os.ReadFile(logf.Name())
			t.Fatalf("prometheus not ready after 60 s:\n%s", b)
		}
		time.Sleep(250 * time.Millisecond)
	}
	return p
}

func freeAddr(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}

func (p *Prometheus) ready() bool {
	res, err := http.Get(p.URL + "/-/ready")
	if err != nil {
		return false
	}
	res.Body.Close()
	return res.StatusCode == http.StatusOK
}

// Query evaluates an instant query and returns the number of series.
func (p *Prometheus) Query(expr string) (int, error) {
	res, err := http.Get(p.URL + "/api/v1/query?query=" + url.QueryEscape(expr))
	if err != nil {
		return 0, err
	}
	defer res.Body.Close()
	var body struct {
		Status, Error string
		Data          struct {
			Result json.RawMessage `json:"result"`
		}
	}
	if err := json.NewDecoder(res.Body).Decode(&body); err != nil {
		return 0, err
	}
	if body.Status != "success" {
		return 0, fmt.Errorf("query %s: %s", expr, body.Error)
	}
	var series []json.RawMessage
	if err := json.Unmarshal(body.Data.Result, &series); err != nil {
		return 0, err
	}
	return len(series), nil
}

// LoadgenQueries are the loadgen dashboard's panel queries, variables
// substituted as an "All" selection with short rate windows.
func LoadgenQueries(t *testing.T) []string {
	t.Helper()
	all, err := dashboards.All()
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, d := range all {
		if d.Name != "loadgen" {
			continue
		}
		qs, err := d.Queries()
		if err != nil {
			t.Fatal(err)
		}
		for _, q := range qs {
			if !q.Variable {
				out = append(out, dashboards.Substitute(q.Expr, map[string]string{"__rate_interval": "30s"}))
			}
		}
	}
	if len(out) == 0 {
		t.Fatal("no loadgen dashboard queries found")
	}
	return out
}

// WaitAllQueriesReturnData polls until every query returns at least one
// series, and fails naming those that never did.
func WaitAllQueriesReturnData(t *testing.T, p *Prometheus, queries []string, within time.Duration) {
	t.Helper()
	deadline := time.Now().Add(within)
	for {
		var empty []string
		for _, q := range queries {
			if n, err := p.Query(q); err != nil || n == 0 {
				empty = append(empty, fmt.Sprintf("%s (%v)", q, err))
			}
		}
		if len(empty) == 0 {
			t.Logf("all %d loadgen dashboard queries return data", len(queries))
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("%d of %d dashboard queries return no data:\n%s", len(empty), len(queries), strings.Join(empty, "\n"))
		}
		time.Sleep(time.Second)
	}
}
