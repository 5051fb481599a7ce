// Package plan predicts what a load plan needs from a stack before anything
// is submitted or deployed: concurrent jobs (Little's law), pods, requested
// CPU and memory, nodes per NodePool or node group and instance type
// (packing by allocatable, infra/capacity), pod IPs against the pod
// subnets, the first limit the plan hits (named with the config key or flag
// that moves it) and the cost per hour at peak and for the whole plan
// (infra/capacity's versioned price table). docs/plan.md gives the formulas
// and what the plan cannot know.
package plan

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"time"

	"github.com/emr-eks-loadtest/emr-eks-loadtest/infra/capacity"
	"github.com/emr-eks-loadtest/emr-eks-loadtest/spec/stackconfig"
)

// Input is everything a plan reads.
type Input struct {
	Template string // its name, for the output
	Target   string // emr, local or operator
	Job      Job
	Load     Load
	// RunTime is the expected time a job runs (submission to end).
	RunTime time.Duration
	Stack   stackconfig.Config
	// StackSource says where Stack came from (e.g. "Pulumi.dev.yaml").
	StackSource string
	// NodePools is true when the run pins pods to the Karpenter NodePools
	// (--driver-nodepool / --executor-nodepool).
	NodePools bool
	// NodeStartDelay is Karpenter's launch to a Ready node (0:
	// DefaultNodeStartDelay; negative: none); drivers waiting for one start
	// together, and so do their executors.
	NodeStartDelay time.Duration
}

// Plan is the prediction.
type Plan struct {
	Template    string        `json:"template"`
	Target      string        `json:"target"`
	Stack       string        `json:"stack"`
	Preset      string        `json:"preset"`
	Region      string        `json:"region"`
	Autoscaling string        `json:"autoscaling"`
	Placement   string        `json:"placement"`
	Load        Load          `json:"load"`
	RunTime     time.Duration `json:"-"`
	RunTimeText string        `json:"runTime"`
	Job         Job           `json:"job"`

	PeakRatePerMin float64 `json:"peakRatePerMin"`
	TotalJobs      float64 `json:"totalJobs"`
	// NodeWait is what a job whose pods need new nodes adds to its time
	// in flight: its driver's node wait and then its executors'.
	NodeWait     time.Duration `json:"-"`
	NodeWaitText string        `json:"nodeWait"`
	// JobsWaited is how many jobs need new nodes (the others find room
	// that ended jobs left).
	JobsWaited float64 `json:"jobsWaitingForNodes"`
	// MeanInFlight is the jobs' mean time in flight (accepted to finished).
	MeanInFlight     time.Duration `json:"-"`
	MeanInFlightText string        `json:"meanTimeInFlight"`
	// SteadyConcurrent is L = λ·W with W = run time: the jobs in flight
	// once they find room as others end.
	SteadyConcurrent int64 `json:"steadyConcurrentJobs"`
	// PeakConcurrent is the most jobs in flight: SteadyConcurrent's top
	// with random arrivals, or more while the cluster grows.
	PeakConcurrent  int64   `json:"peakConcurrentJobs"`
	PeakPods        int64   `json:"peakJobPods"`
	RequestedCPU    float64 `json:"requestedVcpu"`
	RequestedMemGiB float64 `json:"requestedMemoryGiB"`
	AZs             int     `json:"azs"`

	// BatchJobs is how many jobs' pods one Karpenter batch holds at the
	// peak rate: it picks the NodePools' instance type (see batchJobs).
	BatchJobs int64 `json:"karpenterBatchJobs,omitempty"`
	// ExecutorBatchJobs is how many jobs' executors one batch holds in one
	// AZ (drivers started together by a new node; see executorBatchJobs).
	ExecutorBatchJobs int64 `json:"karpenterExecutorBatchJobs,omitempty"`

	Pools  []Pool  `json:"pools"`
	PodIPs PodIPs  `json:"podIps"`
	Limits []Limit `json:"limits"`
	// FirstLimit is the limit the plan hits first as the load rises (the
	// highest ratio above 1), nil if it hits none.
	FirstLimit *Limit   `json:"firstLimit"`
	Cost       *Cost    `json:"cost,omitempty"`
	Notes      []string `json:"notes"`
}

// Make computes the plan.
func Make(in Input) (*Plan, error) {
	if in.RunTime <= 0 {
		return nil, fmt.Errorf("expected run time %v: want a positive duration (--expected-run-time)", in.RunTime)
	}
	if in.Load.Rate == nil || in.Load.Length <= 0 {
		return nil, errors.New("the load plan has no length: give --duration, --stages or --max-jobs with a rate")
	}
	cfg := in.Stack
	fl := in.flight(in.Load.integrate(flight{run: in.RunTime}).peakPerMin / 60)
	f := in.Load.integrate(fl)
	p := &Plan{Template: in.Template, Target: in.Target, Stack: in.StackSource, Preset: string(cfg.Preset), Region: cfg.Region,
		Autoscaling: cfg.Autoscaling.Mode, Load: in.Load, RunTime: in.RunTime, RunTimeText: in.RunTime.String(), Job: in.Job,
		PeakRatePerMin: f.peakPerMin, TotalJobs: f.total, AZs: azCount(cfg)}
	p.setFlight(fl, f)
	j := in.Job
	p.PeakPods = p.PeakConcurrent * int64(j.Pods())
	p.RequestedCPU = float64(p.PeakConcurrent) * float64(j.Driver.MilliCPU+int64(j.Executors)*j.Executor.MilliCPU) / 1000
	p.RequestedMemGiB = float64(p.PeakConcurrent) * float64(j.Driver.MemoryMiB+int64(j.Executors)*j.Executor.MemoryMiB) / 1024
	if err := p.placeJobs(in); err != nil {
		return nil, err
	}
	ops, err := opsPool(cfg)
	if err != nil {
		return nil, err
	}
	p.Pools = append(p.Pools, ops)
	if p.PodIPs, err = podIPs(cfg, p.Pools); err != nil {
		return nil, err
	}
	p.Limits = limits(in, p)
	p.FirstLimit = firstLimit(p.Limits)
	p.Cost, err = cost(in, p, f)
	if err != nil {
		p.Notes = append(p.Notes, "no cost: "+err.Error())
	}
	p.Notes = append(p.Notes, notes(in)...)
	return p, nil
}

// setFlight records the time in flight and the jobs in flight.
func (p *Plan) setFlight(fl flight, f flow) {
	p.NodeWait, p.JobsWaited = fl.wait.Round(100*time.Millisecond), f.waited
	p.NodeWaitText = p.NodeWait.String()
	if f.total > 0 {
		p.MeanInFlight = time.Duration(f.jobSeconds / f.total * float64(time.Second)).Round(time.Second)
	}
	p.MeanInFlightText = p.MeanInFlight.String()
	p.SteadyConcurrent = ceilJobs(f.steadyInFlight)
	p.PeakConcurrent = ceilJobs(f.peakInFlight)
}

func ceilJobs(x float64) int64 { return int64(math.Ceil(x - 1e-9)) }

// placeJobs packs the peak's pods on the NodePools (Karpenter) or the
// per-AZ application groups (Cluster Autoscaler).
func (p *Plan) placeJobs(in Input) error {
	cfg, j := in.Stack, in.Job
	perAZ := splitJobs(p.PeakConcurrent, p.AZs)
	if usesNodePools(in) {
		p.Placement = "Karpenter NodePools: drivers on spark-driver, executors on spark-executor, one AZ per job"
		p.BatchJobs = batchJobs(p.PeakRatePerMin / 60)
		drivers, execs := make([][]group, p.AZs), make([][]group, p.AZs)
		for i, n := range perAZ {
			drivers[i] = []group{{j.Driver, n}, {Pod{}, n * int64(j.Submitter)}}
			execs[i] = []group{{j.Executor, n * int64(j.Executors)}}
		}
		busiest := slices.Index(perAZ, slices.Max(perAZ))
		burst := jobsPerAZ(int64(in.Load.Burst), p.AZs)
		dJobs := jobsPerAZ(p.BatchJobs, p.AZs)
		dPerJob := []int64{1, int64(j.Submitter)}
		dFirst, dBatch := batchOf(drivers[busiest], dPerJob, max(burst, dJobs)), batchOf(drivers[busiest], dPerJob, dJobs)
		d, err := karpenterPool(driverPoolName, cfg, "on-demand", drivers, dFirst, dBatch)
		if err != nil {
			return err
		}
		execCap := "on-demand"
		if cfg.Karpenter.ExecutorSpot {
			execCap = "spot"
		}
		p.ExecutorBatchJobs = executorBatchJobs(p.PeakRatePerMin/60, p.AZs, nodeStartDelay(in), driversPerNode(d, j, cfg), p.BatchJobs)
		ePerJob := []int64{int64(j.Executors)}
		eFirst := batchOf(execs[busiest], ePerJob, max(burst, p.ExecutorBatchJobs))
		e, err := karpenterPool(executorPoolName, cfg, execCap, execs, eFirst, batchOf(execs[busiest], ePerJob, p.ExecutorBatchJobs))
		if err != nil {
			return err
		}
		p.Pools = append(p.Pools, d, e)
		return nil
	}
	p.Placement = "application node groups (Cluster Autoscaler), one per AZ, one AZ per job"
	pool, err := appPool(cfg, j, perAZ)
	if err != nil {
		return err
	}
	p.Pools = append(p.Pools, pool)
	return nil
}

func appPool(cfg stackconfig.Config, j Job, perAZ []int64) (Pool, error) {
	ng := cfg.NodeGroups
	if len(ng.AppInstanceTypes) == 0 {
		return Pool{}, fmt.Errorf("%s is empty", keyAppTypes)
	}
	t, err := capacity.Lookup(ng.AppInstanceTypes[0])
	if err != nil {
		return Pool{}, err
	}
	groups := make([][]group, len(perAZ))
	for i, n := range perAZ {
		groups[i] = []group{{j.Driver, n}, {j.Executor, n * int64(j.Executors)}, {Pod{}, n * int64(j.Submitter)}}
	}
	pool, err := poolFor(appPoolName, t, networking(cfg), groups)
	if err != nil {
		return Pool{}, err
	}
	pool.Nodes = 0
	for i, n := range pool.NodesPerAZ { // a group never goes below appMinSize
		pool.NodesPerAZ[i] = max(n, int64(ng.AppMinSize))
		for range pool.NodesPerAZ[i] - n {
			pool.podsOnNodes[i] = append(pool.podsOnNodes[i], 0)
		}
		pool.Nodes += pool.NodesPerAZ[i]
	}
	pool.VCPUs = pool.Nodes * int64(t.VCPUs)
	pool.CapacityType, pool.RootVolumeGiB = "on-demand", ng.RootVolumeGiB
	if ng.CapacityType == "SPOT" {
		pool.CapacityType = "spot"
	}
	return pool, nil
}

func nodeStartDelay(in Input) time.Duration {
	switch {
	case in.NodeStartDelay == 0:
		return DefaultNodeStartDelay
	case in.NodeStartDelay < 0:
		return 0
	}
	return in.NodeStartDelay
}

// driversPerNode is how many jobs' drivers (and submitters) one node of the
// driver pool holds.
func driversPerNode(d Pool, j Job, cfg stackconfig.Config) int64 {
	room := roomOf(capacity.ForType(d.itype, networking(cfg)))
	n := room.perNode(j.Driver)
	if k := int64(1 + j.Submitter); room.pods/k < n {
		n = room.pods / k
	}
	return max(n, 1)
}

// usesNodePools is whether the jobs go on the Karpenter NodePools.
func usesNodePools(in Input) bool {
	a := in.Stack.Autoscaling
	return a.Mode == stackconfig.AutoscalingKarpenter || (a.Karpenter() && in.NodePools)
}

func notes(in Input) []string {
	n := []string{
		"concurrent jobs: Little's law with W = the time in flight; a job whose pods need new nodes (the cluster is growing) adds a node wait for its driver and one for its executors (autoscaler reaction + --node-start-delay), a job that finds room ended jobs left adds none; with random arrivals (closed model) the steady state's top over the run (L + z·√L); image pulls and control-plane queueing are not added",
		"packing: first fit, largest pods first, on allocatable less DaemonSets (what a MostAllocated scheduler reaches); Karpenter's consolidation and fragmentation over time are not modelled",
	}
	if usesNodePools(in) {
		n = append(n, "NodePool instance type: the cheapest that holds one Karpenter batch (the jobs arriving within its 1 s idle / 10 s max window at the peak rate; for executors, also the drivers one new driver node starts at once), as later pods fill those nodes; bursts get larger types, a trickle small ones")
	}
	if in.Job.Submitter > 0 {
		n = append(n, "EMR's job-submitter pod is counted for pods, IPs and etcd, with no requests (its requests are not known here)")
	}
	if in.Stack.Autoscaling.Mode == stackconfig.AutoscalingBoth && !in.NodePools {
		n = append(n, "autoscalingMode both without --driver-nodepool/--executor-nodepool: planned on the application groups; with them, on the NodePools")
	}
	return n
}
