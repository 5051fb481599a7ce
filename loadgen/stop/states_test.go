package stop

import (
	"slices"
	"testing"

	"github.com/aws/aws-sdk-go-v2/service/emrcontainers/types"
)

// stop cancels runs waiting or running, and waits while any is in a state
// job.IsFinal calls live: over the SDK's JobRunState values, so a state the
// API adds is waited on unless IsFinal knows it is final.
func TestStateSetsFollowIsFinal(t *testing.T) {
	t.Parallel()
	cancelIn := []types.JobRunState{types.JobRunStatePending, types.JobRunStateSubmitted, types.JobRunStateRunning}
	waitOn := append(slices.Clone(cancelIn), types.JobRunStateCancelPending)
	for _, tc := range []struct {
		name      string
		got, want []types.JobRunState
	}{
		{"cancelled in", liveStates, cancelIn},
		{"waited on", notFinal, waitOn},
	} {
		got, want := slices.Clone(tc.got), slices.Clone(tc.want)
		slices.Sort(got)
		slices.Sort(want)
		if !slices.Equal(got, want) {
			t.Errorf("%s: %v, want %v", tc.name, tc.got, tc.want)
		}
	}
}
