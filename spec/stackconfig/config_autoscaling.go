package stackconfig

// AutoscalingConfig picks who adds nodes for Spark pods.
type AutoscalingConfig struct {
	// Mode is karpenter (NodePools), cluster-autoscaler (the per-AZ
	// application groups) or both.
	Mode string
}

const (
	keyAutoscalingMode = "autoscalingMode"

	AutoscalingKarpenter = "karpenter"
	AutoscalingCAS       = "cluster-autoscaler"
	AutoscalingBoth      = "both"
)

var autoscalingPresets = map[Preset]AutoscalingConfig{
	PresetDev:   {Mode: AutoscalingKarpenter},
	PresetScale: {Mode: AutoscalingBoth},
}

func (c *AutoscalingConfig) setPreset(p Preset) { *c = pick(autoscalingPresets, p) }

func (c *AutoscalingConfig) bind(b *binder) {
	b.String(keyAutoscalingMode, "node autoscaling: karpenter, cluster-autoscaler or both", &c.Mode)
}

// Validate checks the mode.
func (c *AutoscalingConfig) Validate() error {
	return checkOneOf(keyAutoscalingMode, c.Mode, AutoscalingKarpenter, AutoscalingCAS, AutoscalingBoth)
}

// Karpenter reports whether Karpenter is installed.
func (c *AutoscalingConfig) Karpenter() bool { return c.Mode != AutoscalingCAS }

// ClusterAutoscaler reports whether Cluster Autoscaler is installed.
func (c *AutoscalingConfig) ClusterAutoscaler() bool { return c.Mode != AutoscalingKarpenter }
