package clusterreport

import (
	"errors"
	"math"
	"testing"
	"time"
)

var t0 = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)

func at(s float64) time.Time { return t0.Add(time.Duration(s * float64(time.Second))) }

func price(typ, capType string) (float64, error) {
	if typ == "m5.xlarge" && capType == "on-demand" {
		return 0.192, nil
	}
	if typ == "m5.xlarge" && capType == "spot" {
		return 0.0768, nil
	}
	return 0, errors.New("unknown")
}

func records() Records {
	return Records{Start: t0,
		Nodes: []NodeRecord{
			{Name: "ops", Group: OperationalGroup, InstanceType: "m5.xlarge", CapacityType: "on-demand", Created: at(-3600), MilliCPU: 3920},
			{Name: "a", Group: "spark-executor", InstanceType: "m5.xlarge", CapacityType: "spot", Created: at(10), Ready: at(12), Deleted: at(1810), MilliCPU: 3920, MemoryMiB: 14000},
			{Name: "b", Group: "spark-driver", InstanceType: "m5.xlarge", CapacityType: "on-demand", Created: at(20), Ready: at(21), MilliCPU: 3920, MemoryMiB: 14000},
		},
		Pods: []PodRecord{
			{Key: "ns/d", Node: "b", MilliCPU: 1000, MemoryMiB: 1408, Created: at(5), Scheduled: at(22), Ended: at(100)},
			{Key: "ns/e", Node: "a", MilliCPU: 2000, MemoryMiB: 2432, Created: at(5), Scheduled: at(13)},
			{Key: "ns/never", MilliCPU: 1000, Created: at(30)},
		},
		Claims: []ClaimRecord{{Name: "c1", Node: "a", Created: at(9)}, {Name: "c2", Node: "b", Created: at(18)}},
	}
}

// Node-hours are each node's lifetime (created to deleted, or to the end)
// and cost is node-hours times the price of its type and capacity type.
func TestNodeHoursAreLifetimes(t *testing.T) {
	t.Parallel()
	end := at(3600)
	s := Summarize(records(), end, price)
	want := map[string]float64{"operational": 2, "spark-executor": 0.5, "spark-driver": (3600 - 20) / 3600.0}
	for _, u := range s.NodeHours {
		if math.Abs(u.Hours-want[u.Group]) > 1e-9 {
			t.Errorf("%s: %v node-hours, want %v", u.Group, u.Hours, want[u.Group])
		}
	}
	wantCost := 2*0.192 + 0.5*0.0768 + (3580/3600.0)*0.192
	if math.Abs(s.TotalCost-wantCost) > 1e-9 {
		t.Errorf("cost %v, want %v", s.TotalCost, wantCost)
	}
}

func TestSeriesPendingAndPacking(t *testing.T) {
	t.Parallel()
	s := Summarize(records(), at(200), price)
	p := func(sec float64) Point {
		for _, pt := range s.Series {
			if pt.At >= sec {
				return pt
			}
		}
		t.Fatalf("no point at %v s", sec)
		return Point{}
	}
	if got := p(6); got.Pending != 2 || got.Nodes["operational"] != 1 {
		t.Errorf("at 6 s: %+v, want 2 pending, the ops node", got)
	}
	if got := p(30); got.Pending != 1 || got.ReqMilliCPU != 3000 || got.AllocMilliCPU != 7840 {
		t.Errorf("at 30 s: %+v, want 1 pending, 3000m requested of 7840m on the pools' nodes", got)
	}
	if got := p(150); got.ReqMilliCPU != 2000 {
		t.Errorf("at 150 s: %+v, want the driver's requests gone", got)
	}
	if s.MaxNodes != 3 {
		t.Errorf("max nodes %d, want 3", s.MaxNodes)
	}
}

func TestLatencies(t *testing.T) {
	t.Parallel()
	l := latencies(records())
	if l.PodScheduling.Count != 2 || l.PodScheduling.Max != 17 || l.PodScheduling.P50 != 8 {
		t.Errorf("pod scheduling %+v, want 2 samples, p50 8 s, max 17 s", l.PodScheduling)
	}
	if l.NodeProvisioning.Count != 2 || l.NodeProvisioning.Max != 3 {
		t.Errorf("node provisioning %+v, want 2 samples, max 3 s", l.NodeProvisioning)
	}
}
