package stackconfig

import (
	"github.com/emr-eks-loadtest/emr-eks-loadtest/spec/cluster"
)

// Stack keys of the cluster section named elsewhere in the stack (the
// component's key tags are the source).
const (
	keyKubernetesVersion    = "kubernetesVersion"
	keyEndpointPublicAccess = "endpointPublicAccess"
	keyPublicAccessCIDRs    = "publicAccessCidrs"
	keyEndpointOpen         = "endpointOpenToInternet"
	keyClusterLogTypes      = "clusterLogTypes"
	keyClusterLogRetention  = "clusterLogRetentionDays"
	KeyAdminPrincipalARNs   = "adminPrincipalArns"
)

// The cluster section is infra/cluster's Config (fields, key tags,
// defaults, rules). The presets share the component's defaults: no preset
// opens the public endpoint to anyone until publicAccessCidrs is set.
var clusterPresets = map[Preset]cluster.Config{
	PresetDev:   cluster.Defaults(),
	PresetScale: cluster.Defaults(),
}

var _ = registerComponent(clusterPresets, keyKubernetesVersion)
