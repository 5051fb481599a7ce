package report_test

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"strings"
	"testing"

	"github.com/emr-eks-loadtest/emr-eks-loadtest/loadgen/report"
	"github.com/emr-eks-loadtest/emr-eks-loadtest/loadgen/search"
	"github.com/emr-eks-loadtest/emr-eks-loadtest/loadgen/stats"
)

func searchResult() search.Result {
	steps := []search.Step{
		{N: 1, PerMin: 60, Phase: search.PhaseUp, Verdict: search.VerdictGood, TimeToRunningP95: 2},
		{N: 2, PerMin: 120, Phase: search.PhaseUp, Verdict: search.VerdictBad, TimeToRunningP95: 40,
			Why: `unstable: backlog grows <script>alert(1)</script>`, Stability: search.Stability{Slope: 0.5}},
		{N: 3, PerMin: 90, Phase: search.PhaseBisect, Verdict: search.VerdictGood, TimeToRunningP95: 5, FailedRatio: 0.01,
			SLOs: []search.SLOResult{{SLO: "time_to_running_p95<2m0s", Value: "5s"}}},
	}
	r := search.Result{Session: "lg-test", Target: "local", Steps: steps, FoundMin: 90, Complete: true, Stopped: "bracket within 5%"}
	r.LastGood, r.FirstBad = &r.Steps[2], &r.Steps[1]
	return r
}

func TestSearchHTMLShowsAnswerCurveAndSteps(t *testing.T) {
	t.Parallel()
	var b bytes.Buffer
	if err := report.WriteSearchHTML(&b, searchResult()); err != nil {
		t.Fatal(err)
	}
	page := b.String()
	for _, want := range []string{"Highest sustainable rate: <b>90.0/min</b>", "First bad: <b>120.0/min</b>",
		"time to running p95", "backlog slope", "failed ratio", ">knee<", "time_to_running_p95&lt;2m0s = 5s"} {
		if !strings.Contains(page, want) {
			t.Errorf("search.html lacks %q", want)
		}
	}
	if strings.Contains(page, "<script>") {
		t.Error("a step's text reached the page unescaped")
	}
	if n := strings.Count(page, "<circle"); n != 9 {
		t.Errorf("%d points, want 3 steps × 3 panels", n)
	}
	for i, svg := range strings.Split(page, "<svg")[1:] {
		doc := "<svg" + svg[:strings.Index(svg, "</svg>")] + "</svg>"
		if err := xml.Unmarshal([]byte(doc), new(struct{})); err != nil {
			t.Errorf("chart %d is not well-formed SVG: %v", i, err)
		}
	}
}

func TestSearchHTMLWithoutSteps(t *testing.T) {
	t.Parallel()
	var b bytes.Buffer
	if err := report.WriteSearchHTML(&b, search.Result{Stopped: "interrupted: context canceled", Interrupted: true}); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(b.String(), "No sustainable rate found") || !strings.Contains(b.String(), "not closed") {
		t.Errorf("empty search page:\n%s", b.String())
	}
}

// A search session's report.json carries the search's record as the
// search package's own type, and report.html its section: the answer, the
// capacity curve with the knee, the steps, a link to search.html.
func TestSessionReportsCarryTheSearch(t *testing.T) {
	t.Parallel()
	r := searchResult()
	r.Budget = &search.Budget{LimitUSD: 5, PerJobUSD: 0.02, FixedPerHourUSD: 0.46, Source: "loadgen plan of preset dev"}
	e := report.Extras{Search: &r}
	var j bytes.Buffer
	if err := report.WriteJSONWith(&j, stats.Summarize(stats.Run{Session: "lg-test"}), e); err != nil {
		t.Fatal(err)
	}
	var got struct {
		Search *search.Result `json:"search"`
	}
	if err := json.Unmarshal(j.Bytes(), &got); err != nil {
		t.Fatal(err)
	}
	if s := got.Search; s == nil || s.FoundMin != 90 || len(s.Steps) != 3 || s.FirstBad == nil || s.FirstBad.Why != r.FirstBad.Why ||
		s.Budget == nil || *s.Budget != *r.Budget || s.Steps[1].Stability.Slope != 0.5 {
		t.Fatalf("report.json search = %+v", got.Search)
	}
	var h bytes.Buffer
	if err := report.WriteHTMLWith(&h, stats.Summarize(stats.Run{Session: "lg-test"}), e); err != nil {
		t.Fatal(err)
	}
	page := h.String()
	for _, want := range []string{`<h2 id="search">Capacity search</h2>`, `href="search.html"`, "Highest sustainable rate: <b>90.0/min</b>", ">knee<", "budget $5.00"} {
		if !strings.Contains(page, want) {
			t.Errorf("report.html lacks %q", want)
		}
	}
	if strings.Contains(page, "<script>") {
		t.Error("a step's text reached the page unescaped")
	}
	if n := strings.Count(page, "<circle"); n != 9 {
		t.Errorf("%d curve points in report.html, want 3 steps × 3 panels", n)
	}
	var none bytes.Buffer
	if err := report.WriteHTMLWith(&none, stats.Summarize(stats.Run{Session: "lg-test"}), report.Extras{}); err != nil || strings.Contains(none.String(), "Capacity search") {
		t.Errorf("a run that is no search shows a search section (err %v)", err)
	}
}
