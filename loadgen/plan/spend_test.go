package plan

import (
	"math"
	"testing"
	"time"

	"github.com/emr-eks-loadtest/emr-eks-loadtest/infra/capacity"
	"github.com/emr-eks-loadtest/emr-eks-loadtest/spec/stackconfig"
)

// One job's spend is its pods' share of their nodes at the table's prices:
// spark-pi on dev's NodePools, each pod 1000m of an m5.4xlarge's room, for
// the run time. Over a steady plan, jobs × that is the plan's job-node cost
// less the packing loss (part-empty nodes), so it must come out a little
// below the plan's own figure, never above.
func TestSpendPerJobFromPodShares(t *testing.T) {
	t.Parallel()
	const runTime = 10 * time.Minute
	p, err := Make(Input{Template: "t", Target: "emr", Job: sparkPi, Load: constant(10, 20*time.Minute), RunTime: runTime,
		Stack: presetStack(t, stackconfig.PresetDev, "us-west-2"), StackSource: "preset dev"})
	if err != nil {
		t.Fatal(err)
	}
	s := p.Cost.Spend
	var want float64
	for _, pool := range p.Pools[:2] { // spark-driver, spark-executor
		free := roomOf(capacity.ForType(pool.itype, networking(presetStack(t, stackconfig.PresetDev, "us-west-2"))))
		price, err := capacity.PriceOf("us-west-2", pool.InstanceType)
		if err != nil {
			t.Fatal(err)
		}
		perHour := price.OnDemandUSDPerHour + float64(pool.RootVolumeGiB)*0.08/capacity.HoursPerMonth
		cpuShare := 1000 / float64(free.milliCPU) // every spark-pi pod asks 1000m, its largest share
		pods := 2.0                               // executors
		if pool.Name == driverPoolName {
			pods = 1
			want += perHour / float64(free.pods) * runTime.Hours() // the job-submitter pod's slot
		}
		want += pods * cpuShare * perHour * runTime.Hours()
	}
	if math.Abs(s.PerJobUSD-want) > 1e-9 {
		t.Errorf("per job $%.6f, want $%.6f (%s)", s.PerJobUSD, want, s.Basis)
	}
	jobNodes := p.Cost.Plan.JobNodes
	if got := s.PerJobUSD * p.TotalJobs; got > jobNodes*1.01 || got < jobNodes*0.7 {
		t.Errorf("%.0f jobs × $%.4f = $%.2f, the plan's job nodes cost $%.2f: want a little below", p.TotalJobs, s.PerJobUSD, got, jobNodes)
	}
	peak := p.Cost.PeakPerHour
	if fixed := peak.ControlPlane + peak.NAT + peak.OpsNodes; s.FixedPerHourUSD < fixed || s.FixedPerHourUSD > fixed+peak.Volumes {
		t.Errorf("fixed $%.3f/h, want control plane + NAT + operational nodes ($%.3f/h) + some volumes", s.FixedPerHourUSD, fixed)
	}
	if got := s.Cost(100, 2*time.Hour); math.Abs(got-(100*s.PerJobUSD+2*s.FixedPerHourUSD)) > 1e-9 {
		t.Errorf("Cost(100 jobs, 2h) = %v", got)
	}
}
