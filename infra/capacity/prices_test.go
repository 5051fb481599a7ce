package capacity_test

import (
	"errors"
	"slices"
	"testing"

	"github.com/emr-eks-loadtest/emr-eks-loadtest/infra/capacity"
	"github.com/emr-eks-loadtest/emr-eks-loadtest/spec/stackconfig"
)

// presetTypes are every instance type a preset can launch: its node groups'
// types and what its Karpenter NodePools allow (read from the preset's
// values, not a hand list).
func presetTypes(t *testing.T, p stackconfig.Preset) []string {
	t.Helper()
	cfg := stackconfig.Defaults(p)
	k := cfg.Karpenter
	types, missing := capacity.NodePoolTypes(k.InstanceFamilies, k.InstanceSizes, k.MinGeneration, k.Arch)
	for _, m := range missing {
		t.Errorf("preset %s: the NodePools can launch %s, which has no row in infra/capacity", p, m)
	}
	if len(types) == 0 {
		t.Errorf("preset %s: the NodePools allow no type of the table (families %v sizes %v)", p, k.InstanceFamilies, k.InstanceSizes)
	}
	types = append(types, cfg.NodeGroups.OpsInstanceTypes...)
	return append(types, cfg.NodeGroups.AppInstanceTypes...)
}

func TestEveryPresetTypeHasARowAndPrices(t *testing.T) {
	t.Parallel()
	for _, p := range stackconfig.Presets {
		for _, name := range presetTypes(t, p) {
			if _, err := capacity.Lookup(name); err != nil {
				t.Errorf("preset %s: %v", p, err)
				continue
			}
			for _, r := range []string{"us-east-1", "us-west-2", "eu-west-1"} {
				if _, err := capacity.PriceOf(r, name); err != nil {
					t.Errorf("preset %s: %v", p, err)
				}
			}
		}
	}
}

func TestEveryRowHasAPriceInEveryRegion(t *testing.T) {
	t.Parallel()
	for _, r := range capacity.Regions() {
		if _, err := capacity.RegionPricesOf(r); err != nil {
			t.Error(err)
		}
		for _, name := range capacity.Known() {
			p, err := capacity.PriceOf(r, name)
			if err != nil {
				t.Error(err)
				continue
			}
			if p.OnDemandUSDPerHour <= 0 || p.SpotUSDPerHour <= 0 || p.SpotUSDPerHour >= p.OnDemandUSDPerHour {
				t.Errorf("%s %s: %+v: want 0 < spot < on-demand", r, name, p)
			}
		}
	}
}

// Within a family the price doubles with the size (EC2 prices sizes
// linearly); a transcription slip breaks the ratio.
func TestPricesScaleWithSize(t *testing.T) {
	t.Parallel()
	for _, r := range capacity.Regions() {
		for _, name := range capacity.Known() {
			a, _ := capacity.Lookup(name)
			for _, other := range capacity.Known() {
				b, _ := capacity.Lookup(other)
				if family(name) != family(other) || b.VCPUs != 2*a.VCPUs {
					continue
				}
				pa, _ := capacity.PriceOf(r, name)
				pb, _ := capacity.PriceOf(r, other)
				if ratio := pb.OnDemandUSDPerHour / pa.OnDemandUSDPerHour; ratio < 1.99 || ratio > 2.01 {
					t.Errorf("%s: %s %.4f vs %s %.4f: ratio %.3f, want 2", r, name, pa.OnDemandUSDPerHour, other, pb.OnDemandUSDPerHour, ratio)
				}
			}
		}
	}
}

func family(name string) string {
	for i, c := range name {
		if c == '.' {
			return name[:i]
		}
	}
	return name
}

func TestPriceOfUnknown(t *testing.T) {
	t.Parallel()
	if _, err := capacity.PriceOf("mars-1", "m5.large"); !errors.Is(err, capacity.ErrNoPrice) {
		t.Fatalf("unknown region: %v", err)
	}
	if _, err := capacity.PriceOf("us-east-1", "z9.huge"); !errors.Is(err, capacity.ErrNoPrice) {
		t.Fatalf("unknown type: %v", err)
	}
	got, err := capacity.PriceOf("us-west-2", "m5.xlarge")
	if err != nil || got.OnDemandUSDPerHour != 0.192 {
		t.Fatalf("m5.xlarge us-west-2: %+v %v, want 0.192", got, err)
	}
}

func TestNodePoolTypes(t *testing.T) {
	t.Parallel()
	types, missing := capacity.NodePoolTypes([]string{"m5", "m6i", "c5", "m4"}, []string{"xlarge", "8xlarge"}, 4, []string{"amd64"})
	if want := []string{"c5.xlarge", "m5.xlarge", "m6i.xlarge"}; !slices.Equal(types, want) {
		t.Errorf("types %v, want %v", types, want)
	}
	// m4 is generation 4, not > 4: excluded, not missing.
	if want := []string{"c5.8xlarge", "m5.8xlarge", "m6i.8xlarge"}; !slices.Equal(missing, want) {
		t.Errorf("missing %v, want %v", missing, want)
	}
	if types, _ := capacity.NodePoolTypes([]string{"m5"}, []string{"xlarge"}, 4, []string{"arm64"}); len(types) != 0 {
		t.Errorf("arm64 pool got %v", types)
	}
	if a, err := capacity.Arch("m7i.xlarge"); err != nil || a != "amd64" {
		t.Errorf("Arch(m7i.xlarge) = %q, %v", a, err)
	}
}
