package network

import (
	"errors"
	"net/netip"
	"regexp"

	"github.com/emr-eks-loadtest/emr-eks-loadtest/internal/validate"
)

// NAT gateway layouts (Config.NATGateways).
const (
	// NATSingle is one NAT gateway, in the first AZ: cheap.
	NATSingle = "single"
	// NATPerAZ is one per AZ: no cross-AZ NAT traffic, survives an AZ outage.
	NATPerAZ = "perAz"
)

// Defaults of Config.
const (
	DefaultVPCCIDR     = "10.0.0.0/16"
	DefaultPodCIDR     = "100.64.0.0/16"
	DefaultAZCount     = 2
	DefaultNATGateways = NATSingle
	// MinAZs: EKS needs subnets in two AZs (MaxAZs: the layout's bound).
	MinAZs = 2
)

// Config shapes the VPC: its CIDR, the secondary CIDR the pods get their
// IPs from (VPC CNI custom networking), the AZs and the NAT layout. A
// field's key tag is the stack config key bound to it.
type Config struct {
	// VPCCIDR is the VPC's primary block; nodes, load balancers and NAT
	// gateways live in it.
	VPCCIDR string `json:"vpcCidr" key:"vpcCidr" help:"VPC primary CIDR (/16../20)"`
	// PodCIDR is the secondary block, split into one pod subnet per AZ.
	// 100.64.0.0/10 (carrier-grade NAT space) is the usual choice: it does
	// not collide with corporate networks.
	PodCIDR string `json:"podCidr" key:"podCidr" help:"secondary CIDR for pod subnets, VPC CNI custom networking (/16../20, RFC 1918 or 100.64.0.0/10)"`
	// AZCount is how many AZs to use when AvailabilityZones is empty (the
	// region's first available ones).
	AZCount int `json:"azCount" key:"azCount" help:"number of AZs when availabilityZones is empty (2..4)"`
	// AvailabilityZones, when set, names the AZs exactly.
	AvailabilityZones []string `json:"availabilityZones" key:"availabilityZones" help:"exact AZs to use (2..4, in the region); empty = the region's first azCount"`
	// NATGateways is NATSingle or NATPerAZ.
	NATGateways string `json:"natGateways" key:"natGateways" help:"NAT gateway layout: single or perAz"`
}

// Defaults returns the default configuration (2 AZs, one NAT gateway).
func Defaults() Config {
	return Config{
		VPCCIDR: DefaultVPCCIDR, PodCIDR: DefaultPodCIDR, AZCount: DefaultAZCount,
		AvailabilityZones: []string{}, NATGateways: DefaultNATGateways,
	}
}

// AZCountWanted is how many AZs the network spans.
func (c Config) AZCountWanted() int {
	if len(c.AvailabilityZones) > 0 {
		return len(c.AvailabilityZones)
	}
	return c.AZCount
}

// azNameRE matches AZ names like us-west-2a.
var azNameRE = regexp.MustCompile(`^[a-z]{2}(-[a-z]+)+-\d[a-z]$`)

const privateMsg = "%q is not private address space (allowed: 10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16, 100.64.0.0/10)"

// Validate reports every problem at once, each a *validate.FieldError
// naming its field: the CIDRs (private, not overlapping), the AZs and the
// NAT layout.
func (c Config) Validate() error {
	vpc, err1 := validate.CIDR("vpcCidr", c.VPCCIDR, 16, 20)
	pod, err2 := validate.CIDR("podCidr", c.PodCIDR, 16, 20)
	errs := []error{err1, err2, validate.OneOf("natGateways", c.NATGateways, NATSingle, NATPerAZ)}
	if err1 == nil && !isPrivate(vpc) {
		errs = append(errs, validate.Errorf("vpcCidr", privateMsg, c.VPCCIDR))
	}
	if err2 == nil && !isPrivate(pod) {
		errs = append(errs, validate.Errorf("podCidr", privateMsg, c.PodCIDR))
	}
	if err1 == nil && err2 == nil && vpc.Overlaps(pod) {
		errs = append(errs, validate.Errorf("podCidr", "%s overlaps vpcCidr %s", c.PodCIDR, c.VPCCIDR))
	}
	if len(c.AvailabilityZones) == 0 {
		errs = append(errs, validate.Range("azCount", c.AZCount, MinAZs, MaxAZs))
	} else {
		errs = append(errs, c.checkAZList()...)
	}
	return errors.Join(errs...)
}

func (c Config) checkAZList() []error {
	errs := []error{validate.Unique("availabilityZones", c.AvailabilityZones)}
	if n := len(c.AvailabilityZones); n < MinAZs || n > MaxAZs {
		errs = append(errs, validate.Errorf("availabilityZones", "%d AZs listed (allowed: %d..%d)", n, MinAZs, MaxAZs))
	}
	for _, az := range c.AvailabilityZones {
		if !azNameRE.MatchString(az) {
			errs = append(errs, validate.Errorf("availabilityZones", "%q is not an AZ name (e.g. us-west-2a)", az))
		}
	}
	return errs
}

var privateRanges = []netip.Prefix{
	netip.MustParsePrefix("10.0.0.0/8"),
	netip.MustParsePrefix("172.16.0.0/12"),
	netip.MustParsePrefix("192.168.0.0/16"),
	netip.MustParsePrefix("100.64.0.0/10"),
}

func isPrivate(p netip.Prefix) bool {
	for _, r := range privateRanges {
		if r.Bits() <= p.Bits() && r.Contains(p.Addr()) {
			return true
		}
	}
	return false
}
