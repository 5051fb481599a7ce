package stackconfig

import "github.com/emr-eks-loadtest/emr-eks-loadtest/spec/monitoring"

// The monitoring section is infra/monitoring.Config; the scale preset
// ships the old toolkit's 100..300 remote-write shards. The Karpenter and
// load generator namespaces are set by the wiring (deployMonitoring).

// Keys the stack's tests name (each is a key tag of monitoring.Config).
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
)

func monitoringPreset(minShards, maxShards int) monitoring.Config {
	c := monitoring.DefaultConfig()
	c.RemoteWrite.MinShards, c.RemoteWrite.MaxShards = minShards, maxShards
	c.ExtraKeep = []string{}
	return c
}

var monitoringPresets = map[Preset]monitoring.Config{
	PresetDev:   monitoringPreset(monitoring.DefaultMinShards, monitoring.DefaultMaxShards),
	PresetScale: monitoringPreset(monitoring.ScaleMinShards, monitoring.ScaleMaxShards),
}

var _ = registerComponent(monitoringPresets, keyPromRetention)
