package rehearse

import (
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/emr-eks-loadtest/emr-eks-loadtest/infra/capacity"
	"github.com/emr-eks-loadtest/emr-eks-loadtest/spec/karpenter"
)

// Labels the AWS provider puts on instance types; the NodePools require
// them, so every offering carries them (the kwok provider turns offering
// requirement keys into well-known labels and onto the node).
const (
	LabelFamily     = "karpenter.k8s.aws/instance-family"
	LabelSize       = "karpenter.k8s.aws/instance-size"
	LabelGeneration = "karpenter.k8s.aws/instance-generation"
	LabelCapacity   = "karpenter.sh/capacity-type"
	LabelZone       = "topology.kubernetes.io/zone"
)

// kwokOverheadMilliCPU and kwokOverheadMiB are the kube-reserved the kwok
// provider subtracts from every instance type (kwok/cloudprovider/helpers.go
// newInstanceType: 100m, 10Mi). The generated resources add them back, so
// Karpenter's simulation and the kwok node's allocatable both equal the
// EKS allocatable of infra/capacity.
const (
	kwokOverheadMilliCPU = 100
	kwokOverheadMiB      = 10
)

// InstanceType is one entry of the kwok provider's instance-types file, in
// the form its loader decodes (kwok/cloudprovider/helpers.go
// InstanceTypeOptions; offerings as in the module's own
// cloudprovider/instance_types.json: price, available, requirements).
type InstanceType struct {
	Name             string            `json:"name"`
	Offerings        []Offering        `json:"offerings"`
	Architecture     string            `json:"architecture"`
	OperatingSystems []string          `json:"operatingSystems"`
	Resources        map[string]string `json:"resources"`
}

// Offering is one zone and capacity type of an instance type.
type Offering struct {
	Price        float64       `json:"price"`
	Available    bool          `json:"available"`
	Requirements []Requirement `json:"requirements"`
}

// Requirement is a node selector requirement.
type Requirement struct {
	Key      string   `json:"key"`
	Operator string   `json:"operator"`
	Values   []string `json:"values"`
}

// PriceFunc returns the hourly on-demand and spot price of an instance
// type in a region.
type PriceFunc func(region, instanceType string) (onDemand, spot float64, err error)

// TableInput is what InstanceTypes needs besides the pools.
type TableInput struct {
	Region           string
	Zones            []string // the stack's zones; a pool without zones may use all
	PrefixDelegation bool
	RootVolumeGiB    int
	Prices           PriceFunc
}

// InstanceTypes lists every type the pools allow (families x sizes, of an
// allowed architecture), each offered on-demand and spot in every zone a
// pool allows, with infra/capacity's allocatable and max pods and the
// price table's prices. A type missing from the capacity or price table is
// an error naming it.
func InstanceTypes(pools []karpenter.PoolConfig, in TableInput) ([]InstanceType, error) {
	byName := map[string]*InstanceType{}
	var names []string
	for _, p := range pools {
		zones := p.Zones
		if len(zones) == 0 {
			zones = in.Zones
		}
		for _, fam := range p.Families {
			for _, size := range p.Sizes {
				name := fam + "." + size
				it, err := instanceType(name, fam, size, p.Arch, in)
				if err != nil {
					return nil, err
				}
				if it == nil {
					continue
				}
				if byName[name] == nil {
					byName[name] = it
					names = append(names, name)
				}
				if err := addOfferings(byName[name], fam, size, zones, in); err != nil {
					return nil, err
				}
			}
		}
	}
	slices.Sort(names)
	out := make([]InstanceType, len(names))
	for i, n := range names {
		out[i] = *byName[n]
	}
	return out, nil
}

// instanceType returns nil for a type of an architecture the pool does
// not allow.
func instanceType(name, family, size string, archs []string, in TableInput) (*InstanceType, error) {
	t, err := capacity.Lookup(name)
	if err != nil {
		return nil, fmt.Errorf("karpenter pool type %s (family %s, size %s): %w", name, family, size, err)
	}
	if !slices.Contains(archs, t.Arch) {
		return nil, nil
	}
	n := capacity.ForType(t, capacity.Networking{PrefixDelegation: in.PrefixDelegation})
	return &InstanceType{
		Name: name, Architecture: t.Arch, OperatingSystems: []string{"linux"},
		Resources: map[string]string{
			"cpu":               strconv.FormatInt(n.AllocatableMilliCPU+kwokOverheadMilliCPU, 10) + "m",
			"memory":            strconv.FormatInt(n.AllocatableMemoryMiB+kwokOverheadMiB, 10) + "Mi",
			"pods":              strconv.FormatInt(n.MaxPods, 10),
			"ephemeral-storage": strconv.Itoa(max(in.RootVolumeGiB, 20)) + "Gi",
		},
	}, nil
}

func addOfferings(it *InstanceType, family, size string, zones []string, in TableInput) error {
	od, spot, err := in.Prices(in.Region, it.Name)
	if err != nil {
		return fmt.Errorf("price of %s in %s: %w", it.Name, in.Region, err)
	}
	for _, zone := range zones {
		for _, ct := range []struct {
			name  string
			price float64
		}{{"on-demand", od}, {"spot", spot}} {
			if hasOffering(it, zone, ct.name) {
				continue
			}
			it.Offerings = append(it.Offerings, Offering{Price: ct.price, Available: true, Requirements: []Requirement{
				{LabelCapacity, "In", []string{ct.name}}, {LabelZone, "In", []string{zone}},
				{LabelFamily, "In", []string{family}}, {LabelSize, "In", []string{size}},
				{LabelGeneration, "In", []string{generation(family)}},
			}})
		}
	}
	return nil
}

func hasOffering(it *InstanceType, zone, capacityType string) bool {
	for _, o := range it.Offerings {
		if o.Requirements[0].Values[0] == capacityType && o.Requirements[1].Values[0] == zone {
			return true
		}
	}
	return false
}

// generation is the digits after the family's class letters ("m6i" -> "6").
func generation(family string) string {
	i := strings.IndexFunc(family, func(r rune) bool { return r >= '0' && r <= '9' })
	if i < 0 {
		return "0"
	}
	j := i
	for j < len(family) && family[j] >= '0' && family[j] <= '9' {
		j++
	}
	return family[i:j]
}

// MarshalInstanceTypes renders the file karpenter-kwok reads
// (--instance-types-file-path / INSTANCE_TYPES_FILE_PATH).
func MarshalInstanceTypes(types []InstanceType) ([]byte, error) {
	return json.MarshalIndent(types, "", "  ")
}

// TablePrices reads infra/capacity's versioned price table
// (capacity.PriceSource says its source and date).
func TablePrices(region, instanceType string) (onDemand, spot float64, err error) {
	p, err := capacity.PriceOf(region, instanceType)
	return p.OnDemandUSDPerHour, p.SpotUSDPerHour, err
}
