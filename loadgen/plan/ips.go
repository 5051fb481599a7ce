package plan

import (
	"fmt"
	"net/netip"

	"github.com/emr-eks-loadtest/emr-eks-loadtest/infra/capacity"
	"github.com/emr-eks-loadtest/emr-eks-loadtest/spec/addons"
	"github.com/emr-eks-loadtest/emr-eks-loadtest/spec/stackconfig"
)

// PodIPs compares the addresses the nodes hold in the pod subnets with
// what the subnets offer, per AZ (the busiest AZ decides).
type PodIPs struct {
	SubnetPrefixLen int     `json:"subnetPrefixLen"`
	PerAZCapacity   int64   `json:"perAzCapacity"`
	PerAZNeeded     []int64 `json:"perAzNeeded"`
	PrefixMode      bool    `json:"prefixDelegation"`
}

// Max is the busiest AZ's need.
func (ip PodIPs) Max() int64 {
	var m int64
	for _, n := range ip.PerAZNeeded {
		m = max(m, n)
	}
	return m
}

const addressesPerPrefix = 16

// podIPs: the stack splits podCidr into 4 equal pod subnets, one per AZ
// (infra/network.Plan). With prefix delegation a node holds
// ceil(pods/16) + cniWarmPrefixTarget /28 prefixes (or, when cniWarmIpTarget
// or cniMinimumIpTarget is set, ceil(max(pods + warm IPs, minimum IPs)/16)),
// and each pod-subnet ENI's primary address, counted as a whole /28 because
// it splits one (AWS reserves the first 4 and the last address of a subnet:
// 2 /28s unusable). Without prefixes: pods + warm IPs (or a whole spare
// ENI, WARM_ENI_TARGET=1) plus each ENI's primary address.
func podIPs(cfg stackconfig.Config, pools []Pool) (PodIPs, error) {
	pod, err := netip.ParsePrefix(cfg.Network.PodCIDR)
	if err != nil {
		return PodIPs{}, fmt.Errorf("%s %q: %w", keyPodCIDR, cfg.Network.PodCIDR, err)
	}
	bits := pod.Bits() + 2
	size := int64(1) << (32 - bits)
	out := PodIPs{SubnetPrefixLen: bits, PrefixMode: cfg.Addons.PrefixDelegation, PerAZNeeded: make([]int64, azCount(cfg))}
	out.PerAZCapacity = size - 5
	if out.PrefixMode {
		out.PerAZCapacity = (size/addressesPerPrefix - 2) * addressesPerPrefix
	}
	for _, p := range pools {
		for az, nodes := range p.podsOnNodes {
			for i, pods := range nodes {
				out.PerAZNeeded[az%len(out.PerAZNeeded)] += nodeAddresses(p.typeOf(az, i), pods+daemonSetPodIPs, cfg.Addons)
			}
		}
	}
	return out, nil
}

func nodeAddresses(t capacity.InstanceType, pods int64, a addons.Config) int64 {
	slots := int64(t.IPv4PerENI - 1)
	need := pods
	warmSet := a.WarmIPTarget > 0 || a.MinimumIPTarget > 0
	if warmSet {
		need = max(pods+int64(a.WarmIPTarget), int64(a.MinimumIPTarget))
	}
	if a.PrefixDelegation {
		prefixes := ceilDiv(need, addressesPerPrefix)
		if !warmSet {
			prefixes = ceilDiv(pods, addressesPerPrefix) + int64(a.WarmPrefixTarget)
		}
		enis := ceilDiv(prefixes, slots)
		return (prefixes + enis) * addressesPerPrefix
	}
	if !warmSet {
		need = pods + slots
	}
	return need + ceilDiv(need, slots)
}

func ceilDiv(a, b int64) int64 {
	if b <= 0 {
		return a
	}
	return (a + b - 1) / b
}
