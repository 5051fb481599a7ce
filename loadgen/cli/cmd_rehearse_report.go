package cli

import (
	"errors"
	"fmt"
	"io"
	"maps"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/emr-eks-loadtest/emr-eks-loadtest/infra/capacity"
	"github.com/emr-eks-loadtest/emr-eks-loadtest/internal/rehearse/clusterreport"
	"github.com/emr-eks-loadtest/emr-eks-loadtest/loadgen/plan"
	"github.com/emr-eks-loadtest/emr-eks-loadtest/loadgen/report"
	"github.com/emr-eks-loadtest/emr-eks-loadtest/loadgen/threshold"
	"github.com/emr-eks-loadtest/emr-eks-loadtest/spec/stackconfig"
)

// clusterSection summarises what the collector saw and sets `loadgen
// plan` for the same load plan and stack beside it (a plan it cannot make
// is a note, not an error).
func clusterSection(coll *clusterreport.Collector, f *rehearseFlags, cfg stackconfig.Config, runArgs []string, env Env) *clusterreport.Report {
	prices := func(typ, capType string) (float64, error) {
		p, err := capacity.PriceOf(cfg.Region, typ)
		if capType == "spot" {
			return p.SpotUSDPerHour, err
		}
		return p.OnDemandUSDPerHour, err
	}
	s := clusterreport.Summarize(coll.Snapshot(), time.Now(), prices)
	s.TimeScale, s.PriceSource = f.timeScale, capacity.PriceSource
	rep := &clusterreport.Report{Section: s}
	p, err := rehearsalPlan(f, cfg, runArgs, env)
	if err != nil {
		rep.Notes = append(rep.Notes, "no plan beside the rehearsal: "+err.Error())
		return rep
	}
	pvm := clusterreport.ComparePlan(p, s)
	rep.Plan = &pvm
	return rep
}

// rehearsalPlan is `loadgen plan` of the run's load plan and template on
// the rehearsed stack, for the run time and node start delay the rehearsal
// used (the mean of --local-run-time and --node-start-delay divided by
// --time-scale).
func rehearsalPlan(f *rehearseFlags, cfg stackconfig.Config, runArgs []string, env Env) (*plan.Plan, error) {
	r, set, err := parseRunArgs(runArgs, env)
	if err != nil {
		return nil, err
	}
	load, err := loadModel(r, set)
	if err != nil {
		return nil, err
	}
	job, err := planJob(r.template, "emr")
	if err != nil {
		return nil, err
	}
	runTime, err := expectedRunTime(0, f.runTime, false)
	if err != nil {
		return nil, err
	}
	source := "preset " + f.preset
	if f.stack != "" {
		source = "Pulumi." + f.stack + ".yaml"
	}
	scaled := func(d time.Duration) time.Duration {
		return time.Duration(float64(d) / f.timeScale).Round(time.Millisecond)
	}
	return plan.Make(plan.Input{Template: r.template, Target: "emr", Job: job, Load: planLoad(r, load),
		RunTime: scaled(runTime), Stack: cfg, StackSource: source, NodeStartDelay: startDelayInput(scaled(f.nodeStartDelay)),
		NodePools: r.driverPool != "" || r.executorPool != ""})
}

// parseRunArgs parses the run flags the rehearsal handed to Run.
func parseRunArgs(runArgs []string, env Env) (*runFlags, map[string]bool, error) {
	r := &runFlags{fromEnv: map[string]bool{}}
	fs := newFlagSet("loadgen rehearse", rehearseSynopsis, io.Discard)
	r.register(fs)
	set, err := parse(fs, runArgs, envRecorder(env.getenv, r.fromEnv, fs))
	return r, set, err
}

// finishReports writes cluster.json and remakes report.json and
// report.html with the cluster section (the run wrote them before the
// settle period); the terminal gets the cluster summary.
func finishReports(r *rehearsal, env Env) error {
	if err := r.report.Write(filepath.Join(r.dir, clusterreport.File)); err != nil {
		return err
	}
	rf, _, err := parseRunArgs(r.runArgs, env)
	if err != nil {
		return err
	}
	ths, err := threshold.ParseAll(rf.thresholds)
	if err != nil {
		return usageFrom(fmt.Errorf("--threshold: %w", err), threshold.ErrUsage)
	}
	quiet := Env{Stdout: io.Discard, Stderr: io.Discard, Getenv: env.Getenv}
	err = writeRunReport(r.dir, ths, float64(rf.verdict.maxErrorRatio), quiet, errors.Is(r.runErr, ErrInterrupted))
	if err != nil && !errors.Is(err, ErrBreached) && !errors.Is(err, ErrRunFailed) {
		return fmt.Errorf("adding the cluster section to the reports: %w", err)
	}
	printCluster(env.Stdout, r.report)
	fmt.Fprintf(env.Stdout, "cluster section: in %s/{report.json,report.html} (source %s)\n", r.dir, clusterreport.File)
	return nil
}

// rehearsalSection is the cluster section of a rehearsal's run directory
// (its cluster.json) for report.json and report.html; nil for other runs.
// writeRunReport calls it, so `loadgen report` keeps the section too.
func rehearsalSection(dir string, stderr io.Writer) report.ClusterSection {
	r, err := clusterreport.Read(filepath.Join(dir, clusterreport.File))
	if err != nil {
		fmt.Fprintf(stderr, "report: cluster section left out: %v\n", err)
		return nil
	}
	if r == nil {
		return nil
	}
	return r
}

// printCluster is the terminal's cluster summary and plan vs measured.
func printCluster(w io.Writer, r *clusterreport.Report) {
	s := r.Section
	scale := "real time"
	if s.TimeScale > 1 {
		scale = fmt.Sprintf("--time-scale %g: job run times and node start delay divided by %g", s.TimeScale, s.TimeScale)
	}
	fmt.Fprintf(w, "cluster (rehearsal, %s):\n", scale)
	fmt.Fprintf(w, "  peak nodes %d %s; peak concurrent jobs %d, Spark pods %d\n", s.MaxNodes, groupCounts(s.Peaks.NodesByGroup), s.Peaks.Jobs, s.Peaks.Pods)
	fmt.Fprintf(w, "  packing CPU %.1f %%, memory %.1f %%; pod scheduling p50 %.3g s p99 %.3g s; node provisioning p50 %.3g s p99 %.3g s\n",
		s.PackingCPU, s.PackingMemory, s.Latency.PodScheduling.P50, s.Latency.PodScheduling.P99, s.Latency.NodeProvisioning.P50, s.Latency.NodeProvisioning.P99)
	fmt.Fprintf(w, "  %.3f node-hours, $%.2f (%s)\n", s.TotalHours, s.TotalCost, s.PriceSource)
	if r.Plan == nil {
		return
	}
	fmt.Fprintf(w, "plan vs measured (loadgen plan, run time %s):\n", r.Plan.RunTime)
	for _, row := range r.Plan.Rows {
		ratio := "-"
		if row.Ratio != 0 {
			ratio = fmt.Sprintf("x%.2f", row.Ratio)
		}
		fmt.Fprintf(w, "  %-48s planned %8.3g  measured %8.3g  %s\n", row.What, row.Planned, row.Measured, ratio)
	}
}

func groupCounts(m map[string]int) string {
	var parts []string
	for _, g := range slices.Sorted(maps.Keys(m)) {
		parts = append(parts, fmt.Sprintf("%s %d", g, m[g]))
	}
	return "(" + strings.Join(parts, ", ") + ")"
}
