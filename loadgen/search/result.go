package search

import (
	"encoding/json"
	"fmt"
	"io"
	"text/tabwriter"
	"time"

	"github.com/emr-eks-loadtest/emr-eks-loadtest/loadgen/pace"
)

// Result is a search: the highest sustainable rate found, the bracket that
// proves it, and every step.
type Result struct {
	Session string `json:"session,omitempty"`
	Target  string `json:"target,omitempty"`

	Plan   Plan          `json:"-"`
	Warmup time.Duration `json:"warmup_ns"`
	Window time.Duration `json:"window_ns"`

	// Found is the last good rate (0: none was sustainable); LastGood and
	// FirstBad are the steps that bracket it (nil when missing).
	Found    pace.Rate `json:"-"`
	FoundMin float64   `json:"found_per_min"`
	LastGood *Step     `json:"last_good,omitempty"`
	FirstBad *Step     `json:"first_bad,omitempty"`
	// Complete says the bracket closed to the precision; otherwise Stopped says why not.
	Complete    bool   `json:"complete"`
	Stopped     string `json:"stopped"`
	Interrupted bool   `json:"interrupted,omitempty"`
	// LinearSteps is what a linear sweep at the same precision would have
	// taken (0 when no bad step was found).
	LinearSteps int `json:"linear_sweep_steps"`
	// Budget is the spend estimate's figures and limit (nil: none given).
	Budget *Budget `json:"budget,omitempty"`
	Steps  []Step  `json:"steps"`

	FromPerMin float64 `json:"from_per_min"`
	Precision  float64 `json:"precision"`
	Growth     float64 `json:"growth"`
}

func (r *Result) finish(b bracket) {
	r.Found, r.FoundMin = b.good, float64(b.good)*60
	r.FromPerMin, r.Precision, r.Growth = float64(r.Plan.From)*60, r.Plan.Precision, r.Plan.Growth
	for i := range r.Steps {
		s := &r.Steps[i]
		if b.good > 0 && s.Rate == b.good && s.Verdict == VerdictGood {
			r.LastGood = s
		}
		if b.bad > 0 && s.Rate == b.bad && s.Verdict == VerdictBad && r.FirstBad == nil {
			r.FirstBad = s
		}
	}
	r.Complete = b.good > 0 && b.bad > 0 && float64(b.bad-b.good) <= r.Plan.Precision*float64(b.good)
	if b.bad > 0 {
		r.LinearSteps = LinearSteps(r.Plan.From, b.good, b.bad, r.Plan.Precision)
	}
}

// WriteJSON writes search.json.
func (r Result) WriteJSON(w io.Writer) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(r)
}

// WriteText writes the verdict and one row per step.
func (r Result) WriteText(w io.Writer) error {
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "step\tphase\trate/min\tplanned\tttr p95\tbacklog slope/s\tp\tfailed\tverdict\twhy")
	for _, s := range r.Steps {
		fmt.Fprintf(tw, "%d\t%s\t%.1f\t%d\t%s\t%+.3f\t%.2g\t%.3g\t%s\t%s\n", s.N, s.Phase, s.PerMin, s.Planned,
			secs(s.TimeToRunningP95), s.Stability.Slope, s.Stability.P, s.FailedRatio, s.Verdict, s.Why)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	_, err := fmt.Fprintln(w, r.Summary())
	return err
}

// Summary is the one-paragraph answer.
func (r Result) Summary() string {
	var s string
	switch {
	case r.LastGood == nil:
		s = "no sustainable rate found"
	default:
		s = fmt.Sprintf("highest sustainable rate: %.1f/min (step %d)", r.FoundMin, r.LastGood.N)
	}
	if r.FirstBad != nil {
		s += fmt.Sprintf("; first bad: %.1f/min (step %d): %s", r.FirstBad.PerMin, r.FirstBad.N, r.FirstBad.Why)
	}
	s += fmt.Sprintf("\n%d steps; search ended: %s", len(r.Steps), r.Stopped)
	if r.LinearSteps > 0 {
		s += fmt.Sprintf("; a linear sweep at the same precision would take %d steps", r.LinearSteps)
	}
	if !r.Complete {
		s += "\nthe bracket is not closed: the rate is a lower bound"
	}
	return s
}

func secs(v float64) string {
	return time.Duration(v * float64(time.Second)).Round(10 * time.Millisecond).String()
}
