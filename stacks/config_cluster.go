package stacks

import (
	"errors"
	"regexp"
	"slices"

	"github.com/emr-eks-loadtest/emr-eks-loadtest/infra/cluster"
)

// ClusterConfig shapes the EKS control plane.
type ClusterConfig struct {
	// KubernetesVersion is "1.<minor>".
	KubernetesVersion string
	// EndpointPublicAccess opens the API endpoint to PublicAccessCIDRs;
	// the private endpoint is always on. Pulumi itself reaches the API
	// (the Kubernetes half of the stack), so with the public endpoint off
	// `pulumi up` must run from inside the VPC (docs/names-and-destroy.md).
	EndpointPublicAccess bool
	// PublicAccessCIDRs are required with a public endpoint: no preset
	// opens it to the internet. 0.0.0.0/0 needs EndpointOpenToInternet.
	PublicAccessCIDRs      []string
	EndpointOpenToInternet bool
	// LogTypes are the control-plane log types sent to CloudWatch Logs.
	LogTypes []string
	// LogRetentionDays is the retention of /aws/eks/<cluster>/cluster.
	LogRetentionDays int
	// AdminPrincipalARNs get an access entry with AmazonEKSClusterAdminPolicy
	// (the identity running `pulumi up` always gets one from EKS).
	AdminPrincipalARNs []string
}

const (
	keyKubernetesVersion    = "kubernetesVersion"
	keyEndpointPublicAccess = "endpointPublicAccess"
	keyPublicAccessCIDRs    = "publicAccessCidrs"
	keyClusterLogTypes      = "clusterLogTypes"
	keyEndpointOpen         = "endpointOpenToInternet"
	keyClusterLogRetention  = "clusterLogRetentionDays"
	keyAdminPrincipalARNs   = "adminPrincipalArns"
)

// ClusterLogTypes are the control-plane log types EKS offers.
var ClusterLogTypes = []string{"api", "audit", "authenticator", "controllerManager", "scheduler"}

var clusterPresets = map[Preset]ClusterConfig{
	PresetDev: {
		KubernetesVersion: "1.34", EndpointPublicAccess: true, PublicAccessCIDRs: []string{},
		LogTypes: []string{"api", "audit", "authenticator"}, LogRetentionDays: cluster.DefaultLogRetentionDays,
		AdminPrincipalARNs: []string{},
	},
	PresetScale: {
		KubernetesVersion: "1.34", EndpointPublicAccess: true, PublicAccessCIDRs: []string{},
		LogTypes: []string{"api", "audit", "authenticator"}, LogRetentionDays: cluster.DefaultLogRetentionDays,
		AdminPrincipalARNs: []string{},
	},
}

func (c *ClusterConfig) setPreset(p Preset) { *c = pick(clusterPresets, p) }

func (c *ClusterConfig) bind(b *binder) {
	b.String(keyKubernetesVersion, "EKS Kubernetes version (1.<minor>, 1.29 or later)", &c.KubernetesVersion)
	b.Bool(keyEndpointPublicAccess, "public API endpoint on (private endpoint is always on)", &c.EndpointPublicAccess)
	b.Strings(keyPublicAccessCIDRs, "CIDRs allowed to reach the public API endpoint; required while it is on (e.g. your address /32)", &c.PublicAccessCIDRs)
	b.Bool(keyEndpointOpen, "allow 0.0.0.0/0 in publicAccessCidrs (the API endpoint open to the internet, IAM-authenticated)", &c.EndpointOpenToInternet)
	b.Strings(keyClusterLogTypes, "control-plane log types: api, audit, authenticator, controllerManager, scheduler", &c.LogTypes)
	b.Int(keyClusterLogRetention, "retention of the control-plane log group /aws/eks/<cluster>/cluster (a CloudWatch value: 1, 3, 5, 7, 14, 30, ...)", &c.LogRetentionDays)
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
	errs = append(errs, c.checkEndpoint()...)
	errs = append(errs, checkUnique(keyClusterLogTypes, c.LogTypes))
	for _, t := range c.LogTypes {
		errs = append(errs, checkOneOf(keyClusterLogTypes, t, ClusterLogTypes...))
	}
	if !slices.Contains(cluster.LogRetentions, c.LogRetentionDays) {
		errs = append(errs, keyErr(keyClusterLogRetention, "%d is not a CloudWatch Logs retention (allowed: %v)", c.LogRetentionDays, cluster.LogRetentions))
	}
	errs = append(errs, checkUnique(keyAdminPrincipalARNs, c.AdminPrincipalARNs))
	for _, arn := range c.AdminPrincipalARNs {
		if !iamPrincipalRE.MatchString(arn) {
			errs = append(errs, keyErr(keyAdminPrincipalARNs, "%q is not an IAM role or user ARN", arn))
		}
	}
	return errors.Join(errs...)
}

// checkEndpoint: a public endpoint needs the CIDRs that may reach it, and
// the whole internet only when asked for by name; a private-only one takes
// no CIDRs (pulumi-eks rejects them).
func (c *ClusterConfig) checkEndpoint() []error {
	if !c.EndpointPublicAccess {
		if len(c.PublicAccessCIDRs) > 0 {
			return []error{keyErr(keyPublicAccessCIDRs, "set while %s is false: remove it (pulumi config rm %s), a private-only endpoint takes no CIDRs",
				keyEndpointPublicAccess, keyPublicAccessCIDRs)}
		}
		return nil
	}
	if len(c.PublicAccessCIDRs) == 0 {
		return []error{keyErr(keyPublicAccessCIDRs, "required while %s is true: the CIDRs that may reach the API endpoint, "+
			"e.g. your address: pulumi config set %s '[\"<ip>/32\"]' (curl https://checkip.amazonaws.com); "+
			"or set %s false and run pulumi from inside the VPC (docs/names-and-destroy.md)",
			keyEndpointPublicAccess, keyPublicAccessCIDRs, keyEndpointPublicAccess)}
	}
	var errs []error
	for _, cidr := range c.PublicAccessCIDRs {
		p, err := checkCIDR(keyPublicAccessCIDRs, cidr, 0, 32)
		errs = append(errs, err)
		if err == nil && p.Bits() == 0 && !c.EndpointOpenToInternet {
			errs = append(errs, keyErr(keyPublicAccessCIDRs, "%s opens the API endpoint to the whole internet: list narrower CIDRs, or set %s true to accept that",
				cidr, keyEndpointOpen))
		}
	}
	return errs
}

func atoi(s string) int {
	n := 0
	for _, r := range s {
		n = n*10 + int(r-'0')
	}
	return n
}
