package emr

import (
	"context"
	"maps"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"k8s.io/client-go/rest"
)

// A watch that cannot list the namespace's pods (RBAC forbids it, or no
// API server answers) falls back to ListJobRuns polls with one warning, or
// fails Start naming the flag when the watch is required.
func TestPodWatchFallback(t *testing.T) {
	t.Parallel()
	forbidden := func(e *podEnv) *rest.Config {
		rc := e.cp.Config()
		rc.Impersonate = rest.ImpersonationConfig{UserName: "loadgen-without-rbac"}
		return rc
	}
	closed := func(*podEnv) *rest.Config { return &rest.Config{Host: "https://127.0.0.1:1"} }
	tests := []struct {
		name     string
		rest     func(*podEnv) *rest.Config
		required bool
		want     string
	}{
		{"forbidden, auto", forbidden, false, "forbidden"},
		{"forbidden, on", forbidden, true, "forbidden"},
		{"no API server, auto", closed, false, "connection refused"},
		{"no API server, on", closed, true, "connection refused"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			var warnings []string
			pc := &PodConfig{Rest: &rest.Config{}, Required: tc.required, SyncTimeout: 10 * time.Second,
				Warn: func(s string) { warnings = append(warnings, s) }}
			e := newPodEnv(t, 1, TrackerConfig{Interval: 20 * time.Millisecond, Pods: pc})
			pc.Rest, pc.Namespaces = tc.rest(e), slices.Collect(maps.Values(e.vcs))
			err := e.tr.Start(t.Context())
			if tc.required {
				if err == nil || !strings.Contains(err.Error(), "--track-pods on") || !strings.Contains(err.Error(), tc.want) {
					t.Fatalf("Start = %v, want an error naming --track-pods on and %q", err, tc.want)
				}
				return
			}
			if err != nil || len(warnings) != 1 || !strings.Contains(warnings[0], tc.want) || e.tr.Method() != MethodPoll {
				t.Fatalf("Start = %v, warnings %q, method %q; want one warning about %q and %s", err, warnings, e.tr.Method(), tc.want, MethodPoll)
			}
			pollsWithoutPods(t, e)
		})
	}
}

// pollsWithoutPods: after a fallback, start scans see a job run RUNNING.
func pollsWithoutPods(t *testing.T, e *podEnv) {
	t.Helper()
	ctx, cancel := context.WithCancel(t.Context())
	var wg sync.WaitGroup
	wg.Go(func() { e.tr.Run(ctx) })
	defer func() { cancel(); wg.Wait() }()
	vc := e.vcIDs()[0]
	id := e.submit(t, vc, 0)
	e.tr.Add(id, vc, e.sentAt(id))
	waitFor(t, "RUNNING by polls", func() bool { return e.tr.Counts()["RUNNING"] == 1 })
	if e.tr.Calls() == 0 {
		t.Error("RUNNING without a ListJobRuns call")
	}
}

// Pods of no tracked job are kept a bounded while: none created well
// before the session, at most maxEarlyPods, each for earlyTTL.
func TestEarlyPodsAreBounded(t *testing.T) {
	t.Parallel()
	start := time.Now()
	tr := NewTracker(nil, TrackerConfig{Start: start}, nil)
	tr.mu.Lock()
	defer tr.mu.Unlock()
	tr.remember(podView{id: "old", created: start.Add(-2 * earlyTTL), running: true}, start)
	for i := range maxEarlyPods + 10 {
		tr.remember(podView{id: jobID(i), created: start, running: true}, start)
	}
	if _, old := tr.early["old"]; old || len(tr.early) != maxEarlyPods {
		t.Fatalf("%d early pods (old one kept: %v), want %d without it", len(tr.early), old, maxEarlyPods)
	}
	later := start.Add(earlyTTL + time.Second)
	tr.remember(podView{id: "new", created: later, running: true}, later)
	if _, ok := tr.early["new"]; !ok || len(tr.early) != 1 {
		t.Fatalf("%d early pods after earlyTTL, want only the new one", len(tr.early))
	}
}
