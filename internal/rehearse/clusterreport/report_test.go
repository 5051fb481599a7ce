package clusterreport

import (
	"encoding/xml"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/emr-eks-loadtest/emr-eks-loadtest/loadgen/plan"
)

// Peaks are exact from the intervals: a node deleted at the instant
// another is created is not counted with it; drivers are jobs.
func TestPeaksFromIntervals(t *testing.T) {
	t.Parallel()
	r := Records{Start: t0,
		Nodes: []NodeRecord{
			{Name: "a", Group: "spark-executor", InstanceType: "m5.xlarge", Created: at(0), Deleted: at(10)},
			{Name: "b", Group: "spark-executor", InstanceType: "m5.2xlarge", Created: at(10)},
			{Name: "c", Group: "spark-executor", InstanceType: "m5.xlarge", Created: at(5), Deleted: at(20)},
		},
		Pods: []PodRecord{
			{Key: "d1", Role: "driver", Created: at(0), Ended: at(8)},
			{Key: "d2", Role: "driver", Created: at(4)},
			{Key: "e1", Role: "executor", Created: at(5), Ended: at(6)},
			{Key: "standin", Created: at(0)},
		},
	}
	p := peaks(r)
	if p.NodesByGroup["spark-executor"] != 2 || p.NodesByType["spark-executor/m5.xlarge"] != 2 || p.NodesByType["spark-executor/m5.2xlarge"] != 1 {
		t.Errorf("node peaks %+v", p)
	}
	if p.Jobs != 2 || p.Pods != 3 {
		t.Errorf("jobs %d pods %d, want 2 and 3 (stand-ins not counted)", p.Jobs, p.Pods)
	}
}

// The plan's pools, jobs, pods, node-hours and cost sit beside the
// measured ones with measured / planned.
func TestComparePlan(t *testing.T) {
	t.Parallel()
	s := Summarize(records(), at(3600), price)
	p := &plan.Plan{RunTimeText: "6s", PeakConcurrent: 2, Job: plan.Job{Executors: 2},
		Pools: []plan.Pool{{Name: "spark-executor NodePool", Role: "job", InstanceType: "m5.xlarge", Nodes: 2},
			{Name: "operational node group", Role: "operational", InstanceType: "m5.xlarge", Nodes: 1}},
		Cost: &plan.Cost{JobNodeHours: 1, Plan: plan.Split{JobNodes: 0.5, OpsNodes: 0.5}, PlanHours: 1}}
	c := ComparePlan(p, s)
	want := map[string][2]float64{
		"peak nodes, spark-executor (plan: m5.xlarge)": {2, 1},
		"peak nodes, operational (plan: m5.xlarge)":    {1, 1},
		"peak concurrent jobs":                         {2, 0},
		"peak Spark pods":                              {6, 0},
		"job node-hours":                               {1, s.TotalHours - 2},
		"node cost $ (job + operational nodes)":        {1, s.TotalCost},
	}
	for _, r := range c.Rows {
		w, ok := want[r.What]
		if !ok {
			t.Errorf("unexpected row %q", r.What)
			continue
		}
		if r.Planned != round(w[0]) || r.Measured != round(w[1]) || (w[0] > 0 && r.Ratio != round(w[1]/w[0])) {
			t.Errorf("%s: planned %v measured %v ratio %v, want %v", r.What, r.Planned, r.Measured, r.Ratio, w)
		}
		delete(want, r.What)
	}
	if len(want) > 0 {
		t.Errorf("rows missing: %v", want)
	}
}

// cluster.json round-trips, and the HTML fragment names the time scale,
// shows the plan and the comparison, and is well-formed markup.
func TestReportRoundTripAndHTML(t *testing.T) {
	t.Parallel()
	s := Summarize(records(), at(3600), price)
	s.TimeScale = 10
	r := &Report{Section: s, Plan: &PlanVsMeasured{RunTime: "6s", Rows: []PlanRow{row("peak concurrent jobs", 4, 5, "<b>")}},
		Compare: &Comparison{What: "scheduler=default", This: SideOf("scheduler binpacking", "a", s), Other: SideOf("scheduler default-scheduler", "b", s)}}
	path := filepath.Join(t.TempDir(), File)
	if err := r.Write(path); err != nil {
		t.Fatal(err)
	}
	back, err := Read(path)
	if err != nil || back.TotalHours != s.TotalHours || back.Plan.Rows[0].Ratio != 1.25 || back.Compare.Other.Session != "b" || !back.End.Equal(s.End) {
		t.Fatalf("read back %+v, %v", back, err)
	}
	html, err := back.ClusterHTML()
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"--time-scale 10</b>: job run times and node start delay divided by 10", "Plan vs measured",
		"1.25", "Compared: scheduler=default", "scheduler default-scheduler", "&lt;b&gt;", "nodes by instance type"} {
		if !strings.Contains(strings.ToLower(string(html)), strings.ToLower(want)) {
			t.Errorf("section lacks %q", want)
		}
	}
	d := xml.NewDecoder(strings.NewReader("<div>" + string(html) + "</div>"))
	d.Strict, d.AutoClose, d.Entity = false, xml.HTMLAutoClose, xml.HTMLEntity
	for {
		if _, err := d.Token(); err != nil {
			if err.Error() != "EOF" {
				t.Fatalf("section markup: %v", err)
			}
			break
		}
	}
	if missing, err := Read(filepath.Join(t.TempDir(), File)); missing != nil || err != nil {
		t.Errorf("no cluster.json: %v, %v; want nil, nil", missing, err)
	}
	_ = time.Second
}
