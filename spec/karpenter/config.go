// Package karpenter holds Karpenter's configuration and the pure builders
// of what it deploys: the controller and interruption-queue IAM policy
// documents, the EventBridge event patterns, the Helm values, the
// EC2NodeClass and the spark-driver and spark-executor NodePools, each a
// pure function of Config, golden-tested. infra/karpenter creates them
// with Pulumi; nothing here imports Pulumi, so `loadgen` reads a stack's
// configuration without linking the Pulumi SDKs.
package karpenter

import (
	"errors"
	"regexp"

	"github.com/emr-eks-loadtest/emr-eks-loadtest/infra/placement"
	"github.com/emr-eks-loadtest/emr-eks-loadtest/infra/versions"
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

// Config is the preview-time configuration of Karpenter. The fields with a
// `key` tag are the stack's keys (stacks binds them by the tag); Zones,
// PrefixDelegation and Placement are set by the wiring (the network's
// zones, the VPC CNI's mode, the operational nodes). Both NodePools take
// the same instance requirements; each has its own vCPU limit.
type Config struct {
	Namespace      string `json:"namespace"`
	ServiceAccount string `json:"serviceAccount"`
	Replicas       int    `json:"replicas" key:"karpenterReplicas" help:"Karpenter controller replicas (1..3)"`
	ControllerCPU  string `json:"controllerCpu"` // request = limit, Kubernetes quantity
	ControllerMem  string `json:"controllerMemory"`
	// AMIAlias is e.g. "al2023@v20251108"; never "@latest".
	AMIAlias string `json:"amiAlias" key:"karpenterAmiAlias" help:"EC2NodeClass AMI alias, pinned (al2023@vYYYYMMDD)"`
	// InstanceFamilies (karpenter.k8s.aws/instance-family, e.g. m5, m6i),
	// InstanceSizes (instance-size, e.g. xlarge), MinGeneration
	// (instance-generation must be greater than it) and Arch (amd64, arm64)
	// are both pools' requirements.
	InstanceFamilies []string `json:"instanceFamilies" key:"karpenterInstanceFamilies" help:"NodePool instance families (e.g. [\"m5\",\"m6i\"])"`
	InstanceSizes    []string `json:"instanceSizes" key:"karpenterInstanceSizes" help:"NodePool instance sizes (e.g. [\"xlarge\",\"2xlarge\"])"`
	MinGeneration    int      `json:"minGeneration" key:"karpenterMinGeneration" help:"NodePool instance generation must be greater than this"`
	Arch             []string `json:"arch" key:"karpenterArch" help:"NodePool architectures (amd64, arm64)"`
	// DriverCPULimit and ExecutorCPULimit are each pool's vCPUs across its nodes.
	DriverCPULimit   int `json:"driverCpuLimit" key:"karpenterDriverCpuLimit" help:"spark-driver NodePool vCPU limit"`
	ExecutorCPULimit int `json:"executorCpuLimit" key:"karpenterExecutorCpuLimit" help:"spark-executor NodePool vCPU limit"`
	// ExecutorSpot lets the executor pool use spot capacity (with on-demand
	// as fallback); drivers are always on-demand.
	ExecutorSpot bool `json:"executorSpot" key:"karpenterExecutorSpot" help:"spark-executor NodePool may use spot capacity"`
	// ExecutorBudget is the executor pool's disruption budget ("10%" or "5").
	ExecutorBudget string `json:"executorBudget" key:"karpenterExecutorBudget" help:"spark-executor disruption budget (\"10%\" or a node count)"`
	RootVolumeGiB  int    `json:"rootVolumeGiB" key:"karpenterRootVolumeGiB" help:"Karpenter node root volume in GiB (encrypted gp3)"`
	NodeClassName  string `json:"nodeClassName"`
	// Zones restrict both pools; empty: every zone of the discovered subnets.
	Zones []string `json:"zones"`
	// PrefixDelegation mirrors the VPC CNI's ENABLE_PREFIX_DELEGATION (the
	// addons config); it decides the node class's maxPods (MaxPods).
	PrefixDelegation bool `json:"prefixDelegation"`
	// Placement puts the controller on the operational nodes.
	Placement placement.Placement `json:"placement"`
}

// PoolConfig are one NodePool's instance requirements and limit, derived
// from Config (Driver, Executor).
type PoolConfig struct {
	Families      []string // karpenter.k8s.aws/instance-family, e.g. m5, m6i
	Sizes         []string // karpenter.k8s.aws/instance-size, e.g. xlarge
	MinGeneration int      // instance-generation must be greater than this
	Zones         []string // empty: every zone of the discovered subnets
	Arch          []string // amd64, arm64
	CPULimit      int      // vCPUs across the pool's nodes
}

// Driver is the spark-driver pool's requirements and limit.
func (c Config) Driver() PoolConfig { return c.pool(c.DriverCPULimit) }

// Executor is the spark-executor pool's requirements and limit.
func (c Config) Executor() PoolConfig { return c.pool(c.ExecutorCPULimit) }

func (c Config) pool(limit int) PoolConfig {
	return PoolConfig{Families: c.InstanceFamilies, Sizes: c.InstanceSizes, MinGeneration: c.MinGeneration, Zones: c.Zones, Arch: c.Arch, CPULimit: limit}
}

// Defaults returns the default configuration (m5/m6i/m7i xlarge..4xlarge).
func Defaults(amiAlias string) Config {
	return Config{
		Namespace: DefaultNamespace, ServiceAccount: DefaultServiceAccount, Replicas: DefaultReplicas,
		ControllerCPU: DefaultControllerCPU, ControllerMem: DefaultControllerMem, AMIAlias: amiAlias,
		InstanceFamilies: []string{"m5", "m6i", "m7i"}, InstanceSizes: []string{"xlarge", "2xlarge", "4xlarge"},
		MinGeneration: DefaultMinGeneration, Arch: []string{"amd64"},
		DriverCPULimit: DefaultDriverCPULimit, ExecutorCPULimit: DefaultExecCPULimit,
		ExecutorBudget: DefaultExecutorBudget, RootVolumeGiB: DefaultRootVolumeGiB, NodeClassName: DefaultNodeClassName,
	}
}

var (
	aliasRE  = regexp.MustCompile(`^(al2023|bottlerocket)@v[0-9]+(\.[0-9]+)*$`)
	budgetRE = regexp.MustCompile(`^((100|[0-9]{1,2})%|[0-9]+)$`)
)

// Bounds of Config's numbers.
const (
	MaxReplicas      = 3
	MaxMinGeneration = 20
	MinRootVolumeGiB = 20
	MaxRootVolumeGiB = 16384
	MaxPoolCPULimit  = 1_000_000
)

// Validate reports every problem at once, each a *validate.FieldError
// naming its field by json path.
func (c Config) Validate() error {
	errs := []error{
		validate.DNSLabel("namespace", c.Namespace, validate.DNSLabelMax),
		validate.DNSLabel("serviceAccount", c.ServiceAccount, validate.DNSLabelMax),
		validate.DNSLabel("nodeClassName", c.NodeClassName, validate.DNSLabelMax),
		validate.Range("replicas", c.Replicas, 1, MaxReplicas),
		validate.Quantity("controllerCpu", c.ControllerCPU),
		validate.Quantity("controllerMemory", c.ControllerMem),
		validate.NonEmpty("instanceFamilies", c.InstanceFamilies), validate.NonEmpty("instanceSizes", c.InstanceSizes),
		validate.Range("minGeneration", c.MinGeneration, 0, MaxMinGeneration),
		validate.NonEmpty("arch", c.Arch),
		validate.Range("driverCpuLimit", c.DriverCPULimit, 1, MaxPoolCPULimit),
		validate.Range("executorCpuLimit", c.ExecutorCPULimit, 1, MaxPoolCPULimit),
		validate.Range("rootVolumeGiB", c.RootVolumeGiB, MinRootVolumeGiB, MaxRootVolumeGiB),
	}
	for _, a := range c.Arch {
		errs = append(errs, validate.OneOf("arch", a, "amd64", "arm64"))
	}
	if !aliasRE.MatchString(c.AMIAlias) {
		errs = append(errs, validate.Errorf("amiAlias", "%q is not a pinned alias (e.g. %q; never @latest)", c.AMIAlias, versions.KarpenterAMIAlias))
	}
	if !budgetRE.MatchString(c.ExecutorBudget) {
		errs = append(errs, validate.Errorf("executorBudget", "%q is not a percentage (\"10%%\") or a node count (\"5\")", c.ExecutorBudget))
	}
	return errors.Join(errs...)
}
