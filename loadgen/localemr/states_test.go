package localemr

import (
	"slices"
	"testing"

	"github.com/aws/aws-sdk-go-v2/service/emrcontainers/types"

	jobstate "github.com/emr-eks-loadtest/emr-eks-loadtest/loadgen/job"
)

// The server speaks exactly the SDK's job-run states (a ListJobRuns filter
// accepts each, nothing else), and the ones it treats as terminal are the
// SDK's states that job.IsFinal calls final.
func TestJobStatesAreTheSDKs(t *testing.T) {
	t.Parallel()
	var sdk, final []string
	for _, s := range types.JobRunState("").Values() {
		sdk = append(sdk, string(s))
		if jobstate.IsFinal(string(s)) {
			final = append(final, string(s))
		}
	}
	got := slices.Clone(jobStates)
	slices.Sort(got)
	slices.Sort(sdk)
	if !slices.Equal(got, sdk) {
		t.Errorf("server job-run states %v, SDK's %v", got, sdk)
	}
	slices.Sort(final)
	if want := []string{stateCancelled, stateCompleted, stateFailed}; !slices.Equal(final, want) {
		t.Errorf("final states of the SDK by job.IsFinal %v, the server ends jobs in %v", final, want)
	}
}
