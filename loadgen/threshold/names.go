package threshold

import (
	"slices"

	"github.com/emr-eks-loadtest/emr-eks-loadtest/loadgen/stats"
)

// MetricNames lists the valid metric names for error messages and documentation: every fixed-name
// metric, then each latency distribution with the pattern of its statistics.
func MetricNames() []string {
	var out []string
	for n := range scalars {
		out = append(out, n)
	}
	slices.Sort(out)
	for _, d := range stats.LatencyNames {
		out = append(out, d+"_pNN|_min|_mean|_max")
	}
	return out
}
