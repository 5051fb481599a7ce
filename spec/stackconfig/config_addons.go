package stackconfig

import (
	"github.com/emr-eks-loadtest/emr-eks-loadtest/spec/addons"
)

// Keys named by the cross-component checks (config_fit.go) and the tests.
const (
	keyCoreDNSReplicas        = "corednsReplicas"
	keyPrefixDelegation       = "cniPrefixDelegation"
	keyWarmPrefixTarget       = "cniWarmPrefixTarget"
	keyWarmIPTarget           = "cniWarmIpTarget"
	keyMinimumIPTarget        = "cniMinimumIpTarget"
	keyGP3DefaultStorageClass = "gp3DefaultStorageClass"
	keyLoadBalancerController = "loadBalancerController"
	keyMetricsServer          = "metricsServer"
)

// scale: more CoreDNS replicas and warm IPs for thousands of pods.
func scaleAddons() addons.Config {
	c := addons.Defaults()
	c.CoreDNSReplicas, c.WarmIPTarget, c.MinimumIPTarget = 6, 5, 30
	return c
}

// The add-ons section is infra/addons' Config (fields, key tags, defaults,
// rules); dev is the component's defaults.
var addonsPresets = map[Preset]addons.Config{
	PresetDev:   addons.Defaults(),
	PresetScale: scaleAddons(),
}

var _ = registerComponent(addonsPresets, keyCoreDNSReplicas)
