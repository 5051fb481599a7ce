package stacks

// MonitoringConfig shapes the monitoring stack.
type MonitoringConfig struct {
	// ManagedGrafana creates an Amazon Managed Grafana workspace (needs IAM
	// Identity Center in the account; the old toolkit's USE_AMG).
	ManagedGrafana bool
}

const keyManagedGrafana = "createManagedGrafana"

var monitoringPresets = map[Preset]MonitoringConfig{
	PresetDev:   {ManagedGrafana: false},
	PresetScale: {ManagedGrafana: false},
}

func (c *MonitoringConfig) setPreset(p Preset) { *c = pick(monitoringPresets, p) }

func (c *MonitoringConfig) bind(b *binder) {
	b.Bool(keyManagedGrafana, "create an Amazon Managed Grafana workspace (needs IAM Identity Center)", &c.ManagedGrafana)
}

// Validate has nothing to check yet: a bool cannot be out of range.
func (c *MonitoringConfig) Validate() error { return nil }
