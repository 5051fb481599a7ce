package stacks

import (
	"errors"

	"github.com/emr-eks-loadtest/emr-eks-loadtest/infra/monitoring"
)

// MonitoringConfig shapes AMP, the in-cluster Prometheus and Grafana and
// the optional Managed Grafana; defaults come from infra/monitoring.
type MonitoringConfig struct {
	// ManagedGrafana creates an Amazon Managed Grafana workspace (needs IAM
	// Identity Center in the account; the old toolkit's USE_AMG).
	ManagedGrafana bool
	// Grafana installs the chart's in-cluster Grafana with our dashboards.
	Grafana bool
	// GrafanaAdminPassword is required when Grafana is on. It is a config
	// key rather than generated: generating it would need the random
	// provider (or change on every run); set it with --secret.
	GrafanaAdminPassword string
	Retention            string
	StorageGiB           int
	ScrapeInterval       string
	RemoteWrite          monitoring.RemoteWriteQueue
	ExtraKeep            []string
}

const (
	keyManagedGrafana       = "createManagedGrafana"
	keyInClusterGrafana     = "inClusterGrafana"
	keyGrafanaAdminPassword = "grafanaAdminPassword"
	keyPromRetention        = "prometheusRetention"
	keyPromStorageGiB       = "prometheusStorageGiB"
	keyPromScrapeInterval   = "prometheusScrapeInterval"
	keyPromExtraKeep        = "prometheusExtraKeep"
	keyRWMinShards          = "remoteWriteMinShards"
	keyRWMaxShards          = "remoteWriteMaxShards"
	keyRWCapacity           = "remoteWriteCapacity"
	keyRWMaxSamples         = "remoteWriteMaxSamplesPerSend"

	minGrafanaPasswordLen = 12
	maxShards             = 1000
)

func monitoringPreset(minShards, maxShards int) MonitoringConfig {
	d := monitoring.DefaultConfig()
	q := d.RemoteWrite
	q.MinShards, q.MaxShards = minShards, maxShards
	return MonitoringConfig{
		ManagedGrafana: d.ManagedGrafana, Grafana: d.Grafana, Retention: d.Retention, StorageGiB: d.StorageGiB,
		ScrapeInterval: d.ScrapeInterval, RemoteWrite: q, ExtraKeep: []string{},
	}
}

// scale ships the old toolkit's 100..300 remote-write shards.
var monitoringPresets = map[Preset]MonitoringConfig{
	PresetDev:   monitoringPreset(monitoring.DefaultMinShards, monitoring.DefaultMaxShards),
	PresetScale: monitoringPreset(monitoring.ScaleMinShards, monitoring.ScaleMaxShards),
}

func (c *MonitoringConfig) setPreset(p Preset) { *c = pick(monitoringPresets, p) }

func (c *MonitoringConfig) bind(b *binder) {
	b.Bool(keyManagedGrafana, "create an Amazon Managed Grafana workspace (needs IAM Identity Center)", &c.ManagedGrafana)
	b.Bool(keyInClusterGrafana, "install the in-cluster Grafana with the dashboards", &c.Grafana)
	b.String(keyGrafanaAdminPassword, "in-cluster Grafana admin password, required when inClusterGrafana (set with --secret)", &c.GrafanaAdminPassword)
	b.String(keyPromRetention, "in-cluster Prometheus retention (e.g. 7d)", &c.Retention)
	b.Int(keyPromStorageGiB, "in-cluster Prometheus gp3 volume in GiB (>= 10)", &c.StorageGiB)
	b.String(keyPromScrapeInterval, "Prometheus scrape interval (e.g. 30s)", &c.ScrapeInterval)
	b.Strings(keyPromExtraKeep, "metric names remote-written beyond what the dashboards read", &c.ExtraKeep)
	b.Int(keyRWMinShards, "AMP remote-write queue min shards", &c.RemoteWrite.MinShards)
	b.Int(keyRWMaxShards, "AMP remote-write queue max shards", &c.RemoteWrite.MaxShards)
	b.Int(keyRWCapacity, "AMP remote-write queue capacity (samples per shard)", &c.RemoteWrite.Capacity)
	b.Int(keyRWMaxSamples, "AMP remote-write max samples per send", &c.RemoteWrite.MaxSamplesPerSend)
}

// monitoringKeys maps infra/monitoring's Config fields to stack keys.
var monitoringKeys = fieldKeys(monitoring.Config{})

// Validate checks the queue's ranges per key, the password, then the
// component's rules.
func (c *MonitoringConfig) Validate() error {
	q := c.RemoteWrite
	errs := []error{
		checkRange(keyRWMinShards, q.MinShards, 1, maxShards), checkRange(keyRWMaxShards, q.MaxShards, max(q.MinShards, 1), maxShards),
		checkRange(keyRWMaxSamples, q.MaxSamplesPerSend, 1, 100_000), checkRange(keyRWCapacity, q.Capacity, max(q.MaxSamplesPerSend, 1), 1_000_000),
	}
	switch {
	case c.Grafana && c.GrafanaAdminPassword == "":
		errs = append(errs, keyErr(keyGrafanaAdminPassword, "required when %s is true: pulumi config set --secret %s <password> (or set %s false)",
			keyInClusterGrafana, keyGrafanaAdminPassword, keyInClusterGrafana))
	case c.GrafanaAdminPassword != "" && len(c.GrafanaAdminPassword) < minGrafanaPasswordLen:
		errs = append(errs, keyErr(keyGrafanaAdminPassword, "shorter than %d characters", minGrafanaPasswordLen))
	}
	if q.MinShards >= 1 && q.MaxShards >= q.MinShards && q.MaxSamplesPerSend >= 1 && q.Capacity >= q.MaxSamplesPerSend {
		err := c.Component("", "").Validate()
		errs = append(errs, keyedErrors(err, monitoringKeys, keyPromRetention)...)
	}
	return errors.Join(errs...)
}

// Component returns infra/monitoring's config; the Karpenter and load
// generator namespaces come from those components ("" keeps the default).
func (c *MonitoringConfig) Component(karpenterNS, loadgenNS string) monitoring.Config {
	m := monitoring.DefaultConfig()
	m.ManagedGrafana, m.Grafana, m.Retention, m.StorageGiB = c.ManagedGrafana, c.Grafana, c.Retention, c.StorageGiB
	m.ScrapeInterval, m.RemoteWrite, m.ExtraKeep = c.ScrapeInterval, c.RemoteWrite, c.ExtraKeep
	if karpenterNS != "" {
		m.KarpenterNamespace = karpenterNS
	}
	if loadgenNS != "" {
		m.LoadgenNamespace = loadgenNS
	}
	return m
}
