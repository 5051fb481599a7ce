package stop

import (
	"bytes"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/emrcontainers/types"

	"github.com/emr-eks-loadtest/emr-eks-loadtest/loadgen/job"
	"github.com/emr-eks-loadtest/emr-eks-loadtest/loadgen/journal"
	"github.com/emr-eks-loadtest/emr-eks-loadtest/loadgen/stats"
	"github.com/emr-eks-loadtest/emr-eks-loadtest/loadgen/template"
)

// prefixWorld has two live sessions whose ids share a prefix: "pfx-1" and
// "pfx-1-2" (issue 13, item 1), each with a tagged job run and a tagged
// virtual cluster, plus an untagged run of each named the engine's way.
func prefixWorld() *fakeAPI {
	tag := func(s string) map[string]string { return map[string]string{template.SessionTag: s} }
	run := func(id, name string, tags map[string]string) types.JobRun {
		return types.JobRun{Id: aws.String(id), Name: aws.String(name), VirtualClusterId: aws.String("vc-shared"),
			State: types.JobRunStateRunning, Tags: tags}
	}
	return &fakeAPI{
		runs: []types.JobRun{
			run("mine-tagged", "pfx-1-000001", tag("pfx-1")),
			run("theirs-tagged", "pfx-1-2-000001", tag("pfx-1-2")),
			run("mine-untagged", "pfx-1-000002", nil),
			run("theirs-untagged", "pfx-1-2-000002", nil),
			run("theirs-renamed", "pfx-1-000003", tag("pfx-1-2")), // a tag wins over a name
		},
		vcs: []types.VirtualCluster{
			{Id: aws.String("vc-shared"), Name: aws.String("spark-jobs")},
			{Id: aws.String("vc-mine"), Name: aws.String("pfx-1-ns"), Tags: tag("pfx-1")},
			{Id: aws.String("vc-theirs"), Name: aws.String("pfx-1-2-ns"), Tags: tag("pfx-1-2")},
		},
	}
}

func TestStopMatchesTheSessionExactly(t *testing.T) {
	t.Parallel()
	api := prefixWorld()
	var out bytes.Buffer
	if _, err := Run(t.Context(), api, Options{Session: "pfx-1", Out: &out, Poll: time.Millisecond}); err != nil {
		t.Fatal(err)
	}
	slices.Sort(api.cancels)
	if want := []string{"mine-tagged", "mine-untagged"}; !slices.Equal(api.cancels, want) {
		t.Errorf("stop --session pfx-1 cancelled %v, want only %v (never session pfx-1-2's runs)", api.cancels, want)
	}
	if want := []string{"vc-mine"}; !slices.Equal(api.deletes, want) {
		t.Errorf("deleted virtual clusters %v, want %v", api.deletes, want)
	}
}

func TestStopRefusesAnInvalidSession(t *testing.T) {
	t.Parallel()
	for _, s := range []string{"PFX", "-pfx", "a", "pfx 1", "pfx-1*"} {
		api := prefixWorld()
		_, err := Run(t.Context(), api, Options{Session: s, Out: &bytes.Buffer{}, Poll: time.Millisecond})
		if err == nil || len(api.cancels) != 0 {
			t.Errorf("session %q: err %v, cancelled %v; want an error and nothing cancelled", s, err, api.cancels)
		}
	}
}

// A journal's live ids are cancelled directly even when no listing shows
// them (a server whose clock or createdAt disagrees with ours, issue 13 item 5).
func TestStopCancelsTheJournalsIDsDirectly(t *testing.T) {
	t.Parallel()
	api := prefixWorld()
	api.hidden = map[string]bool{"mine-tagged": true} // not listed, but cancellable
	d := &journal.Derived{Run: stats.Run{Session: "pfx-1", Start: time.Now(), Jobs: []stats.Job{
		{Key: "1", ID: "mine-tagged", VirtualClusterID: "vc-shared", Outcome: job.OutcomeAccepted},
		{Key: "2", ID: "ended", VirtualClusterID: "vc-shared", Outcome: job.OutcomeAccepted, FinalState: "COMPLETED"},
	}}}
	var out bytes.Buffer
	if _, err := Run(t.Context(), api, Options{Session: "pfx-1", Journal: d, Out: &out, Poll: time.Millisecond}); err != nil {
		t.Fatal(err)
	}
	slices.Sort(api.cancels)
	if want := []string{"mine-tagged", "mine-untagged"}; !slices.Equal(api.cancels, want) {
		t.Errorf("cancelled %v, want %v", api.cancels, want)
	}
}

// The listing window must not depend on the client clock: a job run the
// server stamped long before the journal's start (server clock behind, or
// moto's createdAt truncated to midnight) is still found.
func TestStopFindsRunsCreatedBeforeTheJournalStart(t *testing.T) {
	t.Parallel()
	api := prefixWorld()
	old := time.Now().Add(-20 * time.Hour)
	for i := range api.runs {
		api.runs[i].CreatedAt = aws.Time(old)
	}
	d := &journal.Derived{Run: stats.Run{Session: "pfx-1", Start: time.Now(), Jobs: []stats.Job{
		{Key: "9", Error: journal.ErrNoResult, Outcome: job.OutcomeOther, VirtualClusterID: "vc-shared"}}}}
	if _, err := Run(t.Context(), api, Options{Session: "pfx-1", Journal: d, Out: &bytes.Buffer{}, Poll: time.Millisecond}); err != nil {
		t.Fatal(err)
	}
	slices.Sort(api.cancels)
	if want := []string{"mine-tagged", "mine-untagged"}; !slices.Equal(api.cancels, want) {
		t.Errorf("cancelled %v, want %v", api.cancels, want)
	}
}

// A second stop with the journal at hand finds nothing: the journal's ids
// that have ended are not reported as cancelled again (the server refuses
// their cancel with a ValidationException).
func TestStopWithJournalIsIdempotent(t *testing.T) {
	t.Parallel()
	api := prefixWorld()
	api.endedCancel = true
	d := &journal.Derived{Run: stats.Run{Session: "pfx-1", Start: time.Now(), Jobs: []stats.Job{
		{Key: "1", ID: "mine-tagged", VirtualClusterID: "vc-shared", Outcome: job.OutcomeAccepted}}}}
	opts := Options{Session: "pfx-1", Journal: d, Out: &bytes.Buffer{}, Poll: time.Millisecond}
	if _, err := Run(t.Context(), api, opts); err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	opts.Out = &out
	res, err := Run(t.Context(), api, opts)
	if err != nil || len(res.Cancelled) != 0 || !strings.Contains(out.String(), "nothing to stop") {
		t.Errorf("second stop: %+v, %v, output %q; want nothing to stop", res, err, out.String())
	}
}
