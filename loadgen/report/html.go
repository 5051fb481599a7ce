package report

import (
	_ "embed"
	"html/template"
	"io"
	"math"
	"slices"

	"github.com/emr-eks-loadtest/emr-eks-loadtest/loadgen/job"
	"github.com/emr-eks-loadtest/emr-eks-loadtest/loadgen/stats"
)

//go:embed report.html.tmpl
var pageSource string

var pageTmpl = template.Must(template.New("report").Funcs(template.FuncMap{
	"dur": fmtDur, "pct": pct, "ts": ts, "dash": orDash, "ints": ints, "workers": workersNote, "rateOK": RateMeaningful,
}).Parse(pageSource))

type page struct {
	S       stats.Summary
	PlanKV  [][2]string
	Latency []latRow
	// PhaseFrom and PhaseSteps are the operator phases' distributions (none for EMR).
	PhaseFrom, PhaseSteps []latRow
	PhaseStack            template.HTML
	Search                template.HTML // a capacity search's section (search.go)
	Charts                []chartBlock
	Slowest               []stats.SlowJob
	X                     Extras
	Cluster               template.HTML // a rehearsal's cluster section (cluster.go)
}

type latRow struct {
	Name string
	D    stats.Dist
}

type chartBlock struct {
	Title, Note string
	SVG         template.HTML
}

// WriteHTML writes report.html: one self-contained page (inline CSS and SVG, no script, no external
// fetch). Every value from the run is escaped by html/template or, inside charts, by the SVG builder.
func WriteHTML(w io.Writer, s stats.Summary) error { return writeHTML(w, s, Extras{}) }

func writeHTML(w io.Writer, s stats.Summary, e Extras) error {
	p := page{S: s, Slowest: s.Slowest, Charts: charts(s), X: e}
	var err error
	if p.Cluster, err = clusterHTML(e); err != nil {
		return err
	}
	p.PhaseFrom, p.PhaseSteps = phaseRows(s)
	p.Search = searchHTML(e.Search)
	if p.PhaseFrom != nil {
		p.PhaseStack = stackedPhases(s)
	}
	for _, k := range sortedKeys(s.Plan) {
		p.PlanKV = append(p.PlanKV, [2]string{k, s.Plan[k]})
	}
	for _, n := range stats.LatencyNames {
		p.Latency = append(p.Latency, latRow{Name: n, D: s.Latency[n]})
	}
	return pageTmpl.Execute(w, p)
}

func charts(s stats.Summary) []chartBlock {
	x, bs := xs(s.Series), s.Series.Buckets
	perMin := 60 / math.Max(s.Series.Width.Seconds(), 1)
	rate := lineChart{YUnit: "/min", X: x, Lines: []line{
		{"target", each(bs, func(b stats.Bucket) float64 { return float64(b.Scheduled) * perMin })},
		{"sent", each(bs, func(b stats.Bucket) float64 { return float64(b.Sent) * perMin })},
		{"accepted", each(bs, func(b stats.Bucket) float64 { return float64(b.Outcomes[job.OutcomeAccepted]) * perMin })},
	}}
	submit := lineChart{YUnit: "ms", X: x, Lines: pctLines(bs, func(b stats.Bucket) stats.Dist { return b.Submit }, 1e3)}
	lag := lineChart{YUnit: "ms", X: x, Lines: pctLines(bs, func(b stats.Bucket) stats.Dist { return b.ScheduleLag }, 1e3)}
	running := lineChart{YUnit: "s", X: x, Lines: pctLines(bs, func(b stats.Bucket) stats.Dist { return b.TimeToRunning }, 1)}
	return []chartBlock{
		{Title: "Submission rate (per minute)", Note: "target = scheduled by the pacer; sent = calls started; accepted = calls that succeeded", SVG: rate.svg()},
		{Title: "In-flight jobs by state", Note: "source: " + orDash(s.Series.InFlightSource), SVG: inFlight(s.Series, x).svg()},
		{Title: "Submit latency (StartJobRun call, by call start)", SVG: submit.svg()},
		{Title: "Schedule lag (call start behind schedule)", SVG: lag.svg()},
		{Title: "Time to running (submission to RUNNING, by submission)", SVG: running.svg()},
		{Title: "Outcomes of the submissions", SVG: barChart(bars(s.Outcomes, job.Outcomes))},
		{Title: "Final states of accepted jobs", SVG: barChart(bars(s.FinalStates, nil))},
	}
}

func xs(s stats.Series) []float64 {
	out := make([]float64, len(s.Buckets))
	for i, b := range s.Buckets {
		out[i] = b.Start.Sub(s.Buckets[0].Start).Seconds()
	}
	return out
}

func each(bs []stats.Bucket, f func(stats.Bucket) float64) []float64 {
	out := make([]float64, len(bs))
	for i, b := range bs {
		out[i] = f(b)
	}
	return out
}

// pctLines draws p50, p90, p99 and max per bucket in seconds times scale; empty buckets are gaps.
func pctLines(bs []stats.Bucket, get func(stats.Bucket) stats.Dist, scale float64) []line {
	var out []line
	for _, q := range []struct {
		name string
		pick func(stats.Dist) float64
	}{
		{"p50", func(d stats.Dist) float64 { return d.P50.Seconds() }},
		{"p90", func(d stats.Dist) float64 { return d.P90.Seconds() }},
		{"p99", func(d stats.Dist) float64 { return d.P99.Seconds() }},
		{"max", func(d stats.Dist) float64 { return d.Max.Seconds() }},
	} {
		out = append(out, line{q.name, each(bs, func(b stats.Bucket) float64 {
			if d := get(b); d.Count > 0 {
				return q.pick(d) * scale
			}
			return math.NaN()
		})})
	}
	return out
}

func inFlight(s stats.Series, x []float64) lineChart {
	states := map[string]bool{}
	for _, b := range s.Buckets {
		for k := range b.InFlight {
			states[k] = true
		}
	}
	c := lineChart{X: x}
	for _, st := range sortedKeys(states) {
		c.Lines = append(c.Lines, line{st, each(s.Buckets, func(b stats.Bucket) float64 { return float64(b.InFlight[st]) })})
	}
	return c
}

func bars(m map[string]int, order []string) []bar {
	var out []bar
	for _, k := range order {
		if m[k] > 0 {
			out = append(out, bar{k, m[k]})
		}
	}
	for _, k := range sortedKeys(m) {
		if m[k] > 0 && !slices.Contains(order, k) {
			out = append(out, bar{k, m[k]})
		}
	}
	return out
}

func sortedKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}
