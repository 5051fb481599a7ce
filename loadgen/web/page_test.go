package web

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/emr-eks-loadtest/emr-eks-loadtest/loadgen/job"
	"github.com/emr-eks-loadtest/emr-eks-loadtest/loadgen/journal"
)

// TestPageInChromiumRendersAFedRun drives the page with a synthetic record
// stream: the page logic alone (the real local-target run is in
// TestPageInChromiumDuringALocalRun).
func TestPageInChromiumRendersAFedRun(t *testing.T) {
	b := NewBrowser(t)
	l := NewLive(nil)
	s := startServer(t, l, Options{Tick: 200 * time.Millisecond})
	now := time.Now()
	l.Observe(journal.Record{Ev: journal.EvSession, T: now, Session: "page", Target: "local", Plan: map[string]string{"rate": "10/s"}})
	stop := make(chan struct{})
	done := make(chan struct{})
	go func() {
		defer close(done)
		for i := 0; ; i++ {
			select {
			case <-stop:
				return
			case <-time.After(50 * time.Millisecond):
			}
			key := fmt.Sprint(i)
			l.Observe(journal.Record{Ev: journal.EvIntent, T: time.Now(), Key: key, Sched: time.Now(), Name: "page-" + key, NS: "ns"})
			out := job.OutcomeAccepted
			if i%7 == 3 {
				out = job.OutcomeThrottled
			}
			l.Observe(journal.Record{Ev: journal.EvResult, T: time.Now(), Key: key, Outcome: out, ID: "id" + key})
		}
	}()
	defer func() { close(stop); <-done }()
	b.Run(t, chromedp.Navigate(s.URL()), chromedp.WaitVisible(chromedp.CSS("#submitted")))
	first := waitNumberAbove(t, b, "#submitted", 0)
	second := waitNumberAbove(t, b, "#submitted", first)
	t.Logf("submitted %d then %d", first, second)
	b.Run(t, chromedp.WaitVisible(chromedp.CSS("#chart-rate polyline")))
	b.Screenshot(t, "loadgen-live-fed.png")
	if errs := b.Errors(); len(errs) > 0 {
		t.Errorf("page reported errors: %v", errs)
	}
}

// waitNumberAbove polls the page's element until its number exceeds n.
func waitNumberAbove(t *testing.T, b *Browser, sel string, n int) int {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
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

// TestBrowserCatchesPageErrors proves the error collection above can fail:
// a console.error, an exception and a CSP-blocked external script are all reported.
func TestBrowserCatchesPageErrors(t *testing.T) {
	b := NewBrowser(t)
	srv := httptest.NewServer(securityHeaders(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/bad.js":
			w.Header().Set("Content-Type", "text/javascript")
			fmt.Fprint(w, `console.error("boom"); undefinedFunction();`)
		default:
			fmt.Fprint(w, `<!doctype html><html><head><link rel="icon" href="data:,"><script src="/bad.js"></script>`+
				`<script src="http://cdn.invalid/x.js"></script></head><body><p id="p">x</p></body></html>`)
		}
	})))
	defer srv.Close()
	b.Run(t, chromedp.Navigate(srv.URL), chromedp.WaitVisible(chromedp.CSS("#p")))
	deadline := time.Now().Add(5 * time.Second)
	for len(b.Errors()) < 3 && time.Now().Before(deadline) {
		time.Sleep(100 * time.Millisecond)
	}
	errs := strings.Join(b.Errors(), "\n")
	for _, want := range []string{"boom", "undefinedFunction", "cdn.invalid"} {
		if !strings.Contains(errs, want) {
			t.Errorf("errors lack %q:\n%s", want, errs)
		}
	}
}
