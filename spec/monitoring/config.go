// Package monitoring holds the monitoring component's configuration
// (Config, its defaults and Validate) and the pure builders of what it
// deploys: kube-prometheus-stack's Helm values, the remote-write keep-list
// derived from the dashboards, the Pod/ServiceMonitors and the IAM policies
// of the remote write and of Amazon Managed Grafana. infra/monitoring
// creates them with Pulumi; nothing here imports Pulumi, so `loadgen` reads
// a stack's configuration without linking the Pulumi SDKs.
package monitoring

import (
	"errors"
	"regexp"

	"github.com/emr-eks-loadtest/emr-eks-loadtest/internal/validate"
)

// Defaults of Config.
const (
	DefaultNamespace         = "monitoring"
	DefaultRetention         = "7d"
	DefaultStorageGiB        = 100
	DefaultStorageClass      = "gp3"
	DefaultScrapeInterval    = "30s"
	DefaultMinShards         = 1
	DefaultMaxShards         = 50
	DefaultCapacity          = 10000
	DefaultMaxSamplesPerSend = 2000
	DefaultKarpenterNS       = "kube-system"
	DefaultLoadgenNS         = "loadgen"
	// ScaleMinShards and ScaleMaxShards are the old toolkit's remote-write
	// shard range, used by the scale preset.
	ScaleMinShards = 100
	ScaleMaxShards = 300
	// MaxShards bounds the remote-write shards; MaxSamplesPerSend and
	// MaxCapacity bound the queue's batch and buffer.
	MaxShards         = 1000
	MaxSamplesPerSend = 100_000
	MaxCapacity       = 1_000_000
	// MinGrafanaPasswordLen is the shortest admin password accepted.
	MinGrafanaPasswordLen = 12
)

// RemoteWriteQueue is Prometheus' remote-write queue_config.
type RemoteWriteQueue struct {
	MinShards         int `json:"minShards" key:"remoteWriteMinShards" help:"AMP remote-write queue min shards"`
	MaxShards         int `json:"maxShards" key:"remoteWriteMaxShards" help:"AMP remote-write queue max shards"`
	Capacity          int `json:"capacity" key:"remoteWriteCapacity" help:"AMP remote-write queue capacity (samples per shard)"`
	MaxSamplesPerSend int `json:"maxSamplesPerSend" key:"remoteWriteMaxSamplesPerSend" help:"AMP remote-write max samples per send"`
}

// Config is the preview-time configuration of the monitoring component.
type Config struct {
	// Namespace holds Prometheus, Grafana and the dashboard ConfigMaps.
	Namespace string `json:"namespace"`
	// Retention is the in-cluster Prometheus retention ("7d", "24h").
	Retention string `json:"retention" key:"prometheusRetention" help:"in-cluster Prometheus retention (e.g. 7d)"`
	// StorageGiB is the size of Prometheus' volume on StorageClass.
	StorageGiB   int    `json:"storageGiB" key:"prometheusStorageGiB" help:"in-cluster Prometheus gp3 volume in GiB (>= 10)"`
	StorageClass string `json:"storageClass"`
	// ScrapeInterval is Prometheus' global scrape interval.
	ScrapeInterval string `json:"scrapeInterval" key:"prometheusScrapeInterval" help:"Prometheus scrape interval (e.g. 30s)"`
	// RemoteWrite tunes the queue that ships samples to AMP.
	RemoteWrite RemoteWriteQueue `json:"remoteWrite"`
	// Grafana installs the in-cluster Grafana of the chart with our dashboards.
	Grafana bool `json:"grafana" key:"inClusterGrafana" help:"install the in-cluster Grafana with the dashboards"`
	// GrafanaAdminPassword is the in-cluster Grafana's admin password,
	// required when Grafana is on (the stack reads it from a secret key;
	// the component hands it on only as a Pulumi secret).
	GrafanaAdminPassword string `json:"grafanaAdminPassword" key:"grafanaAdminPassword" help:"in-cluster Grafana admin password, required when inClusterGrafana (set with --secret)"`
	// ManagedGrafana declares an Amazon Managed Grafana workspace reading AMP.
	ManagedGrafana bool `json:"managedGrafana" key:"createManagedGrafana" help:"create an Amazon Managed Grafana workspace (needs IAM Identity Center)"`
	// ExtraKeep adds metric names to the remote-write keep-list (beyond
	// what the dashboards read).
	ExtraKeep []string `json:"extraKeep" key:"prometheusExtraKeep" help:"metric names remote-written beyond what the dashboards read"`
	// KarpenterNamespace and LoadgenNamespace are where those run.
	KarpenterNamespace string `json:"karpenterNamespace"`
	LoadgenNamespace   string `json:"loadgenNamespace"`
}

// DefaultConfig returns the dev-sized defaults.
func DefaultConfig() Config {
	return Config{
		Namespace: DefaultNamespace, Retention: DefaultRetention,
		StorageGiB: DefaultStorageGiB, StorageClass: DefaultStorageClass,
		ScrapeInterval: DefaultScrapeInterval,
		RemoteWrite: RemoteWriteQueue{
			MinShards: DefaultMinShards, MaxShards: DefaultMaxShards,
			Capacity: DefaultCapacity, MaxSamplesPerSend: DefaultMaxSamplesPerSend,
		},
		Grafana:            true,
		KarpenterNamespace: DefaultKarpenterNS,
		LoadgenNamespace:   DefaultLoadgenNS,
	}
}

var (
	duration  = regexp.MustCompile(`^[0-9]+(ms|s|m|h|d|w|y)$`)
	metricRef = regexp.MustCompile(`^[a-zA-Z_:][a-zA-Z0-9_:]*$`)
)

// Validate reports every problem at once, each a *validate.FieldError
// naming its field by json path.
func (c Config) Validate() error {
	errs := []error{
		validate.DNSLabel("namespace", c.Namespace, validate.DNSLabelMax),
		validate.DNSLabel("karpenterNamespace", c.KarpenterNamespace, validate.DNSLabelMax),
		validate.DNSLabel("loadgenNamespace", c.LoadgenNamespace, validate.DNSLabelMax),
	}
	for key, v := range map[string]string{"retention": c.Retention, "scrapeInterval": c.ScrapeInterval} {
		if !duration.MatchString(v) {
			errs = append(errs, validate.Errorf(key, "%q is not a Prometheus duration (e.g. 30s, 15m, 7d)", v))
		}
	}
	if c.StorageGiB < 10 {
		errs = append(errs, validate.Errorf("storageGiB", "%d, want at least 10", c.StorageGiB))
	}
	if c.StorageClass == "" {
		errs = append(errs, validate.Errorf("storageClass", "empty, want a StorageClass name such as %q", DefaultStorageClass))
	}
	errs = append(errs, validate.Nest("remoteWrite", c.RemoteWrite.validate()))
	switch {
	case c.Grafana && c.GrafanaAdminPassword == "":
		errs = append(errs, validate.Errorf("grafanaAdminPassword", "required when the in-cluster Grafana is on: pulumi config set --secret grafanaAdminPassword <password> (or set inClusterGrafana false)"))
	case c.GrafanaAdminPassword != "" && len(c.GrafanaAdminPassword) < MinGrafanaPasswordLen:
		errs = append(errs, validate.Errorf("grafanaAdminPassword", "shorter than %d characters", MinGrafanaPasswordLen))
	}
	for _, m := range c.ExtraKeep {
		if !metricRef.MatchString(m) {
			errs = append(errs, validate.Errorf("extraKeep", "%q is not a metric name", m))
		}
	}
	return errors.Join(errs...)
}

func (q RemoteWriteQueue) validate() error {
	return errors.Join(
		validate.Range("minShards", q.MinShards, 1, MaxShards),
		validate.Range("maxShards", q.MaxShards, max(q.MinShards, 1), MaxShards),
		validate.Range("maxSamplesPerSend", q.MaxSamplesPerSend, 1, MaxSamplesPerSend),
		validate.Range("capacity", q.Capacity, max(q.MaxSamplesPerSend, 1), MaxCapacity))
}
