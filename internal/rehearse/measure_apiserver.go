package rehearse

import (
	"cmp"
	"fmt"
	"io"
	"math"
	"slices"
	"sort"
	"strconv"

	dto "github.com/prometheus/client_model/go"
	"github.com/prometheus/common/expfmt"
	"github.com/prometheus/common/model"
)

// RequestDurationMetric is kube-apiserver's request latency histogram.
const RequestDurationMetric = "apiserver_request_duration_seconds"

// MutatingSLO is the Kubernetes API call latency SLO for mutating calls on
// single objects: p99 per (resource, verb) <= 1 s
// (sig-scalability slos/api_call_latency.md).
const MutatingSLO = 1.0

// mutatingVerbs are the verbs the SLO's "mutating API calls" are; WATCH,
// CONNECT and reads are left out.
var mutatingVerbs = []string{"POST", "PUT", "PATCH", "APPLY", "DELETE"}

// CallKey is one (resource, subresource, verb) of the histogram.
type CallKey struct {
	Group, Resource, Subresource, Verb string
}

func (k CallKey) String() string {
	r := k.Resource
	if k.Group != "" {
		r += "." + k.Group
	}
	if k.Subresource != "" {
		r += "/" + k.Subresource
	}
	return k.Verb + " " + r
}

// Histogram is a cumulative Prometheus histogram: counts per upper bound
// (ascending, +Inf last) and the total count.
type Histogram struct {
	Bounds []float64
	Counts []uint64 // cumulative, as exposed
	Count  uint64
}

// Mutating is the histogram per single-object (scope "resource") mutating
// call of one scrape.
type Mutating map[CallKey]Histogram

// ParseMutating reads a kube-apiserver /metrics text page.
func ParseMutating(r io.Reader) (Mutating, error) {
	p := expfmt.NewTextParser(model.UTF8Validation)
	fams, err := p.TextToMetricFamilies(r)
	if err != nil {
		return nil, fmt.Errorf("parsing /metrics: %w", err)
	}
	out := Mutating{}
	for _, m := range fams[RequestDurationMetric].GetMetric() {
		l := labels(m)
		if l["scope"] != "resource" || l["dry_run"] != "" || !slices.Contains(mutatingVerbs, l["verb"]) {
			continue
		}
		k := CallKey{l["group"], l["resource"], l["subresource"], l["verb"]}
		out[k] = add(out[k], histogram(m.GetHistogram()))
	}
	return out, nil
}

func labels(m *dto.Metric) map[string]string {
	out := map[string]string{}
	for _, lp := range m.GetLabel() {
		out[lp.GetName()] = lp.GetValue()
	}
	return out
}

func histogram(h *dto.Histogram) Histogram {
	var out Histogram
	for _, b := range h.GetBucket() {
		out.Bounds = append(out.Bounds, b.GetUpperBound())
		out.Counts = append(out.Counts, b.GetCumulativeCount())
	}
	if len(out.Bounds) == 0 || !math.IsInf(out.Bounds[len(out.Bounds)-1], 1) {
		out.Bounds = append(out.Bounds, math.Inf(1))
		out.Counts = append(out.Counts, h.GetSampleCount())
	}
	out.Count = h.GetSampleCount()
	return out
}

// add sums two histograms of the same buckets (a zero one takes b's).
func add(a, b Histogram) Histogram {
	if a.Count == 0 && len(a.Bounds) == 0 {
		return b
	}
	out := Histogram{Bounds: a.Bounds, Counts: slices.Clone(a.Counts), Count: a.Count + b.Count}
	for i := range out.Counts {
		if i < len(b.Counts) {
			out.Counts[i] += b.Counts[i]
		}
	}
	return out
}

// sub is a - b for a later scrape a of the same process (counts only grow).
func sub(a, b Histogram) Histogram {
	out := Histogram{Bounds: a.Bounds, Counts: slices.Clone(a.Counts), Count: a.Count - min(a.Count, b.Count)}
	for i := range out.Counts {
		if i < len(b.Counts) {
			out.Counts[i] -= min(out.Counts[i], b.Counts[i])
		}
	}
	return out
}

// Since is the requests between an earlier scrape and this one.
func (m Mutating) Since(earlier Mutating) Mutating {
	out := Mutating{}
	for k, h := range m {
		if d := sub(h, earlier[k]); d.Count > 0 {
			out[k] = d
		}
	}
	return out
}

// Quantile interpolates linearly within the bucket holding rank q*count,
// as PromQL's histogram_quantile does; in the +Inf bucket it returns the
// highest finite bound (a lower bound of the truth). NaN when empty.
func (h Histogram) Quantile(q float64) float64 {
	if h.Count == 0 || len(h.Bounds) == 0 {
		return math.NaN()
	}
	rank := q * float64(h.Count)
	i := sort.Search(len(h.Counts), func(i int) bool { return float64(h.Counts[i]) >= rank })
	if i >= len(h.Bounds) {
		i = len(h.Bounds) - 1
	}
	if math.IsInf(h.Bounds[i], 1) {
		if i == 0 {
			return math.NaN()
		}
		return h.Bounds[i-1]
	}
	lo, below := 0.0, 0.0
	if i > 0 {
		lo, below = h.Bounds[i-1], float64(h.Counts[i-1])
	}
	in := float64(h.Counts[i]) - below
	if in <= 0 {
		return h.Bounds[i]
	}
	return lo + (h.Bounds[i]-lo)*(rank-below)/in
}

// CallLatency is one call's p99 over a window.
type CallLatency struct {
	Call     string  `json:"call"`
	Requests uint64  `json:"requests"`
	P99      float64 `json:"p99Seconds"`
}

// MutatingSummary is the mutating calls' latency over a window.
type MutatingSummary struct {
	Requests uint64  `json:"requests"`
	P99      float64 `json:"p99Seconds"` // every mutating call together
	// Worst is the call with the highest p99 among those with at least
	// minCalls requests (the SLO is per resource and verb).
	Worst CallLatency   `json:"worst"`
	Calls []CallLatency `json:"calls"` // by requests, most first
}

// Summarize is the window's p99s; calls with fewer than minCalls requests
// are listed but not chosen as Worst (one slow request of three is a p99
// of that slow request).
func (m Mutating) Summarize(minCalls uint64) MutatingSummary {
	var s MutatingSummary
	var all Histogram
	for k, h := range m {
		all = add(all, h)
		c := CallLatency{Call: k.String(), Requests: h.Count, P99: h.Quantile(0.99)}
		s.Calls = append(s.Calls, c)
		if h.Count >= minCalls && (s.Worst.Call == "" || c.P99 > s.Worst.P99) {
			s.Worst = c
		}
	}
	s.Requests, s.P99 = all.Count, all.Quantile(0.99)
	slices.SortFunc(s.Calls, func(a, b CallLatency) int {
		return cmp.Or(cmp.Compare(b.Requests, a.Requests), cmp.Compare(a.Call, b.Call))
	})
	return s
}

// MeetsSLO reports whether every call with at least minCalls requests has
// p99 <= MutatingSLO.
func (s MutatingSummary) MeetsSLO() bool { return s.Worst.Call == "" || s.Worst.P99 <= MutatingSLO }

// String is one line: total, p99, worst call.
func (s MutatingSummary) String() string {
	return "mutating requests " + strconv.FormatUint(s.Requests, 10) + ", p99 " + fmtSeconds(s.P99) +
		", worst " + s.Worst.Call + " p99 " + fmtSeconds(s.Worst.P99) + " (" + strconv.FormatUint(s.Worst.Requests, 10) + " requests)"
}

func fmtSeconds(f float64) string { return strconv.FormatFloat(f, 'f', 3, 64) + " s" }
