package stackconfig

import (
	"slices"

	"github.com/emr-eks-loadtest/emr-eks-loadtest/infra/versions"
	"github.com/emr-eks-loadtest/emr-eks-loadtest/spec/autoscaler"
	"github.com/emr-eks-loadtest/emr-eks-loadtest/spec/karpenter"
	"github.com/emr-eks-loadtest/emr-eks-loadtest/spec/nodegroups"
	"github.com/emr-eks-loadtest/emr-eks-loadtest/spec/scheduler"
)

// The scaling sections are infra/karpenter.Config (used when
// autoscalingMode is karpenter or both), infra/autoscaler.Config (Cluster
// Autoscaler: cluster-autoscaler or both) and infra/scheduler.Config (the
// binpacking kube-scheduler, binpackingScheduler). The zones, the
// Kubernetes minor and the operational placement are set by the wiring
// (PlacedKarpenter, PlacedAutoscaler, PlacedScheduler).

// Keys the stack's checks and tests name (each is a key tag of one of
// those Configs).
const (
	keyKarpenterReplicas   = "karpenterReplicas"
	keyKarpenterAMIAlias   = "karpenterAmiAlias"
	keyKarpenterFamilies   = "karpenterInstanceFamilies"
	keyKarpenterSizes      = "karpenterInstanceSizes"
	keyKarpenterGeneration = "karpenterMinGeneration"
	keyKarpenterArch       = "karpenterArch"
	keyKarpenterDriverCPU  = "karpenterDriverCpuLimit"
	keyKarpenterExecCPU    = "karpenterExecutorCpuLimit"
	keyKarpenterExecSpot   = "karpenterExecutorSpot"
	keyKarpenterExecBudget = "karpenterExecutorBudget"
	keyKarpenterRootVolume = "karpenterRootVolumeGiB"
	keyCASUnneededTime     = "casScaleDownUnneededTime"
	keyCASDelayAfterAdd    = "casScaleDownDelayAfterAdd"
	keyCASUtilization      = "casScaleDownUtilizationThreshold"
	keyCASQPS              = "casKubeClientQps"
	keyCASBurst            = "casKubeClientBurst"
	keySchedulerEnabled    = "binpackingScheduler"
	keySchedulerName       = "schedulerName"
	keySchedulerReplicas   = "schedulerReplicas"
	keySchedulerCPUWeight  = "schedulerCpuWeight"
	keySchedulerMemWeight  = "schedulerMemoryWeight"
	keySchedulerQPS        = "schedulerQps"
	keySchedulerBurst      = "schedulerBurst"
)

// scaleKarpenterExecLimit is the scale preset's spark-executor NodePool
// vCPU limit.
const scaleKarpenterExecLimit = 20000

func karpenterPreset(execLimit int) karpenter.Config {
	c := karpenter.Defaults(versions.KarpenterAMIAlias)
	c.ExecutorCPULimit = execLimit
	return c
}

var karpenterPresets = map[Preset]karpenter.Config{
	PresetDev:   karpenterPreset(karpenter.DefaultExecCPULimit),
	PresetScale: karpenterPreset(scaleKarpenterExecLimit),
}

var casPresets = map[Preset]autoscaler.Config{
	PresetDev:   autoscaler.Defaults(),
	PresetScale: autoscaler.Defaults(),
}

func schedulerPreset(replicas int) scheduler.Config {
	c := scheduler.Defaults()
	c.Replicas = replicas
	return c
}

var schedulerPresets = map[Preset]scheduler.Config{
	PresetDev:   schedulerPreset(1),
	PresetScale: schedulerPreset(scheduler.DefaultReplicas),
}

var (
	_ = registerComponent(karpenterPresets, keyKarpenterReplicas)
	_ = registerComponent(casPresets, keyCASUnneededTime)
	_ = registerComponent(schedulerPresets, keySchedulerName)
)

// PlacedKarpenter is Karpenter's config as deployed: both NodePools
// restricted to zones (empty: every zone of the discovered subnets), the
// node class's maxPods following the VPC CNI's prefix delegation, the
// controller on the operational nodes.
func (cfg *Config) PlacedKarpenter(zones []string) karpenter.Config {
	c := cfg.Karpenter
	c.Zones = slices.Clone(zones)
	c.PrefixDelegation = cfg.Addons.PrefixDelegation
	c.Placement = nodegroups.OperationalPlacement()
	return c
}

// PlacedAutoscaler is Cluster Autoscaler's config as deployed: the
// cluster's Kubernetes minor, on the operational nodes.
func (cfg *Config) PlacedAutoscaler() autoscaler.Config {
	c := cfg.CAS
	c.KubernetesMinor, c.Placement = cfg.Cluster.KubernetesVersion, nodegroups.OperationalPlacement()
	return c
}

// PlacedScheduler is the binpacking scheduler's config as deployed: the
// cluster's Kubernetes minor, on the operational nodes.
func (cfg *Config) PlacedScheduler() scheduler.Config {
	c := cfg.Scheduler
	c.KubernetesMinor, c.Placement = cfg.Cluster.KubernetesVersion, nodegroups.OperationalPlacement()
	return c
}

// scalingChecks: the Cluster Autoscaler and scheduler images are pinned per
// Kubernetes minor, so the cluster's version must be one of those.
func (cfg *Config) scalingChecks() []error {
	var errs []error
	v := cfg.Cluster.KubernetesVersion
	if _, ok := versions.ClusterAutoscaler[v]; cfg.Autoscaling.ClusterAutoscaler() && !ok {
		errs = append(errs, KeyError(keyKubernetesVersion, "%q has no pinned Cluster Autoscaler release (pinned: 1.33, 1.34)", v))
	}
	if _, ok := versions.KubeScheduler[v]; cfg.Scheduler.Enabled && !ok {
		errs = append(errs, KeyError(keyKubernetesVersion, "%q has no pinned kube-scheduler image for the binpacking scheduler (pinned: 1.33, 1.34)", v))
	}
	return errs
}
