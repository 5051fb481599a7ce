package stacks

import (
	"errors"
	"regexp"
	"time"

	"github.com/emr-eks-loadtest/emr-eks-loadtest/infra/placement"

	"github.com/emr-eks-loadtest/emr-eks-loadtest/infra/autoscaler"
	"github.com/emr-eks-loadtest/emr-eks-loadtest/infra/karpenter"
	"github.com/emr-eks-loadtest/emr-eks-loadtest/infra/scheduler"
	"github.com/emr-eks-loadtest/emr-eks-loadtest/infra/versions"
)

// KarpenterConfig shapes Karpenter's controller and the spark-driver /
// spark-executor NodePools (used when autoscalingMode is karpenter or both).
type KarpenterConfig struct {
	Replicas         int
	AMIAlias         string
	InstanceFamilies []string
	InstanceSizes    []string
	MinGeneration    int
	Arch             []string
	DriverCPULimit   int
	ExecutorCPULimit int
	ExecutorSpot     bool
	ExecutorBudget   string
	RootVolumeGiB    int
}

const (
	keyKarpenterReplicas    = "karpenterReplicas"
	keyKarpenterAMIAlias    = "karpenterAmiAlias"
	keyKarpenterFamilies    = "karpenterInstanceFamilies"
	keyKarpenterSizes       = "karpenterInstanceSizes"
	keyKarpenterGeneration  = "karpenterMinGeneration"
	keyKarpenterArch        = "karpenterArch"
	keyKarpenterDriverCPU   = "karpenterDriverCpuLimit"
	keyKarpenterExecCPU     = "karpenterExecutorCpuLimit"
	keyKarpenterExecSpot    = "karpenterExecutorSpot"
	keyKarpenterExecBudget  = "karpenterExecutorBudget"
	keyKarpenterRootVolume  = "karpenterRootVolumeGiB"
	keyCASUnneededTime      = "casScaleDownUnneededTime"
	keyCASDelayAfterAdd     = "casScaleDownDelayAfterAdd"
	keyCASUtilization       = "casScaleDownUtilizationThreshold"
	keyCASQPS               = "casKubeClientQps"
	keyCASBurst             = "casKubeClientBurst"
	keySchedulerName        = "schedulerName"
	keySchedulerReplicas    = "schedulerReplicas"
	keySchedulerCPUWeight   = "schedulerCpuWeight"
	keySchedulerMemWeight   = "schedulerMemoryWeight"
	keySchedulerQPS         = "schedulerQps"
	keySchedulerBurst       = "schedulerBurst"
	keySchedulerEnabled     = "binpackingScheduler"
	scaleKarpenterExecLimit = 20000
)

func karpenterPreset(execLimit int, spot bool) KarpenterConfig {
	d := karpenter.Defaults(versions.KarpenterAMIAlias)
	return KarpenterConfig{
		Replicas: d.Replicas, AMIAlias: d.AMIAlias, InstanceFamilies: d.Executor.Families,
		InstanceSizes: d.Executor.Sizes, MinGeneration: d.Executor.MinGeneration, Arch: d.Executor.Arch,
		DriverCPULimit: d.Driver.CPULimit, ExecutorCPULimit: execLimit, ExecutorSpot: spot,
		ExecutorBudget: d.ExecutorBudget, RootVolumeGiB: d.RootVolumeGiB,
	}
}

var karpenterPresets = map[Preset]KarpenterConfig{
	PresetDev:   karpenterPreset(karpenter.DefaultExecCPULimit, false),
	PresetScale: karpenterPreset(scaleKarpenterExecLimit, false),
}

func (c *KarpenterConfig) setPreset(p Preset) { *c = pick(karpenterPresets, p) }

func (c *KarpenterConfig) bind(b *binder) {
	b.Int(keyKarpenterReplicas, "Karpenter controller replicas (1..3)", &c.Replicas)
	b.String(keyKarpenterAMIAlias, "EC2NodeClass AMI alias, pinned (al2023@vYYYYMMDD)", &c.AMIAlias)
	b.Strings(keyKarpenterFamilies, "NodePool instance families (e.g. [\"m5\",\"m6i\"])", &c.InstanceFamilies)
	b.Strings(keyKarpenterSizes, "NodePool instance sizes (e.g. [\"xlarge\",\"2xlarge\"])", &c.InstanceSizes)
	b.Int(keyKarpenterGeneration, "NodePool instance generation must be greater than this", &c.MinGeneration)
	b.Strings(keyKarpenterArch, "NodePool architectures (amd64, arm64)", &c.Arch)
	b.Int(keyKarpenterDriverCPU, "spark-driver NodePool vCPU limit", &c.DriverCPULimit)
	b.Int(keyKarpenterExecCPU, "spark-executor NodePool vCPU limit", &c.ExecutorCPULimit)
	b.Bool(keyKarpenterExecSpot, "spark-executor NodePool may use spot capacity", &c.ExecutorSpot)
	b.String(keyKarpenterExecBudget, "spark-executor disruption budget (\"10%\" or a node count)", &c.ExecutorBudget)
	b.Int(keyKarpenterRootVolume, "Karpenter node root volume in GiB (encrypted gp3)", &c.RootVolumeGiB)
}

// Component returns the Karpenter component's config; zones restrict both
// pools when set, and the controller goes where selector/tolerations say.
func (c *KarpenterConfig) Component(zones []string, p placement.Placement) karpenter.Config {
	k := karpenter.Defaults(c.AMIAlias)
	k.Replicas, k.RootVolumeGiB, k.ExecutorSpot, k.ExecutorBudget = c.Replicas, c.RootVolumeGiB, c.ExecutorSpot, c.ExecutorBudget
	for _, p := range []*karpenter.PoolConfig{&k.Driver, &k.Executor} {
		p.Families, p.Sizes, p.MinGeneration, p.Arch, p.Zones = c.InstanceFamilies, c.InstanceSizes, c.MinGeneration, c.Arch, zones
	}
	k.Driver.CPULimit, k.Executor.CPULimit = c.DriverCPULimit, c.ExecutorCPULimit
	k.Placement = p.Clone()
	return k
}

// Validate checks the keys through the component's own rules.
func (c *KarpenterConfig) Validate() error {
	var errs []error
	errs = append(errs, checkRange(keyKarpenterReplicas, c.Replicas, 1, 3),
		checkNonEmpty(keyKarpenterFamilies, c.InstanceFamilies), checkNonEmpty(keyKarpenterSizes, c.InstanceSizes),
		checkRange(keyKarpenterGeneration, c.MinGeneration, 0, 20), checkNonEmpty(keyKarpenterArch, c.Arch),
		checkRange(keyKarpenterDriverCPU, c.DriverCPULimit, 1, 1_000_000), checkRange(keyKarpenterExecCPU, c.ExecutorCPULimit, 1, 1_000_000),
		checkRange(keyKarpenterRootVolume, c.RootVolumeGiB, 20, 16384))
	for _, a := range c.Arch {
		errs = append(errs, checkOneOf(keyKarpenterArch, a, "amd64", "arm64"))
	}
	if !amiAliasRE.MatchString(c.AMIAlias) {
		errs = append(errs, keyErr(keyKarpenterAMIAlias, "%q is not a pinned alias (e.g. %q; never @latest)", c.AMIAlias, versions.KarpenterAMIAlias))
	}
	if !budgetRE.MatchString(c.ExecutorBudget) {
		errs = append(errs, keyErr(keyKarpenterExecBudget, "%q is not a percentage (\"10%%\") or a node count (\"5\")", c.ExecutorBudget))
	}
	return errors.Join(errs...)
}

var (
	amiAliasRE = regexp.MustCompile(`^(al2023|bottlerocket)@v[0-9]+(\.[0-9]+)*$`)
	budgetRE   = regexp.MustCompile(`^((100|[0-9]{1,2})%|[0-9]+)$`)
)

// ClusterAutoscalerConfig shapes Cluster Autoscaler (autoscalingMode
// cluster-autoscaler or both).
type ClusterAutoscalerConfig struct {
	ScaleDownUnneededTime  string
	ScaleDownDelayAfterAdd string
	UtilizationThreshold   string
	QPS, Burst             int
}

var casPresets = map[Preset]ClusterAutoscalerConfig{
	PresetDev:   {"10m", "10m", autoscaler.DefaultUtilizationThreshold, autoscaler.DefaultQPS, autoscaler.DefaultBurst},
	PresetScale: {"10m", "10m", autoscaler.DefaultUtilizationThreshold, autoscaler.DefaultQPS, autoscaler.DefaultBurst},
}

func (c *ClusterAutoscalerConfig) setPreset(p Preset) { *c = pick(casPresets, p) }

func (c *ClusterAutoscalerConfig) bind(b *binder) {
	b.String(keyCASUnneededTime, "Cluster Autoscaler --scale-down-unneeded-time (Go duration, >= 1m)", &c.ScaleDownUnneededTime)
	b.String(keyCASDelayAfterAdd, "Cluster Autoscaler --scale-down-delay-after-add (Go duration)", &c.ScaleDownDelayAfterAdd)
	b.String(keyCASUtilization, "Cluster Autoscaler --scale-down-utilization-threshold (0..1)", &c.UtilizationThreshold)
	b.Int(keyCASQPS, "Cluster Autoscaler --kube-client-qps", &c.QPS)
	b.Int(keyCASBurst, "Cluster Autoscaler --kube-client-burst", &c.Burst)
}

// Component returns the autoscaler component's config for the cluster's
// Kubernetes version ("1.34").
func (c *ClusterAutoscalerConfig) Component(k8sVersion string, p placement.Placement) autoscaler.Config {
	a := autoscaler.Defaults()
	a.ScaleDownUnneededTime, _ = time.ParseDuration(c.ScaleDownUnneededTime)
	a.ScaleDownDelayAfterAdd, _ = time.ParseDuration(c.ScaleDownDelayAfterAdd)
	a.UtilizationThreshold, a.QPS, a.Burst, a.KubernetesMinor = c.UtilizationThreshold, c.QPS, c.Burst, k8sVersion
	a.Placement = p.Clone()
	return a
}

// Validate checks durations and limits.
func (c *ClusterAutoscalerConfig) Validate() error {
	var errs []error
	for _, kv := range [][2]string{{keyCASUnneededTime, c.ScaleDownUnneededTime}, {keyCASDelayAfterAdd, c.ScaleDownDelayAfterAdd}} {
		key, v := kv[0], kv[1]
		if d, err := time.ParseDuration(v); err != nil || d < 0 || (key == keyCASUnneededTime && d < time.Minute) {
			errs = append(errs, keyErr(key, "%q is not a duration such as \"10m\" (scale-down-unneeded-time at least 1m)", v))
		}
	}
	if !regexp.MustCompile(`^(0(\.[0-9]+)?|1(\.0+)?)$`).MatchString(c.UtilizationThreshold) {
		errs = append(errs, keyErr(keyCASUtilization, "%q is not a decimal in 0..1 such as \"0.5\"", c.UtilizationThreshold))
	}
	errs = append(errs, checkRange(keyCASQPS, c.QPS, 1, 10000), checkRange(keyCASBurst, c.Burst, c.QPS, 20000))
	return errors.Join(errs...)
}

// SchedulerConfig shapes the second (binpacking) kube-scheduler.
type SchedulerConfig struct {
	Enabled                 bool
	Name                    string
	Replicas                int
	CPUWeight, MemoryWeight int
	QPS, Burst              int
}

var schedulerPresets = map[Preset]SchedulerConfig{
	PresetDev:   {true, scheduler.DefaultName, 1, 1, 1, scheduler.DefaultQPS, scheduler.DefaultBurst},
	PresetScale: {true, scheduler.DefaultName, scheduler.DefaultReplicas, 1, 1, scheduler.DefaultQPS, scheduler.DefaultBurst},
}

func (c *SchedulerConfig) setPreset(p Preset) { *c = pick(schedulerPresets, p) }

func (c *SchedulerConfig) bind(b *binder) {
	b.Bool(keySchedulerEnabled, "deploy the second, binpacking kube-scheduler", &c.Enabled)
	b.String(keySchedulerName, "binpacking scheduler name (pods' schedulerName; loadgen --scheduler-name)", &c.Name)
	b.Int(keySchedulerReplicas, "binpacking scheduler replicas (leader-elected)", &c.Replicas)
	b.Int(keySchedulerCPUWeight, "MostAllocated cpu weight (1..100)", &c.CPUWeight)
	b.Int(keySchedulerMemWeight, "MostAllocated memory weight (1..100)", &c.MemoryWeight)
	b.Int(keySchedulerQPS, "binpacking scheduler clientConnection.qps", &c.QPS)
	b.Int(keySchedulerBurst, "binpacking scheduler clientConnection.burst", &c.Burst)
}

// Component returns the scheduler component's config.
func (c *SchedulerConfig) Component(k8sVersion string, p placement.Placement) scheduler.Config {
	s := scheduler.Defaults()
	s.Name, s.Replicas, s.CPUWeight, s.MemoryWeight, s.QPS, s.Burst = c.Name, c.Replicas, c.CPUWeight, c.MemoryWeight, c.QPS, c.Burst
	s.KubernetesMinor, s.Placement = k8sVersion, p.Clone()
	return s
}

// Validate checks the keys.
func (c *SchedulerConfig) Validate() error {
	errs := []error{checkDNSLabel(keySchedulerName, c.Name, 63), checkRange(keySchedulerReplicas, c.Replicas, 1, 5),
		checkRange(keySchedulerCPUWeight, c.CPUWeight, 1, 100), checkRange(keySchedulerMemWeight, c.MemoryWeight, 1, 100),
		checkRange(keySchedulerQPS, c.QPS, 1, 10000), checkRange(keySchedulerBurst, c.Burst, c.QPS, 20000)}
	if c.Name == "default-scheduler" {
		errs = append(errs, keyErr(keySchedulerName, "must differ from default-scheduler (e.g. %q)", scheduler.DefaultName))
	}
	return errors.Join(errs...)
}

// scalingChecks: the Cluster Autoscaler and scheduler images are pinned per
// Kubernetes minor, so the cluster's version must be one of those.
func (cfg *Config) scalingChecks() []error {
	var errs []error
	v := cfg.Cluster.KubernetesVersion
	if _, ok := versions.ClusterAutoscaler[v]; cfg.Autoscaling.ClusterAutoscaler() && !ok {
		errs = append(errs, keyErr(keyKubernetesVersion, "%q has no pinned Cluster Autoscaler release (pinned: 1.33, 1.34)", v))
	}
	if _, ok := versions.KubeScheduler[v]; cfg.Scheduler.Enabled && !ok {
		errs = append(errs, keyErr(keyKubernetesVersion, "%q has no pinned kube-scheduler image for the binpacking scheduler (pinned: 1.33, 1.34)", v))
	}
	return errs
}
