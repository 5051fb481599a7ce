package cli

import (
	"slices"
	"testing"

	"github.com/emr-eks-loadtest/emr-eks-loadtest/loadgen/flagnames"
)

// TestExportedFlagNamesAreRunFlags: the names other programs build loadgen
// command lines from (flagnames) are flags `loadgen run` takes.
func TestExportedFlagNamesAreRunFlags(t *testing.T) {
	t.Parallel()
	run := RunFlagNames()
	for _, name := range flagnames.RunFlags() {
		if !slices.Contains(run, name) {
			t.Errorf("flagnames has %q, which loadgen run does not take", name)
		}
	}
	if flagnames.JobUIDEnv != JobUIDEnv {
		t.Errorf("flagnames.JobUIDEnv = %q, loadgen reads %q", flagnames.JobUIDEnv, JobUIDEnv)
	}
}
