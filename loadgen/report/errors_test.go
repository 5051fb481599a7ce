package report_test

import (
	"bytes"
	"strings"
	"testing"
	"time"

	jobstate "github.com/emr-eks-loadtest/emr-eks-loadtest/loadgen/job"
	"github.com/emr-eks-loadtest/emr-eks-loadtest/loadgen/report"
	"github.com/emr-eks-loadtest/emr-eks-loadtest/loadgen/stats"
)

// The terminal summary names each distinct submission error with its count,
// most frequent first (issue 13, item 2: the error text was only in jobs.csv).
func TestTerminalListsDistinctErrorsWithCounts(t *testing.T) {
	t.Parallel()
	t0 := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	job := func(i int, outcome, msg string) stats.Job {
		at := t0.Add(time.Duration(i) * time.Second)
		return stats.Job{Key: "k", Index: int64(i), Scheduled: at, SubmitStart: at, SubmitEnd: at.Add(time.Millisecond), Outcome: outcome, Error: msg}
	}
	refused := `operation error EMR containers: StartJobRun, dial tcp 127.0.0.1:9: connect: connection refused`
	r := stats.Run{Session: "s", Target: "emr", Start: t0, End: t0.Add(time.Minute), Jobs: []stats.Job{
		job(0, jobstate.OutcomeOther, refused), job(1, jobstate.OutcomeValidation, "virtual cluster vc-x does not exist"),
		job(2, jobstate.OutcomeOther, refused), job(3, jobstate.OutcomeOther, refused), job(4, jobstate.OutcomeAccepted, ""),
		job(5, jobstate.OutcomeDropped, "no capacity"),
	}}
	var out bytes.Buffer
	report.Terminal(&out, stats.Summarize(r), report.Extras{})
	text := out.String()
	first := strings.Index(text, "3× other: "+refused)
	second := strings.Index(text, "1× validation: virtual cluster vc-x does not exist")
	if !strings.Contains(text, "Errors (2 distinct") || first < 0 || second < first || strings.Contains(text, "no capacity") {
		t.Errorf("terminal summary lacks the distinct errors with counts, most frequent first (and no unsent jobs):\n%s", text)
	}
}

// A failed run's verdict is in report.json (pass false, failed) and report.html.
func TestFailedRunVerdictInReports(t *testing.T) {
	t.Parallel()
	var js, html bytes.Buffer
	e := report.Extras{Failed: "the run failed: all 5 StartJobRun calls failed"}
	if err := report.WriteJSONWith(&js, stats.Summary{}, e); err != nil {
		t.Fatal(err)
	}
	if err := report.WriteHTMLWith(&html, stats.Summary{}, e); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(js.String(), `"pass": false`) || !strings.Contains(js.String(), `"failed": "the run failed: all 5`) {
		t.Errorf("report.json verdict lacks the failure:\n%s", js.String())
	}
	if !strings.Contains(html.String(), "<b>FAILED</b>: the run failed: all 5") {
		t.Errorf("report.html lacks the failure")
	}
}
