package report_test

import (
	"bytes"
	"strings"
	"testing"

	"github.com/emr-eks-loadtest/emr-eks-loadtest/loadgen/report"
	"github.com/emr-eks-loadtest/emr-eks-loadtest/loadgen/stats"
	"github.com/emr-eks-loadtest/emr-eks-loadtest/loadgen/stats/statstest"
)

// TestOneJobRunReportsPlannedJobsNotARate: --rate 4/min --duration 10s plans
// one job; a rate over a window shorter than one interval is noise
// ("target 26,763/min"), so the reports give the planned jobs. A single
// run's header does not say "workers 0".
func TestOneJobRunReportsPlannedJobsNotARate(t *testing.T) {
	t.Parallel()
	r := statstest.Run(1, func(r *stats.Run) {})
	s := stats.Summarize(r)
	if s.Scheduled != 1 {
		t.Fatalf("fixture scheduled %d jobs, want 1", s.Scheduled)
	}
	var term, html bytes.Buffer
	report.Terminal(&term, s, report.Extras{})
	if err := report.WriteHTML(&html, s); err != nil {
		t.Fatal(err)
	}
	if out := term.String(); strings.Contains(out, "Rate/min") || !strings.Contains(out, "Planned 1 job(s)") || strings.Contains(out, "workers 0") {
		t.Errorf("terminal summary of a one-job run:\n%s", out)
	}
	if page := html.String(); strings.Contains(page, "achieved / target") || !strings.Contains(page, "too few for a rate") || strings.Contains(page, "workers 0") {
		t.Errorf("report.html of a one-job run shows a rate or workers 0")
	}
}
