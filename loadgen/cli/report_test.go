package cli

import (
	"encoding/csv"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/emr-eks-loadtest/emr-eks-loadtest/loadgen/journal"
)

// writeTestJournal writes recs as a run directory's journal.
func writeTestJournal(t *testing.T, recs []journal.Record) string {
	t.Helper()
	dir := t.TempDir()
	w, err := journal.Create(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range recs {
		if err := w.Append(r); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return dir
}

// The Spark Operator target journals each job's phases (submitted, driver
// created, scheduled, running, executors running); the journal's derive
// dropped them, so no report showed them. They reach all three files.
func TestReportCarriesOperatorPhases(t *testing.T) {
	t.Parallel()
	t0 := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	at := func(ms int) time.Time { return t0.Add(time.Duration(ms) * time.Millisecond) }
	recs := []journal.Record{{Ev: journal.EvSession, T: at(0), Session: "lg-phases", Target: "operator"}}
	for i, key := range []string{"0-0", "0-1"} {
		id, sent := "app-"+key, 1000*i
		recs = append(recs,
			journal.Record{Ev: journal.EvIntent, T: at(sent), Key: key, Index: int64(i), Sched: at(sent), NS: "spark"},
			journal.Record{Ev: journal.EvResult, T: at(sent + 5), Key: key, Outcome: "accepted", ID: id, Attempts: 1},
			journal.Record{Ev: journal.EvState, T: at(sent + 9000), ID: id, State: "COMPLETED", Created: at(sent + 3),
				Started: at(sent + 4000), Finished: at(sent + 9000), Phases: map[string]time.Time{
					"submitted": at(sent + 500), "driver_created": at(sent + 1000), "scheduled": at(sent + 2000),
					"running": at(sent + 4000), "executors_running": at(sent + 6000)}})
	}
	recs = append(recs, journal.Record{Ev: journal.EvEnd, T: at(11000)})
	dir := writeTestJournal(t, recs)
	out, _, err := runCLI(t, t.Context(), "report", dir)
	if err != nil {
		t.Fatalf("report: %v\n%s", err, out)
	}
	if !strings.Contains(out, "created_to_executors_running") {
		t.Errorf("terminal summary lacks the phase table:\n%s", out)
	}
	var rep struct {
		Phases map[string]struct {
			Count int     `json:"count"`
			P50   float64 `json:"p50"`
		} `json:"phase_latency_ms"`
	}
	b, err := os.ReadFile(filepath.Join(dir, "report.json"))
	if err == nil {
		err = json.Unmarshal(b, &rep)
	}
	if err != nil {
		t.Fatal(err)
	}
	if d := rep.Phases["created_to_scheduled"]; d.Count != 2 || d.P50 < 1990 || d.P50 > 2000 {
		t.Errorf("report.json created_to_scheduled = %+v, want 2 jobs at ~1997 ms", d)
	}
	if d := rep.Phases["step_executors_running"]; d.Count != 2 || d.P50 < 1990 || d.P50 > 2010 {
		t.Errorf("report.json step_executors_running = %+v, want 2 jobs at ~2000 ms (running to executors running)", d)
	}
	rows := readCSVFile(t, filepath.Join(dir, "jobs.csv"))
	col := map[string]int{}
	for i, c := range rows[0] {
		col[c] = i
	}
	if i, ok := col["phase_scheduled"]; !ok || len(rows) != 3 || rows[1][i] != at(2000).Format(time.RFC3339Nano) {
		t.Errorf("jobs.csv has no phase_scheduled time for job 0-0: header %v, rows %v", rows[0], rows[1:])
	}
	html, err := os.ReadFile(filepath.Join(dir, "report.html"))
	if err != nil || !strings.Contains(string(html), "Phases (server clock)") || !strings.Contains(string(html), "step_driver_created") {
		t.Errorf("report.html lacks the phase tables and stacked view (%v)", err)
	}
}

func readCSVFile(t *testing.T, path string) [][]string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	return rows
}
