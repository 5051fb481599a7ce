package stacks

import (
	"errors"
	"regexp"
)

// ClusterConfig shapes the EKS control plane.
type ClusterConfig struct {
	// KubernetesVersion is "1.<minor>".
	KubernetesVersion string
	// EndpointPublicAccess opens the API endpoint to PublicAccessCIDRs;
	// the private endpoint is always on.
	EndpointPublicAccess bool
	PublicAccessCIDRs    []string
	// LogTypes are the control-plane log types sent to CloudWatch Logs.
	LogTypes []string
	// AdminPrincipalARNs get an access entry with AmazonEKSClusterAdminPolicy
	// (the identity running `pulumi up` always gets one from EKS).
	AdminPrincipalARNs []string
}

const (
	keyKubernetesVersion    = "kubernetesVersion"
	keyEndpointPublicAccess = "endpointPublicAccess"
	keyPublicAccessCIDRs    = "publicAccessCidrs"
	keyClusterLogTypes      = "clusterLogTypes"
	keyAdminPrincipalARNs   = "adminPrincipalArns"
)

// ClusterLogTypes are the control-plane log types EKS offers.
var ClusterLogTypes = []string{"api", "audit", "authenticator", "controllerManager", "scheduler"}

var clusterPresets = map[Preset]ClusterConfig{
	PresetDev: {
		KubernetesVersion: "1.34", EndpointPublicAccess: true, PublicAccessCIDRs: []string{"0.0.0.0/0"},
		LogTypes: []string{"api", "audit", "authenticator"}, AdminPrincipalARNs: []string{},
	},
	PresetScale: {
		KubernetesVersion: "1.34", EndpointPublicAccess: true, PublicAccessCIDRs: []string{"0.0.0.0/0"},
		LogTypes: []string{"api", "audit", "authenticator"}, AdminPrincipalARNs: []string{},
	},
}

func (c *ClusterConfig) setPreset(p Preset) { *c = pick(clusterPresets, p) }

func (c *ClusterConfig) bind(b *binder) {
	b.String(keyKubernetesVersion, "EKS Kubernetes version (1.<minor>, 1.29 or later)", &c.KubernetesVersion)
	b.Bool(keyEndpointPublicAccess, "public API endpoint on (private endpoint is always on)", &c.EndpointPublicAccess)
	b.Strings(keyPublicAccessCIDRs, "CIDRs allowed to reach the public API endpoint", &c.PublicAccessCIDRs)
	b.Strings(keyClusterLogTypes, "control-plane log types: api, audit, authenticator, controllerManager, scheduler", &c.LogTypes)
	b.Strings(keyAdminPrincipalARNs, "IAM role/user ARNs given cluster-admin access entries", &c.AdminPrincipalARNs)
}

var (
	k8sVersionRE   = regexp.MustCompile(`^1\.(\d+)$`)
	iamPrincipalRE = regexp.MustCompile(`^arn:aws[a-z-]*:iam::\d{12}:(role|user)/\S+$`)
)

// minKubernetesMinor is the oldest EKS version in standard or extended support.
const minKubernetesMinor = 29

// Validate checks the version, CIDRs, log types and principals.
func (c *ClusterConfig) Validate() error {
	var errs []error
	if m := k8sVersionRE.FindStringSubmatch(c.KubernetesVersion); m == nil || atoi(m[1]) < minKubernetesMinor {
		errs = append(errs, keyErr(keyKubernetesVersion, "%q is not an EKS version (allowed: 1.%d or later, e.g. 1.34)", c.KubernetesVersion, minKubernetesMinor))
	}
	if c.EndpointPublicAccess {
		errs = append(errs, checkNonEmpty(keyPublicAccessCIDRs, c.PublicAccessCIDRs))
	}
	for _, cidr := range c.PublicAccessCIDRs {
		_, err := checkCIDR(keyPublicAccessCIDRs, cidr, 0, 32)
		errs = append(errs, err)
	}
	errs = append(errs, checkUnique(keyClusterLogTypes, c.LogTypes))
	for _, t := range c.LogTypes {
		errs = append(errs, checkOneOf(keyClusterLogTypes, t, ClusterLogTypes...))
	}
	for _, arn := range c.AdminPrincipalARNs {
		if !iamPrincipalRE.MatchString(arn) {
			errs = append(errs, keyErr(keyAdminPrincipalARNs, "%q is not an IAM role or user ARN", arn))
		}
	}
	return errors.Join(errs...)
}

func atoi(s string) int {
	n := 0
	for _, r := range s {
		n = n*10 + int(r-'0')
	}
	return n
}
