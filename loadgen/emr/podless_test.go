package emr

import (
	"slices"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/emrcontainers/types"
)

// A job run that ends before EMR creates its driver pod is found within
// about PodlessAfter plus FullMin by the pod mode, not at the 30 min safety
// net, with one narrow ListJobRuns on its virtual cluster; jobs whose pods
// the watch saw cost nothing.
func TestPodModeFindsJobsThatEndWithoutAPod(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		api, start := &fakeRuns{}, time.Now()
		var mu sync.Mutex
		var changes []Change
		tr := NewTracker(api, TrackerConfig{Start: start, Pods: &PodConfig{}}, func(c Change) {
			mu.Lock()
			defer mu.Unlock()
			changes = append(changes, c)
		})
		tr.pods = &podWatch{}               // the informers' events are fed below
		tr.nextFull = start.Add(tr.podFull) // as Start sets it
		api.add("with-pod", "vc-a", start, types.JobRunStateRunning)
		tr.Add("with-pod", "vc-a", start)
		tr.onPod(podView{id: "with-pod", created: start, running: true}, time.Now())
		api.add("no-pod", "vc-b", start, types.JobRunStatePending)
		tr.Add("no-pod", "vc-b", start)
		api.set("no-pod", types.JobRunStateFailed) // rejected before any pod existed

		stop := runTracker(tr)
		defer stop()
		time.Sleep(PodlessAfter - time.Second)
		synctest.Wait()
		if n := api.callCount(); n != 0 {
			t.Fatalf("%d ListJobRuns calls before PodlessAfter, want 0", n)
		}
		time.Sleep(tr.cfg.FullMin() + 2*time.Second)
		synctest.Wait()
		mu.Lock()
		got := slices.Clone(changes)
		mu.Unlock()
		if len(got) != 2 || got[0].ID != "with-pod" || got[1].ID != "no-pod" || got[1].State != "FAILED" {
			t.Fatalf("changes %+v; want with-pod RUNNING (its pod), then no-pod FAILED", got)
		}
		if tr.Live() != 1 {
			t.Errorf("%d live, want 1 (with-pod still running)", tr.Live())
		}
		api.mu.Lock()
		calls := slices.Clone(api.calls)
		api.mu.Unlock()
		if len(calls) != 1 || aws.ToString(calls[0].VirtualClusterId) != "vc-b" || !slices.Equal(calls[0].States, startStates) {
			t.Errorf("calls %+v; want one ListJobRuns on vc-b for running and final states", calls)
		}
		// Every live job now has its pod: no more lookups until the safety net.
		n := api.callCount()
		time.Sleep(10 * time.Minute)
		synctest.Wait()
		if extra := api.callCount() - n; extra != 0 {
			t.Errorf("%d ListJobRuns calls in 10 min with every live job's pod seen, want 0", extra)
		}
	})
}
