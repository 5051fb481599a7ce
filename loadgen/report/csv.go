package report

import (
	"cmp"
	"encoding/csv"
	"io"
	"slices"
	"strconv"

	"github.com/emr-eks-loadtest/emr-eks-loadtest/loadgen/stats"
)

// CSVColumns is the header of jobs.csv. The order is stable; new columns are only ever appended.
// Times are RFC 3339 UTC with nanoseconds and empty when unknown; submit_latency_ms is
// submit_end - submit_start in milliseconds (microsecond precision), empty unless both are known.
var CSVColumns = []string{"key", "worker", "index", "id", "virtual_cluster_id", "namespace", "az",
	"scheduled", "submit_start", "submit_end", "submit_latency_ms", "outcome", "attempts", "error",
	"created", "started", "finished", "final_state", "state_details"}

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
		j.FinalState, j.StateDetails)
}
