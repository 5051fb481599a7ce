package rehearse

import (
	"testing"
	"time"

	"github.com/emr-eks-loadtest/emr-eks-loadtest/loadgen/plan"
)

// The dev preset's default plan at the rehearsal's default run time (36
// jobs of spark-pi) against a rehearsal that used m5.xlarge drivers: the
// same vCPU on twice the nodes.
func TestComparePools(t *testing.T) {
	t.Parallel()
	cfg, _, err := PresetConfig("dev", "us-west-2")
	if err != nil {
		t.Fatal(err)
	}
	pod := plan.Pod{MilliCPU: 1000, MemoryMiB: 1433}
	p, err := plan.Make(plan.Input{Job: plan.Job{Driver: pod, Executor: pod, Executors: 2, Submitter: 1},
		Load:    plan.Load{Rate: func(time.Duration) float64 { return 0.4 }, Length: 10 * time.Minute},
		RunTime: 90 * time.Second, Stack: cfg})
	if err != nil {
		t.Fatal(err)
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
	// 18 drivers per AZ: 18 vCPU over one m5.2xlarge's 7,775m free = 3 per AZ.
	if d.PlanType != "m5.2xlarge" || d.PlanNodes != 6 || d.Bound != 6 || d.NodesError() != -0.5 || d.VCPUError() != 0 {
		t.Errorf("driver %s: want 6 x m5.2xlarge, bound 6, nodes -50%%, vCPU 0%%", d)
	}
	if e.PlanNodes != 6 || e.Bound != 6 || e.NodesError() != 0 {
		t.Errorf("executor %s: want 6 nodes, bound 6, nodes 0%%", e)
	}
	if all.PlanNodes != 12 || all.PlanVCPUs != 144 || all.Rehearsed.Nodes != 18 {
		t.Errorf("all %s: want 12 planned nodes, 144 vCPU, 18 rehearsed", all)
	}
}
