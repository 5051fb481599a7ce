package cli

import (
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"strconv"
	"strings"

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
	b, err := buildReport(dir)
	if errors.Is(err, journal.ErrCorrupt) || errors.Is(err, scaleout.ErrUsage) || errors.Is(err, stats.ErrMismatch) || badJournal(err) {
		return fmt.Errorf("%w: %w", ErrUsage, err)
	}
	if err != nil {
		return err
	}
	journalNotes(env.Stderr, b.d)
	sum := b.sum
	var results []threshold.Result
	if len(ths) > 0 {
		results = threshold.Evaluate(ths, sum)
	}
	failed := runVerdict(sum, maxErrorRatio)
	extras := report.Extras{Thresholds: verdicts(results), Interrupted: interrupted || !b.d.Interrupted.IsZero(),
		InterruptedAt: b.d.Interrupted, IDConflicts: b.d.IDConflicts, Cluster: rehearsalSection(dir, env.Stderr)}
	if failed != nil {
		extras.Failed = failed.Error()
	}
	if extras.Search, err = searchSection(dir); err != nil {
		return err
	}
	if err := report.WriteSummaries(dir, sum, extras); err != nil {
		return fmt.Errorf("writing reports: %w", err)
	}
	report.Terminal(env.Stdout, sum, extras)
	fmt.Fprintf(env.Stdout, "reports: %s/{report.json,jobs.csv,report.html}\n", dir)
	thErr := printThresholds(results, env)
	if failed != nil {
		printVerdict(env.Stdout, failed)
		return failed
	}
	return thErr
}

func journalNotes(w io.Writer, d *journal.Derived) {
	if d.Torn != nil {
		fmt.Fprintf(w, "journal: last line %d is incomplete (%d bytes, the run died while writing it): skipped\n",
			d.Torn.Line, d.Torn.Bytes)
	}
	if !d.Clean {
		fmt.Fprintln(w, "journal: the run did not end cleanly; calls without a result are counted as unknown outcome")
	}
	if d.IDConflicts > 0 {
		fmt.Fprintf(w, "journal: %d job-run id conflicts (an id the server accepted for two jobs): the jobs are kept apart, see their state details\n", d.IDConflicts)
	}
}

// built is a run's summary and what its journals said, jobs.csv written.
type built struct {
	sum stats.Summary
	d   *journal.Derived // no jobs; Clean, Torn, Interrupted and IDConflicts over every journal
}

// buildReport streams the run's journal (or its workers' journals) into
// one stats.Accumulator and jobs.csv, so that no job is held: memory stays
// bounded whatever the number of jobs (bench/report-rss.sh). A scaled-out
// run's jobs and samples keep their worker index; percentiles come from
// every job.
func buildReport(dir string) (*built, error) {
	dirs, err := scaleout.Find(dir)
	if err != nil {
		return nil, err
	}
	js, run, err := surveyAll(dirs)
	if err != nil {
		return nil, err
	}
	acc := stats.NewAccumulator(stats.RunInfo{Session: run.Session, Target: run.Target, Start: run.Start, End: run.End, Plan: run.Plan})
	csv, err := report.CreateJobsCSV(dir)
	if err != nil {
		return nil, err
	}
	out := &journal.Derived{Run: run, Clean: true}
	for i, j := range js {
		if err := streamPart(j, workerIndex(dirs, i), acc, csv, out); err != nil {
			csv.Abort()
			return nil, err
		}
	}
	if err := csv.Commit(); err != nil {
		return nil, err
	}
	return &built{sum: acc.Close(), d: out}, nil
}

// surveyAll reads each journal's header; the run spans them all.
func surveyAll(dirs []string) ([]*journal.Journal, stats.Run, error) {
	var run stats.Run
	js := make([]*journal.Journal, len(dirs))
	for i, d := range dirs {
		j, err := journal.Survey(d)
		if err != nil {
			return nil, run, err
		}
		js[i] = j
		r := j.Run()
		if i == 0 {
			run = r
			continue
		}
		if r.Session != run.Session || r.Target != run.Target {
			return nil, run, fmt.Errorf("%s: session %q target %q, but %s has session %q target %q: %w",
				d, r.Session, r.Target, dirs[0], run.Session, run.Target, stats.ErrMismatch)
		}
		if r.Start.Before(run.Start) {
			run.Start = r.Start
		}
		if r.End.After(run.End) {
			run.End = r.End
		}
	}
	return js, run, nil
}

// streamPart streams one journal into the accumulator and jobs.csv.
func streamPart(j *journal.Journal, worker int, acc *stats.Accumulator, csv *report.JobsCSV, out *journal.Derived) error {
	var werr error
	d, err := j.Stream(journal.Sink{
		Job: func(job *stats.Job) {
			if worker >= 0 {
				job.Worker = worker
			}
			acc.Add(job)
			if werr == nil {
				werr = csv.Add(job)
			}
		},
		Sample: func(s stats.Sample) {
			if worker >= 0 {
				s.Worker = worker
			}
			acc.AddSample(s)
		},
	})
	if err != nil {
		return err
	}
	if werr != nil {
		return fmt.Errorf("writing %s: %w", report.CSVFile, werr)
	}
	out.Clean = out.Clean && d.Clean
	if d.Torn != nil {
		out.Torn = d.Torn
	}
	if !d.Interrupted.IsZero() && (out.Interrupted.IsZero() || d.Interrupted.Before(out.Interrupted)) {
		out.Interrupted = d.Interrupted
	}
	out.IDConflicts += d.IDConflicts
	out.VirtualClusters = append(out.VirtualClusters, d.VirtualClusters...)
	return nil
}

// workerIndex is the worker of a worker-<i> journal directory, -1 for a single run's
// (its jobs keep the index the journal gives).
func workerIndex(dirs []string, i int) int {
	if len(dirs) == 1 {
		return -1
	}
	n, err := strconv.Atoi(strings.TrimPrefix(filepath.Base(dirs[i]), "worker-"))
	if err != nil {
		return i
	}
	return n
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
