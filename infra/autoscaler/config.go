// Package autoscaler declares Cluster Autoscaler: its IRSA role (describe
// actions on *, scaling actions only on groups tagged for this cluster) and
// the Helm chart of the cluster's minor version, discovering node groups by
// the real cluster name. Only node groups carrying DiscoveryTags are
// managed.
package autoscaler

import (
	"errors"
	"fmt"
	"regexp"
	"sort"
	"time"

	"github.com/emr-eks-loadtest/emr-eks-loadtest/infra/placement"

	"github.com/emr-eks-loadtest/emr-eks-loadtest/infra/versions"
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

// Config is the preview-time configuration of Cluster Autoscaler.
type Config struct {
	Namespace              string
	ServiceAccount         string
	Replicas               int
	QPS, Burst             int
	ScaleDownUnneededTime  time.Duration
	ScaleDownDelayAfterAdd time.Duration
	UtilizationThreshold   string // 0..1 as a decimal string
	Expander               string
	KubernetesMinor        string
	// Placement puts Cluster Autoscaler on the operational nodes.
	Placement placement.Placement
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

// Validate reports every problem at once, each naming its key.
func (c Config) Validate() error {
	var errs []error
	add := func(f string, a ...any) { errs = append(errs, fmt.Errorf(f, a...)) }
	if c.Namespace == "" || c.ServiceAccount == "" {
		add("autoscaler.namespace / autoscaler.serviceAccount: want non-empty names")
	}
	if c.Replicas < 1 || c.Replicas > 3 {
		add("autoscaler.replicas %d: want 1..3 (leader election keeps one active)", c.Replicas)
	}
	if c.QPS < 1 || c.Burst < c.QPS {
		add("autoscaler.qps %d / autoscaler.burst %d: want qps >= 1 and burst >= qps", c.QPS, c.Burst)
	}
	if c.ScaleDownUnneededTime < time.Minute || c.ScaleDownDelayAfterAdd < 0 {
		add("autoscaler.scaleDownUnneededTime %s / scaleDownDelayAfterAdd %s: want >= 1m and >= 0", c.ScaleDownUnneededTime, c.ScaleDownDelayAfterAdd)
	}
	if !thresholdRE.MatchString(c.UtilizationThreshold) {
		add("autoscaler.utilizationThreshold %q: want a decimal in 0..1 such as %q", c.UtilizationThreshold, DefaultUtilizationThreshold)
	}
	if !contains(expanders, c.Expander) {
		add("autoscaler.expander %q: want one of %v", c.Expander, expanders)
	}
	if _, ok := versions.ClusterAutoscaler[c.KubernetesMinor]; !ok {
		add("kubernetes minor %q: no Cluster Autoscaler release pinned; pinned minors: %v", c.KubernetesMinor, pinnedMinors())
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
