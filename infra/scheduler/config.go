// Package scheduler declares a second kube-scheduler (by default
// "binpacking-scheduler") whose only profile scores nodes with
// NodeResourcesFit MostAllocated, so Spark pods that name it fill nodes
// before new ones are used. Its KubeSchedulerConfiguration is a pure
// function of Config (SchedulerConfiguration), golden-tested and rehearsed
// on a real kube-scheduler.
package scheduler

import (
	"errors"
	"fmt"

	"github.com/emr-eks-loadtest/emr-eks-loadtest/infra/placement"
	"github.com/emr-eks-loadtest/emr-eks-loadtest/internal/validate"

	"github.com/emr-eks-loadtest/emr-eks-loadtest/infra/versions"
)

// Defaults of Config.
const (
	DefaultName         = "binpacking-scheduler"
	DefaultNamespace    = "kube-system"
	DefaultReplicas     = 2
	DefaultCPUWeight    = 1
	DefaultMemoryWeight = 1
	// DefaultQPS and DefaultBurst are the scheduler's client limits towards
	// the API server (kube-scheduler's own defaults are 50/100); a Spark
	// load test binds hundreds of pods a second.
	DefaultQPS             = 300
	DefaultBurst           = 400
	DefaultKubernetesMinor = "1.34"
	DefaultCPURequest      = "500m"
	DefaultMemoryRequest   = "512Mi"
)

// Config is the preview-time configuration of the second scheduler.
type Config struct {
	// Name is the schedulerName pods use and the profile's name; also the
	// leader-election lease and every object's name.
	Name      string
	Namespace string
	Replicas  int
	// CPUWeight and MemoryWeight weigh the MostAllocated score (1..100).
	CPUWeight    int
	MemoryWeight int
	// QPS and Burst are rendered into clientConnection.
	QPS   int
	Burst int
	// KubernetesMinor ("1.34") picks the kube-scheduler image.
	KubernetesMinor string
	CPURequest      string
	MemoryRequest   string
	// Placement puts the scheduler on the operational nodes (from the
	// node-group component).
	Placement placement.Placement
}

// Defaults returns the default configuration.
func Defaults() Config {
	return Config{
		Name: DefaultName, Namespace: DefaultNamespace, Replicas: DefaultReplicas,
		CPUWeight: DefaultCPUWeight, MemoryWeight: DefaultMemoryWeight,
		QPS: DefaultQPS, Burst: DefaultBurst, KubernetesMinor: DefaultKubernetesMinor,
		CPURequest: DefaultCPURequest, MemoryRequest: DefaultMemoryRequest,
	}
}

// Validate reports every problem at once, each naming its key.
func (c Config) Validate() error {
	var errs []error
	if !validate.IsDNSLabel(c.Name, validate.DNSLabelMax) || c.Name == "default-scheduler" {
		errs = append(errs, fmt.Errorf("scheduler.name %q: want a DNS label other than default-scheduler (e.g. %q)", c.Name, DefaultName))
	}
	if !validate.IsDNSLabel(c.Namespace, validate.DNSLabelMax) {
		errs = append(errs, fmt.Errorf("scheduler.namespace %q: want a DNS label (e.g. %q)", c.Namespace, DefaultNamespace))
	}
	if c.Replicas < 1 || c.Replicas > 5 {
		errs = append(errs, fmt.Errorf("scheduler.replicas %d: want 1..5 (leader election keeps one active)", c.Replicas))
	}
	for key, w := range map[string]int{"scheduler.cpuWeight": c.CPUWeight, "scheduler.memoryWeight": c.MemoryWeight} {
		if w < 1 || w > 100 {
			errs = append(errs, fmt.Errorf("%s %d: want 1..100", key, w))
		}
	}
	if c.QPS < 1 || c.Burst < c.QPS {
		errs = append(errs, fmt.Errorf("scheduler.qps %d / scheduler.burst %d: want qps >= 1 and burst >= qps", c.QPS, c.Burst))
	}
	if _, ok := versions.KubeScheduler[c.KubernetesMinor]; !ok {
		errs = append(errs, fmt.Errorf("kubernetes minor %q: no kube-scheduler image pinned; pinned minors: %v", c.KubernetesMinor, sortedKeys(versions.KubeScheduler)))
	}
	return errors.Join(errs...)
}

// Image is the kube-scheduler image matching the cluster's minor version.
func (c Config) Image() string {
	return versions.KubeSchedulerImageRepo + ":" + versions.KubeScheduler[c.KubernetesMinor]
}
