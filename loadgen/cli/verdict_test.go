package cli

import (
	"errors"
	"strings"
	"testing"

	"github.com/emr-eks-loadtest/emr-eks-loadtest/loadgen/stats"
)

func TestRunVerdict(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name                  string
		submitted, accepted   int
		errRatio, maxErrRatio float64
		fail                  bool
	}{
		{name: "all failed", submitted: 10, errRatio: 1, maxErrRatio: 1, fail: true},
		{name: "over the bound", submitted: 10, accepted: 4, errRatio: 0.6, maxErrRatio: 0.5, fail: true},
		{name: "at the bound", submitted: 10, accepted: 5, errRatio: 0.5, maxErrRatio: 0.5},
		{name: "healthy", submitted: 10, accepted: 10, maxErrRatio: 0.5},
		{name: "nothing sent", maxErrRatio: 0.5},
	}
	for _, tc := range tests {
		s := stats.Summary{Submitted: tc.submitted, Accepted: tc.accepted, SubmitErrors: tc.submitted - tc.accepted,
			Ratios: stats.Ratios{Error: tc.errRatio}}
		if err := runVerdict(s, tc.maxErrRatio); errors.Is(err, ErrRunFailed) != tc.fail {
			t.Errorf("%s: runVerdict = %v, want failed %v", tc.name, err, tc.fail)
		}
	}
}

// A run in which every StartJobRun fails (an unreachable endpoint) exits 1
// and prints its distinct errors (issue 13, item 2: it exited 0).
func TestRunWhoseSubmissionsAllFailExits1(t *testing.T) {
	t.Parallel()
	out, _, err := runCLI(t, t.Context(), "--endpoint", "http://127.0.0.1:1", "--region", "us-east-1",
		"--virtual-clusters", "vc0000000000000000000001", "--rate", "5/s", "--duration", "1s", "--track-pods", "off",
		"--runs-dir", t.TempDir(), "--session", "lg-allfail", "--execution-role-arn", "arn:aws:iam::123456789012:role/r", "--retry-mode", "standard", "--max-attempts", "1")
	if !errors.Is(err, ErrRunFailed) || ExitCode(err, &strings.Builder{}) != ExitError {
		t.Fatalf("err = %v, want ErrRunFailed (exit %d)", err, ExitError)
	}
	if !strings.Contains(out, "Errors (1 distinct") || !strings.Contains(out, "connection refused") || !strings.Contains(out, "FAILED:") {
		t.Errorf("terminal output lacks the distinct error and the verdict:\n%s", out)
	}
}
