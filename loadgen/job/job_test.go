package job_test

import (
	"testing"

	"github.com/emr-eks-loadtest/emr-eks-loadtest/loadgen/job"
)

// IsFinal is true exactly for the final states, EMR's and the Spark
// Operator's alike; a waiting or running job, and an unknown state, is live.
func TestIsFinal(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		state string
		final bool
	}{
		{job.StateCompleted, true}, {job.StateFailed, true}, {job.StateCancelled, true},
		{job.StateSubmissionFailed, true},
		{job.StateNew, false}, {job.StatePending, false}, {job.StateSubmitted, false},
		{job.StateRunning, false}, {job.StateCancelPending, false}, {"", false}, {"completed", false},
	} {
		if got := job.IsFinal(tc.state); got != tc.final {
			t.Errorf("IsFinal(%q) = %v, want %v", tc.state, got, tc.final)
		}
	}
	for _, s := range job.FinalStates {
		if !job.IsFinal(s) {
			t.Errorf("FinalStates holds %q, which IsFinal says is live", s)
		}
	}
}
