package stackconfig

import (
	"github.com/emr-eks-loadtest/emr-eks-loadtest/spec/network"
)

// Stack keys of the network section named elsewhere in the stack (the
// component's key tags are the source).
const (
	keyVPCCIDR           = "vpcCidr"
	keyPodCIDR           = "podCidr"
	KeyAZCount           = "azCount"
	keyAvailabilityZones = "availabilityZones"
	keyNATGateways       = "natGateways"

	// NATSingle and NATPerAZ are the allowed natGateways values.
	NATSingle = network.NATSingle
	NATPerAZ  = network.NATPerAZ
)

func networkPreset(nat string) network.Config {
	c := network.Defaults()
	c.NATGateways = nat
	return c
}

// The network section is infra/network's Config: its fields, key tags,
// defaults and rules live in the component; these are the presets.
var networkPresets = map[Preset]network.Config{
	PresetDev:   networkPreset(NATSingle),
	PresetScale: networkPreset(NATPerAZ),
}

var _ = registerComponent(networkPresets, KeyAZCount)
