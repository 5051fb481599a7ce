// Package karpenter declares Karpenter for the Spark load test: the
// controller's IAM (IRSA), the node role and its EKS access entry, the SQS
// interruption queue fed by EventBridge, discovery tags, the Helm chart, and
// the EC2NodeClass plus the spark-driver and spark-executor NodePools.
//
// Every document (IAM policies, event patterns, Helm values, NodePools) is a
// pure function of Config, golden-tested; the Kubernetes objects are also
// rehearsed against the real CRDs on a real API server.
package karpenter

import (
	"errors"
	"fmt"
	"regexp"
	"slices"

	"github.com/emr-eks-loadtest/emr-eks-loadtest/infra/placement"
	"github.com/emr-eks-loadtest/emr-eks-loadtest/internal/validate"
)

// Defaults of Config.
const (
	DefaultNamespace      = "kube-system"
	DefaultServiceAccount = "karpenter"
	DefaultReplicas       = 2
	DefaultControllerCPU  = "1"
	DefaultControllerMem  = "1Gi"
	DefaultRootVolumeGiB  = 100
	DefaultNodeClassName  = "spark"
	DefaultMinGeneration  = 4
	DefaultConsolidate    = "1m"
	// DefaultExecutorBudget caps voluntary disruption of executor nodes, so
	// consolidation never evicts more than a tenth of running executors.
	DefaultExecutorBudget = "10%"
	DefaultDriverCPULimit = 1000
	DefaultExecCPULimit   = 4000
)

// Config is the preview-time configuration of Karpenter.
type Config struct {
	Namespace      string
	ServiceAccount string
	Replicas       int
	ControllerCPU  string // request = limit, Kubernetes quantity
	ControllerMem  string
	AMIAlias       string // e.g. "al2023@v20251108"; never "@latest"
	RootVolumeGiB  int
	NodeClassName  string
	Driver         PoolConfig
	Executor       PoolConfig
	// ExecutorSpot lets the executor pool use spot capacity (with on-demand
	// as fallback); drivers are always on-demand.
	ExecutorSpot bool
	// ExecutorBudget is the executor pool's disruption budget ("10%" or "5").
	ExecutorBudget string
	// PrefixDelegation mirrors the VPC CNI's ENABLE_PREFIX_DELEGATION (the
	// addons config); it decides the node class's maxPods (MaxPods).
	PrefixDelegation bool
	// Placement puts the controller on the operational nodes.
	Placement placement.Placement
}

// PoolConfig are one NodePool's instance requirements and limit.
type PoolConfig struct {
	Families      []string // karpenter.k8s.aws/instance-family, e.g. m5, m6i
	Sizes         []string // karpenter.k8s.aws/instance-size, e.g. xlarge
	MinGeneration int      // instance-generation must be greater than this
	Zones         []string // empty: every zone of the discovered subnets
	Arch          []string // amd64, arm64
	CPULimit      int      // vCPUs across the pool's nodes
}

// Defaults returns the default configuration (m5/m6i xlarge..4xlarge).
func Defaults(amiAlias string) Config {
	pool := func(limit int) PoolConfig {
		return PoolConfig{
			Families: []string{"m5", "m6i", "m7i"}, Sizes: []string{"xlarge", "2xlarge", "4xlarge"},
			MinGeneration: DefaultMinGeneration, Arch: []string{"amd64"}, CPULimit: limit,
		}
	}
	return Config{
		Namespace: DefaultNamespace, ServiceAccount: DefaultServiceAccount, Replicas: DefaultReplicas,
		ControllerCPU: DefaultControllerCPU, ControllerMem: DefaultControllerMem, AMIAlias: amiAlias,
		RootVolumeGiB: DefaultRootVolumeGiB, NodeClassName: DefaultNodeClassName,
		Driver: pool(DefaultDriverCPULimit), Executor: pool(DefaultExecCPULimit),
		ExecutorBudget: DefaultExecutorBudget,
	}
}

var (
	aliasRE  = regexp.MustCompile(`^(al2023|bottlerocket)@v[0-9]+(\.[0-9]+)*$`)
	budgetRE = regexp.MustCompile(`^((100|[0-9]{1,2})%|[0-9]+)$`)
)

// Validate reports every problem at once, each naming its key.
func (c Config) Validate() error {
	var errs []error
	add := func(format string, a ...any) { errs = append(errs, fmt.Errorf(format, a...)) }
	if !validate.IsDNSLabel(c.Namespace, validate.DNSLabelMax) || !validate.IsDNSLabel(c.ServiceAccount, validate.DNSLabelMax) || !validate.IsDNSLabel(c.NodeClassName, validate.DNSLabelMax) {
		add("karpenter.namespace %q / serviceAccount %q / nodeClassName %q: want DNS labels", c.Namespace, c.ServiceAccount, c.NodeClassName)
	}
	if c.Replicas < 1 || c.Replicas > 3 {
		add("karpenter.replicas %d: want 1..3 (one leader, the rest standby)", c.Replicas)
	}
	if !aliasRE.MatchString(c.AMIAlias) {
		add("karpenter.amiAlias %q: want a pinned alias like \"al2023@v20251108\" (not @latest)", c.AMIAlias)
	}
	if c.RootVolumeGiB < 20 || c.RootVolumeGiB > 16384 {
		add("karpenter.rootVolumeGiB %d: want 20..16384", c.RootVolumeGiB)
	}
	if !budgetRE.MatchString(c.ExecutorBudget) {
		add("karpenter.executorBudget %q: want a percentage (\"10%%\") or a node count (\"5\")", c.ExecutorBudget)
	}
	errs = append(errs, c.Driver.validate("karpenter.driver")...)
	errs = append(errs, c.Executor.validate("karpenter.executor")...)
	return errors.Join(errs...)
}

func (p PoolConfig) validate(key string) []error {
	var errs []error
	if len(p.Families) == 0 || len(p.Sizes) == 0 {
		errs = append(errs, fmt.Errorf("%s.families / %s.sizes: want at least one each (e.g. [m5] and [xlarge])", key, key))
	}
	if p.MinGeneration < 0 {
		errs = append(errs, fmt.Errorf("%s.minGeneration %d: want >= 0", key, p.MinGeneration))
	}
	for _, a := range p.Arch {
		if !slices.Contains([]string{"amd64", "arm64"}, a) {
			errs = append(errs, fmt.Errorf("%s.arch %q: want amd64 or arm64", key, a))
		}
	}
	if len(p.Arch) == 0 {
		errs = append(errs, fmt.Errorf("%s.arch: want at least one of amd64, arm64", key))
	}
	if p.CPULimit < 1 {
		errs = append(errs, fmt.Errorf("%s.cpuLimit %d: want a positive number of vCPUs", key, p.CPULimit))
	}
	return errs
}
