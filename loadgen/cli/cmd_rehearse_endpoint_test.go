package cli

import (
	"bytes"
	"context"
	"io"
	"runtime"
	"strings"
	"testing"
	"time"

	"k8s.io/client-go/kubernetes/fake"

	"github.com/emr-eks-loadtest/emr-eks-loadtest/loadgen/localemr"
)

// endpointGoroutines counts the goroutines of the rehearsal endpoint's
// parts: the pod backend (its writers and driver-pod informer), the
// Spark simulator and client-go's informer machinery they start.
func endpointGoroutines() (int, string) {
	buf := make([]byte, 1<<20)
	buf = buf[:runtime.Stack(buf, true)]
	n := 0
	var mine []string
	for _, g := range bytes.Split(buf, []byte("\n\n")) {
		s := string(g)
		if strings.Contains(s, "localemr.(*PodBackend)") || strings.Contains(s, "sparksim.") ||
			strings.Contains(s, "k8s.io/client-go/tools/cache.") || strings.Contains(s, "k8s.io/client-go/util/workqueue.") {
			n++
			mine = append(mine, s)
		}
	}
	return n, strings.Join(mine, "\n\n")
}

// Closing the rehearsal's endpoint stops the pod backend's informer and
// writers and the Spark simulator: nothing of them is left running
// (before the fix close never called the backend's Close, so its watch
// and workers ran until the process ended). Not parallel: it counts the
// process's goroutines.
func TestRehearseEndpointCloseStopsEverything(t *testing.T) {
	before, _ := endpointGoroutines()
	kube := fake.NewClientset()
	backend, err := localemr.NewPodBackendForClient(kube, "fake", localemr.PodBackendOptions{TimeScale: 10, Log: io.Discard})
	if err != nil {
		t.Fatal(err)
	}
	f := &rehearseFlags{runTime: "60s-120s", seed: localemr.DefaultSeed, timeScale: 10}
	lc, vcs, err := endpointConfig("us-west-2", f, []string{"emr-jobs-0", "emr-jobs-1"}, backend)
	if err != nil {
		t.Fatal(err)
	}
	e, err := serveEndpoint(context.Background(), kube, lc, vcs, Env{Stderr: io.Discard})
	if err != nil {
		t.Fatal(err)
	}
	if running, _ := endpointGoroutines(); running <= before {
		t.Fatalf("%d endpoint goroutines while serving, %d before: the count does not see them", running, before)
	}
	e.close()
	deadline := time.Now().Add(30 * time.Second)
	for {
		after, stacks := endpointGoroutines()
		if after <= before {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("%d endpoint goroutines 30 s after close, %d before:\n%s", after, before, stacks)
		}
		time.Sleep(50 * time.Millisecond)
	}
}
