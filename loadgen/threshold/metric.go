package threshold

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/emr-eks-loadtest/emr-eks-loadtest/loadgen/job"
	"github.com/emr-eks-loadtest/emr-eks-loadtest/loadgen/stats"
)

// Kind is the unit family of a metric; it decides how a threshold's value is written and compared.
type Kind int

const (
	// Duration metrics compare in seconds; the value needs a Go duration unit ("2s", "150ms", "2m").
	Duration Kind = iota + 1
	// Ratio metrics are fractions: "0.01" or "1%", within [0,1].
	Ratio
	// Rate metrics compare per minute: "150", "150/min", "2.5/s", "9000/h".
	Rate
	// Count metrics are job counts: a plain number.
	Count
)

func (k Kind) String() string {
	return map[Kind]string{Duration: "duration", Ratio: "ratio", Rate: "rate per minute", Count: "count"}[k]
}

// getter reads a metric from a Summary; ok=false means no data (an empty distribution, a zero
// denominator or a zero duration).
type getter func(s stats.Summary) (v float64, ok bool)

type scalar struct {
	kind Kind
	get  getter
	doc  string
}

// scalars are the metrics with a fixed name. Latency metrics are "<distribution>_<stat>" (latency()).
var scalars = map[string]scalar{
	"failed_ratio":    {Ratio, ratioOf(func(s stats.Summary) (int, int) { return s.Failed, s.Finished }), "FAILED / finished jobs"},
	"error_ratio":     {Ratio, ratioOf(func(s stats.Summary) (int, int) { return s.SubmitErrors, s.Submitted }), "failed StartJobRun calls / calls sent"},
	"throttled_ratio": {Ratio, ratioOf(func(s stats.Summary) (int, int) { return s.Outcomes[job.OutcomeThrottled], s.Submitted }), "throttled calls / calls sent"},
	"dropped_ratio":   {Ratio, ratioOf(func(s stats.Summary) (int, int) { return s.Outcomes[job.OutcomeDropped], s.Jobs }), "dropped / planned jobs"},
	"late_ratio":      {Ratio, ratioOf(func(s stats.Summary) (int, int) { return s.Outcomes[job.OutcomeLate], s.Jobs }), "late / planned jobs"},
	"target_rate":     {Rate, rateOf(func(s stats.Summary) float64 { return s.Rates.TargetPerMin }), "scheduled jobs per minute"},
	"achieved_rate":   {Rate, rateOf(func(s stats.Summary) float64 { return s.Rates.AchievedPerMin }), "calls sent per minute"},
	"accepted_rate":   {Rate, rateOf(func(s stats.Summary) float64 { return s.Rates.AcceptedPerMin }), "accepted calls per minute"},
	"completed_rate":  {Rate, rateOf(func(s stats.Summary) float64 { return s.Rates.CompletedPerMin }), "COMPLETED jobs per minute"},
	"jobs":            {Count, countOf(func(s stats.Summary) int { return s.Jobs }), "planned jobs"},
	"submitted":       {Count, countOf(func(s stats.Summary) int { return s.Submitted }), "calls sent"},
	"accepted":        {Count, countOf(func(s stats.Summary) int { return s.Accepted }), "accepted calls"},
	"completed":       {Count, countOf(func(s stats.Summary) int { return s.Completed }), "COMPLETED jobs"},
	"failed":          {Count, countOf(func(s stats.Summary) int { return s.Failed }), "FAILED jobs"},
	"unfinished":      {Count, countOf(func(s stats.Summary) int { return s.FinalStates[stats.StateUnfinished] }), "accepted jobs without a final state"},
}

func ratioOf(f func(stats.Summary) (int, int)) getter {
	return func(s stats.Summary) (float64, bool) {
		n, den := f(s)
		return float64(n) / float64(max(den, 1)), den > 0
	}
}

func rateOf(f func(stats.Summary) float64) getter {
	return func(s stats.Summary) (float64, bool) { return f(s), s.Duration > 0 }
}

func countOf(f func(stats.Summary) int) getter {
	return func(s stats.Summary) (float64, bool) { return float64(f(s)), true }
}

// latency resolves "<distribution>_pNN", "_min", "_mean" or "_max" (e.g. submit_p99, run_time_max).
func latency(name string) (getter, bool) {
	for _, dist := range stats.LatencyNames {
		stat, ok := strings.CutPrefix(name, dist+"_")
		if !ok {
			continue
		}
		if pick, ok := latencyStat(stat); ok {
			return func(s stats.Summary) (float64, bool) {
				d := s.Latency[dist]
				return pick(d).Seconds(), d.Count > 0
			}, true
		}
	}
	return nil, false
}

// percentilePattern is "p" and a decimal number: p50, p99, p99.9.
var percentilePattern = regexp.MustCompile(`^p[0-9]+(\.[0-9]+)?$`)

func latencyStat(stat string) (func(stats.Dist) time.Duration, bool) {
	switch stat {
	case "min":
		return func(d stats.Dist) time.Duration { return d.Min }, true
	case "mean":
		return func(d stats.Dist) time.Duration { return d.Mean }, true
	case "max":
		return func(d stats.Dist) time.Duration { return d.Max }, true
	}
	if !percentilePattern.MatchString(stat) {
		return nil, false
	}
	p, err := strconv.ParseFloat(stat[1:], 64)
	if err != nil || !(p > 0 && p <= 100) {
		return nil, false
	}
	return func(d stats.Dist) time.Duration { return d.Percentile(p) }, true
}

// lookup returns a metric's kind and getter.
func lookup(name string) (Kind, getter, error) {
	if m, ok := scalars[name]; ok {
		return m.kind, m.get, nil
	}
	if g, ok := latency(name); ok {
		return Duration, g, nil
	}
	return 0, nil, fmt.Errorf("unknown metric %q; valid metrics: %s", name, strings.Join(MetricNames(), ", "))
}
