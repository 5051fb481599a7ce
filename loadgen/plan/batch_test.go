package plan

import (
	"testing"
	"time"

	"github.com/emr-eks-loadtest/emr-eks-loadtest/spec/stackconfig"
)

// One Karpenter batch holds about e^(λ·1 s) jobs, capped by its 10 s maximum.
func TestBatchJobs(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		perSec float64
		want   int64
	}{{0, 1}, {0.4, 1}, {1, 3}, {2.2, 9}, {10, 101}} {
		if got := batchJobs(tc.perSec); got != tc.want {
			t.Errorf("batchJobs(%v) = %d, want %d", tc.perSec, got, tc.want)
		}
	}
}

// A trickle of jobs gets the smallest type that holds one job's pods (as
// Karpenter launches per batch and later pods fill those nodes); a burst
// gets the largest, with the same pods, plus a smaller node a batch for what
// is left. Executors follow their drivers: a new node starts the drivers
// that waited for it, and their executors reach Karpenter together.
func TestNodePoolTypeFollowsTheBatch(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name       string
		perMin     float64
		runTime    time.Duration
		nodeStart  time.Duration
		wantDriver string // the pool's main type (the most vCPUs)
		wantExec   string
		wantMix    string // the executor pool's types, when checked
		job        Job    // default sparkPi
	}{
		{"trickle, nodes at once", 6, 10 * time.Minute, -1, "m5.xlarge", "m5.xlarge", "m5.xlarge", Job{}},
		// 0.05 jobs/s per AZ over a 46 s start: the executors of 2 drivers (4
		// pods of 1 vCPU) a batch. The first gets a m5.2xlarge (7 a node), the
		// next fills its 3 and opens a m5.xlarge (3 a node) for 1, the next two
		// fill it and open one more: 1 m5.2xlarge and 3 m5.xlarge per 16
		// executors, 70 executors per AZ.
		{"trickle, 45 s node start", 6, 10 * time.Minute, 0, "m5.xlarge", "m5.xlarge", "22 m5.xlarge + 8 m5.2xlarge", Job{}},
		{"burst", 600, 6 * time.Second, 0, "m5.4xlarge", "m5.4xlarge", "", Job{}},
		// 15 drivers' 150 small executors (65 a m5.4xlarge by memory): no type
		// holds them on one node, so Karpenter fills 2 m5.4xlarge NodeClaims
		// and puts the rest (20, then 8, 13, ... after filling the last small
		// node) on a m5.2xlarge or m5.xlarge
		{"small pods, big batch", 60, time.Minute, 0, "m5.xlarge", "m5.4xlarge", "20 m5.4xlarge + 4 m5.2xlarge + 8 m5.xlarge", tenthJob},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			job := tc.job
			if job.Executors == 0 {
				job = sparkPi
			}
			p, err := Make(Input{Template: "t", Target: "emr", Job: job, Load: constant(tc.perMin, 10*time.Minute), RunTime: tc.runTime,
				Stack: presetStack(t, stackconfig.PresetDev, "us-west-2"), StackSource: "preset dev", NodePools: true, NodeStartDelay: tc.nodeStart})
			if err != nil {
				t.Fatal(err)
			}
			if p.SteadyConcurrent != 60 {
				t.Fatalf("%d concurrent jobs in steady state, want 60 for both (the same pods)", p.SteadyConcurrent)
			}
			d, e := p.Pools[0], p.Pools[1]
			if d.InstanceType != tc.wantDriver || e.InstanceType != tc.wantExec {
				t.Errorf("batch of %d jobs (executors %d): driver %s, executor %s; want %s, %s", p.BatchJobs, p.ExecutorBatchJobs, d.TypesText(), e.TypesText(), tc.wantDriver, tc.wantExec)
			}
			if tc.wantMix != "" && e.TypesText() != tc.wantMix {
				t.Errorf("executor pool %s, want %s", e.TypesText(), tc.wantMix)
			}
		})
	}
}

// tenthJob is bench/rehearse/tenth.json's job: 10 executors, every pod 200m / 896 MiB.
var tenthJob = Job{Driver: Pod{200, 896}, Executor: Pod{200, 896}, Executors: 10, Submitter: 1}

// Users who start within Karpenter's 1 s idle window of each other reach
// it in one batch (10 s at most); slower starts arrive one by one.
func TestOpeningBurst(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		users int
		spawn float64
		want  float64
	}{{10, 1, 10}, {10, 0, 10}, {50, 2, 21}, {10, 0.5, 1}, {0, 1, 0}} {
		if got := OpeningBurst(tc.users, tc.spawn); got != tc.want {
			t.Errorf("OpeningBurst(%d users, %v/s) = %v, want %v", tc.users, tc.spawn, got, tc.want)
		}
	}
}

// dev's closed model (10 users started 1 a second) opens with one batch of
// all 10 jobs: 5 per AZ, whose drivers get a m5.2xlarge (7 one-vCPU drivers)
// and whose 10 executors a m5.4xlarge (15) per AZ, as the rehearsal saw
// (bench/results/rehearse-20261203-dev-scaled.md); the trickle after it
// fills them and opens m5.xlarge.
func TestOpeningBurstGetsLargeNodes(t *testing.T) {
	t.Parallel()
	load := Load{Rate: func(time.Duration) float64 { return 0.4 }, Length: 10 * time.Minute, Random: true, Burst: 10}
	p, err := Make(Input{Template: "t", Target: "emr", Job: sparkPi, Load: load, RunTime: 65 * time.Second,
		Stack: presetStack(t, stackconfig.PresetDev, "us-west-2"), StackSource: "preset dev", NodePools: true, NodeStartDelay: 4500 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	d, e := p.Pools[0], p.Pools[1]
	if d.NodesByType["m5.2xlarge"] != 2 || e.NodesByType["m5.4xlarge"] != 2 || d.NodesByType["m5.xlarge"] == 0 || e.NodesByType["m5.xlarge"] == 0 {
		t.Errorf("drivers %s, executors %s: want 2 m5.2xlarge drivers and 2 m5.4xlarge executors from the burst, m5.xlarge after", d.TypesText(), e.TypesText())
	}
}
