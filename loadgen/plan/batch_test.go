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
// gets the largest, with the same pods. Executors follow their drivers: a
// new m5.xlarge starts the 3 drivers that waited for it, and their 6
// executors get a m5.2xlarge.
func TestNodePoolTypeFollowsTheBatch(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name       string
		perMin     float64
		runTime    time.Duration
		nodeStart  time.Duration
		wantDriver string
		wantExec   string
		job        Job // default sparkPi
	}{
		{"trickle, nodes at once", 6, 10 * time.Minute, -1, "m5.xlarge", "m5.xlarge", Job{}},
		{"trickle, 45 s node start", 6, 10 * time.Minute, 0, "m5.xlarge", "m5.2xlarge", Job{}},
		{"burst", 600, 6 * time.Second, 0, "m5.4xlarge", "m5.4xlarge", Job{}},
		// 15 drivers' 150 small executors: no type holds them on one node, so
		// Karpenter fills m5.4xlarge NodeClaims (5 m5.2xlarge would be cheaper)
		{"small pods, big batch", 60, time.Minute, 0, "m5.xlarge", "m5.4xlarge", tenthJob},
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
			if d, e := p.Pools[0], p.Pools[1]; d.InstanceType != tc.wantDriver || e.InstanceType != tc.wantExec {
				t.Errorf("batch of %d jobs (executors %d): driver %s, executor %s; want %s, %s", p.BatchJobs, p.ExecutorBatchJobs, d.InstanceType, e.InstanceType, tc.wantDriver, tc.wantExec)
			}
		})
	}
}

// tenthJob is bench/rehearse/tenth.json's job: 10 executors, every pod 200m / 896 MiB.
var tenthJob = Job{Driver: Pod{200, 896}, Executor: Pod{200, 896}, Executors: 10, Submitter: 1}
