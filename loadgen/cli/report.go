package cli

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime/debug"

	"github.com/emr-eks-loadtest/emr-eks-loadtest/loadgen/journal"
	"github.com/emr-eks-loadtest/emr-eks-loadtest/loadgen/report"
	"github.com/emr-eks-loadtest/emr-eks-loadtest/loadgen/scaleout"
	"github.com/emr-eks-loadtest/emr-eks-loadtest/loadgen/stats"
	"github.com/emr-eks-loadtest/emr-eks-loadtest/loadgen/threshold"
)

const reportSynopsis = `loadgen report [--threshold EXPR]... RUN_DIR: rebuild report.json, jobs.csv and report.html from
RUN_DIR/journal.jsonl (also after a crash: a torn last line is skipped and reported).`

// Report is `loadgen report`.
func Report(args []string, env Env) error {
	fs := newFlagSet("loadgen report", reportSynopsis, env.Stderr)
	var ths listFlag
	fs.Var(&ths, "threshold", "pass/fail rule, repeatable (see loadgen run --help); a breach exits 4")
	var vf verdictFlags
	vf.register(fs)
	if _, err := parse(fs, args, env.getenv); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return usagef("want exactly one run directory, e.g. loadgen report runs/lg-20260101-120000-ab12")
	}
	parsed, err := threshold.ParseAll(ths)
	if err != nil {
		return fmt.Errorf("%w: --threshold: %w", ErrUsage, err)
	}
	return writeReport(fs.Arg(0), parsed, float64(vf.maxErrorRatio), env)
}

// writeReport derives the run from its journal and writes every report.
// A scaled-out run's directory holds worker-<i>/journal.jsonl: their jobs
// are combined into one run, so percentiles come from every job.
func writeReport(dir string, ths []threshold.Threshold, maxErrorRatio float64, env Env) error {
	return writeRunReport(dir, ths, maxErrorRatio, env, false)
}

// writeRunReport is writeReport for a run that just ended (interrupted: by Ctrl-C).
// A failed run (runVerdict) returns ErrRunFailed over a threshold breach.
func writeRunReport(dir string, ths []threshold.Threshold, maxErrorRatio float64, env Env, interrupted bool) error {
	defer lowGarbage()()
	d, err := readRun(dir)
	if errors.Is(err, journal.ErrCorrupt) || errors.Is(err, scaleout.ErrUsage) || errors.Is(err, stats.ErrMismatch) || badJournal(err) {
		return fmt.Errorf("%w: %w", ErrUsage, err)
	}
	if err != nil {
		return err
	}
	if d.Torn != nil {
		fmt.Fprintf(env.Stderr, "journal: last line %d is incomplete (%d bytes, the run died while writing it): skipped\n",
			d.Torn.Line, d.Torn.Bytes)
	}
	if !d.Clean {
		fmt.Fprintln(env.Stderr, "journal: the run did not end cleanly; calls without a result are counted as other")
	}
	if d.IDConflicts > 0 {
		fmt.Fprintf(env.Stderr, "journal: %d job-run id conflicts (an id the server accepted for two jobs): the jobs are kept apart, see their state details\n", d.IDConflicts)
	}
	sum := stats.Summarize(d.Run)
	var results []threshold.Result
	if len(ths) > 0 {
		results = threshold.Evaluate(ths, sum)
	}
	failed := runVerdict(d.Run, sum, maxErrorRatio)
	extras := report.Extras{Thresholds: verdicts(results), Interrupted: interrupted}
	if failed != nil {
		extras.Failed = failed.Error()
	}
	if err := report.WriteAllWith(dir, d.Run, sum, extras); err != nil {
		return fmt.Errorf("writing reports: %w", err)
	}
	report.Terminal(env.Stdout, d.Run, sum)
	fmt.Fprintf(env.Stdout, "reports: %s/{report.json,jobs.csv,report.html}\n", dir)
	thErr := printThresholds(results, env)
	if failed != nil {
		printVerdict(env.Stdout, failed)
		return failed
	}
	return thErr
}

// readRun derives one journal, or combines the workers' journals.
func readRun(dir string) (*journal.Derived, error) {
	if _, err := os.Stat(filepath.Join(dir, journal.FileName)); err == nil {
		return journal.ReadDir(dir)
	}
	parts, err := scaleout.Read(dir)
	if err != nil {
		return nil, err
	}
	run, err := scaleout.Combine(parts)
	if err != nil {
		return nil, err
	}
	d := &journal.Derived{Run: run, Clean: true}
	for _, p := range parts {
		d.Clean = d.Clean && p.Derived.Clean
		if p.Derived.Torn != nil {
			d.Torn = p.Derived.Torn
		}
	}
	return d, nil
}

func printThresholds(results []threshold.Result, env Env) error {
	for _, r := range results {
		fmt.Fprintln(env.Stdout, r.String())
	}
	if threshold.Breached(results) {
		return ErrBreached
	}
	return nil
}

// verdicts are the threshold results as the reports carry them.
func verdicts(results []threshold.Result) []report.Verdict {
	out := make([]report.Verdict, len(results))
	for i, r := range results {
		out[i] = report.Verdict{Rule: r.Threshold.String(), Value: r.ValueString(), Breached: r.Breached}
	}
	return out
}

// reportGCPercent bounds the garbage kept while the report is built: it
// re-reads the whole journal in one go, and the default (100: a heap up to
// twice the live data) put the peak RSS of a 100,000-job run at 277 MiB;
// with 10 it is 193 MiB (bench/rss.sh). More frequent GCs cost well under a
// second per 100,000 jobs.
const reportGCPercent = 10

// lowGarbage returns to the OS what the run left behind, lowers the GC
// target for the report, and returns the function that restores it.
func lowGarbage() func() {
	debug.FreeOSMemory()
	old := debug.SetGCPercent(reportGCPercent)
	return func() { debug.SetGCPercent(old) }
}
