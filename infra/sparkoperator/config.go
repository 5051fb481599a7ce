// Package sparkoperator declares the EMR Spark Operator: its Helm chart from
// the regional EMR ECR registry (pinned), in `multiple` mode (one operator
// per job namespace, each watching only its own, at most one per node) or
// `single` mode (one operator watching every job namespace), and the Spark
// driver service accounts in each job namespace, bound to the EMR execution
// role through IRSA.
//
// The Kubernetes half (SparkServiceAccounts) needs only a Kubernetes
// provider, so it can be deployed on its own to any API server.
package sparkoperator

import (
	"errors"
	"fmt"
	"github.com/emr-eks-loadtest/emr-eks-loadtest/infra/placement"
	"regexp"

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
	CPURequest    string `json:"cpuRequest"`
	MemoryRequest string `json:"memoryRequest"`
	CPULimit      string `json:"cpuLimit"`
	MemoryLimit   string `json:"memoryLimit"`
}

// Toleration is the pod toleration every component shares (infra/placement).
type Toleration = placement.Toleration

// Config is the preview-time configuration of the Spark Operator.
type Config struct {
	// Mode is "multiple" (one operator per job namespace) or "single".
	Mode string `json:"mode"`
	// Namespace is where the single operator runs (single mode only; in
	// multiple mode each operator runs in the job namespace it watches).
	Namespace string `json:"namespace"`
	// ControllerThreads is the operator's worker count (controllerThreads).
	ControllerThreads int `json:"controllerThreads"`
	// Webhook enables the mutating webhook (needed for vertical autoscaling,
	// pod templates' volumes and tolerations via the operator).
	Webhook bool `json:"webhook"`
	// Resources of the operator pod.
	Resources Resources `json:"resources"`
	// NodeSelector and Tolerations place the operators on the operational nodes.
	NodeSelector map[string]string `json:"nodeSelector"`
	Tolerations  []Toleration      `json:"tolerations"`
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
		NodeSelector: map[string]string{"operational": "true"},
		Tolerations:  []Toleration{{Key: "dedicated", Operator: "Equal", Value: "operational", Effect: "NoSchedule"}},
	}
}

var (
	dnsLabel = regexp.MustCompile(`^[a-z0-9]([-a-z0-9]*[a-z0-9])?$`)
	quantity = regexp.MustCompile(`^[0-9]+(\.[0-9]+)?(m|Ki|Mi|Gi|Ti|k|M|G|T)?$`)
	effects  = map[string]bool{"": true, "NoSchedule": true, "PreferNoSchedule": true, "NoExecute": true}
)

// Validate reports every problem at once, naming each key as sparkOperator.<key>.
func (c Config) Validate() error {
	var errs []error
	bad := func(format string, a ...any) { errs = append(errs, fmt.Errorf(format, a...)) }
	if c.Mode != ModeSingle && c.Mode != ModeMultiple {
		bad("sparkOperator.mode: %q is not allowed; use %q or %q", c.Mode, ModeMultiple, ModeSingle)
	}
	if c.Mode == ModeSingle && (!dnsLabel.MatchString(c.Namespace) || len(c.Namespace) > 63) {
		bad("sparkOperator.namespace: %q must be a DNS label (lowercase letters, digits, '-')", c.Namespace)
	}
	if c.ControllerThreads < 1 || c.ControllerThreads > MaxControllerThreads {
		bad("sparkOperator.controllerThreads: %d is out of range; use 1..%d", c.ControllerThreads, MaxControllerThreads)
	}
	for key, q := range map[string]string{"cpuRequest": c.Resources.CPURequest, "memoryRequest": c.Resources.MemoryRequest,
		"cpuLimit": c.Resources.CPULimit, "memoryLimit": c.Resources.MemoryLimit} {
		if !quantity.MatchString(q) {
			bad("sparkOperator.resources.%s: %q is not a Kubernetes quantity such as 500m or 2Gi", key, q)
		}
	}
	for i, t := range c.Tolerations {
		if !effects[t.Effect] || (t.Operator != "" && t.Operator != "Equal" && t.Operator != "Exists") {
			bad("sparkOperator.tolerations[%d]: effect %q / operator %q; use NoSchedule|PreferNoSchedule|NoExecute and Equal|Exists", i, t.Effect, t.Operator)
		}
	}
	if !dnsLabel.MatchString(c.SparkServiceAccount) {
		bad("sparkOperator.sparkServiceAccount: %q must be a DNS label", c.SparkServiceAccount)
	}
	if c.ChartPath == "" && c.ChartVersion == "" {
		bad("sparkOperator.chartVersion: empty; pin a version such as %q", versions.EMRSparkOperatorChartVersion)
	}
	return errors.Join(errs...)
}
