// Package cluster holds the EKS control plane's configuration (version,
// endpoint access, control-plane log types and retention, admin access
// entries), its defaults and Validate, and the control-plane log group's
// name. infra/cluster creates the cluster with Pulumi; nothing here
// imports Pulumi, so `loadgen` reads a stack's configuration without
// linking the Pulumi SDKs.
package cluster

import (
	"errors"
	"regexp"
	"slices"
	"strconv"

	"github.com/emr-eks-loadtest/emr-eks-loadtest/internal/validate"
)

// Defaults of Config.
const (
	DefaultKubernetesVersion = "1.34"
	// MinKubernetesMinor is the oldest EKS version in standard or extended support.
	MinKubernetesMinor = 29
)

// LogTypes are the control-plane log types EKS offers.
var LogTypes = []string{"api", "audit", "authenticator", "controllerManager", "scheduler"}

// DefaultLogTypes are the control-plane log types sent by default.
var DefaultLogTypes = []string{"api", "audit", "authenticator"}

// Config shapes the EKS control plane. A field's key tag is the stack
// config key bound to it.
type Config struct {
	// KubernetesVersion is "1.<minor>".
	KubernetesVersion string `json:"kubernetesVersion" key:"kubernetesVersion" help:"EKS Kubernetes version (1.<minor>, 1.29 or later)"`
	// EndpointPublicAccess opens the API endpoint to PublicAccessCIDRs; the
	// private endpoint is always on. Pulumi itself reaches the API (the
	// Kubernetes half of the stack), so with the public endpoint off
	// `pulumi up` must run from inside the VPC (docs/names-and-destroy.md).
	EndpointPublicAccess bool `json:"endpointPublicAccess" key:"endpointPublicAccess" help:"public API endpoint on (private endpoint is always on)"`
	// PublicAccessCIDRs are required with a public endpoint: no preset
	// opens it to the internet. 0.0.0.0/0 needs EndpointOpenToInternet.
	PublicAccessCIDRs      []string `json:"publicAccessCidrs" key:"publicAccessCidrs" help:"CIDRs allowed to reach the public API endpoint; required while it is on (e.g. your address /32)"`
	EndpointOpenToInternet bool     `json:"endpointOpenToInternet" key:"endpointOpenToInternet" help:"allow 0.0.0.0/0 in publicAccessCidrs (the API endpoint open to the internet, IAM-authenticated)"`
	// LogTypes are the control-plane log types sent to CloudWatch Logs.
	LogTypes []string `json:"logTypes" key:"clusterLogTypes" help:"control-plane log types: api, audit, authenticator, controllerManager, scheduler"`
	// LogRetentionDays is the retention of /aws/eks/<cluster>/cluster,
	// which the component creates before the cluster so that EKS does not
	// create it (unmanaged, kept forever).
	LogRetentionDays int `json:"logRetentionDays" key:"clusterLogRetentionDays" help:"retention of the control-plane log group /aws/eks/<cluster>/cluster (a CloudWatch value: 1, 3, 5, 7, 14, 30, ...)"`
	// AdminPrincipalARNs get AmazonEKSClusterAdminPolicy through access
	// entries; the identity that creates the cluster gets it from EKS.
	AdminPrincipalARNs []string `json:"adminPrincipalArns" key:"adminPrincipalArns" help:"IAM role/user ARNs given cluster-admin access entries"`
}

// Defaults returns the default configuration. It opens no endpoint to
// anyone: PublicAccessCIDRs must be set while EndpointPublicAccess is on.
func Defaults() Config {
	return Config{
		KubernetesVersion: DefaultKubernetesVersion, EndpointPublicAccess: true, PublicAccessCIDRs: []string{},
		LogTypes: slices.Clone(DefaultLogTypes), LogRetentionDays: DefaultLogRetentionDays, AdminPrincipalARNs: []string{},
	}
}

var (
	k8sVersionRE   = regexp.MustCompile(`^1\.(\d+)$`)
	iamPrincipalRE = regexp.MustCompile(`^arn:aws[a-z-]*:iam::\d{12}:(role|user)/\S+$`)
)

// Validate reports every problem at once, each a *validate.FieldError
// naming its field: the version, the endpoint's CIDRs, log types and
// retention, and the admin principals.
func (c Config) Validate() error {
	var errs []error
	if m := k8sVersionRE.FindStringSubmatch(c.KubernetesVersion); m == nil || atoi(m[1]) < MinKubernetesMinor {
		errs = append(errs, validate.Errorf("kubernetesVersion", "%q is not an EKS version (allowed: 1.%d or later, e.g. %s)",
			c.KubernetesVersion, MinKubernetesMinor, DefaultKubernetesVersion))
	}
	errs = append(errs, c.checkEndpoint()...)
	errs = append(errs, validate.Unique("logTypes", c.LogTypes))
	for _, t := range c.LogTypes {
		errs = append(errs, validate.OneOf("logTypes", t, LogTypes...))
	}
	if !slices.Contains(LogRetentions, c.LogRetentionDays) {
		errs = append(errs, validate.Errorf("logRetentionDays", "%d is not a CloudWatch Logs retention (allowed: %v)", c.LogRetentionDays, LogRetentions))
	}
	errs = append(errs, validate.Unique("adminPrincipalArns", c.AdminPrincipalARNs))
	for _, arn := range c.AdminPrincipalARNs {
		if !iamPrincipalRE.MatchString(arn) {
			errs = append(errs, validate.Errorf("adminPrincipalArns", "%q is not an IAM role or user ARN", arn))
		}
	}
	return errors.Join(errs...)
}

// checkEndpoint: a public endpoint needs the CIDRs that may reach it, and
// the whole internet only when asked for by name; a private-only one takes
// no CIDRs (pulumi-eks rejects them). Messages name the stack keys, the
// names a user sets them by.
func (c Config) checkEndpoint() []error {
	if !c.EndpointPublicAccess {
		if len(c.PublicAccessCIDRs) > 0 {
			return []error{validate.Errorf("publicAccessCidrs", "set while endpointPublicAccess is false: remove it (pulumi config rm publicAccessCidrs), a private-only endpoint takes no CIDRs")}
		}
		return nil
	}
	if len(c.PublicAccessCIDRs) == 0 {
		return []error{validate.Errorf("publicAccessCidrs", "required while endpointPublicAccess is true: the CIDRs that may reach the API endpoint, "+
			"e.g. your address: pulumi config set publicAccessCidrs '[\"<ip>/32\"]' (curl https://checkip.amazonaws.com); "+
			"or set endpointPublicAccess false and run pulumi from inside the VPC (docs/names-and-destroy.md)")}
	}
	var errs []error
	for _, cidr := range c.PublicAccessCIDRs {
		p, err := validate.CIDR("publicAccessCidrs", cidr, 0, 32)
		errs = append(errs, err)
		if err == nil && p.Bits() == 0 && !c.EndpointOpenToInternet {
			errs = append(errs, validate.Errorf("publicAccessCidrs", "%s opens the API endpoint to the whole internet: list narrower CIDRs, or set endpointOpenToInternet true to accept that", cidr))
		}
	}
	return errs
}

func atoi(s string) int {
	n, _ := strconv.Atoi(s)
	return n
}
