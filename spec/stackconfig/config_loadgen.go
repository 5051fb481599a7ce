package stackconfig

import (
	"github.com/emr-eks-loadtest/emr-eks-loadtest/spec/loadgenapp"
	"github.com/emr-eks-loadtest/emr-eks-loadtest/spec/nodegroups"
)

// The load generator section is infra/loadgenapp.Config (off in dev, on
// in scale); its placement is the operational node group's, set by the
// wiring (PlacedLoadgen).

// Keys the stack's cross-component checks and tests name (each is a key
// tag of loadgenapp.Config).
const (
	keyLoadgenApp      = "loadgenApp"
	keyLoadgenStart    = "loadgenStart"
	keyLoadgenWorkers  = "loadgenWorkers"
	keyLoadgenImage    = "loadgenImage"
	keyLoadgenTarget   = "loadgenTarget"
	keyLoadgenTemplate = "loadgenTemplate"
	keyLoadgenArgs     = "loadgenArgs"
)

func loadgenPreset(enabled bool) loadgenapp.Config {
	c := loadgenapp.DefaultConfig()
	c.Enabled, c.Args = enabled, []string{}
	return c
}

var loadgenPresets = map[Preset]loadgenapp.Config{
	PresetDev:   loadgenPreset(false),
	PresetScale: loadgenPreset(true),
}

var _ = registerComponent(loadgenPresets, keyLoadgenApp)

// PlacedLoadgen is the load generator's config placed on the operational
// nodes, as deployed.
func (cfg *Config) PlacedLoadgen() loadgenapp.Config {
	c := cfg.Loadgen
	c.Placement = nodegroups.OperationalPlacement()
	return c
}
