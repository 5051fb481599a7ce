package report

import (
	"cmp"
	"encoding/csv"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strconv"

	"github.com/emr-eks-loadtest/emr-eks-loadtest/loadgen/stats"
)

// CSVColumns is the header of jobs.csv. The order is stable; new columns are only ever appended.
// Times are RFC 3339 UTC with nanoseconds and empty when unknown; submit_latency_ms is
// submit_end - submit_start in milliseconds (microsecond precision), empty unless both are known.
var CSVColumns = []string{"key", "worker", "index", "id", "virtual_cluster_id", "namespace", "az",
	"scheduled", "submit_start", "submit_end", "submit_latency_ms", "outcome", "attempts", "error",
	"created", "started", "finished", "final_state", "state_details",
	// the operator target's phases (server clock), one column per stats.PhaseNames entry
	"phase_submitted", "phase_driver_created", "phase_scheduled", "phase_running", "phase_executors_running"}

// WriteCSV writes jobs.csv: a header, then one row per job ordered by worker, index and key.
func WriteCSV(w io.Writer, jobs []stats.Job) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(CSVColumns); err != nil {
		return err
	}
	order := make([]int, len(jobs))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int {
		x, y := &jobs[a], &jobs[b]
		return cmp.Or(cmp.Compare(x.Worker, y.Worker), cmp.Compare(x.Index, y.Index), cmp.Compare(x.Key, y.Key))
	})
	row := make([]string, len(CSVColumns))
	for _, i := range order {
		if err := cw.Write(csvRow(row, &jobs[i])); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

func csvRow(row []string, j *stats.Job) []string {
	latency := ""
	if !j.SubmitStart.IsZero() && !j.SubmitEnd.IsZero() {
		latency = strconv.FormatFloat(ms(j.SubmitEnd.Sub(j.SubmitStart)), 'f', 3, 64)
	}
	return append(row[:0], j.Key, strconv.Itoa(j.Worker), strconv.FormatInt(j.Index, 10), j.ID,
		j.VirtualClusterID, j.Namespace, j.AZ, ts(j.Scheduled), ts(j.SubmitStart), ts(j.SubmitEnd), latency,
		j.Outcome, strconv.Itoa(j.Attempts), j.Error, ts(j.Created), ts(j.Started), ts(j.Finished),
		j.FinalState, j.StateDetails, ts(j.Phases.At(0)), ts(j.Phases.At(1)), ts(j.Phases.At(2)), ts(j.Phases.At(3)), ts(j.Phases.At(4)))
}

// JobsCSV writes jobs.csv one job at a time, in the order given (a journal
// streamed by journal.Stream gives each job when it settles), so that no
// job is held; the file appears, complete, on Commit.
type JobsCSV struct {
	f   *atomicFile
	cw  *csv.Writer
	row []string
}

// CreateJobsCSV starts dir/jobs.csv (dir created if missing) and writes its header.
func CreateJobsCSV(dir string) (*JobsCSV, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("creating report directory: %w", err)
	}
	f, err := createAtomic(filepath.Join(dir, CSVFile))
	if err != nil {
		return nil, fmt.Errorf("writing %s: %w", CSVFile, err)
	}
	c := &JobsCSV{f: f, cw: csv.NewWriter(f.w), row: make([]string, len(CSVColumns))}
	if err := c.cw.Write(CSVColumns); err != nil {
		f.abort()
		return nil, fmt.Errorf("writing %s: %w", CSVFile, err)
	}
	return c, nil
}

// Add writes j's row.
func (c *JobsCSV) Add(j *stats.Job) error { return c.cw.Write(csvRow(c.row, j)) }

// Commit completes the file and renames it into place.
func (c *JobsCSV) Commit() error {
	c.cw.Flush()
	if err := c.cw.Error(); err != nil {
		c.f.abort()
		return fmt.Errorf("writing %s: %w", CSVFile, err)
	}
	if err := c.f.commit(); err != nil {
		return fmt.Errorf("writing %s: %w", CSVFile, err)
	}
	return nil
}

// Abort removes the unfinished file.
func (c *JobsCSV) Abort() { c.f.abort() }
