// Package scheduler holds the configuration of the second kube-scheduler
// (by default "binpacking-scheduler") and the pure builder of what it
// runs: its KubeSchedulerConfiguration (SchedulerConfiguration), whose only
// profile scores nodes with NodeResourcesFit MostAllocated, so Spark pods
// that name it fill nodes before new ones are used; golden-tested and
// rehearsed on a real kube-scheduler. infra/scheduler creates the
// scheduler with Pulumi; nothing here imports Pulumi, so `loadgen` reads a
// stack's configuration without linking the Pulumi SDKs.
package scheduler

import (
	"errors"

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

// Config is the preview-time configuration of the second scheduler. The
// fields with a `key` tag are the stack's keys (stacks binds them by the
// tag); KubernetesMinor and Placement are set by the wiring (the cluster's
// version, the operational nodes).
type Config struct {
	// Enabled says whether the stack deploys the scheduler at all; the
	// component itself does not read it (New always declares it).
	Enabled bool `json:"enabled" key:"binpackingScheduler" help:"deploy the second, binpacking kube-scheduler"`
	// Name is the schedulerName pods use and the profile's name; also the
	// leader-election lease and every object's name.
	Name      string `json:"name" key:"schedulerName" help:"binpacking scheduler name (pods' schedulerName; loadgen --scheduler-name)"`
	Namespace string `json:"namespace"`
	Replicas  int    `json:"replicas" key:"schedulerReplicas" help:"binpacking scheduler replicas (leader-elected)"`
	// CPUWeight and MemoryWeight weigh the MostAllocated score (1..100).
	CPUWeight    int `json:"cpuWeight" key:"schedulerCpuWeight" help:"MostAllocated cpu weight (1..100)"`
	MemoryWeight int `json:"memoryWeight" key:"schedulerMemoryWeight" help:"MostAllocated memory weight (1..100)"`
	// QPS and Burst are rendered into clientConnection.
	QPS   int `json:"qps" key:"schedulerQps" help:"binpacking scheduler clientConnection.qps"`
	Burst int `json:"burst" key:"schedulerBurst" help:"binpacking scheduler clientConnection.burst"`
	// KubernetesMinor ("1.34") picks the kube-scheduler image.
	KubernetesMinor string `json:"kubernetesMinor"`
	CPURequest      string `json:"cpuRequest"`
	MemoryRequest   string `json:"memoryRequest"`
	// Placement puts the scheduler on the operational nodes (from the
	// node-group component).
	Placement placement.Placement `json:"placement"`
}

// Defaults returns the default configuration.
func Defaults() Config {
	return Config{
		Enabled: true, Name: DefaultName, Namespace: DefaultNamespace, Replicas: DefaultReplicas,
		CPUWeight: DefaultCPUWeight, MemoryWeight: DefaultMemoryWeight,
		QPS: DefaultQPS, Burst: DefaultBurst, KubernetesMinor: DefaultKubernetesMinor,
		CPURequest: DefaultCPURequest, MemoryRequest: DefaultMemoryRequest,
	}
}

// Validate reports every problem at once, each a *validate.FieldError
// naming its json field.
func (c Config) Validate() error {
	var errs []error
	if !validate.IsDNSLabel(c.Name, validate.DNSLabelMax) || c.Name == "default-scheduler" {
		errs = append(errs, validate.Errorf("name", "%q: want a DNS label other than default-scheduler (e.g. %q)", c.Name, DefaultName))
	}
	errs = append(errs, validate.DNSLabel("namespace", c.Namespace, validate.DNSLabelMax),
		validate.Quantity("cpuRequest", c.CPURequest), validate.Quantity("memoryRequest", c.MemoryRequest),
		validate.Range("replicas", c.Replicas, 1, 5),
		validate.Range("cpuWeight", c.CPUWeight, 1, 100), validate.Range("memoryWeight", c.MemoryWeight, 1, 100),
		validate.Range("qps", c.QPS, 1, 10000), validate.Range("burst", c.Burst, max(c.QPS, 1), 20000))
	if _, ok := versions.KubeScheduler[c.KubernetesMinor]; !ok {
		errs = append(errs, validate.Errorf("kubernetesMinor", "%q: no kube-scheduler image pinned; pinned minors: %v", c.KubernetesMinor, sortedKeys(versions.KubeScheduler)))
	}
	return errors.Join(errs...)
}

// Image is the kube-scheduler image matching the cluster's minor version.
func (c Config) Image() string {
	return versions.KubeSchedulerImageRepo + ":" + versions.KubeScheduler[c.KubernetesMinor]
}
