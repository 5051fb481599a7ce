package network

import (
	"net/netip"
	"testing"

	"github.com/emr-eks-loadtest/emr-eks-loadtest/internal/golden"
)

func TestPlanGolden(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name     string
		vpc, pod string
		azs      []string
	}{
		{"layout_2az", "10.0.0.0/16", "100.64.0.0/16", []string{"us-west-2a", "us-west-2b"}},
		{"layout_4az_small", "172.20.0.0/20", "100.64.0.0/18", []string{"eu-west-1a", "eu-west-1b", "eu-west-1c", "eu-west-1d"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			l, err := Plan(tt.vpc, tt.pod, tt.azs)
			if err != nil {
				t.Fatal(err)
			}
			golden.AssertJSON(t, tt.name, l)
			checkDisjointInside(t, l)
		})
	}
}

// checkDisjointInside asserts every subnet lies in its block and no two overlap.
func checkDisjointInside(t *testing.T, l Layout) {
	t.Helper()
	vpc, pod := netip.MustParsePrefix(l.VPCCIDR), netip.MustParsePrefix(l.PodCIDR)
	var all []netip.Prefix
	for _, az := range l.AZs {
		for _, s := range []struct {
			cidr  string
			block netip.Prefix
		}{{az.Private, vpc}, {az.Public, vpc}, {az.Pod, pod}} {
			p := netip.MustParsePrefix(s.cidr)
			if !s.block.Contains(p.Addr()) || p.Bits() < s.block.Bits() {
				t.Errorf("%s outside %s", p, s.block)
			}
			for _, q := range all {
				if p.Overlaps(q) {
					t.Errorf("%s overlaps %s", p, q)
				}
			}
			all = append(all, p)
		}
	}
}

func TestPlanRejects(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		name, vpc, pod string
		azs            []string
	}{
		{"bad vpc", "x", "100.64.0.0/16", []string{"a"}},
		{"bad pod", "10.0.0.0/16", "y", []string{"a"}},
		{"no azs", "10.0.0.0/16", "100.64.0.0/16", nil},
		{"too many azs", "10.0.0.0/16", "100.64.0.0/16", []string{"a", "b", "c", "d", "e"}},
		{"vpc too small", "10.0.0.0/25", "100.64.0.0/16", []string{"a"}},
	} {
		if _, err := Plan(tt.vpc, tt.pod, tt.azs); err == nil {
			t.Errorf("%s: accepted", tt.name)
		}
	}
}
