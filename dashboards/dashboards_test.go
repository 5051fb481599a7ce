package dashboards_test

import (
	"bufio"
	"bytes"
	"encoding/json"
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/emr-eks-loadtest/emr-eks-loadtest/dashboards"
	"github.com/emr-eks-loadtest/emr-eks-loadtest/loadgen/metrics"
)

var wantNames = []string{"apiserver-etcd", "cluster-capacity", "ebs-csi", "emr-job-runs", "karpenter", "loadgen", "spark-operator", "vpc-cni"}

func all(t *testing.T) []dashboards.Dashboard {
	t.Helper()
	ds, err := dashboards.All()
	if err != nil {
		t.Fatalf("All: %v", err)
	}
	return ds
}

func TestEveryDashboardIsValidWithAStableUniqueUID(t *testing.T) {
	t.Parallel()
	ds := all(t)
	var names []string
	uids := map[string]string{}
	for _, d := range ds {
		names = append(names, d.Name)
		if !json.Valid(d.JSON) {
			t.Errorf("%s: invalid JSON", d.Name)
		}
		if other, dup := uids[d.UID]; dup {
			t.Errorf("uid %q used by %s and %s", d.UID, other, d.Name)
		}
		uids[d.UID] = d.Name
		if want := "emr-eks-loadtest-" + d.Name; d.UID != want {
			t.Errorf("%s: uid %q, want %q (stable, derived from the file name)", d.Name, d.UID, want)
		}
	}
	if !slices.Equal(names, wantNames) {
		t.Errorf("dashboards = %v, want %v", names, wantNames)
	}
}

// datasourceRef finds every datasource uid a dashboard names.
var datasourceRef = regexp.MustCompile(`"datasource":\s*\{[^}]*"uid":\s*"([^"]*)"`)

func TestEveryPanelUsesTheDatasourceVariable(t *testing.T) {
	t.Parallel()
	for _, d := range all(t) {
		var m struct {
			Templating struct {
				List []struct{ Name, Type string } `json:"list"`
			} `json:"templating"`
		}
		if err := json.Unmarshal(d.JSON, &m); err != nil {
			t.Fatalf("%s: %v", d.Name, err)
		}
		hasVar := slices.ContainsFunc(m.Templating.List, func(v struct{ Name, Type string }) bool {
			return v.Name == "datasource" && v.Type == "datasource"
		})
		if !hasVar {
			t.Errorf("%s: no datasource variable named \"datasource\"", d.Name)
		}
		refs := datasourceRef.FindAllSubmatch(d.JSON, -1)
		if len(refs) == 0 {
			t.Errorf("%s: no panel names a datasource", d.Name)
		}
		for _, r := range refs {
			if string(r[1]) != "${datasource}" {
				t.Errorf("%s: datasource uid %q, want ${datasource}", d.Name, r[1])
			}
		}
	}
}

func TestEveryExpressionParses(t *testing.T) {
	t.Parallel()
	for _, d := range all(t) {
		qs, err := d.Queries()
		if err != nil {
			t.Fatal(err)
		}
		if len(qs) < 5 {
			t.Errorf("%s: only %d queries", d.Name, len(qs))
		}
		for _, q := range qs {
			if _, err := q.Parse(); err != nil {
				t.Errorf("does not parse: %v\n  %s", err, q.Expr)
			}
		}
	}
}

// documentedMetrics reads the first backticked cell of each row of the
// "Metrics the dashboards read" table in README.md.
func documentedMetrics(t *testing.T) map[string]bool {
	t.Helper()
	b, err := os.ReadFile("README.md")
	if err != nil {
		t.Fatal(err)
	}
	_, table, ok := bytes.Cut(b, []byte("## Metrics the dashboards read"))
	if !ok {
		t.Fatal("README.md lacks the section \"## Metrics the dashboards read\"")
	}
	row := regexp.MustCompile("^\\| `([a-zA-Z_:][a-zA-Z0-9_:]*)` \\| (.+) \\|$")
	out := map[string]bool{}
	sc := bufio.NewScanner(bytes.NewReader(table))
	for sc.Scan() {
		if strings.HasPrefix(sc.Text(), "## ") {
			break
		}
		if m := row.FindStringSubmatch(sc.Text()); m != nil {
			if strings.TrimSpace(m[2]) == "" {
				t.Errorf("README row %s has no source", m[1])
			}
			out[m[1]] = true
		}
	}
	if len(out) == 0 {
		t.Fatal("README.md third-party metric table is empty or unparsable")
	}
	return out
}

func TestEveryMetricIsTheLoadgenContractOrDocumented(t *testing.T) {
	t.Parallel()
	read, err := dashboards.Metrics()
	if err != nil {
		t.Fatal(err)
	}
	documented := documentedMetrics(t)
	contract := metrics.SeriesNames()
	for _, n := range read {
		inContract := slices.Contains(contract, n)
		if strings.HasPrefix(n, metrics.Namespace+"_") && !inContract {
			t.Errorf("%s looks like a load generator metric but is not in loadgen/metrics", n)
		}
		if !inContract && !documented[n] {
			t.Errorf("%s is read by a dashboard but is neither in loadgen/metrics nor in the README table", n)
		}
	}
	for n := range documented {
		if !slices.Contains(read, n) {
			t.Errorf("README table lists %s, which no dashboard reads", n)
		}
	}
}

func TestLoadgenDashboardShowsTheWholeContract(t *testing.T) {
	t.Parallel()
	var lg dashboards.Dashboard
	for _, d := range all(t) {
		if d.Name == "loadgen" {
			lg = d
		}
	}
	qs, err := lg.Queries()
	if err != nil {
		t.Fatal(err)
	}
	read := map[string]bool{}
	for _, q := range qs {
		e, err := q.Parse()
		if err != nil {
			t.Fatal(err)
		}
		names, err := dashboards.MetricNames(e)
		if err != nil {
			t.Fatal(err)
		}
		for _, n := range names {
			read[strings.TrimSuffix(n, "_bucket")] = true
		}
	}
	for _, n := range metrics.Names() {
		if !read[n] {
			t.Errorf("loadgen dashboard never reads %s", n)
		}
	}
}
