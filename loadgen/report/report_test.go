package report_test

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"encoding/xml"
	"flag"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/emr-eks-loadtest/emr-eks-loadtest/loadgen/report"
	"github.com/emr-eks-loadtest/emr-eks-loadtest/loadgen/stats"
	"github.com/emr-eks-loadtest/emr-eks-loadtest/loadgen/stats/statstest"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

// fixtures are the runs every writer is golden-tested with (fixed clock: statstest.Base).
var fixtures = []struct {
	name string
	run  stats.Run
}{
	{"empty", stats.Run{}},
	{"small", statstest.Run(60, statstest.WithSamples(0, 30*time.Second))},
	{"no_samples", statstest.Run(60)},
}

func TestGolden(t *testing.T) {
	t.Parallel()
	writers := []struct {
		ext   string
		write func(io.Writer, stats.Run, stats.Summary) error
	}{
		{"json", func(w io.Writer, _ stats.Run, s stats.Summary) error { return report.WriteJSON(w, s) }},
		{"csv", func(w io.Writer, r stats.Run, _ stats.Summary) error { return report.WriteCSV(w, r.Jobs) }},
		{"txt", func(w io.Writer, _ stats.Run, s stats.Summary) error {
			report.Terminal(w, s, report.Extras{})
			return nil
		}},
		{"html", func(w io.Writer, _ stats.Run, s stats.Summary) error { return report.WriteHTML(w, s) }},
	}
	for _, fx := range fixtures {
		s := stats.Summarize(fx.run)
		for _, wr := range writers {
			t.Run(fx.name+"."+wr.ext, func(t *testing.T) {
				var b bytes.Buffer
				if err := wr.write(&b, fx.run, s); err != nil {
					t.Fatal(err)
				}
				golden(t, filepath.Join("testdata", fx.name+"."+wr.ext+".golden"), b.Bytes())
			})
		}
	}
}

func golden(t *testing.T, path string, got []byte) {
	t.Helper()
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from the golden file (go test -update to accept):\n%s", path, firstDiff(got, want))
	}
}

func firstDiff(a, b []byte) string {
	al, bl := strings.Split(string(a), "\n"), strings.Split(string(b), "\n")
	for i := range min(len(al), len(bl)) {
		if al[i] != bl[i] {
			return "line " + string(rune('0'+i%10)) + ":\n got " + al[i] + "\nwant " + bl[i]
		}
	}
	return "lengths differ"
}

func TestWriteAllWritesEveryFileAtomically(t *testing.T) {
	t.Parallel()
	dir := filepath.Join(t.TempDir(), "runs", "s-fixture")
	r := statstest.Run(500)
	if err := report.WriteAll(dir, r, stats.Summarize(r)); err != nil {
		t.Fatal(err)
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	if strings.Join(names, ",") != "jobs.csv,report.html,report.json" {
		t.Fatalf("files = %v, want exactly the three reports (no temporary files left)", names)
	}
	rows := readCSV(t, filepath.Join(dir, report.CSVFile))
	if len(rows) != 501 || strings.Join(rows[0], ",") != strings.Join(report.CSVColumns, ",") {
		t.Fatalf("jobs.csv: %d rows, header %v", len(rows), rows[0])
	}
	var js map[string]any
	b, _ := os.ReadFile(filepath.Join(dir, report.JSONFile))
	if err := json.Unmarshal(b, &js); err != nil || js["schema"] != report.SchemaVersion {
		t.Fatalf("report.json: %v, schema %v", err, js["schema"])
	}
}

func TestWriteAllFailsOnAnUnwritableDirectory(t *testing.T) {
	t.Parallel()
	file := filepath.Join(t.TempDir(), "not-a-dir")
	if err := os.WriteFile(file, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := report.WriteAll(file, stats.Run{}, stats.Summarize(stats.Run{})); err == nil {
		t.Fatal("WriteAll into a regular file succeeded")
	}
}

func readCSV(t *testing.T, path string) [][]string {
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

func TestCSVRowsAreJobTimelines(t *testing.T) {
	t.Parallel()
	j := statstest.Job(0, 3)
	var b bytes.Buffer
	if err := report.WriteCSV(&b, []stats.Job{statstest.Job(0, 96), j}); err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(&b).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	row := map[string]string{}
	for i, c := range report.CSVColumns {
		row[c] = rows[1][i]
	}
	want := map[string]string{"key": "w0-000003", "id": j.ID, "submit_start": j.SubmitStart.Format(time.RFC3339Nano),
		"submit_latency_ms": "23.000", "created": j.Created.Format(time.RFC3339Nano), "final_state": "COMPLETED", "outcome": "accepted"}
	for k, v := range want {
		if row[k] != v {
			t.Errorf("%s = %q, want %q", k, row[k], v)
		}
	}
	if rows[2][10] != "" || rows[2][11] != "dropped" {
		t.Errorf("dropped job row = %v, want no latency", rows[2])
	}
}

func TestHTMLIsSelfContainedAndEscaped(t *testing.T) {
	t.Parallel()
	evil := `<script>alert(1)</script>`
	r := statstest.Run(300, func(r *stats.Run) {
		r.Session = evil
		r.Plan["note"] = evil
		r.Jobs[2].FinalState = evil // a state name from the server ends up in a chart label
	})
	var b bytes.Buffer
	if err := report.WriteHTML(&b, stats.Summarize(r)); err != nil {
		t.Fatal(err)
	}
	page := b.String()
	for _, banned := range []string{"<script", "src=", "href=", "@import", "url(", "<link", "<iframe"} {
		if strings.Contains(strings.ToLower(page), banned) {
			t.Errorf("page contains %q: not self-contained or not escaped", banned)
		}
	}
	svgs := regexp.MustCompile(`(?s)<svg.*?</svg>`).FindAllString(page, -1)
	if len(svgs) != 7 {
		t.Fatalf("found %d charts, want 7", len(svgs))
	}
	for i, svg := range svgs {
		if err := wellFormed(svg); err != nil {
			t.Errorf("chart %d is not well-formed XML: %v", i, err)
		}
	}
}

func wellFormed(s string) error {
	d := xml.NewDecoder(strings.NewReader(s))
	for {
		if _, err := d.Token(); err == io.EOF {
			return nil
		} else if err != nil {
			return err
		}
	}
}

func TestReportsOfAHundredThousandJobs(t *testing.T) {
	if testing.Short() {
		t.Skip("100,000 jobs")
	}
	t.Parallel()
	r := statstest.Run(100_000)
	s := stats.Summarize(r)
	dir := t.TempDir()
	if err := report.WriteAll(dir, r, s); err != nil {
		t.Fatal(err)
	}
	for _, f := range []string{report.JSONFile, report.CSVFile, report.HTMLFile} {
		if fi, err := os.Stat(filepath.Join(dir, f)); err == nil {
			t.Logf("%s: %d KiB", f, fi.Size()>>10)
		}
	}
	if rows := readCSV(t, filepath.Join(dir, report.CSVFile)); len(rows) != 100_001 {
		t.Fatalf("jobs.csv has %d rows", len(rows))
	}
	if len(s.Series.Buckets) > stats.MaxBuckets+1 {
		t.Errorf("%d buckets, want at most %d", len(s.Series.Buckets), stats.MaxBuckets+1)
	}
}
