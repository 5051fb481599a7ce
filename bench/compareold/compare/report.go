package compare

import (
	"fmt"
	"io"
	"math"
	"time"
)

// Targets of issue 8.
const (
	TargetCPURatio      = 1000 // old CPU per job / ours, at least
	TargetRateTolerance = 0.01 // ours (open model) achieved rate within 1 % of target
	TargetTrackRatio    = 100  // old ListJobRuns per minute / ours, at least
)

// Results is one comparison run.
type Results struct {
	Machine, Commit, LoadBefore, LoadAfter string
	Date                                   time.Time
	Config                                 Config
	Subs                                   []Submission // old, loadgen open, loadgen closed
	Track                                  []Tracking   // old, ours
}

// Ratio is one old / ours comparison and whether it meets its target.
type Ratio struct {
	What   string
	Value  float64 // old / ours
	Target string
	Met    bool
}

// Ratios compares the old path with loadgen and with the floors (Subs[0] with Subs[1:]), and
// the old poll with each loadgen tracking row (Track[0] with Track[1:]); the tracking target
// is checked on the pod watch, the recommended in-cluster mode.
func (r Results) Ratios() []Ratio {
	var out []Ratio
	for _, ours := range r.Subs[min(1, len(r.Subs)):] {
		out = append(out, r.Subs[0].cpuRatio(ours))
		if !ours.Floor {
			out = append(out, Ratio{What: "peak RSS, old / " + ours.Tool,
				Value: div(float64(r.Subs[0].Usage.PeakTreeRSS), float64(ours.Usage.PeakTreeRSS))})
		}
	}
	for _, f := range r.Subs {
		if f.Floor {
			for _, ours := range r.Subs {
				if ours.Tool == ToolLoadgenOpen {
					out = append(out, Ratio{What: "CPU per job, " + ours.Tool + " / " + f.Tool, Value: div(ours.CPUPer1000(), f.CPUPer1000())})
				}
			}
		}
	}
	for _, ours := range r.Track[min(1, len(r.Track)):] {
		out = append(out, r.trackRatio(r.Track[0], ours))
	}
	return out
}

// cpuRatio is old CPU per job / other's; the target applies to loadgen's rows, not the floors.
func (old Submission) cpuRatio(other Submission) Ratio {
	v := div(old.CPUPer1000(), other.CPUPer1000())
	q := Ratio{What: "CPU per job, old / " + other.Tool, Value: v}
	if !other.Floor {
		q.Target, q.Met = fmt.Sprintf(">= %d", TargetCPURatio), v >= TargetCPURatio
	}
	return q
}

// trackRatio is old ListJobRuns per minute / ours; the target is checked on the pod watch.
func (r Results) trackRatio(old, ours Tracking) Ratio {
	v := div(old.ListJobRunsPerMin, ours.ListJobRunsPerMin)
	q := Ratio{What: fmt.Sprintf("ListJobRuns per minute at %d live jobs, old / %s", r.Config.LiveJobs, ours.Tool), Value: v}
	if ours.Tool == ToolTrackPoll {
		q.What += " (the fallback outside a cluster; the target is the pod watch's)"
		return q
	}
	q.Target, q.Met = fmt.Sprintf(">= %d", TargetTrackRatio), v >= TargetTrackRatio
	return q
}

// RateMet reports whether loadgen's open model reached the target rate within 1 %.
func (r Results) RateMet() (achieved float64, met bool) {
	for _, s := range r.Subs {
		if s.Tool == ToolLoadgenOpen {
			return s.AchievedRate, math.Abs(s.AchievedRate-s.TargetRate) <= TargetRateTolerance*s.TargetRate
		}
	}
	return 0, false
}

func div(a, b float64) float64 {
	if b == 0 {
		return math.Inf(1)
	}
	return a / b
}

// WriteMarkdown writes the results as the markdown kept in bench/results/.
func (r Results) WriteMarkdown(w io.Writer) {
	c := r.Config
	fmt.Fprintf(w, "# Side by side: the old toolkit's submission path vs loadgen\n\n")
	fmt.Fprintf(w, "- date: %s\n- machine: %s\n- commit: %s\n- load average before / after: %s / %s\n",
		r.Date.UTC().Format("2006-01-02 15:04 MST"), r.Machine, r.Commit, r.LoadBefore, r.LoadAfter)
	cmd := fmt.Sprintf("--jobs %d --rate %g --users %d", c.Jobs, c.Rate, c.Users)
	if c.TrackingOnly {
		cmd = fmt.Sprintf("--tracking-only --track-window %s --track-full-interval %s --pod-full-interval %s --pod-window %s",
			c.TrackWindow, c.TrackFullInterval, c.PodFullInterval, c.PodWindow)
	}
	fmt.Fprintf(w, "- command: `go run ./bench/compareold %s` (server: `loadgen serve-local`, a fresh one per row)\n\n", cmd)
	r.writeSubs(w)
	fmt.Fprintf(w, "\n## Tracking cost: %d live jobs over %d virtual clusters\n\n", c.LiveJobs, c.TrackVCs)
	r.writeTracking(w)
	fmt.Fprintf(w, "\n## Ratios (old / ours) and targets\n\n")
	r.WriteRatios(w)
}

// writeTracking writes the tracking table.
func (r Results) writeTracking(w io.Writer) {
	fmt.Fprintln(w, "| tool | how | live jobs (server) | ListJobRuns / min (server) | other calls / min | Kubernetes list/watch requests / min (kube-apiserver) |")
	fmt.Fprintln(w, "|---|---|---:|---:|---:|---:|")
	for _, t := range r.Track {
		kube := "n/a (no Kubernetes API)"
		if t.Kube != nil {
			kube = fmt.Sprintf("%.2f", t.KubePerMin())
		}
		fmt.Fprintf(w, "| %s | %s | %d | %.3f | %.2f | %s |\n", t.Tool, t.How, t.LiveJobs, t.ListJobRunsPerMin, t.OtherPerMin, kube)
	}
}

// writeSubs writes the submission table (nothing in a tracking-only run).
func (r Results) writeSubs(w io.Writer) {
	c := r.Config
	if len(r.Subs) == 0 {
		fmt.Fprintf(w, "Tracking only (`--tracking-only`, tracker `--track-full-interval %s`): no submission scenarios.\n", c.TrackFullInterval)
		return
	}
	fmt.Fprintf(w, "## Submissions: %d jobs at a target of %g/s\n\n", c.Jobs, c.Rate)
	fmt.Fprintln(w, "| tool | load model | accepted (server) | achieved rate (server) | CPU s | CPU s / 1,000 jobs | peak RSS (tree) | submit p50 / p99, tool | submit p50 / p99, server | wall |")
	fmt.Fprintln(w, "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|")
	for _, s := range r.Subs {
		fmt.Fprintf(w, "| %s | %s | %d / %d | %.2f/s | %.2f | %.3f | %s | %s / %s | %s / %s | %s |\n",
			s.Tool, s.Model, s.Accepted, s.Jobs, s.AchievedRate, s.Usage.CPU.Seconds(), s.CPUPer1000(),
			mib(s.Usage.PeakTreeRSS), dur(s.ClientP50), dur(s.ClientP99), dur(s.ServerP50), dur(s.ServerP99),
			s.Usage.Wall.Round(100*time.Millisecond))
	}
	fmt.Fprintln(w, "\nThe floor rows are not tools: they send the same rendered TPC-DS job once per job at the same pacing "+
		"with the least code that can (bench/compareold/floor), so they show what one request per job costs on this "+
		"machine (mostly kernel time for the network round trip); old / floor bounds what old / ours can reach here.")
}

// WriteRatios writes the ratios and target checks as a markdown list.
func (r Results) WriteRatios(w io.Writer) {
	for _, q := range r.Ratios() {
		prec := 1
		if q.Value < 10 {
			prec = 3 // 0.167, not 0.2
		}
		line := fmt.Sprintf("- %s: %.*f", q.What, prec, q.Value)
		if q.Target != "" {
			line += fmt.Sprintf(" (target %s: %s)", q.Target, metWord(q.Met))
		}
		fmt.Fprintln(w, line)
	}
	if len(r.Subs) == 0 {
		return
	}
	rate, met := r.RateMet()
	fmt.Fprintf(w, "- %s achieved rate: %.3f/s for %g/s, %+.2f%% (target within 1%%: %s)\n",
		ToolLoadgenOpen, rate, r.Config.Rate, (rate/r.Config.Rate-1)*100, metWord(met))
}

func metWord(met bool) string {
	if met {
		return "met"
	}
	return "MISSED"
}

func mib(b int64) string { return fmt.Sprintf("%.0f MiB", float64(b)/(1<<20)) }

func dur(d time.Duration) string {
	switch {
	case d >= time.Second:
		return d.Round(10 * time.Millisecond).String()
	case d >= time.Millisecond:
		return d.Round(10 * time.Microsecond).String()
	}
	return d.Round(time.Microsecond).String()
}
