package web_test

import (
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/emr-eks-loadtest/emr-eks-loadtest/loadgen/cli"
	"github.com/emr-eks-loadtest/emr-eks-loadtest/loadgen/web"
)

// startLocalRun runs `loadgen run` in-process against the local target with
// its live page on a free port, and returns the page's address. The model
// is fast (jobs finish in seconds) and its one-job queues shed load (queue
// full), so accepted and refused calls and every phase show up.
func startLocalRun(t *testing.T, duration string) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	args := []string{"--rate", "10/s", "--duration", duration, "--runs-dir", t.TempDir(), "--web-addr", addr,
		"--local-queue-delay", "100ms-500ms", "--local-start-latency", "200ms-1s", "--local-run-time", "1s-3s",
		"--local-queue-limit", "1", "--track-interval", "500ms", "--track-after", "30s"}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		done <- cli.Main(ctx, args, cli.Env{Stdout: io.Discard, Stderr: io.Discard,
			Getenv: func(string) string { return "" }})
	}()
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil && !errors.Is(err, cli.ErrInterrupted) { // canceled: exit 3
			t.Errorf("loadgen run: %v", err)
		}
	})
	url := "http://" + addr + "/"
	deadline := time.Now().Add(30 * time.Second)
	for {
		if res, err := http.Get(url + "api/state"); err == nil {
			res.Body.Close()
			return url
		}
		if time.Now().After(deadline) {
			t.Fatal("the run's live page never answered")
		}
		time.Sleep(100 * time.Millisecond)
	}
}

func TestPageInChromiumDuringALocalRun(t *testing.T) {
	b := web.NewBrowser(t)
	url := startLocalRun(t, "20s")
	b.Run(t, chromedp.Navigate(url), chromedp.WaitVisible(chromedp.CSS("#submitted")))
	first := waitAbove(t, b, "#submitted", 0)
	second := waitAbove(t, b, "#submitted", first)
	t.Logf("submitted %d, then %d", first, second)
	b.Run(t, chromedp.WaitVisible(chromedp.CSS("#chart-rate polyline")))
	time.Sleep(2 * time.Second) // let the in-flight table and percentiles fill
	b.Screenshot(t, "loadgen-live-local-run.png")
	if errs := b.Errors(); len(errs) > 0 {
		t.Errorf("page reported errors:\n%s", strings.Join(errs, "\n"))
	}
}

func waitAbove(t *testing.T, b *web.Browser, sel string, n int) int {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for {
		if v := b.Number(t, sel); v > n {
			return v
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s stayed at or below %d", sel, n)
		}
		time.Sleep(300 * time.Millisecond)
	}
}

// TestPrometheusScrapesARunAndEveryDashboardQueryHasData points a real
// Prometheus at a running load generator's /metrics and evaluates every
// query of dashboards/loadgen.json.
func TestPrometheusScrapesARunAndEveryDashboardQueryHasData(t *testing.T) {
	url := startLocalRun(t, "40s")
	prom := web.StartPrometheus(t, strings.TrimSuffix(strings.TrimPrefix(url, "http://"), "/"))
	web.WaitAllQueriesReturnData(t, prom, web.LoadgenQueries(t), 120*time.Second)
}
