package capacity

import (
	"fmt"
	"sort"
	"strings"
)

// PriceTableVersion names this revision of the price table. Change it with
// every change of a figure, so a plan or rehearsal report says which
// figures it used.
const PriceTableVersion = "2025-01"

// PriceSource says where the figures come from and how current they are;
// plans and rehearsal reports print it next to every cost.
const PriceSource = "AWS public price list (pricing.us-east-1.amazonaws.com offers/v1.0/aws/" +
	"AmazonEC2, AmazonEKS, AmazonVPC, AmazonEC2 EBS), Linux/UNIX, shared tenancy, no pre-installed " +
	"software, as published January 2025 (table " + PriceTableVersion + "); not fetched live; " +
	"spot = on-demand x (1 - 0.60), an assumed typical spot discount, not per-type spot data"

// SpotTypicalDiscount is the assumed spot discount off on-demand. It is
// not per-type spot data (spot prices move hourly per zone and no price
// API is reachable where this table was written); AWS's Spot Instance
// Advisor showed savings of roughly 50-70 % for the m5/m6i/m7i/c5/r5
// families in these regions, and 60 % is a round figure inside that band.
const SpotTypicalDiscount = 0.60

// Price is one instance type's hourly price in one region.
type Price struct {
	OnDemandUSDPerHour float64
	// SpotUSDPerHour is OnDemandUSDPerHour x (1 - SpotTypicalDiscount):
	// an estimate, not a quote.
	SpotUSDPerHour float64
}

// RegionPrices are the non-instance prices of one region the plan's cost
// split uses.
type RegionPrices struct {
	// EKSControlPlaneUSDPerHour is one cluster on standard support
	// (extended support costs $0.60/h; the stack pins supported versions).
	EKSControlPlaneUSDPerHour float64
	// NATGatewayUSDPerHour is one NAT gateway; NATGatewayUSDPerGB is
	// charged on every GB it processes (image pulls, S3 without a
	// gateway endpoint, AWS API calls).
	NATGatewayUSDPerHour float64
	NATGatewayUSDPerGB   float64
	// EBSGp3USDPerGBMonth is gp3 storage at the baseline 3,000 IOPS and
	// 125 MB/s (included in the GB price).
	EBSGp3USDPerGBMonth float64
}

// HoursPerMonth converts EBS's GB-month to hours (AWS bills EBS per
// GB-month of 730 hours, prorated by the second).
const HoursPerMonth = 730

// onDemand is USD per hour, Linux, on-demand, per region. us-east-1,
// us-east-2 and us-west-2 charge the same for every type listed; eu-west-1
// is higher. Less certain than the rest (transcribed, not re-read from a
// current price list): the m7i row in eu-west-1 (m6i's price + 5 %, as m7i
// is priced in the US regions) and m5a in eu-west-1.
var onDemand = map[string]map[string]float64{
	"us-east-1": usPrices, "us-east-2": usPrices, "us-west-2": usPrices,
	"eu-west-1": {
		"m5.large": 0.107, "m5.xlarge": 0.214, "m5.2xlarge": 0.428, "m5.4xlarge": 0.856,
		"m5a.large": 0.096, "m5a.xlarge": 0.192, "m5a.2xlarge": 0.384, "m5a.4xlarge": 0.768,
		"m6i.large": 0.107, "m6i.xlarge": 0.214, "m6i.2xlarge": 0.428, "m6i.4xlarge": 0.856,
		"m7i.large": 0.1124, "m7i.xlarge": 0.2247, "m7i.2xlarge": 0.4494, "m7i.4xlarge": 0.8988,
		"c5.xlarge": 0.192, "c5.2xlarge": 0.384,
		"r5.xlarge": 0.282, "r5.2xlarge": 0.564,
	},
}

var usPrices = map[string]float64{
	"m5.large": 0.096, "m5.xlarge": 0.192, "m5.2xlarge": 0.384, "m5.4xlarge": 0.768,
	"m5a.large": 0.086, "m5a.xlarge": 0.172, "m5a.2xlarge": 0.344, "m5a.4xlarge": 0.688,
	"m6i.large": 0.096, "m6i.xlarge": 0.192, "m6i.2xlarge": 0.384, "m6i.4xlarge": 0.768,
	"m7i.large": 0.1008, "m7i.xlarge": 0.2016, "m7i.2xlarge": 0.4032, "m7i.4xlarge": 0.8064,
	"c5.xlarge": 0.17, "c5.2xlarge": 0.34,
	"r5.xlarge": 0.252, "r5.2xlarge": 0.504,
}

// regional are the EKS, NAT gateway and gp3 prices per region.
var regional = map[string]RegionPrices{
	"us-east-1": {0.10, 0.045, 0.045, 0.08},
	"us-east-2": {0.10, 0.045, 0.045, 0.08},
	"us-west-2": {0.10, 0.045, 0.045, 0.08},
	"eu-west-1": {0.10, 0.048, 0.048, 0.088},
}

// ErrNoPrice is wrapped by PriceOf's and RegionPricesOf's errors.
var ErrNoPrice = fmt.Errorf("not in the price table (%s)", PriceTableVersion)

// PriceOf returns the hourly price of an instance type in a region.
func PriceOf(region, instanceType string) (Price, error) {
	table, ok := onDemand[region]
	if !ok {
		return Price{}, fmt.Errorf("region %q %w: known regions %s", region, ErrNoPrice, strings.Join(Regions(), ", "))
	}
	od, ok := table[instanceType]
	if !ok {
		return Price{}, fmt.Errorf("instance type %q in %s %w: add its price to infra/capacity/prices.go", instanceType, region, ErrNoPrice)
	}
	return Price{OnDemandUSDPerHour: od, SpotUSDPerHour: od * (1 - SpotTypicalDiscount)}, nil
}

// RegionPricesOf returns the EKS, NAT gateway and gp3 prices of a region.
func RegionPricesOf(region string) (RegionPrices, error) {
	r, ok := regional[region]
	if !ok {
		return RegionPrices{}, fmt.Errorf("region %q %w: known regions %s", region, ErrNoPrice, strings.Join(Regions(), ", "))
	}
	return r, nil
}

// Regions lists the regions of the price table, sorted.
func Regions() []string {
	out := make([]string, 0, len(onDemand))
	for r := range onDemand {
		out = append(out, r)
	}
	sort.Strings(out)
	return out
}

// NodePoolTypes expands a Karpenter NodePool's instance-family and
// instance-size requirements (In), its instance-generation Gt and its
// kubernetes.io/arch In, as Karpenter would, over this table: types are the
// table's types the pool can launch, sorted; missing are the family.size
// combinations the table has no row for (EC2 may offer them: Karpenter could
// launch them, but no capacity or price is known here).
func NodePoolTypes(families, sizes []string, minGeneration int, arch []string) (types, missing []string) {
	for _, f := range families {
		if generation(f) <= minGeneration {
			continue
		}
		for _, s := range sizes {
			name := f + "." + s
			t, ok := known[name]
			switch {
			case !ok:
				missing = append(missing, name)
			case contains(arch, t.Arch):
				types = append(types, name)
			}
		}
	}
	sort.Strings(types)
	sort.Strings(missing)
	return types, missing
}

// generation is the digit run after a family's letters ("m6i" -> 6), as
// Karpenter's karpenter.k8s.aws/instance-generation label reads it.
func generation(family string) int {
	g, seen := 0, false
	for _, r := range family {
		if r >= '0' && r <= '9' {
			g, seen = g*10+int(r-'0'), true
		} else if seen {
			break
		}
	}
	return g
}

func contains(list []string, v string) bool {
	for _, s := range list {
		if s == v {
			return true
		}
	}
	return false
}
