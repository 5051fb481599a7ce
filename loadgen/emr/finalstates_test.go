package emr

import (
	"slices"
	"testing"

	"github.com/aws/aws-sdk-go-v2/service/emrcontainers/types"

	"github.com/emr-eks-loadtest/emr-eks-loadtest/loadgen/job"
)

// The finish scan's states filter is exactly the SDK's job-run states that
// job.IsFinal calls final, and the start scan's adds RUNNING: a state the
// API adds that IsFinal knows is listed, one it does not know is not.
func TestScanFiltersFollowIsFinal(t *testing.T) {
	t.Parallel()
	var want []types.JobRunState
	for _, s := range types.JobRunState("").Values() {
		if job.IsFinal(string(s)) {
			want = append(want, s)
		}
	}
	got := slices.Clone(finalStates)
	slices.Sort(got)
	slices.Sort(want)
	if !slices.Equal(got, want) {
		t.Errorf("finish scan filter %v, want the final states %v", finalStates, want)
	}
	if !slices.Equal(startStates, append([]types.JobRunState{types.JobRunStateRunning}, finalStates...)) {
		t.Errorf("start scan filter %v, want RUNNING and %v", startStates, want)
	}
}
