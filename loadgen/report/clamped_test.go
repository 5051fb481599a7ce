package report_test

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/emr-eks-loadtest/emr-eks-loadtest/loadgen/report"
	"github.com/emr-eks-loadtest/emr-eks-loadtest/loadgen/stats"
	"github.com/emr-eks-loadtest/emr-eks-loadtest/loadgen/stats/statstest"
)

// TestFinishedBeforeCreatedIsCountedOnTheTerminal: a job whose finishedAt
// precedes its createdAt is clamped to 0 s; the terminal summary says how
// many were (it used to be silent there).
func TestFinishedBeforeCreatedIsCountedOnTheTerminal(t *testing.T) {
	t.Parallel()
	r := statstest.Run(20, func(r *stats.Run) {
		for i := range r.Jobs {
			if j := &r.Jobs[i]; j.ID != "" && !j.Created.IsZero() {
				j.Finished = j.Created.Add(-time.Second)
				break
			}
		}
	})
	var b bytes.Buffer
	report.Terminal(&b, stats.Summarize(r), report.Extras{})
	if !strings.Contains(b.String(), "Clamped (") || !strings.Contains(b.String(), "created_to_finished 1") {
		t.Errorf("terminal summary does not count the clamped durations:\n%s", b.String())
	}
}
