package nodegroups

import "sort"

// Labels and taints other components use to place pods.
const (
	// RoleLabel is on every node of the stack's managed groups:
	// "operational" or "application".
	RoleLabel        = "emr-eks-loadtest/node-role"
	RoleOperational  = "operational"
	RoleApplication  = "application"
	OperationalTaint = "emr-eks-loadtest/operational"

	// CASEnabledTag and CASClusterTagPrefix are Cluster Autoscaler's
	// auto-discovery tags; the second is suffixed with the real cluster name.
	CASEnabledTag       = "k8s.io/cluster-autoscaler/enabled"
	CASClusterTagPrefix = "k8s.io/cluster-autoscaler/"

	// HopLimit 2 lets pods without host networking reach IMDSv2 through
	// the node (the extra hop is the pod's network namespace); with IRSA
	// most pods need no IMDS, but the AWS SDK's region lookup and some
	// agents (e.g. the EBS CSI node plugin) still do.
	HopLimit = 2
)

// Taint is one Kubernetes taint.
type Taint struct {
	Key    string `json:"key"`
	Value  string `json:"value"`
	Effect string `json:"effect"` // EKS spelling: NO_SCHEDULE, NO_EXECUTE, PREFER_NO_SCHEDULE
}

// GroupSpec is one managed node group, as planned from Args.
type GroupSpec struct {
	// Name is the node group's name (also the launch template's).
	Name          string            `json:"name"`
	Role          string            `json:"role"`
	AZ            string            `json:"az,omitempty"` // "" = all AZs
	SubnetIndexes []int             `json:"subnetIndexes"`
	InstanceTypes []string          `json:"instanceTypes"`
	CapacityType  string            `json:"capacityType"`
	Min           int               `json:"min"`
	Desired       int               `json:"desired"`
	Max           int               `json:"max"`
	Labels        map[string]string `json:"labels"`
	Taints        []Taint           `json:"taints"`
	Tags          map[string]string `json:"tags"`
	// ASGTags are also put on the group's Auto Scaling group.
	ASGTags map[string]string `json:"asgTags"`
}

// Plan lays out the groups: one operational group over all AZs (fixed
// size, tainted), then one application group per AZ (tagged for Cluster
// Autoscaler with the real cluster name) unless Application.Omit.
func Plan(args Args) []GroupSpec {
	all := make([]int, len(args.AZs))
	for i := range all {
		all[i] = i
	}
	specs := []GroupSpec{{
		Name: args.ClusterName + "-ops", Role: RoleOperational, SubnetIndexes: all,
		InstanceTypes: args.Operational.InstanceTypes, CapacityType: "ON_DEMAND",
		Min: args.Operational.Size, Desired: args.Operational.Size, Max: args.Operational.Size,
		Labels:  map[string]string{RoleLabel: RoleOperational},
		Taints:  []Taint{{Key: OperationalTaint, Value: "true", Effect: "NO_SCHEDULE"}},
		Tags:    withTags(args.Tags, nil),
		ASGTags: map[string]string{},
	}}
	if args.Application.Omit {
		return specs
	}
	for i, az := range args.AZs {
		specs = append(specs, GroupSpec{
			Name: args.ClusterName + "-app-" + az, Role: RoleApplication, AZ: az, SubnetIndexes: []int{i},
			InstanceTypes: args.Application.InstanceTypes, CapacityType: args.Application.CapacityType,
			Min: args.Application.Min, Desired: args.Application.Desired, Max: args.Application.Max,
			Labels:  map[string]string{RoleLabel: RoleApplication},
			Taints:  []Taint{},
			Tags:    withTags(args.Tags, CASTags(args.ClusterName)),
			ASGTags: CASTags(args.ClusterName),
		})
	}
	return specs
}

// CASTags are the Cluster Autoscaler auto-discovery tags for clusterName.
func CASTags(clusterName string) map[string]string {
	return map[string]string{CASEnabledTag: "true", CASClusterTagPrefix + clusterName: "owned"}
}

func withTags(base, extra map[string]string) map[string]string {
	out := map[string]string{}
	for _, m := range []map[string]string{base, extra} {
		for k, v := range m {
			out[k] = v
		}
	}
	return out
}

func sortedKeys(m map[string]string) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
