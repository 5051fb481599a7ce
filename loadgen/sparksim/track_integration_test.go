package sparksim_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/emr-eks-loadtest/emr-eks-loadtest/loadgen/emr"
)

// The load generator's EMR tracker, in pod-watch mode and unchanged, tracks
// a job of the pod-backed endpoint from submission to COMPLETED by its
// driver pod, with the times the pod gives.
func TestLoadgenPodWatchTracksPodBackedJob(t *testing.T) {
	e := startEMR(t, 2*time.Second)
	api, err := emr.NewClient(t.Context(), emr.ClientConfig{Region: "us-east-1", Endpoint: e.url, RetryMode: emr.RetryStandard})
	if err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	var changes []emr.Change
	tr := emr.NewTracker(api, emr.TrackerConfig{Start: time.Now(), Interval: 100 * time.Millisecond,
		Pods: &emr.PodConfig{Rest: shared.Config(), Namespaces: []string{e.ns}, Required: true, FinishDelay: 100 * time.Millisecond}},
		func(c emr.Change) { mu.Lock(); changes = append(changes, c); mu.Unlock() })
	ctx, cancel := context.WithCancel(context.Background())
	if err := tr.Start(ctx); err != nil {
		cancel()
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	wg.Go(func() { tr.Run(ctx) })
	t.Cleanup(func() { cancel(); wg.Wait() })
	if m := tr.Method(); m != emr.MethodPodWatch {
		t.Fatalf("tracker method %q, want %q", m, emr.MethodPodWatch)
	}
	id := e.start(t, "tracked", placed)
	tr.Add(id, e.vc, time.Now())
	waitFor(t, "the tracker to see the job final", func() bool { return tr.Live() == 0 })
	mu.Lock()
	defer mu.Unlock()
	last := changes[len(changes)-1]
	if last.ID != id || last.State != "COMPLETED" {
		t.Fatalf("last change %+v, want job %s COMPLETED", last, id)
	}
	if last.Started.IsZero() || last.Finished.Before(last.Started) || last.Started.Before(last.Created.Truncate(time.Second)) {
		t.Errorf("times created %v started %v finished %v: want created <= started <= finished", last.Created, last.Started, last.Finished)
	}
	seen := map[string]bool{}
	for _, c := range changes {
		seen[c.State] = true
	}
	if !seen["RUNNING"] {
		t.Errorf("states seen %v: the tracker never saw the job RUNNING", seen)
	}
}
