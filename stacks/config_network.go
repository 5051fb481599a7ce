package stacks

import (
	"errors"
	"net/netip"
	"regexp"
)

// NetworkConfig shapes the VPC: its CIDR, the secondary CIDR the pods get
// their IPs from (VPC CNI custom networking), the AZs and the NAT layout.
type NetworkConfig struct {
	// VPCCIDR is the VPC's primary block; nodes, load balancers and NAT
	// gateways live in it.
	VPCCIDR string
	// PodCIDR is the secondary block, split into one pod subnet per AZ.
	// 100.64.0.0/10 (carrier-grade NAT space) is the usual choice: it
	// does not collide with corporate networks.
	PodCIDR string
	// AZCount is how many AZs to use when AvailabilityZones is empty (the
	// region's first available ones).
	AZCount int
	// AvailabilityZones, when set, names the AZs exactly.
	AvailabilityZones []string
	// NATGateways is "single" (one, in the first AZ: cheap) or "perAz"
	// (one per AZ: no cross-AZ NAT traffic, survives an AZ outage).
	NATGateways string
}

const (
	keyVPCCIDR           = "vpcCidr"
	keyPodCIDR           = "podCidr"
	keyAZCount           = "azCount"
	keyAvailabilityZones = "availabilityZones"
	keyNATGateways       = "natGateways"

	// NATSingle and NATPerAZ are the allowed NATGateways values.
	NATSingle = "single"
	NATPerAZ  = "perAz"

	// minAZs: EKS needs subnets in two AZs; maxAZs: the subnet layout
	// (infra/network) carves each CIDR into 4 per-AZ blocks.
	minAZs = 2
	maxAZs = 4
)

var networkPresets = map[Preset]NetworkConfig{
	PresetDev: {
		VPCCIDR: "10.0.0.0/16", PodCIDR: "100.64.0.0/16",
		AZCount: 2, AvailabilityZones: []string{}, NATGateways: NATSingle,
	},
	PresetScale: {
		VPCCIDR: "10.0.0.0/16", PodCIDR: "100.64.0.0/16",
		AZCount: 2, AvailabilityZones: []string{}, NATGateways: NATPerAZ,
	},
}

func (c *NetworkConfig) setPreset(p Preset) { *c = pick(networkPresets, p) }

func (c *NetworkConfig) bind(b *binder) {
	b.String(keyVPCCIDR, "VPC primary CIDR (/16../20)", &c.VPCCIDR)
	b.String(keyPodCIDR, "secondary CIDR for pod subnets, VPC CNI custom networking (/16../20, RFC 1918 or 100.64.0.0/10)", &c.PodCIDR)
	b.Int(keyAZCount, "number of AZs when availabilityZones is empty (2..4)", &c.AZCount)
	b.Strings(keyAvailabilityZones, "exact AZs to use (2..4, in the region); empty = the region's first azCount", &c.AvailabilityZones)
	b.String(keyNATGateways, "NAT gateway layout: single or perAz", &c.NATGateways)
}

// azNameRE matches AZ names like us-west-2a.
var azNameRE = regexp.MustCompile(`^[a-z]{2}(-[a-z]+)+-\d[a-z]$`)

// Validate checks the CIDRs (and that they do not overlap), the AZs and the
// NAT layout.
func (c *NetworkConfig) Validate() error {
	vpc, err1 := checkCIDR(keyVPCCIDR, c.VPCCIDR, 16, 20)
	pod, err2 := checkCIDR(keyPodCIDR, c.PodCIDR, 16, 20)
	errs := []error{err1, err2, checkOneOf(keyNATGateways, c.NATGateways, NATSingle, NATPerAZ)}
	if err1 == nil && !isPrivate(vpc) {
		errs = append(errs, keyErr(keyVPCCIDR, "%q is not private address space (allowed: 10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16, 100.64.0.0/10)", c.VPCCIDR))
	}
	if err2 == nil && !isPrivate(pod) {
		errs = append(errs, keyErr(keyPodCIDR, "%q is not private address space (allowed: 10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16, 100.64.0.0/10)", c.PodCIDR))
	}
	if err1 == nil && err2 == nil && vpc.Overlaps(pod) {
		errs = append(errs, keyErr(keyPodCIDR, "%s overlaps vpcCidr %s", c.PodCIDR, c.VPCCIDR))
	}
	if len(c.AvailabilityZones) == 0 {
		errs = append(errs, checkRange(keyAZCount, c.AZCount, minAZs, maxAZs))
	} else {
		errs = append(errs, c.checkAZList()...)
	}
	return errors.Join(errs...)
}

func (c *NetworkConfig) checkAZList() []error {
	errs := []error{checkUnique(keyAvailabilityZones, c.AvailabilityZones)}
	if n := len(c.AvailabilityZones); n < minAZs || n > maxAZs {
		errs = append(errs, keyErr(keyAvailabilityZones, "%d AZs listed (allowed: %d..%d)", n, minAZs, maxAZs))
	}
	for _, az := range c.AvailabilityZones {
		if !azNameRE.MatchString(az) {
			errs = append(errs, keyErr(keyAvailabilityZones, "%q is not an AZ name (e.g. us-west-2a)", az))
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

// AZCountWanted is how many AZs the stack uses.
func (c *NetworkConfig) AZCountWanted() int {
	if len(c.AvailabilityZones) > 0 {
		return len(c.AvailabilityZones)
	}
	return c.AZCount
}
