package cli

import (
	"context"
	"encoding/xml"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/emr-eks-loadtest/emr-eks-loadtest/loadgen/search"
)

// sessionReport is report.json's part a search adds, decoded into the
// search package's own type.
type sessionReport struct {
	Session string         `json:"session"`
	Search  *search.Result `json:"search"`
}

// A search session writes the usual reports with the search in them, and
// `loadgen report DIR` rebuilds them (and search.html) from the journal and
// search.json.
func TestSearchSessionReports(t *testing.T) {
	t.Parallel()
	runs := t.TempDir()
	dir := filepath.Join(runs, "lg-search-reports")
	out, errOut, err := runCLI(t, context.Background(), searchArgs(runs, "lg-search-reports", "--max-steps", "2")...)
	if err != nil {
		t.Fatalf("search: %v\n%s\n%s", err, out, errOut)
	}
	var own search.Result
	readJSON(t, filepath.Join(dir, "search.json"), &own)
	first := checkSearchReports(t, dir, own)
	for _, f := range []string{"report.json", "report.html", "jobs.csv", "search.html"} {
		if err := os.Remove(filepath.Join(dir, f)); err != nil {
			t.Fatal(err)
		}
	}
	if out, errOut, err := runCLI(t, context.Background(), "report", dir); err != nil {
		t.Fatalf("report: %v\n%s\n%s", err, out, errOut)
	}
	if again := checkSearchReports(t, dir, own); !reflect.DeepEqual(again, first) {
		t.Errorf("rebuilt report.json search differs:\n%+v\nwas\n%+v", again, first)
	}
}

// checkSearchReports checks report.json's search against search.json and
// report.html's search section (answer, three well-formed curve panels).
func checkSearchReports(t *testing.T, dir string, own search.Result) *search.Result {
	t.Helper()
	var rep sessionReport
	readJSON(t, filepath.Join(dir, "report.json"), &rep)
	s := rep.Search
	if s == nil || len(s.Steps) != len(own.Steps) || len(s.Steps) == 0 || s.Stopped != own.Stopped || s.FoundMin != own.FoundMin {
		t.Fatalf("report.json search = %+v, search.json has %d steps, stopped %q", s, len(own.Steps), own.Stopped)
	}
	if !reflect.DeepEqual(s.Steps, own.Steps) || !reflect.DeepEqual(s.FirstBad, own.FirstBad) || !reflect.DeepEqual(s.LastGood, own.LastGood) {
		t.Errorf("report.json's steps or bracket differ from search.json's:\n%+v\n%+v", s.Steps, own.Steps)
	}
	for _, st := range s.Steps {
		if st.Verdict == "" || st.Planned == 0 || st.Stability.Arrivals == 0 {
			t.Errorf("step %d lacks its verdict, jobs or backlog statistics: %+v", st.N, st)
		}
	}
	html, err := os.ReadFile(filepath.Join(dir, "report.html"))
	if err != nil {
		t.Fatal(err)
	}
	page := string(html)
	if !strings.Contains(page, "Capacity search") || !strings.Contains(page, `href="search.html"`) || strings.Count(page, ">knee<")+strings.Count(page, "No sustainable rate") == 0 {
		t.Errorf("report.html has no search section with its curve")
	}
	svgs := 0
	for _, part := range strings.Split(page, "<svg")[1:] {
		doc := "<svg" + part[:strings.Index(part, "</svg>")] + "</svg>"
		if err := xml.Unmarshal([]byte(doc), new(struct{})); err != nil {
			t.Errorf("report.html chart %d is not well-formed SVG: %v", svgs, err)
		}
		svgs++
	}
	if _, err := os.Stat(filepath.Join(dir, "search.html")); err != nil {
		t.Error(err)
	}
	return s
}
