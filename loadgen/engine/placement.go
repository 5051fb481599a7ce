package engine

import (
	"fmt"
	"math/rand/v2"

	"github.com/emr-eks-loadtest/emr-eks-loadtest/loadgen/job"
)

// Placement policies.
const (
	PolicyRandom     = "random"
	PolicyRoundRobin = "round-robin"
)

// Placement says where each job's pods go.
type Placement struct {
	AZs              []string // empty: no zone selector
	AZPolicy         string
	VCPolicy         string
	DriverNodePool   string
	ExecutorNodePool string
	SchedulerName    string
}

// ValidatePolicy names the flag and the allowed values.
func ValidatePolicy(flag, v string) error {
	if v != PolicyRandom && v != PolicyRoundRobin {
		return fmt.Errorf("--%s %q: want %s or %s", flag, v, PolicyRandom, PolicyRoundRobin)
	}
	return nil
}

func (p Placement) forJob(az string) job.Placement {
	return job.Placement{AZ: az, DriverNodePool: p.DriverNodePool, ExecutorNodePool: p.ExecutorNodePool,
		SchedulerName: p.SchedulerName}
}

type picker struct {
	p   Placement
	vcs []VC
}

func newPicker(p Placement, vcs []VC) *picker { return &picker{p: p, vcs: vcs} }

// pick chooses job idx's virtual cluster and AZ ("" when no AZs are known).
func (k *picker) pick(idx int64) (VC, string) {
	vc := k.vcs[choose(k.p.VCPolicy, len(k.vcs), idx)]
	if len(k.p.AZs) == 0 {
		return vc, ""
	}
	return vc, k.p.AZs[choose(k.p.AZPolicy, len(k.p.AZs), idx)]
}

func choose(policy string, n int, idx int64) int {
	if policy == PolicyRandom {
		return rand.IntN(n)
	}
	return int(idx % int64(n))
}
