package plan

import (
	"github.com/emr-eks-loadtest/emr-eks-loadtest/infra/capacity"
	"github.com/emr-eks-loadtest/emr-eks-loadtest/spec/stackconfig"
)

// Split is a cost by part of the stack, USD.
type Split struct {
	ControlPlane float64 `json:"controlPlane"`
	NAT          float64 `json:"nat"`
	OpsNodes     float64 `json:"operationalNodes"`
	JobNodes     float64 `json:"jobNodes"`
	Volumes      float64 `json:"volumes"`
}

// Total sums the parts.
func (s Split) Total() float64 { return s.ControlPlane + s.NAT + s.OpsNodes + s.JobNodes + s.Volumes }

// Cost is the plan's cost at peak (per hour) and over the whole plan.
type Cost struct {
	PeakPerHour Split   `json:"peakPerHour"`
	Plan        Split   `json:"plan"`
	PlanHours   float64 `json:"planHours"`
	// JobNodeHours is the job nodes' node-hours over the plan.
	JobNodeHours float64 `json:"jobNodeHours"`
	// NATPerGB is charged on top for every GB through the NAT gateways
	// (image pulls, S3 without an endpoint): not estimated.
	NATPerGB  float64 `json:"natUsdPerGb"`
	NATCount  int     `json:"natGateways"`
	Source    string  `json:"priceSource"`
	Version   string  `json:"priceTableVersion"`
	PeakTotal float64 `json:"peakUsdPerHour"`
	PlanTotal float64 `json:"planUsd"`
	// Spend is the same prices per job and per hour, for a budget.
	Spend Spend `json:"spend"`
}

// cost prices the peak's nodes, the fixed parts and the gp3 volumes (root
// volumes, Prometheus). Over the plan: fixed parts for the plan's length plus
// one run time (the last jobs finishing); job nodes for
// peak nodes x (the jobs' time in flight, summed) / peak concurrent jobs
// node-hours (exact for a steady rate; consolidation lag is not added).
func cost(in Input, p *Plan, f flow) (*Cost, error) {
	cfg := in.Stack
	rp, err := capacity.RegionPricesOf(cfg.Region)
	if err != nil {
		return nil, err
	}
	c := &Cost{Source: capacity.PriceSource, Version: capacity.PriceTableVersion, NATPerGB: rp.NATGatewayUSDPerGB}
	c.NATCount = 1
	if cfg.Network.NATGateways == stackconfig.NATPerAZ {
		c.NATCount = azCount(cfg)
	}
	peak := &c.PeakPerHour
	peak.ControlPlane, peak.NAT = rp.EKSControlPlaneUSDPerHour, float64(c.NATCount)*rp.NATGatewayUSDPerHour
	gp3 := rp.EBSGp3USDPerGBMonth / capacity.HoursPerMonth
	var jobVolumes, jobNodes float64
	for _, pool := range p.Pools {
		h, err := pool.hourly(cfg.Region)
		if err != nil {
			return nil, err
		}
		vol := float64(pool.Nodes) * float64(pool.RootVolumeGiB) * gp3
		if pool.Role == "operational" {
			peak.OpsNodes += h
		} else {
			peak.JobNodes += h
			jobVolumes += vol
			jobNodes += float64(pool.Nodes)
		}
		peak.Volumes += vol
	}
	prometheus := float64(cfg.Monitoring.StorageGiB) * gp3
	peak.Volumes += prometheus
	c.PlanHours = (in.Load.Length + in.RunTime).Hours()
	share := 0.0 // job node-hours per peak job node
	if p.PeakConcurrent > 0 {
		share = f.jobSeconds / 3600 / float64(p.PeakConcurrent)
	}
	c.JobNodeHours = jobNodes * share
	c.Plan = Split{ControlPlane: peak.ControlPlane * c.PlanHours, NAT: peak.NAT * c.PlanHours, OpsNodes: peak.OpsNodes * c.PlanHours,
		JobNodes: peak.JobNodes * share, Volumes: (peak.Volumes-jobVolumes)*c.PlanHours + jobVolumes*share}
	c.PeakTotal, c.PlanTotal = peak.Total(), c.Plan.Total()
	c.Spend, err = spend(in, p, peak.Total()-peak.JobNodes-jobVolumes)
	return c, err
}

// hourly is the pool's nodes' price per hour (each type at its price; spot
// at the table's assumed discount).
func (p Pool) hourly(region string) (float64, error) {
	byType := p.NodesByType
	if len(byType) == 0 {
		byType = map[string]int64{p.InstanceType: p.Nodes}
	}
	var sum float64
	for t, n := range byType {
		h, err := priceFor(region, t, p.CapacityType)
		if err != nil {
			return 0, err
		}
		sum += float64(n) * h
	}
	return sum, nil
}
