package cli

import (
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/emr-eks-loadtest/emr-eks-loadtest/loadgen/job"
	"github.com/emr-eks-loadtest/emr-eks-loadtest/loadgen/journal"
	"github.com/emr-eks-loadtest/emr-eks-loadtest/loadgen/stats"
)

func TestRunVerdict(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name                       string
		accepted, failed, noResult int
		maxErrRatio                float64
		fail                       bool
	}{
		{name: "all failed", failed: 10, maxErrRatio: 1, fail: true},
		{name: "over the bound", accepted: 4, failed: 6, maxErrRatio: 0.5, fail: true},
		{name: "at the bound", accepted: 5, failed: 5, maxErrRatio: 0.5},
		{name: "healthy", accepted: 10, maxErrRatio: 0.5},
		{name: "nothing sent", maxErrRatio: 0.5},
		{name: "killed during its only calls: unknown, not failed", noResult: 5, maxErrRatio: 0.5},
		{name: "unknown calls do not count", accepted: 4, failed: 1, noResult: 5, maxErrRatio: 0.5},
	}
	for _, tc := range tests {
		var run stats.Run
		add := func(n int, outcome, msg string) {
			for range n {
				run.Jobs = append(run.Jobs, stats.Job{Outcome: outcome, Error: msg})
			}
		}
		add(tc.accepted, job.OutcomeAccepted, "")
		add(tc.failed, job.OutcomeOther, "connection refused")
		add(tc.noResult, job.OutcomeUnknown, journal.ErrNoResult)
		if err := runVerdict(stats.Summarize(run), tc.maxErrRatio); errors.Is(err, ErrRunFailed) != tc.fail {
			t.Errorf("%s: runVerdict = %v, want failed %v", tc.name, err, tc.fail)
		}
	}
}

// A run in which every StartJobRun fails (an unreachable endpoint) exits 1
// and prints its distinct errors (issue 13, item 2: it exited 0).
func TestRunWhoseSubmissionsAllFailExits1(t *testing.T) {
	t.Parallel()
	runs := t.TempDir()
	out, _, err := runCLI(t, t.Context(), "--endpoint", "http://127.0.0.1:1", "--region", "us-east-1",
		"--virtual-clusters", "vc0000000000000000000001", "--rate", "5/s", "--duration", "1s", "--track-pods", "off",
		"--runs-dir", runs, "--session", "lg-allfail", "--execution-role-arn", "arn:aws:iam::123456789012:role/r", "--retry-mode", "standard", "--max-attempts", "1")
	if !errors.Is(err, ErrRunFailed) || ExitCode(err, &strings.Builder{}) != ExitError {
		t.Fatalf("err = %v, want ErrRunFailed (exit %d)", err, ExitError)
	}
	if !strings.Contains(out, "Errors (1 distinct") || !strings.Contains(out, "connection refused") || !strings.Contains(out, "FAILED:") {
		t.Errorf("terminal output lacks the distinct error and the verdict:\n%s", out)
	}
	var rep struct {
		Verdict struct {
			Pass   bool
			Failed string
		}
	}
	b, err := os.ReadFile(filepath.Join(runs, "lg-allfail", "report.json"))
	if err == nil {
		err = json.Unmarshal(b, &rep)
	}
	if err != nil || rep.Verdict.Pass || !strings.Contains(rep.Verdict.Failed, "StartJobRun calls failed") {
		t.Errorf("report.json verdict %+v (%v), want pass false and the failure", rep.Verdict, err)
	}
}
