// Package sparkoperator holds the configuration of the EMR Spark Operator
// component (Config, its defaults and Validate) and the pure builders of what
// it deploys: the planned Helm releases and their chart values, the operator
// pods' shape, the driver and operator RBAC rules, the webhook certificates
// and the driver service accounts for the execution role's trust.
// infra/sparkoperator creates them with Pulumi; nothing here imports Pulumi,
// so `loadgen` reads a stack's configuration without linking the Pulumi SDKs.
package sparkoperator

import (
	"errors"
	"fmt"

	"github.com/emr-eks-loadtest/emr-eks-loadtest/infra/placement"
	"github.com/emr-eks-loadtest/emr-eks-loadtest/internal/validate"

	"github.com/emr-eks-loadtest/emr-eks-loadtest/infra/versions"
)

// Operator modes.
const (
	ModeSingle   = "single"
	ModeMultiple = "multiple"
)

// Defaults of Config.
const (
	DefaultMode              = ModeMultiple
	DefaultNamespace         = "spark-operator"
	DefaultControllerThreads = 30 // the best-practices load tests; the chart's default is 10
	DefaultSparkSA           = "emr-containers-sa-spark"
	DefaultOperatorSA        = "emr-containers-sa-spark-operator"
	DefaultCPURequest        = "500m"
	DefaultMemoryRequest     = "512Mi"
	DefaultCPULimit          = "2"
	DefaultMemoryLimit       = "2Gi"
	MaxControllerThreads     = 200
)

// Resources are the operator container's requests and limits (Kubernetes quantities).
type Resources struct {
	CPURequest    string `json:"cpuRequest" key:"sparkOperatorCpuRequest" help:"operator CPU request (Kubernetes quantity)"`
	MemoryRequest string `json:"memoryRequest" key:"sparkOperatorMemoryRequest" help:"operator memory request"`
	CPULimit      string `json:"cpuLimit" key:"sparkOperatorCpuLimit" help:"operator CPU limit"`
	MemoryLimit   string `json:"memoryLimit" key:"sparkOperatorMemoryLimit" help:"operator memory limit"`
}

// Config is the preview-time configuration of the Spark Operator.
type Config struct {
	// Mode is "multiple" (one operator per job namespace) or "single".
	Mode string `json:"mode" key:"sparkOperatorMode" help:"EMR Spark Operator mode: multiple (one per job namespace) or single"`
	// Namespace is where the single operator runs (single mode only; in
	// multiple mode each operator runs in the job namespace it watches).
	Namespace string `json:"namespace" key:"sparkOperatorNamespace" help:"namespace of the single operator (single mode)"`
	// ControllerThreads is the operator's worker count (controllerThreads).
	ControllerThreads int `json:"controllerThreads" key:"sparkOperatorControllerThreads" help:"operator controller threads (1..200)"`
	// Webhook enables the mutating webhook (needed for vertical autoscaling,
	// pod templates' volumes and tolerations via the operator).
	Webhook bool `json:"webhook" key:"sparkOperatorWebhook" help:"operator mutating webhook"`
	// Resources of the operator pod.
	Resources Resources `json:"resources"`
	// Placement puts the operators on the operational nodes.
	Placement placement.Placement `json:"placement"`
	// SparkServiceAccount is the driver service account in each job namespace.
	SparkServiceAccount string `json:"sparkServiceAccount"`
	// ChartVersion pins the EMR chart (default versions.EMRSparkOperatorChartVersion).
	ChartVersion string `json:"chartVersion"`
	// ChartPath, if set, renders a local chart directory instead of the
	// regional registry (air-gapped installs and tests).
	ChartPath string `json:"chartPath"`
}

// DefaultConfig returns the defaults. Placement defaults to the operational
// node group's label and taint of the old toolkit.
func DefaultConfig() Config {
	return Config{
		Mode: DefaultMode, Namespace: DefaultNamespace, ControllerThreads: DefaultControllerThreads,
		Webhook: true, SparkServiceAccount: DefaultSparkSA, ChartVersion: versions.EMRSparkOperatorChartVersion,
		Resources: Resources{
			CPURequest: DefaultCPURequest, MemoryRequest: DefaultMemoryRequest,
			CPULimit: DefaultCPULimit, MemoryLimit: DefaultMemoryLimit,
		},
		Placement: placement.Placement{
			NodeSelector: map[string]string{"operational": "true"},
			Tolerations:  []placement.Toleration{{Key: "dedicated", Operator: "Equal", Value: "operational", Effect: "NoSchedule"}},
		},
	}
}

var effects = map[string]bool{"": true, "NoSchedule": true, "PreferNoSchedule": true, "NoExecute": true}

// Validate reports every problem at once, each a *validate.FieldError
// naming its field by json path.
func (c Config) Validate() error {
	errs := []error{
		validate.OneOf("mode", c.Mode, ModeMultiple, ModeSingle),
		// The namespace is used in single mode only, but checked always so a
		// stack that switches modes later meets no old mistake.
		validate.DNSLabel("namespace", c.Namespace, validate.DNSLabelMax),
		validate.Range("controllerThreads", c.ControllerThreads, 1, MaxControllerThreads),
		validate.Quantity("resources.cpuRequest", c.Resources.CPURequest),
		validate.Quantity("resources.memoryRequest", c.Resources.MemoryRequest),
		validate.Quantity("resources.cpuLimit", c.Resources.CPULimit),
		validate.Quantity("resources.memoryLimit", c.Resources.MemoryLimit),
		validate.DNSLabel("sparkServiceAccount", c.SparkServiceAccount, validate.DNSLabelMax),
	}
	for i, t := range c.Placement.Tolerations {
		if !effects[t.Effect] || (t.Operator != "" && t.Operator != "Equal" && t.Operator != "Exists") {
			errs = append(errs, validate.Errorf(fmt.Sprintf("placement.tolerations[%d]", i),
				"effect %q / operator %q; use NoSchedule|PreferNoSchedule|NoExecute and Equal|Exists", t.Effect, t.Operator))
		}
	}
	if c.ChartPath == "" && c.ChartVersion == "" {
		errs = append(errs, validate.Errorf("chartVersion", "empty; pin a version such as %q", versions.EMRSparkOperatorChartVersion))
	}
	return errors.Join(errs...)
}
