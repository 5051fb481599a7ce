package plan

import (
	"fmt"
	"sort"

	"github.com/emr-eks-loadtest/emr-eks-loadtest/spec/sparkoperator"
)

// Limit is one ceiling the plan is compared with.
type Limit struct {
	Name    string  `json:"name"`
	Planned float64 `json:"planned"`
	Limit   float64 `json:"limit"`
	// Ratio is Planned / Limit: above 1 the plan hits it.
	Ratio float64 `json:"ratio"`
	Hit   bool    `json:"hit"`
	// Moves names the config key or flag that moves the limit or the load.
	Moves  string `json:"moves"`
	Source string `json:"source"`
}

// Published ceilings (docs/plan.md cites them).
const (
	// PodsPerClusterGuidance: AWS's EMR on EKS scale guidance keeps a
	// cluster under ~20,000 concurrent pods (etcd size and latency).
	PodsPerClusterGuidance = 20_000
	// StartJobRunPerMinute: EMR on EKS's measured submission rate per EKS
	// cluster, ~150 jobs/min.
	StartJobRunPerMinute = 150
	// OperatorSubmissionsPerMinute: one EMR Spark Operator submits around
	// 20-30 SparkApplications a minute; the plan uses the upper figure.
	OperatorSubmissionsPerMinute = 30
	// PodsPerNamespace and ServicesPerCluster are Kubernetes' scalability
	// thresholds (one headless Service per Spark driver).
	PodsPerNamespace   = 3_000
	ServicesPerCluster = 10_000
)

const (
	srcEMRScale   = "aws.github.io/aws-emr-containers-best-practices scalability/docs/load-test-for-start-job-run-api"
	srcOperator   = "aws.github.io/aws-emr-containers-best-practices scalability/docs/known-factors-spark-operator (~30 jobs/min per operator)"
	srcThresholds = "kubernetes/community sig-scalability/configs-and-limits/thresholds.md"
	srcKarpenter  = "NodePool spec.limits.cpu: Karpenter launches no node past it"
	srcNodeGroup  = "managed node group maxSize: Cluster Autoscaler adds no node past it"
	srcPodSubnet  = "pod subnets: podCidr split in 4 (infra/network), VPC CNI prefix delegation"
)

func limits(in Input, p *Plan) []Limit {
	cfg := in.Stack
	var out []Limit
	add := func(name string, planned, limit float64, moves, source string) {
		l := Limit{Name: name, Planned: planned, Limit: limit, Moves: moves, Source: source}
		if limit > 0 {
			l.Ratio = planned / limit
		}
		l.Hit = l.Ratio > 1
		out = append(out, l)
	}
	for _, pool := range p.Pools {
		switch pool.Name {
		case driverPoolName:
			add("spark-driver NodePool limits.cpu (vCPUs)", float64(pool.VCPUs), float64(cfg.Karpenter.DriverCPULimit), keyDriverCPULimit, srcKarpenter)
		case executorPoolName:
			add("spark-executor NodePool limits.cpu (vCPUs)", float64(pool.VCPUs), float64(cfg.Karpenter.ExecutorCPULimit), keyExecutorCPULimit, srcKarpenter)
		case appPoolName:
			var most int64
			for _, n := range pool.NodesPerAZ {
				most = max(most, n)
			}
			add("application group size in the busiest AZ (nodes)", float64(most), float64(cfg.NodeGroups.AppMaxSize), keyAppMaxSize, srcNodeGroup)
		}
	}
	add(fmt.Sprintf("pod subnet addresses in the busiest AZ (/%d)", p.PodIPs.SubnetPrefixLen), float64(p.PodIPs.Max()), float64(p.PodIPs.PerAZCapacity),
		keyPodCIDR+" (or cniWarmPrefixTarget / cniWarmIpTarget)", srcPodSubnet)
	var nodes int64
	for _, pool := range p.Pools {
		nodes += pool.Nodes
	}
	add("concurrent pods per cluster (AWS guidance ~20,000)", float64(p.PeakPods+nodes*daemonSetPods), PodsPerClusterGuidance,
		"--rate / spark.executor.instances (or split the load over clusters)", srcEMRScale)
	namespaces := max(cfg.EMR.NamespaceCount, 1)
	add("job pods per namespace (Kubernetes threshold 3,000)", float64(p.PeakPods)/float64(namespaces), PodsPerNamespace, keyJobNamespaces, srcThresholds)
	add("driver Services per cluster (Kubernetes threshold 10,000)", float64(p.PeakConcurrent), ServicesPerCluster,
		"--rate or --expected-run-time (one Service per running driver)", srcThresholds)
	switch in.Target {
	case "operator":
		ops := 1
		if cfg.SparkOperator.Mode == sparkoperator.ModeMultiple {
			ops = namespaces
		}
		add(fmt.Sprintf("SparkApplication submissions/min (%d operator(s) x ~%d)", ops, OperatorSubmissionsPerMinute), p.PeakRatePerMin,
			float64(ops*OperatorSubmissionsPerMinute), keyOperatorMode+"=multiple and "+keyJobNamespaces, srcOperator)
	default:
		add("StartJobRun jobs/min per cluster (EMR on EKS ~150)", p.PeakRatePerMin, StartJobRunPerMinute,
			"--rate (or split the load over clusters)", srcEMRScale)
	}
	return out
}

// firstLimit is the hit limit with the highest ratio: every quantity grows
// with the load, so as the load rises it is the first one crossed.
func firstLimit(ls []Limit) *Limit {
	var hit []Limit
	for _, l := range ls {
		if l.Hit {
			hit = append(hit, l)
		}
	}
	if len(hit) == 0 {
		return nil
	}
	sort.SliceStable(hit, func(i, j int) bool { return hit[i].Ratio > hit[j].Ratio })
	return &hit[0]
}

// Closest is the limit with the highest ratio (hit or not).
func (p *Plan) Closest() Limit {
	var best Limit
	for _, l := range p.Limits {
		if l.Ratio > best.Ratio {
			best = l
		}
	}
	return best
}
