package stackconfig

import (
	"github.com/emr-eks-loadtest/emr-eks-loadtest/spec/nodegroups"
)

// Keys named by the cross-component checks (config_fit.go) and the tests.
const (
	keyOpsInstanceTypes = "opsInstanceTypes"
	keyOpsNodeCount     = "opsNodeCount"
	keyAppInstanceTypes = "appInstanceTypes"
	keyAppMinSize       = "appMinSize"
	keyAppDesiredSize   = "appDesiredSize"
	keyAppMaxSize       = "appMaxSize"
	keyCapacityType     = "capacityType"
	keyRootVolumeGiB    = "rootVolumeGiB"
)

// scale: an operational group of 2 m5.2xlarge and per-AZ application
// groups scaling to 350, on 100 GiB volumes.
func scaleNodeGroups() nodegroups.Config {
	c := nodegroups.Defaults()
	c.OpsInstanceTypes, c.OpsNodeCount, c.AppMaxSize, c.RootVolumeGiB = []string{"m5.2xlarge"}, 2, 350, 100
	return c
}

// The node-groups section is infra/nodegroups' Config (fields, key tags,
// defaults, rules); dev is the component's defaults.
var nodeGroupsPresets = map[Preset]nodegroups.Config{
	PresetDev:   nodegroups.Defaults(),
	PresetScale: scaleNodeGroups(),
}

var _ = registerComponent(nodeGroupsPresets, keyOpsNodeCount)
