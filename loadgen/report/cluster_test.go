package report

import (
	"bytes"
	"encoding/json"
	"html/template"
	"strings"
	"testing"

	"github.com/emr-eks-loadtest/emr-eks-loadtest/loadgen/stats"
)

type fakeCluster struct {
	Nodes int `json:"max_nodes"`
}

func (f fakeCluster) ClusterHTML() (template.HTML, error) {
	return `<h2 id="cluster">Cluster (rehearsal)</h2>`, nil
}

// A cluster section goes into report.json under "cluster" (its own
// encoding) and into report.html; without one neither has it.
func TestClusterSectionInReports(t *testing.T) {
	t.Parallel()
	s := stats.Summarize(stats.Run{Session: "lg-cluster"})
	for _, tc := range []struct {
		name string
		e    Extras
		want bool
	}{{"rehearsal", Extras{Cluster: fakeCluster{Nodes: 7}}, true}, {"run", Extras{}, false}} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			var js, page bytes.Buffer
			if err := WriteJSONWith(&js, s, tc.e); err != nil {
				t.Fatal(err)
			}
			if err := WriteHTMLWith(&page, s, tc.e); err != nil {
				t.Fatal(err)
			}
			var got struct {
				Cluster *fakeCluster `json:"cluster"`
			}
			if err := json.Unmarshal(js.Bytes(), &got); err != nil {
				t.Fatal(err)
			}
			if (got.Cluster != nil) != tc.want || (tc.want && got.Cluster.Nodes != 7) {
				t.Errorf("report.json cluster %+v, want present=%v", got.Cluster, tc.want)
			}
			if strings.Contains(page.String(), `id="cluster"`) != tc.want {
				t.Errorf("report.html cluster section present=%v, want %v", !tc.want, tc.want)
			}
		})
	}
}
