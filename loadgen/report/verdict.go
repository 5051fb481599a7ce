package report

import (
	"io"
	"time"

	"github.com/emr-eks-loadtest/emr-eks-loadtest/loadgen/search"
	"github.com/emr-eks-loadtest/emr-eks-loadtest/loadgen/stats"
)

// Verdict is one threshold's outcome, as report.json and report.html carry it.
type Verdict struct {
	Rule     string `json:"rule"`     // the threshold as given, e.g. submit_p99<2s
	Value    string `json:"value"`    // the measured metric in the rule's unit, or "no data"
	Breached bool   `json:"breached"` // the rule does not hold (or had no data)
}

// Extras is what the reports carry beyond the summary.
type Extras struct {
	// Search is a capacity search's record (nil: the session is no search), search.go.
	Search *search.Result

	Thresholds  []Verdict // the --threshold verdicts (none: no thresholds given)
	Interrupted bool      // the run was stopped by Ctrl-C before its plan ended
	Failed      string    // why the run failed (all or too many submissions failed; exit 1), "" if it did not
	// InterruptedAt is when, from the journal's interrupt record (zero: unknown or not interrupted).
	InterruptedAt time.Time
	IDConflicts   int // job-run ids the server accepted for two jobs (journal.Derived.IDConflicts)
	// Cluster is a rehearsal's cluster section (nil: none), see cluster.go.
	Cluster ClusterSection
}

// Passed says whether every threshold held and the run did not fail.
func (e Extras) Passed() bool {
	if e.Failed != "" {
		return false
	}
	for _, v := range e.Thresholds {
		if v.Breached {
			return false
		}
	}
	return true
}

// WriteAllWith is WriteAll with the threshold verdicts and the interrupt in report.json and report.html.
func WriteAllWith(dir string, r stats.Run, s stats.Summary, e Extras) error {
	return writeAll(dir, r, s, e)
}

// WriteJSONWith is WriteJSON with extras.
func WriteJSONWith(w io.Writer, s stats.Summary, e Extras) error { return writeJSON(w, s, e) }

// WriteHTMLWith is WriteHTML with extras.
func WriteHTMLWith(w io.Writer, s stats.Summary, e Extras) error { return writeHTML(w, s, e) }

// jsonVerdict is report.json's "verdict": pass is false when a threshold is breached.
type jsonVerdict struct {
	Pass          bool      `json:"pass"`
	Interrupted   bool      `json:"interrupted"`
	InterruptedAt string    `json:"interrupted_at,omitempty"` // RFC 3339, from the journal
	Failed        string    `json:"failed,omitempty"`         // the failed-run verdict (exit 1)
	Thresholds    []Verdict `json:"thresholds"`
}

func verdictJSON(e Extras) jsonVerdict {
	return jsonVerdict{Pass: e.Passed(), Interrupted: e.Interrupted, InterruptedAt: ts(e.InterruptedAt), Failed: e.Failed, Thresholds: append([]Verdict{}, e.Thresholds...)}
}
