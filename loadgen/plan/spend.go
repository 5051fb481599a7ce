package plan

import (
	"fmt"
	"time"

	"github.com/emr-eks-loadtest/emr-eks-loadtest/infra/capacity"
)

// Names of the job pools (Pool.Name), which say which of a job's pods run on them.
const (
	driverPoolName   = "spark-driver NodePool"
	executorPoolName = "spark-executor NodePool"
	appPoolName      = "application node groups"
)

// Spend is the plan's prices in the linear form a budget needs (loadgen
// search --budget-usd): what one more job costs and what the stack costs
// per hour whatever runs. Spend(jobs, elapsed) = jobs × PerJobUSD +
// elapsed × FixedPerHourUSD.
type Spend struct {
	// PerJobUSD is one job: each pod's share of the node it runs on (the
	// largest of its CPU, memory and pod-slot share of the node's room for
	// job pods) × the node's hourly price and root volume × the expected
	// run time. Packing loss (part-empty nodes) is not included.
	PerJobUSD float64 `json:"perJobUsd"`
	// FixedPerHourUSD is the control plane, the NAT gateways, the
	// operational nodes and their volumes, and Prometheus' volume.
	FixedPerHourUSD float64 `json:"fixedUsdPerHour"`
	// Basis says how PerJobUSD was reached: the node share per pool, e.g.
	// "0.0635 × m5.4xlarge on-demand ($0.778/h), ..., for 10m0s".
	Basis string `json:"basis"`
}

// Cost is the estimated spend of jobs jobs over elapsed, USD.
func (s Spend) Cost(jobs int, elapsed time.Duration) float64 {
	return float64(jobs)*s.PerJobUSD + elapsed.Hours()*s.FixedPerHourUSD
}

// spend prices one job on the plan's job pools; fixed is the peak's
// per-hour cost less the job nodes and their volumes.
func spend(in Input, p *Plan, fixed float64) (Spend, error) {
	rp, err := capacity.RegionPricesOf(in.Stack.Region)
	if err != nil {
		return Spend{}, err
	}
	s := Spend{FixedPerHourUSD: fixed}
	perHour := 0.0
	for _, pool := range p.Pools {
		h, basis, err := poolShare(in, pool, rp.EBSGp3USDPerGBMonth/capacity.HoursPerMonth)
		if err != nil {
			return Spend{}, err
		}
		if basis != "" {
			perHour += h
			s.Basis += basis + ", "
		}
	}
	s.PerJobUSD = perHour * in.RunTime.Hours()
	s.Basis += fmt.Sprintf("for %s", in.RunTime)
	return s, nil
}

// poolShare is the hourly cost of one job's pods on pool and how it was
// reached ("" when none of them runs there).
func poolShare(in Input, pool Pool, gp3PerGiBHour float64) (float64, string, error) {
	gs := jobPods(pool.Name, in.Job)
	if len(gs) == 0 {
		return 0, "", nil
	}
	h, err := priceFor(in.Stack.Region, pool.InstanceType, pool.CapacityType)
	if err != nil {
		return 0, "", err
	}
	h += float64(pool.RootVolumeGiB) * gp3PerGiBHour
	free := roomOf(capacity.ForType(pool.itype, networking(in.Stack)))
	share := 0.0
	for _, g := range gs {
		share += float64(g.count) * free.share(g.pod)
	}
	return share * h, fmt.Sprintf("%.3g × %s %s ($%.3f/h)", share, pool.InstanceType, pool.CapacityType, h), nil
}

// jobPods are the pods of one job that run on the pool named name.
func jobPods(name string, j Job) []group {
	driver := []group{{j.Driver, 1}, {Pod{}, int64(j.Submitter)}}
	executors := []group{{j.Executor, int64(j.Executors)}}
	switch name {
	case driverPoolName:
		return driver
	case executorPoolName:
		return executors
	case appPoolName:
		return append(driver, executors...)
	}
	return nil
}

// share is the part of a node's room one pod takes: the largest of its
// CPU, memory and pod-slot shares, the one that decides how many fit.
func (r room) share(p Pod) float64 {
	s := 0.0
	if r.pods > 0 {
		s = 1 / float64(r.pods)
	}
	if r.milliCPU > 0 {
		s = max(s, float64(p.MilliCPU)/float64(r.milliCPU))
	}
	if r.memMiB > 0 {
		s = max(s, float64(p.MemoryMiB)/float64(r.memMiB))
	}
	return s
}
