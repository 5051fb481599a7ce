package stacks

import (
	"errors"

	"github.com/emr-eks-loadtest/emr-eks-loadtest/infra/nodegroups"
	"github.com/emr-eks-loadtest/emr-eks-loadtest/infra/placement"

	"github.com/emr-eks-loadtest/emr-eks-loadtest/infra/sparkoperator"
)

// SparkOperatorConfig shapes the EMR Spark Operator; defaults come from
// infra/sparkoperator.DefaultConfig.
type SparkOperatorConfig struct {
	// Mode is multiple (one operator per job namespace) or single.
	Mode string
	// Namespace is the single operator's namespace.
	Namespace         string
	ControllerThreads int
	Webhook           bool
	Resources         sparkoperator.Resources
}

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

func sparkOperatorPreset() SparkOperatorConfig {
	d := sparkoperator.DefaultConfig()
	return SparkOperatorConfig{Mode: d.Mode, Namespace: d.Namespace, ControllerThreads: d.ControllerThreads, Webhook: d.Webhook, Resources: d.Resources}
}

var sparkOperatorPresets = map[Preset]SparkOperatorConfig{
	PresetDev:   sparkOperatorPreset(),
	PresetScale: sparkOperatorPreset(),
}

func (c *SparkOperatorConfig) setPreset(p Preset) { *c = pick(sparkOperatorPresets, p) }

func (c *SparkOperatorConfig) bind(b *binder) {
	b.String(keySparkOperatorMode, "EMR Spark Operator mode: multiple (one per job namespace) or single", &c.Mode)
	b.String(keySparkOperatorNamespace, "namespace of the single operator (single mode)", &c.Namespace)
	b.Int(keySparkOperatorThreads, "operator controller threads (1..200)", &c.ControllerThreads)
	b.Bool(keySparkOperatorWebhook, "operator mutating webhook", &c.Webhook)
	b.String(keySparkOperatorCPUReq, "operator CPU request (Kubernetes quantity)", &c.Resources.CPURequest)
	b.String(keySparkOperatorMemReq, "operator memory request", &c.Resources.MemoryRequest)
	b.String(keySparkOperatorCPULim, "operator CPU limit", &c.Resources.CPULimit)
	b.String(keySparkOperatorMemLim, "operator memory limit", &c.Resources.MemoryLimit)
}

// sparkOperatorKeys maps infra/sparkoperator's Config fields to stack keys.
var sparkOperatorKeys = fieldKeys(sparkoperator.Config{})

// Validate applies the component's rules, naming the stack keys.
func (c *SparkOperatorConfig) Validate() error {
	err := c.Component(nodegroups.OperationalPlacement()).Validate()
	return errors.Join(keyedErrors(err, sparkOperatorKeys, keySparkOperatorMode)...)
}

// Component returns infra/sparkoperator's config, placed by p.
func (c *SparkOperatorConfig) Component(p placement.Placement) sparkoperator.Config {
	s := sparkoperator.DefaultConfig()
	s.Mode, s.Namespace, s.ControllerThreads, s.Webhook, s.Resources = c.Mode, c.Namespace, c.ControllerThreads, c.Webhook, c.Resources
	s.Placement = p.Clone()
	return s
}
