package network

import (
	"fmt"
	"net/netip"
)

// Layout is the subnet plan of the VPC: three subnets per AZ.
type Layout struct {
	VPCCIDR string     `json:"vpcCidr"`
	PodCIDR string     `json:"podCidr"`
	AZs     []AZSubnet `json:"azs"`
}

// AZSubnet holds one AZ's subnet CIDRs.
type AZSubnet struct {
	AZ string `json:"az"`
	// Private subnets hold nodes and internal load balancers: 1/8 of the VPC each.
	Private string `json:"private"`
	// Public subnets hold NAT gateways and internet-facing load balancers:
	// 1/64 of the VPC each, carved from the VPC's last eighth.
	Public string `json:"public"`
	// Pod subnets (secondary CIDR) hold pod ENIs: 1/4 of the pod CIDR each.
	Pod string `json:"pod"`
}

// MaxAZs is how many AZs the layout can place.
const MaxAZs = 4

// Plan splits the VPC and pod CIDRs over the AZs. With a /16 VPC: private
// /19s (8,190 addresses) at the start, public /22s at the end; with a /16
// pod CIDR: pod /18s (16,382 addresses, ~1,000 /28 prefixes) per AZ.
func Plan(vpcCIDR, podCIDR string, azs []string) (Layout, error) {
	vpc, err := netip.ParsePrefix(vpcCIDR)
	if err != nil {
		return Layout{}, fmt.Errorf("vpc cidr %q: %w", vpcCIDR, err)
	}
	pod, err := netip.ParsePrefix(podCIDR)
	if err != nil {
		return Layout{}, fmt.Errorf("pod cidr %q: %w", podCIDR, err)
	}
	if len(azs) == 0 || len(azs) > MaxAZs {
		return Layout{}, fmt.Errorf("%d AZs: the layout places 1..%d", len(azs), MaxAZs)
	}
	if vpc.Bits() > 24 || pod.Bits() > 26 {
		return Layout{}, fmt.Errorf("cidrs too small to split (vpc /%d, pod /%d)", vpc.Bits(), pod.Bits())
	}
	publicBlock := subnet(vpc, 3, 7)
	l := Layout{VPCCIDR: vpc.String(), PodCIDR: pod.String()}
	for i, az := range azs {
		l.AZs = append(l.AZs, AZSubnet{
			AZ:      az,
			Private: subnet(vpc, 3, i).String(),
			Public:  subnet(publicBlock, 3, i).String(),
			Pod:     subnet(pod, 2, i).String(),
		})
	}
	return l, nil
}

// subnet returns the index-th of the 2^newBits equal blocks of p.
func subnet(p netip.Prefix, newBits, index int) netip.Prefix {
	bits := p.Bits() + newBits
	base := p.Masked().Addr().As4()
	n := uint32(base[0])<<24 | uint32(base[1])<<16 | uint32(base[2])<<8 | uint32(base[3])
	n += uint32(index) << (32 - bits)
	addr := netip.AddrFrom4([4]byte{byte(n >> 24), byte(n >> 16), byte(n >> 8), byte(n)})
	return netip.PrefixFrom(addr, bits)
}
