package operator_test

import (
	"bytes"
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/emr-eks-loadtest/emr-eks-loadtest/loadgen/cli"
	jobstate "github.com/emr-eks-loadtest/emr-eks-loadtest/loadgen/job"
	"github.com/emr-eks-loadtest/emr-eks-loadtest/loadgen/journal"
	"github.com/emr-eks-loadtest/emr-eks-loadtest/loadgen/operator"
)

func runCLI(t *testing.T, args ...string) (string, error) {
	t.Helper()
	var out bytes.Buffer
	err := cli.Main(context.Background(), args, cli.Env{Stdout: &out, Stderr: &out,
		Getenv: func(string) string { return "" }})
	return out.String(), err
}

// TestRunCommandWithTheOperatorTarget runs `loadgen run --target operator`
// as a user would, then `loadgen stop --target operator`: the journal holds
// every job's server-timed phases and stop leaves nothing.
func TestRunCommandWithTheOperatorTarget(t *testing.T) {
	cp := setup(t)
	ns := cp.Namespace(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	startFakeOperator(ctx, t, cp, ns, time.Second)
	runs, session := t.TempDir(), "lg-cli-op"
	out, err := runCLI(t, "run", "--target", "operator", "--kubeconfig", cp.Kubeconfig, "--namespaces", ns,
		"--template", "spark-pi", "--azs", strings.Join(zones, ","), "--rate", "5/s", "--max-jobs", "10",
		"--session", session, "--runs-dir", runs, "--track-after", "2m", "--web=false", "--app-ttl", "1h")
	if err != nil {
		t.Fatalf("loadgen run: %v\n%s", err, out)
	}
	d, err := journal.ReadDir(filepath.Join(runs, session))
	if err != nil {
		t.Fatal(err)
	}
	for _, j := range d.Run.Jobs {
		if j.Outcome != jobstate.OutcomeAccepted || j.FinalState != "COMPLETED" || j.Created.IsZero() || j.Started.IsZero() || j.Finished.IsZero() {
			t.Errorf("job %s: outcome %s, final %q, created %v started %v finished %v", j.Key, j.Outcome, j.FinalState, j.Created, j.Started, j.Finished)
		}
	}
	if len(d.Run.Jobs) != 10 {
		t.Fatalf("%d jobs in the journal, want 10\n%s", len(d.Run.Jobs), out)
	}
	if out, err := runCLI(t, "stop", "--target", "operator", "--kubeconfig", cp.Kubeconfig, "--namespaces", ns, "--session", session); err != nil ||
		!strings.Contains(out, "deleted 10 SparkApplications and 40 pods") {
		t.Fatalf("stop: %v\n%s", err, out)
	}
	if out, _ := runCLI(t, "stop", "--target", "operator", "--kubeconfig", cp.Kubeconfig, "--namespaces", ns, "--session", session); !strings.Contains(out, " 0 SparkApplications and 0 pods") {
		t.Fatalf("second stop: %s", out)
	}
}

// TestSubmissionThroughput measures operator-target creates per second
// against the local API server from one worker (one client, 64 concurrent
// callers), at client-go's default 5 QPS and at the target's default.
// Numbers go to the README; the raised limit must beat the default tenfold.
func TestSubmissionThroughput(t *testing.T) {
	cp := setup(t)
	m, err := operator.LoadManifest(filepath.Join("..", "templates", "spark-pi.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	rates := map[string]float64{}
	for _, tc := range []struct {
		name  string
		qps   float32
		burst int
		jobs  int
	}{{"client-go default 5/10", 5, 10, 40}, {"raised 500/1000", operator.DefaultQPS, operator.DefaultBurst, 600}} {
		ns := cp.Namespace(t)
		cl, err := operator.NewClients(operator.ClientConfig{Rest: cp.Config(), QPS: tc.qps, Burst: tc.burst})
		if err != nil {
			t.Fatal(err)
		}
		session := fmt.Sprintf("lg-bench-%d", int(tc.qps))
		objs := make(chan int, tc.jobs)
		for i := range tc.jobs {
			objs <- i
		}
		close(objs)
		var failed atomic.Int64
		start := time.Now()
		var wg sync.WaitGroup
		for range 64 {
			wg.Go(func() {
				for i := range objs {
					if r := operator.Submit(context.Background(), cl.Dynamic, render(t, m, session, ns, i)); r.Err != nil {
						failed.Add(1)
					}
				}
			})
		}
		wg.Wait()
		rate := float64(tc.jobs) / time.Since(start).Seconds()
		rates[tc.name] = rate
		t.Logf("%s: %d creates in %v: %.0f submissions/s, %d failed", tc.name, tc.jobs, time.Since(start).Round(time.Millisecond), rate, failed.Load())
		if failed.Load() > 0 {
			t.Errorf("%s: %d creates failed", tc.name, failed.Load())
		}
	}
	if rates["raised 500/1000"] < 10*rates["client-go default 5/10"] {
		t.Errorf("raised QPS gives %.0f/s, not ten times the default's %.0f/s", rates["raised 500/1000"], rates["client-go default 5/10"])
	}
}
