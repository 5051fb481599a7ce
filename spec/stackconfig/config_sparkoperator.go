package stackconfig

import (
	"github.com/emr-eks-loadtest/emr-eks-loadtest/spec/nodegroups"
	"github.com/emr-eks-loadtest/emr-eks-loadtest/spec/sparkoperator"
)

// The Spark Operator section is infra/sparkoperator.Config, the same in
// both presets; its placement is the operational node group's, set by the
// wiring (PlacedSparkOperator).

// Keys the stack's cross-component checks and tests name (each is a key
// tag of sparkoperator.Config).
const (
	keySparkOperatorMode      = "sparkOperatorMode"
	keySparkOperatorNamespace = "sparkOperatorNamespace"
	keySparkOperatorThreads   = "sparkOperatorControllerThreads"
	keySparkOperatorWebhook   = "sparkOperatorWebhook"
	keySparkOperatorCPUReq    = "sparkOperatorCpuRequest"
	keySparkOperatorMemReq    = "sparkOperatorMemoryRequest"
	keySparkOperatorCPULim    = "sparkOperatorCpuLimit"
	keySparkOperatorMemLim    = "sparkOperatorMemoryLimit"
)

var sparkOperatorPresets = map[Preset]sparkoperator.Config{
	PresetDev:   sparkoperator.DefaultConfig(),
	PresetScale: sparkoperator.DefaultConfig(),
}

var _ = registerComponent(sparkOperatorPresets, keySparkOperatorMode)

// PlacedSparkOperator is the Spark Operator's config placed on the
// operational nodes, as deployed.
func (cfg *Config) PlacedSparkOperator() sparkoperator.Config {
	c := cfg.SparkOperator
	c.Placement = nodegroups.OperationalPlacement()
	return c
}
