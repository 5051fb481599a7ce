package scaleout_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"testing"

	"github.com/emr-eks-loadtest/emr-eks-loadtest/loadgen/cli"
)

// TestTwoWorkersThenOneMergedReport runs two `loadgen run` workers of one
// session (as an Indexed Job's pods would, from the environment), copies
// their results to a directory, and builds one report from both journals.
func TestTwoWorkersThenOneMergedReport(t *testing.T) {
	t.Parallel()
	runs, results := t.TempDir(), t.TempDir()
	const session = "lg-two-workers"
	var wg sync.WaitGroup
	outs := make([]bytes.Buffer, 2)
	errs := make([]error, 2)
	for i := range 2 {
		env := map[string]string{"JOB_COMPLETION_INDEX": fmt.Sprint(i), "LOADGEN_WORKERS": "2"}
		wg.Go(func() {
			errs[i] = cli.Main(context.Background(), []string{"run", "--session", session, "--runs-dir", runs,
				"--rate", "20/s", "--max-jobs", "21", "--web=false", "--results", results,
				"--local-queue-delay", "10ms-50ms", "--local-start-latency", "10ms-50ms", "--local-run-time", "100ms-300ms",
				"--track-interval", "200ms", "--track-after", "20s"},
				cli.Env{Stdout: &outs[i], Stderr: &outs[i], Getenv: func(k string) string { return env[k] }})
		})
	}
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			t.Fatalf("worker %d: %v\n%s", i, err, outs[i].String())
		}
	}
	for i := range 2 {
		if _, err := os.Stat(filepath.Join(results, session, fmt.Sprintf("worker-%d", i), "journal.jsonl")); err != nil {
			t.Errorf("results of worker %d: %v", i, err)
		}
	}
	var out bytes.Buffer
	dir := filepath.Join(results, session)
	if err := cli.Main(context.Background(), []string{"report", dir}, cli.Env{Stdout: &out, Stderr: &out}); err != nil {
		t.Fatalf("report: %v\n%s", err, out.String())
	}
	var rep struct {
		Workers []int `json:"workers"`
		Counts  struct {
			Jobs, Accepted, Completed int
		} `json:"counts"`
	}
	b, err := os.ReadFile(filepath.Join(dir, "report.json"))
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, &rep); err != nil {
		t.Fatal(err)
	}
	// 21 jobs split 11 + 10; every one accepted and completed in the local model.
	if !slices.Equal(rep.Workers, []int{0, 1}) || rep.Counts.Jobs != 21 || rep.Counts.Accepted != 21 || rep.Counts.Completed != 21 {
		t.Fatalf("merged report: workers %v, counts %+v\n%s", rep.Workers, rep.Counts, out.String())
	}
}
