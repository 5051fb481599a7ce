package rehearse

import (
	"testing"
	"time"

	"github.com/emr-eks-loadtest/emr-eks-loadtest/loadgen/plan"
)

// 36 jobs of spark-pi on the dev preset arriving as a trickle (24/min: one
// job a Karpenter batch) against a rehearsal that used m5.xlarge drivers and
// m5.4xlarge executors: the plan's m5.xlarge drivers match node for node,
// its m5.2xlarge executors match in vCPU on twice the nodes.
func TestComparePools(t *testing.T) {
	t.Parallel()
	cfg, _, err := PresetConfig("dev", "us-west-2")
	if err != nil {
		t.Fatal(err)
	}
	pod := plan.Pod{MilliCPU: 1000, MemoryMiB: 1433}
	p, err := plan.Make(plan.Input{Job: plan.Job{Driver: pod, Executor: pod, Executors: 2, Submitter: 1},
		// 90 s of arrivals at 0.4/s: all 36 jobs are in flight at 90 s, whatever their waits
		Load:    plan.Load{Rate: func(time.Duration) float64 { return 0.4 }, Length: 90 * time.Second},
		RunTime: 90 * time.Second, Stack: cfg})
	if err != nil {
		t.Fatal(err)
	}
	if p.PeakConcurrent != 36 {
		t.Fatalf("%d jobs in flight, want 36", p.PeakConcurrent)
	}
	peaks := map[string]PoolPeak{
		"spark-driver":   {Nodes: 12, VCPUs: 48, ByType: map[string]int{"m5.xlarge": 12}},
		"spark-executor": {Nodes: 6, VCPUs: 96, ByType: map[string]int{"m5.4xlarge": 6}},
		AllNodePools:     {Nodes: 18, VCPUs: 144},
	}
	got := ComparePools(p, cfg, peaks)
	if len(got) != 3 || got[0].Pool != "spark-driver" || got[1].Pool != "spark-executor" || got[2].Pool != AllNodePools {
		t.Fatalf("pools %v, want spark-driver, spark-executor, all", got)
	}
	d, e, all := got[0], got[1], got[2]
	// 18 drivers per AZ, 3 a m5.xlarge (3,650m free) = 6 per AZ; the bound
	// (18 vCPU over 3,650m = 5 per AZ) ignores that a node holds whole pods.
	if d.PlanType != "m5.xlarge" || d.PlanNodes != 12 || d.Bound != 10 || d.NodesError() != 0 || d.VCPUError() != 0 {
		t.Errorf("driver %s: want 12 x m5.xlarge, bound 10, nodes 0%%, vCPU 0%%", d)
	}
	// executors: a new m5.xlarge starts 3 drivers at once (45 s node start),
	// their 6 executors a batch: a m5.2xlarge (7 a node), then each batch
	// fills the room left and opens the cheapest type for the rest (5, 4, 3
	// on a m5.xlarge, 6, 5): 5 m5.2xlarge + 1 m5.xlarge per AZ, 88 vCPU
	if e.PlanType != "m5.2xlarge" || e.PlanNodes != 12 || e.NodesError() != 1 || e.PlanVCPUs != 88 {
		t.Errorf("executor %s: want 12 nodes mostly m5.2xlarge, nodes +100%%, 88 vCPU", e)
	}
	// on Karpenter's own types: drivers 5 m5.xlarge per AZ, executors 36 vCPU
	// per AZ over one m5.4xlarge's 15,620m = 3 per AZ
	if d.KarpenterType != "m5.xlarge" || d.KarpenterBound != 10 || d.BoundMargin() != 0.2 {
		t.Errorf("driver %s: want bound 10 on m5.xlarge, Karpenter +20%%", d)
	}
	if e.KarpenterType != "m5.4xlarge" || e.KarpenterBound != 6 || e.BoundMargin() != 0 {
		t.Errorf("executor %s: want bound 6 on m5.4xlarge, Karpenter +0%%", e)
	}
	if all.PlanNodes != 24 || all.PlanVCPUs != 136 || all.Rehearsed.Nodes != 18 {
		t.Errorf("all %s: want 24 planned nodes, 136 vCPU, 18 rehearsed", all)
	}
}
