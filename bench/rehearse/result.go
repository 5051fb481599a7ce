package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"time"

	"github.com/emr-eks-loadtest/emr-eks-loadtest/internal/rehearse"
	"github.com/emr-eks-loadtest/emr-eks-loadtest/loadgen/plan"
	"github.com/emr-eks-loadtest/emr-eks-loadtest/spec/stackconfig"
)

// result is one measured rehearsal.
type result struct {
	Name, Commit           string
	Args                   []string
	Start, End             time.Time
	PlanStart              time.Time
	Config                 stackconfig.Config
	Plan, Replan           *plan.Plan
	Load                   []loadSample
	Scrapes                []scrape
	Notes                  []string
	Report                 report
	Jobs                   rehearse.JobPeaks
	Waits                  rehearse.WaitTrend
	NodeStart              time.Duration            // the scaled --node-start-delay
	RunStart               time.Time                // cluster.json's start
	CPU                    map[string]time.Duration // the twin's processes' CPU time from the plan's start
	CPUWall                time.Duration
	Peaks                  map[string]rehearse.PoolPeak
	Pods, Nodes            int
	PeakPending            int
	ProvisionP50, SchedP99 float64
}

// report is what this bench reads of report.json.
type report struct {
	Counts struct {
		Jobs, Accepted, Completed, Failed int
	} `json:"counts"`
	Rates struct {
		Target, Achieved float64
	} `json:"rates_per_min"`
	Ratios struct {
		Late, Dropped float64
	} `json:"ratios"`
	Latency map[string]struct {
		Count         int64
		P50, P99, Max float64
	} `json:"latency_ms"`
}

func (r *result) readOutputs(dir string) error {
	b, err := os.ReadFile(filepath.Join(dir, "report.json"))
	if err != nil {
		return fmt.Errorf("the rehearsal wrote no report.json: %w", err)
	}
	if err := json.Unmarshal(b, &r.Report); err != nil {
		return fmt.Errorf("report.json: %w", err)
	}
	if err := r.readJobs(filepath.Join(dir, "jobs.csv")); err != nil {
		return err
	}
	sec, err := readCluster(dir)
	if err != nil {
		return fmt.Errorf("cluster.json: %w", err)
	}
	if r.Peaks, err = rehearse.PeakNodes(sec.Nodes, sec.End); err != nil {
		return err
	}
	for _, p := range sec.Series {
		r.PeakPending = max(r.PeakPending, p.Pending)
		r.Pods = max(r.Pods, p.Pending+p.Running)
	}
	r.Nodes, r.RunStart = sec.MaxNodes, sec.Start
	r.ProvisionP50, r.SchedP99 = sec.Latency.NodeProvisioning.P50, sec.Latency.PodScheduling.P99
	return nil
}

func (r *result) readJobs(file string) error {
	b, err := os.ReadFile(file)
	if err != nil {
		return err
	}
	if r.Jobs, err = rehearse.ReadJobPeaks(bytes.NewReader(b)); err != nil {
		return err
	}
	r.Waits, err = rehearse.ReadWaitTrend(bytes.NewReader(b))
	return err
}

func (r *result) markdown() string {
	var b strings.Builder
	w := func(format string, a ...any) { fmt.Fprintf(&b, format+"\n", a...) }
	w("## %s (%s UTC, commit %s; loadgen built from the working tree)", r.Name, r.Start.UTC().Format("2006-01-02 15:04"), r.Commit)
	w("")
	w("`go run ./bench/rehearse --name %s -- %s`", r.Name, strings.Join(r.Args, " "))
	w("")
	if lo, hi, mean := loadStats(r.Load); len(r.Load) > 0 {
		w("- machine: %d cores, load average (1 min) %.1f-%.1f, mean %.1f over the run (shared with other builds and tests: the figures are upper bounds on cost, lower bounds on capacity)", runtime.NumCPU(), lo, hi, mean)
		w("- wall: %s in all, plan started %s after the start", r.End.Sub(r.Start).Round(time.Second), r.PlanStart.Sub(r.Start).Round(time.Second))
	}
	if r.CPUWall > 0 {
		w("- CPU of the twin's processes from the plan's start (%s), in cores of this %d-core machine: %s (on EKS, Karpenter's controller has 1 vCPU of its own, infra/karpenter's request = limit, and the control plane is AWS's)",
			r.CPUWall.Round(time.Second), runtime.NumCPU(), cpuLine(r.CPU, r.CPUWall))
	}
	r.writeRealTime(w)
	r.writeAPI(w)
	r.writePlan(w)
	for _, n := range r.Notes {
		w("- note: %s", n)
	}
	w("")
	return b.String()
}

func (r *result) writeRealTime(w func(string, ...any)) {
	rep := r.Report
	lag, ttr := rep.Latency["schedule_lag"], rep.Latency["time_to_running"]
	w("- jobs: %d scheduled, %d accepted, %d completed, %d failed; rate target %.1f/min, achieved %.1f/min; late %.2f %%, dropped %.2f %%",
		rep.Counts.Jobs, rep.Counts.Accepted, rep.Counts.Completed, rep.Counts.Failed, rep.Rates.Target, rep.Rates.Achieved,
		100*rep.Ratios.Late, 100*rep.Ratios.Dropped)
	w("- schedule lag p50 %.1f ms, p99 %.1f ms, max %.1f ms; time to RUNNING p50 %.2f s, p99 %.2f s, max %.2f s",
		lag.P50, lag.P99, lag.Max, ttr.P50/1000, ttr.P99/1000, ttr.Max/1000)
	w("- peak: %d jobs in flight (accepted to finished; mean %s), %d running (mean %s); %d job-namespace pods, %d pending; %d nodes",
		r.Jobs.InFlight, r.Jobs.MeanInFlight.Round(100*time.Millisecond), r.Jobs.Running, r.Jobs.MeanRunning.Round(100*time.Millisecond),
		r.Pods, r.PeakPending, r.Nodes)
	w("- pod scheduling p99 %.2f s; node provisioning p50 %.2f s", r.SchedP99, r.ProvisionP50)
	var by []string
	for _, d := range r.Waits.ByMinute {
		by = append(by, fmt.Sprintf("%.0f", d.Seconds()))
	}
	pace := "the control plane kept pace (waits grew by at most one node start)"
	if !r.Waits.KeptPace(r.NodeStart) {
		pace = "the control plane FELL BEHIND: a queue the plan does not model (it plans for one that keeps pace)"
	}
	w("- accepted to RUNNING, median by minute of acceptance: %s s; grew by %.0f s: %s", strings.Join(by, ", "), r.Waits.Growth().Seconds(), pace)
}

func (r *result) writeAPI(w func(string, ...any)) {
	if len(r.Scrapes) < 2 {
		w("- kube-apiserver mutating latency: not measured (%d scrapes)", len(r.Scrapes))
		return
	}
	first, last := r.Scrapes[0], r.Scrapes[len(r.Scrapes)-1]
	whole := last.Mutating.Since(first.Mutating).Summarize(minCalls)
	worst := worstWindow(r.Scrapes, 5*time.Minute)
	w("- kube-apiserver, single-object mutating calls (POST/PUT/PATCH/APPLY/DELETE), %s of the run (%d scrapes): %s; SLO p99 <= 1 s per resource and verb (calls with >= %d requests): %s",
		last.At.Sub(first.At).Round(time.Second), len(r.Scrapes), whole, minCalls, metOrNot(whole.MeetsSLO() && worst.MeetsSLO()))
	w("- worst 5-minute window: %s", worst)
	var top []string
	for _, c := range whole.Calls[:min(6, len(whole.Calls))] {
		top = append(top, fmt.Sprintf("%s %d req p99 %.3f s", c.Call, c.Requests, c.P99))
	}
	w("- busiest calls: %s", strings.Join(top, "; "))
}

// minCalls: a call needs this many requests in a window for its p99 to
// count against the SLO.
const minCalls = 100

// worstWindow is the window of about d (between scrapes) whose worst call
// has the highest p99; the whole run when it is shorter than d.
func worstWindow(s []scrape, d time.Duration) rehearse.MutatingSummary {
	worst := s[len(s)-1].Mutating.Since(s[0].Mutating).Summarize(minCalls)
	for j := range s {
		i := j
		for i > 0 && s[j].At.Sub(s[i].At) < d {
			i--
		}
		if s[j].At.Sub(s[i].At) < d {
			continue
		}
		if w := s[j].Mutating.Since(s[i].Mutating).Summarize(minCalls); w.Worst.P99 > worst.Worst.P99 {
			worst = w
		}
	}
	return worst
}

func (r *result) writePlan(w func(string, ...any)) {
	if r.Plan == nil {
		return
	}
	p := r.Plan
	w("- plan (`loadgen plan`, run time = the scaled mean %s; %.0f jobs need new nodes and wait %s more): %d jobs in flight at the peak (steady %d), rehearsed %d (%+.0f%%); mean time in flight %s, rehearsed %s (%+.0f%%); %d job pods",
		p.RunTimeText, p.JobsWaited, p.NodeWaitText, p.PeakConcurrent, p.SteadyConcurrent, r.Jobs.InFlight,
		100*rehearse.RelErr(float64(p.PeakConcurrent), float64(r.Jobs.InFlight)), p.MeanInFlightText, r.Jobs.MeanInFlight.Round(time.Second),
		100*rehearse.RelErr(durationOf(p.MeanInFlightText).Seconds(), r.Jobs.MeanInFlight.Seconds()), p.PeakPods)
	for _, c := range rehearse.ComparePools(r.Plan, r.Config, r.Peaks) {
		w("  - %s", c)
	}
	if r.Replan == nil {
		return
	}
	w("- re-planned at the observed peak of %d jobs in flight (same arrivals, run time %s so that run time + node wait = peak / rate; plans %d):",
		r.Jobs.InFlight, r.Replan.RunTimeText, r.Replan.PeakConcurrent)
	for _, c := range rehearse.ComparePools(r.Replan, r.Config, r.Peaks) {
		w("  - %s", c)
	}
}

// durationOf parses the plan's JSON durations ("1m6s"; zero if unset).
func durationOf(s string) time.Duration {
	d, _ := time.ParseDuration(s)
	return d
}

func metOrNot(ok bool) string {
	if ok {
		return "**met**"
	}
	return "**MISSED**"
}

func loadStats(s []loadSample) (lo, hi, mean float64) {
	if len(s) == 0 {
		return math.NaN(), math.NaN(), math.NaN()
	}
	v := make([]float64, len(s))
	for i, x := range s {
		v[i] = x.Load
		mean += x.Load
	}
	return slices.Min(v), slices.Max(v), mean / float64(len(s))
}
