package rehearse

import (
	"encoding/json"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"

	"k8s.io/apimachinery/pkg/api/resource"

	"github.com/emr-eks-loadtest/emr-eks-loadtest/infra/capacity"
	"github.com/emr-eks-loadtest/emr-eks-loadtest/internal/twin"
	"github.com/emr-eks-loadtest/emr-eks-loadtest/spec/karpenter"
	"github.com/emr-eks-loadtest/emr-eks-loadtest/spec/stackconfig"
)

func presetConfig(t *testing.T, p stackconfig.Preset) stackconfig.Config {
	t.Helper()
	cfg, _, err := PresetConfig(string(p), twin.Region)
	if err != nil {
		t.Fatal(err)
	}
	return cfg
}

// The rehearsal's NodePools are the stack's with only the node class
// reference changed.
func TestNodePoolsAreTheStacksButTheNodeClass(t *testing.T) {
	t.Parallel()
	for _, p := range stackconfig.Presets {
		t.Run(string(p), func(t *testing.T) {
			t.Parallel()
			kc := KarpenterConfig(presetConfig(t, p))
			got, err := NodePools(kc)
			if err != nil {
				t.Fatal(err)
			}
			want := karpenter.NodePools(kc)
			if len(got) != len(want) {
				t.Fatalf("%d pools, the stack has %d", len(got), len(want))
			}
			for _, u := range got {
				spec := want[u.GetName()]
				spec.Template.Spec.NodeClassRef = karpenter.NodeClassRef{Group: KWOKGroup, Kind: KWOKKind, Name: kc.NodeClassName}
				m, err := karpenter.ToMap(spec)
				if err != nil {
					t.Fatal(err)
				}
				if !reflect.DeepEqual(u.Object["spec"], m) {
					t.Errorf("pool %s:\n got %v\nwant %v", u.GetName(), u.Object["spec"], m)
				}
			}
		})
	}
}

// Every family x size of an allowed architecture is offered on-demand and
// spot in every zone, with infra/capacity's allocatable (plus the kwok
// provider's fixed overhead), max pods and the price table's prices.
func TestInstanceTypesCoverThePools(t *testing.T) {
	t.Parallel()
	for _, p := range stackconfig.Presets {
		t.Run(string(p), func(t *testing.T) {
			t.Parallel()
			cfg := presetConfig(t, p)
			kc := KarpenterConfig(cfg)
			zones := twin.Zones(cfg)
			types, err := InstanceTypes([]karpenter.PoolConfig{kc.Driver(), kc.Executor()}, TableInput{
				Region: cfg.Region, Zones: zones, PrefixDelegation: cfg.Addons.PrefixDelegation, Prices: TablePrices})
			if err != nil {
				t.Fatal(err)
			}
			byName := map[string]InstanceType{}
			for _, it := range types {
				byName[it.Name] = it
			}
			for _, pool := range []karpenter.PoolConfig{kc.Driver(), kc.Executor()} {
				for _, f := range pool.Families {
					for _, s := range pool.Sizes {
						checkType(t, byName, f+"."+s, zones, cfg)
					}
				}
			}
		})
	}
}

func checkType(t *testing.T, byName map[string]InstanceType, name string, zones []string, cfg stackconfig.Config) {
	t.Helper()
	it, ok := byName[name]
	if !ok {
		t.Errorf("%s allowed by a pool, missing from the instance types", name)
		return
	}
	node, err := capacity.For(name, capacity.Networking{PrefixDelegation: cfg.Addons.PrefixDelegation})
	if err != nil {
		t.Fatal(err)
	}
	cpu, mem := resource.MustParse(it.Resources["cpu"]), resource.MustParse(it.Resources["memory"])
	if cpu.MilliValue()-kwokOverheadMilliCPU != node.AllocatableMilliCPU || mem.Value()>>20-kwokOverheadMiB != node.AllocatableMemoryMiB ||
		it.Resources["pods"] != strconv.FormatInt(node.MaxPods, 10) {
		t.Errorf("%s resources %v, want allocatable %v (+100m, +10Mi)", name, it.Resources, node)
	}
	price, err := capacity.PriceOf(cfg.Region, name)
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]float64{}
	for _, o := range it.Offerings {
		seen[o.Requirements[0].Values[0]+"/"+o.Requirements[1].Values[0]] = o.Price
	}
	for _, z := range zones {
		if seen["on-demand/"+z] != price.OnDemandUSDPerHour || seen["spot/"+z] != price.SpotUSDPerHour {
			t.Errorf("%s in %s: offerings %v, want on-demand %v and spot %v", name, z, seen, price.OnDemandUSDPerHour, price.SpotUSDPerHour)
		}
	}
}

// The file decodes as the kwok provider's loader reads it: a list of
// objects with name, offerings (price, available, requirements),
// architecture, operatingSystems and resources.
func TestInstanceTypesFileShape(t *testing.T) {
	t.Parallel()
	b, err := MarshalInstanceTypes([]InstanceType{{Name: "m5.xlarge", Architecture: "amd64", OperatingSystems: []string{"linux"},
		Resources: map[string]string{"cpu": "4"}, Offerings: []Offering{{Price: 0.1, Available: true,
			Requirements: []Requirement{{LabelCapacity, "In", []string{"spot"}}}}}}})
	if err != nil {
		t.Fatal(err)
	}
	var v []map[string]any
	if err := json.Unmarshal(b, &v); err != nil {
		t.Fatal(err)
	}
	keys := func(m map[string]any) []string {
		var out []string
		for k := range m {
			out = append(out, k)
		}
		slices.Sort(out)
		return out
	}
	if got := keys(v[0]); !slices.Equal(got, []string{"architecture", "name", "offerings", "operatingSystems", "resources"}) {
		t.Errorf("keys %v", got)
	}
	off := v[0]["offerings"].([]any)[0].(map[string]any)
	if got := keys(off); !slices.Equal(got, []string{"available", "price", "requirements"}) {
		t.Errorf("offering keys %v", got)
	}
}

func TestGeneration(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{"m5": "5", "m6i": "6", "m7i": "7", "c5": "5", "r5": "5", "x": "0", "m10g": "10"} {
		if got := generation(in); got != want {
			t.Errorf("generation(%q) = %q, want %q", in, got, want)
		}
	}
}

// An unknown type is an error naming it, not a silently smaller table.
func TestInstanceTypesUnknownTypeIsAnError(t *testing.T) {
	t.Parallel()
	_, err := InstanceTypes([]karpenter.PoolConfig{{Families: []string{"z9"}, Sizes: []string{"large"}, Arch: []string{"amd64"}}},
		TableInput{Region: twin.Region, Zones: []string{"us-west-2a"}, Prices: TablePrices})
	if err == nil || !contains(err.Error(), "z9.large") {
		t.Fatalf("err %v, want one naming z9.large", err)
	}
}

func contains(s, sub string) bool { return strings.Contains(s, sub) }
