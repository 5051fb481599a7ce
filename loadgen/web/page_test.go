package web

import (
	"fmt"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/emr-eks-loadtest/emr-eks-loadtest/loadgen/journal"
	"github.com/emr-eks-loadtest/emr-eks-loadtest/loadgen/stats"
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
			out := stats.OutcomeAccepted
			if i%7 == 3 {
				out = stats.OutcomeThrottled
			}
			l.Observe(journal.Record{Ev: journal.EvResult, T: time.Now(), Key: key, Outcome: out, ID: "id" + key})
		}
	}()
	defer func() { close(stop); <-done }()
	b.Run(t, chromedp.Navigate(s.URL()), chromedp.WaitVisible("#submitted", chromedp.ByQuery))
	first := waitNumberAbove(t, b, "#submitted", 0)
	second := waitNumberAbove(t, b, "#submitted", first)
	t.Logf("submitted %d then %d", first, second)
	b.Run(t, chromedp.WaitVisible("#chart-rate polyline", chromedp.ByQuery))
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
