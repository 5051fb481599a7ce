package journal

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/emr-eks-loadtest/emr-eks-loadtest/loadgen/job"
	"github.com/emr-eks-loadtest/emr-eks-loadtest/loadgen/stats"
)

var t0 = time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)

func at(s int) time.Time { return t0.Add(time.Duration(s) * time.Second) }

// sampleRecords is a small session: one accepted job that ran, one throttled,
// one dropped, one in flight when the journal ends.
func sampleRecords() []Record {
	return []Record{
		{Ev: EvSession, T: at(0), Session: "lg-s", Target: "local", Plan: map[string]string{"rate": "60/min"}},
		{Ev: EvVC, T: at(0), ID: "vc1", Name: "lg-s-ns1", NS: "ns1", State: "created"},
		{Ev: EvIntent, T: at(1), Key: "0-0", Index: 0, Sched: at(1), VC: "vc1", NS: "ns1", AZ: "a"},
		{Ev: EvResult, T: at(2), Key: "0-0", Outcome: "accepted", ID: "j1", Attempts: 1},
		{Ev: EvIntent, T: at(3), Key: "0-1", Index: 1, Sched: at(3), VC: "vc1"},
		{Ev: EvResult, T: at(4), Key: "0-1", Outcome: "throttled", Attempts: 3, Err: "slow down"},
		{Ev: EvSkip, T: at(5), Key: "0-2", Index: 2, Sched: at(5), Outcome: "dropped"},
		{Ev: EvState, T: at(6), ID: "j1", State: "RUNNING", Created: at(2), Started: at(6)},
		{Ev: EvState, T: at(9), ID: "j1", State: "COMPLETED", Details: "done", Finished: at(9)},
		{Ev: EvSample, T: at(9), ByState: map[string]int{"RUNNING": 1}},
		{Ev: EvIntent, T: at(10), Key: "0-3", Index: 3, Sched: at(10)},
	}
}

func writeJournal(t *testing.T, recs []Record) string {
	t.Helper()
	dir := t.TempDir()
	w, err := Create(dir)
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

func TestDeriveRebuildsJobs(t *testing.T) {
	t.Parallel()
	d, err := ReadDir(writeJournal(t, sampleRecords()))
	if err != nil {
		t.Fatal(err)
	}
	if d.Run.Session != "lg-s" || d.Clean || !d.Run.End.Equal(at(10)) || len(d.Run.Samples) != 1 {
		t.Fatalf("run header = %+v clean=%v", d.Run, d.Clean)
	}
	want := []stats.Job{
		{Key: "0-0", Index: 0, ID: "j1", VirtualClusterID: "vc1", Namespace: "ns1", AZ: "a", Scheduled: at(1),
			SubmitStart: at(1), SubmitEnd: at(2), Outcome: "accepted", Attempts: 1, Created: at(2), Started: at(6),
			Finished: at(9), FinalState: "COMPLETED", StateDetails: "done"},
		{Key: "0-1", Index: 1, VirtualClusterID: "vc1", Scheduled: at(3), SubmitStart: at(3), SubmitEnd: at(4),
			Outcome: "throttled", Attempts: 3, Error: "slow down"},
		{Key: "0-2", Index: 2, Scheduled: at(5), Outcome: "dropped"},
		{Key: "0-3", Index: 3, Scheduled: at(10), SubmitStart: at(10), Outcome: job.OutcomeUnknown, Error: ErrNoResult},
	}
	if len(d.Run.Jobs) != len(want) {
		t.Fatalf("got %d jobs", len(d.Run.Jobs))
	}
	for i := range want {
		if d.Run.Jobs[i] != want[i] {
			t.Errorf("job %d\n got %+v\nwant %+v", i, d.Run.Jobs[i], want[i])
		}
	}
	if live := d.Live(); len(live) != 1 || live[0].Key != "0-3" {
		t.Errorf("Live = %+v, want the in-flight job 0-3", live)
	}
	if len(d.VirtualClusters) != 1 || d.VirtualClusters[0].Deleted {
		t.Errorf("virtual clusters = %+v", d.VirtualClusters)
	}
}

func TestReadTolerance(t *testing.T) {
	t.Parallel()
	good := `{"ev":"session","t":"2026-01-02T03:04:05Z","session":"s"}` + "\n"
	tests := []struct {
		name     string
		text     string
		wantTorn bool
		wantErr  string
	}{
		{name: "torn last line is tolerated", text: good + `{"ev":"intent","t":"2026`, wantTorn: true},
		{name: "complete last line without newline", text: good + `{"ev":"end","t":"2026-01-02T03:04:05Z"}`},
		{name: "corrupt middle line names it", text: good + "{oops\n" + good, wantErr: "line 2"},
		{name: "unknown field", text: good + `{"ev":"end","t":"2026-01-02T03:04:05Z","x":1}` + "\n", wantErr: `line 2: not a journal record: json: unknown field "x"`},
		{name: "unknown event", text: good + `{"ev":"boom","t":"2026-01-02T03:04:05Z"}` + "\n", wantErr: `line 2: unknown event "boom"`},
		{name: "blank line", text: good + "\n" + good, wantErr: "line 2: empty line"},
		{name: "no session", text: `{"ev":"end","t":"2026-01-02T03:04:05Z"}` + "\n", wantErr: "line 1: records before the session record"},
		{name: "empty file", text: "", wantErr: "no session record"},
		{name: "result without intent", text: good + `{"ev":"result","t":"2026-01-02T03:04:05Z","key":"k"}` + "\n", wantErr: `line 2: result for job "k" without an intent`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			dir := t.TempDir()
			if err := os.WriteFile(filepath.Join(dir, FileName), []byte(tc.text), 0o644); err != nil {
				t.Fatal(err)
			}
			d, err := ReadDir(dir)
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("err = %v, want it to contain %q", err, tc.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if (d.Torn != nil) != tc.wantTorn {
				t.Fatalf("torn = %+v, want %v", d.Torn, tc.wantTorn)
			}
		})
	}
}

func TestCorruptIsErrCorrupt(t *testing.T) {
	t.Parallel()
	_, err := Scan(strings.NewReader("nope\n"), func(int, Record) error { return nil })
	if !errors.Is(err, ErrCorrupt) {
		t.Fatalf("err = %v, want ErrCorrupt", err)
	}
}

func TestCreateRefusesExisting(t *testing.T) {
	t.Parallel()
	dir := writeJournal(t, sampleRecords()[:1])
	if _, err := Create(dir); err == nil {
		t.Fatal("Create over an existing journal succeeded")
	}
}

func FuzzScan(f *testing.F) {
	f.Add([]byte(`{"ev":"session","t":"2026-01-02T03:04:05Z","session":"s"}` + "\n"))
	f.Add([]byte(`{"ev":"intent","t":"2026-01-02T03:04:05Z","key":"k","by_state":{"A":1}}`))
	f.Add([]byte("\n\n{"))
	f.Fuzz(func(t *testing.T, data []byte) {
		n := 0
		torn, err := Scan(strings.NewReader(string(data)), func(line int, r Record) error {
			n++
			if line != n {
				t.Fatalf("line %d delivered as %d", n, line)
			}
			if r.validate() != nil {
				t.Fatalf("invalid record delivered: %+v", r)
			}
			return nil
		})
		if err != nil && !errors.Is(err, ErrCorrupt) {
			t.Fatalf("error not ErrCorrupt: %v", err)
		}
		if torn != nil && (err != nil || torn.Line != n+1) {
			t.Fatalf("torn %+v after %d lines, err %v", torn, n, err)
		}
	})
}

// BenchmarkAppend measures the flush policy's cost: one write(2) per record.
func BenchmarkAppend(b *testing.B) {
	w, err := Create(b.TempDir())
	if err != nil {
		b.Fatal(err)
	}
	defer w.Close()
	r := Record{Ev: EvResult, T: t0, Key: "0-12345", Outcome: "accepted", ID: "0000000350a5d5e1m3o", Attempts: 1}
	b.ReportAllocs()
	for b.Loop() {
		if err := w.Append(r); err != nil {
			b.Fatal(err)
		}
	}
}
