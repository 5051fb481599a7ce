package addons

import (
	"errors"

	"github.com/emr-eks-loadtest/emr-eks-loadtest/internal/validate"
)

// Defaults of Config (the dev preset's values).
const (
	DefaultCoreDNSReplicas  = 2
	DefaultWarmPrefixTarget = 1
	// MaxCoreDNSReplicas, MaxWarmPrefixTarget and MaxIPTarget bound the keys.
	MaxCoreDNSReplicas  = 50
	MaxWarmPrefixTarget = 16
	MaxIPTarget         = 256
)

// Config tunes the cluster add-ons (the three components of this package
// take it whole). A field's key tag is the stack config key bound to it.
type Config struct {
	// CoreDNSReplicas: raise it with the cluster; DNS is the first thing
	// thousands of Spark pods hit at start.
	CoreDNSReplicas int `json:"corednsReplicas" key:"corednsReplicas" help:"CoreDNS replicas (1..50)"`
	// PrefixDelegation gives each ENI /28 prefixes instead of single IPs
	// (many more pods per node, far fewer EC2 API calls).
	PrefixDelegation bool `json:"prefixDelegation" key:"cniPrefixDelegation" help:"VPC CNI prefix delegation (ENABLE_PREFIX_DELEGATION)"`
	// WarmPrefixTarget, WarmIPTarget and MinimumIPTarget are the VPC CNI's
	// WARM_PREFIX_TARGET, WARM_IP_TARGET and MINIMUM_IP_TARGET; 0 leaves a
	// setting unset (the CNI's default).
	WarmPrefixTarget int `json:"warmPrefixTarget" key:"cniWarmPrefixTarget" help:"VPC CNI WARM_PREFIX_TARGET, 0 = unset (0..16)"`
	WarmIPTarget     int `json:"warmIpTarget" key:"cniWarmIpTarget" help:"VPC CNI WARM_IP_TARGET, 0 = unset (0..256)"`
	MinimumIPTarget  int `json:"minimumIpTarget" key:"cniMinimumIpTarget" help:"VPC CNI MINIMUM_IP_TARGET, 0 = unset (0..256)"`
	// GP3DefaultStorageClass makes the gp3 StorageClass the default one.
	GP3DefaultStorageClass bool `json:"gp3DefaultStorageClass" key:"gp3DefaultStorageClass" help:"make the gp3 StorageClass the cluster default"`
	// LoadBalancerController installs the AWS Load Balancer Controller.
	LoadBalancerController bool `json:"loadBalancerController" key:"loadBalancerController" help:"install the AWS Load Balancer Controller"`
	// MetricsServer installs metrics-server.
	MetricsServer bool `json:"metricsServer" key:"metricsServer" help:"install metrics-server"`
}

// Defaults returns the default configuration: prefix delegation with one
// warm prefix, both optional controllers installed.
func Defaults() Config {
	return Config{
		CoreDNSReplicas: DefaultCoreDNSReplicas, PrefixDelegation: true, WarmPrefixTarget: DefaultWarmPrefixTarget,
		LoadBalancerController: true, MetricsServer: true,
	}
}

// Validate reports every problem at once, each a *validate.FieldError
// naming its field: the ranges, and that a warm prefix target needs
// prefix delegation.
func (c Config) Validate() error {
	errs := []error{
		validate.Range("corednsReplicas", c.CoreDNSReplicas, 1, MaxCoreDNSReplicas),
		validate.Range("warmPrefixTarget", c.WarmPrefixTarget, 0, MaxWarmPrefixTarget),
		validate.Range("warmIpTarget", c.WarmIPTarget, 0, MaxIPTarget),
		validate.Range("minimumIpTarget", c.MinimumIPTarget, 0, MaxIPTarget),
	}
	if !c.PrefixDelegation && c.WarmPrefixTarget > 0 {
		errs = append(errs, validate.Errorf("warmPrefixTarget", "needs cniPrefixDelegation=true (set it to 0 otherwise)"))
	}
	return errors.Join(errs...)
}

// CNISettings returns the VPC CNI settings of c, custom networking as given.
func (c Config) CNISettings(customNetworking bool) CNISettings {
	return CNISettings{
		PrefixDelegation: c.PrefixDelegation, WarmPrefixTarget: c.WarmPrefixTarget,
		WarmIPTarget: c.WarmIPTarget, MinimumIPTarget: c.MinimumIPTarget, CustomNetworking: customNetworking,
	}
}
