package stacks

import "errors"

// AddonsConfig tunes the cluster add-ons.
type AddonsConfig struct {
	// CoreDNSReplicas: raise it with the cluster; DNS is the first thing
	// thousands of Spark pods hit at start.
	CoreDNSReplicas int
	// PrefixDelegation gives each ENI /28 prefixes instead of single IPs
	// (many more pods per node, far fewer EC2 API calls).
	PrefixDelegation bool
	// WarmPrefixTarget, WarmIPTarget and MinimumIPTarget are the VPC CNI's
	// WARM_PREFIX_TARGET, WARM_IP_TARGET and MINIMUM_IP_TARGET; 0 leaves
	// a setting unset (the CNI's default).
	WarmPrefixTarget int
	WarmIPTarget     int
	MinimumIPTarget  int
	// GP3DefaultStorageClass makes the gp3 StorageClass the default one.
	GP3DefaultStorageClass bool
	// LoadBalancerController installs the AWS Load Balancer Controller.
	LoadBalancerController bool
	// MetricsServer installs metrics-server.
	MetricsServer bool
}

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

var addonsPresets = map[Preset]AddonsConfig{
	PresetDev: {
		CoreDNSReplicas: 2, PrefixDelegation: true, WarmPrefixTarget: 1,
		LoadBalancerController: true, MetricsServer: true,
	},
	PresetScale: {
		CoreDNSReplicas: 6, PrefixDelegation: true, WarmPrefixTarget: 1, WarmIPTarget: 5, MinimumIPTarget: 30,
		LoadBalancerController: true, MetricsServer: true,
	},
}

func (c *AddonsConfig) setPreset(p Preset) { *c = pick(addonsPresets, p) }

func (c *AddonsConfig) bind(b *binder) {
	b.Int(keyCoreDNSReplicas, "CoreDNS replicas (1..50)", &c.CoreDNSReplicas)
	b.Bool(keyPrefixDelegation, "VPC CNI prefix delegation (ENABLE_PREFIX_DELEGATION)", &c.PrefixDelegation)
	b.Int(keyWarmPrefixTarget, "VPC CNI WARM_PREFIX_TARGET, 0 = unset (0..16)", &c.WarmPrefixTarget)
	b.Int(keyWarmIPTarget, "VPC CNI WARM_IP_TARGET, 0 = unset (0..256)", &c.WarmIPTarget)
	b.Int(keyMinimumIPTarget, "VPC CNI MINIMUM_IP_TARGET, 0 = unset (0..256)", &c.MinimumIPTarget)
	b.Bool(keyGP3DefaultStorageClass, "make the gp3 StorageClass the cluster default", &c.GP3DefaultStorageClass)
	b.Bool(keyLoadBalancerController, "install the AWS Load Balancer Controller", &c.LoadBalancerController)
	b.Bool(keyMetricsServer, "install metrics-server", &c.MetricsServer)
}

// Validate checks the ranges and that prefix settings need prefix delegation.
func (c *AddonsConfig) Validate() error {
	errs := []error{
		checkRange(keyCoreDNSReplicas, c.CoreDNSReplicas, 1, 50),
		checkRange(keyWarmPrefixTarget, c.WarmPrefixTarget, 0, 16),
		checkRange(keyWarmIPTarget, c.WarmIPTarget, 0, 256),
		checkRange(keyMinimumIPTarget, c.MinimumIPTarget, 0, 256),
	}
	if !c.PrefixDelegation && c.WarmPrefixTarget > 0 {
		errs = append(errs, keyErr(keyWarmPrefixTarget, "needs cniPrefixDelegation=true (set it to 0 otherwise)"))
	}
	return errors.Join(errs...)
}
