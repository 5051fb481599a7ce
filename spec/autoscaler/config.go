// Package autoscaler holds Cluster Autoscaler's configuration and the pure
// builders of what it deploys: the IRSA role's policy (describe actions on
// *, scaling actions only on groups tagged for this cluster), the node
// groups' DiscoveryTags (only groups carrying them are managed) and the
// Helm values, discovering node groups by the real cluster name.
// infra/autoscaler creates them with Pulumi; nothing here imports Pulumi,
// so `loadgen` reads a stack's configuration without linking the Pulumi
// SDKs.
package autoscaler

import (
	"errors"
	"regexp"
	"sort"
	"time"

	"github.com/emr-eks-loadtest/emr-eks-loadtest/infra/placement"

	"github.com/emr-eks-loadtest/emr-eks-loadtest/infra/versions"
	"github.com/emr-eks-loadtest/emr-eks-loadtest/internal/validate"
)

// Defaults of Config. QPS/burst 300/400 are the old toolkit's measured
// settings: at the defaults CAS throttled itself scaling to hundreds of
// nodes.
const (
	DefaultNamespace              = "kube-system"
	DefaultServiceAccount         = "cluster-autoscaler"
	DefaultReplicas               = 1
	DefaultQPS                    = 300
	DefaultBurst                  = 400
	DefaultScaleDownUnneededTime  = 10 * time.Minute
	DefaultScaleDownDelayAfterAdd = 10 * time.Minute
	DefaultUtilizationThreshold   = "0.5"
	DefaultExpander               = "least-waste"
	DefaultKubernetesMinor        = "1.34"
)

// Config is the preview-time configuration of Cluster Autoscaler. The
// fields with a `key` tag are the stack's keys (stacks binds them by the
// tag); KubernetesMinor and Placement are set by the wiring (the cluster's
// version, the operational nodes).
type Config struct {
	Namespace              string        `json:"namespace"`
	ServiceAccount         string        `json:"serviceAccount"`
	Replicas               int           `json:"replicas"`
	ScaleDownUnneededTime  time.Duration `json:"scaleDownUnneededTime" key:"casScaleDownUnneededTime" help:"Cluster Autoscaler --scale-down-unneeded-time (Go duration, >= 1m)"`
	ScaleDownDelayAfterAdd time.Duration `json:"scaleDownDelayAfterAdd" key:"casScaleDownDelayAfterAdd" help:"Cluster Autoscaler --scale-down-delay-after-add (Go duration)"`
	// UtilizationThreshold is 0..1 as a decimal string (rendered as is).
	UtilizationThreshold string `json:"utilizationThreshold" key:"casScaleDownUtilizationThreshold" help:"Cluster Autoscaler --scale-down-utilization-threshold (0..1)"`
	QPS                  int    `json:"qps" key:"casKubeClientQps" help:"Cluster Autoscaler --kube-client-qps"`
	Burst                int    `json:"burst" key:"casKubeClientBurst" help:"Cluster Autoscaler --kube-client-burst"`
	Expander             string `json:"expander"`
	KubernetesMinor      string `json:"kubernetesMinor"`
	// Placement puts Cluster Autoscaler on the operational nodes.
	Placement placement.Placement `json:"placement"`
}

// Defaults returns the default configuration.
func Defaults() Config {
	return Config{
		Namespace: DefaultNamespace, ServiceAccount: DefaultServiceAccount, Replicas: DefaultReplicas,
		QPS: DefaultQPS, Burst: DefaultBurst, ScaleDownUnneededTime: DefaultScaleDownUnneededTime,
		ScaleDownDelayAfterAdd: DefaultScaleDownDelayAfterAdd, UtilizationThreshold: DefaultUtilizationThreshold,
		Expander: DefaultExpander, KubernetesMinor: DefaultKubernetesMinor,
	}
}

var (
	thresholdRE = regexp.MustCompile(`^(0(\.[0-9]+)?|1(\.0+)?)$`)
	expanders   = []string{"least-waste", "most-pods", "random", "priority", "price"}
)

// Validate reports every problem at once, each a *validate.FieldError
// naming its json field.
func (c Config) Validate() error {
	var errs []error
	for _, f := range [][2]string{{"namespace", c.Namespace}, {"serviceAccount", c.ServiceAccount}} {
		if f[1] == "" {
			errs = append(errs, validate.Errorf(f[0], "want a non-empty name"))
		}
	}
	errs = append(errs, validate.Range("replicas", c.Replicas, 1, 3),
		validate.Range("qps", c.QPS, 1, 10000), validate.Range("burst", c.Burst, max(c.QPS, 1), 20000),
		validate.Duration("scaleDownUnneededTime", c.ScaleDownUnneededTime, time.Minute, 0),
		validate.Duration("scaleDownDelayAfterAdd", c.ScaleDownDelayAfterAdd, 0, 0))
	if !thresholdRE.MatchString(c.UtilizationThreshold) {
		errs = append(errs, validate.Errorf("utilizationThreshold", "%q: want a decimal in 0..1 such as %q", c.UtilizationThreshold, DefaultUtilizationThreshold))
	}
	if !contains(expanders, c.Expander) {
		errs = append(errs, validate.Errorf("expander", "%q: want one of %v", c.Expander, expanders))
	}
	if _, ok := versions.ClusterAutoscaler[c.KubernetesMinor]; !ok {
		errs = append(errs, validate.Errorf("kubernetesMinor", "%q: no Cluster Autoscaler release pinned; pinned minors: %v", c.KubernetesMinor, pinnedMinors()))
	}
	return errors.Join(errs...)
}

func contains(list []string, v string) bool {
	for _, x := range list {
		if x == v {
			return true
		}
	}
	return false
}

func pinnedMinors() []string {
	out := []string{}
	for k := range versions.ClusterAutoscaler {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
