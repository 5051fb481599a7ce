package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"testing"

	"github.com/emr-eks-loadtest/emr-eks-loadtest/loadgen/localemr"
	"github.com/emr-eks-loadtest/emr-eks-loadtest/loadgen/scaleout"
	"github.com/emr-eks-loadtest/emr-eks-loadtest/loadgen/threshold"
)

// localRun is a short run on the in-process local target, without the page.
func localRun(t *testing.T, extra ...string) []string {
	return append([]string{"--rate", "20/s", "--max-jobs", "3", "--duration", "10s", "--runs-dir", t.TempDir(),
		"--web=false", "--retry-mode", "standard", "--max-attempts", "1", "--local-run-time", "100ms-200ms"}, extra...)
}

// Each exit code comes from a real command path, and from the code the
// error carries: 0 ok, 1 runtime error or failed run, 2 bad input (also
// the libraries' own bad input, marked where cli calls them), 3
// interrupted, 4 threshold breached.
func TestExitCodesFromCommands(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		args []string
		want int
	}{
		{"a run that passes", localRun(t), ExitOK},
		{"help", []string{"--help"}, ExitOK},
		{"every call failed", localRun(t, "--local-5xx-ratio", "1"), ExitError},
		{"unknown flag", []string{"--frobnicate"}, ExitUsage},
		{"bad threshold (threshold.ErrUsage)", localRun(t, "--threshold", "p99 is small"), ExitUsage},
		{"bad serve-local flag (localemr.ErrUsage)", []string{"serve-local", "--addr", "nowhere"}, ExitUsage},
		{"bad worker count (scaleout.ErrUsage)", localRun(t, "--workers", "0"), ExitUsage},
		{"bad report --threshold", []string{"report", "--threshold", "x<", t.TempDir()}, ExitUsage},
		{"threshold breached", localRun(t, "--threshold", "submit_p99<1ns"), ExitBreached},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, stderr, err := runCLI(t, t.Context(), tt.args...)
			if got := ExitCode(err, io.Discard); got != tt.want {
				t.Errorf("exit %d, want %d; err %v\n%s", got, tt.want, err, stderr)
			}
		})
	}
}

// An interrupted run exits 3, also when its partial report breaches a
// threshold: the run is incomplete, its verdict is not final.
func TestInterruptedRunExits3OverABreach(t *testing.T) {
	t.Parallel()
	ctx, cancel := context.WithCancel(t.Context())
	errOut := &syncBuffer{}
	done := make(chan error, 1)
	args := localRun(t, "--max-jobs", "0", "--duration", "1m", "--rate", "5/s", "--threshold", "submit_p99<1ns")
	go func() {
		done <- Main(ctx, args, Env{Stdout: io.Discard, Stderr: errOut, Getenv: func(string) string { return "" }})
	}()
	waitOutput(t, errOut, "session ")
	cancel()
	err := <-done
	if got := ExitCode(err, io.Discard); got != ExitInterrupted || !errors.Is(err, ErrBreached) {
		t.Errorf("exit %d (err %v), want 3 with the breach joined", got, err)
	}
}

// ExitCode reads only the code attached inside cli: a library's bad-input
// sentinel that cli did not mark is a runtime error, and one it marked
// keeps its text and its identity.
func TestExitCodeReadsTheAttachedCode(t *testing.T) {
	t.Parallel()
	lib := fmt.Errorf("%w: --workers 0", scaleout.ErrUsage)
	tests := []struct {
		name string
		err  error
		want int
	}{
		{"nil", nil, ExitOK},
		{"unmarked library error", lib, ExitError},
		{"marked at the boundary", usageFrom(lib, scaleout.ErrUsage), ExitUsage},
		{"another library's sentinel is not marked", usageFrom(lib, threshold.ErrUsage), ExitError},
		{"wrapped usage", fmt.Errorf("validating: %w", usagef("--rate %q", "x")), ExitUsage},
		{"interrupted first in a join", errors.Join(interruptedRun("s", "report written"), ErrBreached), ExitInterrupted},
		{"plain error", errors.New("boom"), ExitError},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if got := ExitCode(tt.err, io.Discard); got != tt.want {
				t.Errorf("ExitCode(%v) = %d, want %d", tt.err, got, tt.want)
			}
		})
	}
	marked := usageFrom(fmt.Errorf("serve-local: %w", localemr.ErrUsage), localemr.ErrUsage)
	if !errors.Is(marked, localemr.ErrUsage) || !errors.Is(marked, ErrUsage) || marked.Error() != "serve-local: usage error" {
		t.Errorf("marked error %q lost its text or identity", marked)
	}
}
