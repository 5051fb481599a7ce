package report

import (
	"fmt"
	"io"
	"slices"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/emr-eks-loadtest/emr-eks-loadtest/loadgen/job"
	"github.com/emr-eks-loadtest/emr-eks-loadtest/loadgen/stats"
)

// terminalSlowest is how many of the slowest jobs the terminal summary lists.
const terminalSlowest = 5

// Distinct submission errors the terminal summary lists, and the longest message it prints.
const (
	terminalErrors   = 10
	terminalErrorLen = 300
)

// Terminal writes the end-of-run summary: plain text, no colours, fits 100 columns. Write errors
// are ignored (the terminal is best effort; the files are the record).
func Terminal(w io.Writer, s stats.Summary, e Extras) {
	p := func(format string, args ...any) { _, _ = fmt.Fprintf(w, format, args...) }
	if e.Interrupted {
		at := ""
		if !e.InterruptedAt.IsZero() {
			at = " at " + ts(e.InterruptedAt)
		}
		p("INTERRUPTED%s: the run was stopped (Ctrl-C) before its plan ended; the numbers cover what ran\n", at)
	}
	p("Session %s (target %s): %s to %s, %s%s\n", orDash(s.Session), orDash(s.Target),
		orDash(ts(s.Start)), orDash(ts(s.End)), fmtDur(s.Duration), workersNote(s.Workers))
	if len(s.Plan) > 0 {
		p("Plan: %s\n", kv(s.Plan, nil))
	}
	p("Jobs %d: %s\n", s.Jobs, kv(s.Outcomes, job.Outcomes))
	p("Final states of %d accepted: %s\n", s.Accepted, kv(s.FinalStates, nil))
	if RateMeaningful(s) {
		p("Rate/min over %s scheduling: target %.1f, achieved %.1f, accepted %.1f; completed %.1f (whole run)\n",
			fmtDur(s.Window), s.Rates.TargetPerMin, s.Rates.AchievedPerMin, s.Rates.AcceptedPerMin, s.Rates.CompletedPerMin)
	} else {
		p("Planned %d job(s), sent %d, accepted %d: too few over %s for a rate\n", s.Scheduled, s.Submitted, s.Accepted, fmtDur(s.Window))
	}
	p("Ratios: failed %s, error %s, throttled %s, dropped %s, late %s\n", pct(s.Ratios.Failed),
		pct(s.Ratios.Error), pct(s.Ratios.Throttled), pct(s.Ratios.Dropped), pct(s.Ratios.Late))
	if s.Unknown > 0 {
		p("Unknown outcome: %d call(s) without an answer in the journal (the process died during them): neither accepted nor failed; `loadgen stop` looks them up by name\n", s.Unknown)
	}
	if e.IDConflicts > 0 {
		p("ID conflicts: %d (a job-run id the server accepted for two jobs: kept apart, see their state details)\n", e.IDConflicts)
	}
	errorLines(w, s.Errors)
	latencyTable(w, s)
	phaseTable(w, s)
	if n := min(len(s.Slowest), terminalSlowest); n > 0 {
		p("Slowest jobs (submission to finish):\n")
		for _, sj := range s.Slowest[:n] {
			p("  %s\n", slowLine(sj))
		}
	}
	if s.Samples == 0 && len(s.Series.Buckets) > 0 && s.Series.InFlightSource == stats.InFlightJobs {
		p("No tracking samples: in-flight counts derived from job timestamps.\n")
	}
}

func latencyTable(w io.Writer, s stats.Summary) {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	_, _ = fmt.Fprintln(tw, "latency\tcount\tp50\tp90\tp95\tp99\tmax\t")
	for _, name := range stats.LatencyNames {
		d := s.Latency[name]
		if d.Count == 0 {
			_, _ = fmt.Fprintf(tw, "%s\t0\t-\t-\t-\t-\t-\t\n", name)
			continue
		}
		_, _ = fmt.Fprintf(tw, "%s\t%d\t%s\t%s\t%s\t%s\t%s\t\n", name, d.Count, fmtDur(d.P50), fmtDur(d.P90),
			fmtDur(d.P95), fmtDur(d.P99), fmtDur(d.Max))
	}
	_ = tw.Flush()
	clampedNote(w, s)
}

// clampedNote counts the durations that were negative (an end before its
// start: server times out of order, or client and server clocks apart) or
// out of range and so were recorded at the bound; silently they would read 0 s.
func clampedNote(w io.Writer, s stats.Summary) {
	var parts []string
	for _, name := range stats.LatencyNames {
		if n := s.Latency[name].Clamped; n > 0 {
			parts = append(parts, fmt.Sprintf("%s %d", name, n))
		}
	}
	if len(parts) > 0 {
		_, _ = fmt.Fprintf(w, "Clamped (an end before its start, e.g. finishedAt before createdAt, or out of range; counted at 0 s or the bound): %s\n",
			strings.Join(parts, ", "))
	}
}

func slowLine(sj stats.SlowJob) string {
	state := sj.Job.FinalState
	if sj.Unfinished {
		state = "unfinished"
	}
	return strings.TrimSpace(fmt.Sprintf("%s  %s  %s  %s  %s", fmtDur(sj.Elapsed), orDash(sj.Job.Key),
		orDash(sj.Job.ID), state, sj.Job.StateDetails))
}

// kv formats "k v, k v" in the given order first, then the remaining keys sorted; zero counts skipped.
func kv[V comparable](m map[string]V, order []string) string {
	var parts []string
	var zero V
	seen := map[string]bool{}
	add := func(k string) {
		if v, ok := m[k]; ok && !seen[k] && v != zero {
			parts = append(parts, fmt.Sprintf("%s %v", k, v))
		}
		seen[k] = true
	}
	for _, k := range order {
		add(k)
	}
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		add(k)
	}
	if len(parts) == 0 {
		return "none"
	}
	return strings.Join(parts, ", ")
}

// fmtDur rounds to 3-4 significant digits: 812µs, 12.35ms, 1.234s, 12m3.5s.
func fmtDur(d time.Duration) string {
	switch {
	case d == 0:
		return "0s"
	case d < time.Millisecond:
		return d.Round(time.Microsecond).String()
	case d < time.Second:
		return d.Round(10 * time.Microsecond).String()
	case d < time.Minute:
		return d.Round(time.Millisecond).String()
	}
	return d.Round(100 * time.Millisecond).String()
}

func pct(v float64) string { return fmt.Sprintf("%.2f%%", v*100) }

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

// RateMeaningful: a rate needs at least two scheduled submissions (one
// interval); over a shorter window the reports give the planned jobs instead
// (--rate 4/min --duration 10s plans one job, whose "rate" read 26,763/min).
func RateMeaningful(s stats.Summary) bool { return s.Scheduled >= 2 }

// workersNote names the workers of a scaled-out run, nothing for a single one.
func workersNote(v []int) string {
	if len(v) <= 1 {
		return ""
	}
	return fmt.Sprintf(", %d workers (%s)", len(v), ints(v))
}

func ints(v []int) string {
	if len(v) == 0 {
		return "-"
	}
	return strings.Trim(strings.Join(strings.Fields(fmt.Sprint(v)), ","), "[]")
}

// errorLines lists the distinct errors of sent submissions that failed, with
// their counts, most frequent first (jobs.csv has each job's).
func errorLines(w io.Writer, list []stats.ErrorCount) {
	if len(list) == 0 {
		return
	}
	_, _ = fmt.Fprintf(w, "Errors (%d distinct, most frequent first):\n", len(list))
	for _, e := range list[:min(len(list), terminalErrors)] {
		msg := e.Error
		if len(msg) > terminalErrorLen {
			msg = msg[:terminalErrorLen] + "..."
		}
		_, _ = fmt.Fprintf(w, "  %d× %s\n", e.N, msg)
	}
	if len(list) > terminalErrors {
		_, _ = fmt.Fprintf(w, "  ... %d more (jobs.csv has every job's error)\n", len(list)-terminalErrors)
	}
}

// phaseTable prints the operator phases from creation (server clock), when there are any.
func phaseTable(w io.Writer, s stats.Summary) {
	if !s.HasPhases() {
		return
	}
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	_, _ = fmt.Fprintln(tw, "phase\tcount\tp50\tp90\tp99\tmax\t")
	for _, name := range stats.PhaseFromCreated {
		d := s.PhaseLatency[name]
		if d.Count == 0 {
			_, _ = fmt.Fprintf(tw, "%s\t0\t-\t-\t-\t-\t\n", name)
			continue
		}
		_, _ = fmt.Fprintf(tw, "%s\t%d\t%s\t%s\t%s\t%s\t\n", name, d.Count, fmtDur(d.P50), fmtDur(d.P90), fmtDur(d.P99), fmtDur(d.Max))
	}
	_ = tw.Flush()
}
