package nodegroups

// Labels and taints other components use to place pods.
const (
	// RoleLabel is on every node of the stack's managed groups:
	// "operational" or "application".
	RoleLabel        = "emr-eks-loadtest/node-role"
	RoleOperational  = "operational"
	RoleApplication  = "application"
	OperationalTaint = "emr-eks-loadtest/operational"

	// HopLimit 1 keeps IMDSv2 answers from reaching pods outside the host
	// network namespace, so no pod can take the node role's credentials.
	// Nothing here needs 2: the Load Balancer Controller gets region and VPC
	// id as flags, the EBS CSI controller and every other AWS caller use
	// IRSA, the VPC CNI and kube-proxy are host-network pods, and the EBS
	// CSI node plugin (host network too) needs no credentials. Karpenter's
	// nodes use 1 as well.
	HopLimit = 1
)

// Taint is one Kubernetes taint.
type Taint struct {
	Key    string `json:"key"`
	Value  string `json:"value"`
	Effect string `json:"effect"` // EKS spelling: NO_SCHEDULE, NO_EXECUTE, PREFER_NO_SCHEDULE
}

// PlanArgs is what Plan needs of infra/nodegroups' Args, as plain values.
type PlanArgs struct {
	Config      Config
	ClusterName string
	// AZs are the AZs of the private subnets, in order; GroupSpec's
	// SubnetIndexes index them.
	AZs []string
	// OmitApplication plans no application groups.
	OmitApplication bool
	Tags            map[string]string
}

// GroupSpec is one managed node group, as planned from PlanArgs.
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
}

// Plan lays out the groups: one operational group over all AZs (fixed
// size, tainted), then one application group per AZ unless
// OmitApplication. Cluster Autoscaler finds the application groups by the
// k8s.io/cluster-autoscaler/enabled and k8s.io/cluster-autoscaler/<cluster>
// tags that EKS itself puts on every managed node group's Auto Scaling
// group: the stack declares no copy of them.
func Plan(args PlanArgs) []GroupSpec {
	cfg, azs := args.Config, args.AZs
	all := make([]int, len(azs))
	for i := range all {
		all[i] = i
	}
	specs := []GroupSpec{{
		Name: args.ClusterName + "-ops", Role: RoleOperational, SubnetIndexes: all,
		InstanceTypes: cfg.OpsInstanceTypes, CapacityType: "ON_DEMAND",
		Min: cfg.OpsNodeCount, Desired: cfg.OpsNodeCount, Max: cfg.OpsNodeCount,
		Labels: map[string]string{RoleLabel: RoleOperational},
		Taints: []Taint{{Key: OperationalTaint, Value: "true", Effect: "NO_SCHEDULE"}},
		Tags:   withTags(args.Tags, nil),
	}}
	if args.OmitApplication {
		return specs
	}
	for i, az := range azs {
		specs = append(specs, GroupSpec{
			Name: args.ClusterName + "-app-" + az, Role: RoleApplication, AZ: az, SubnetIndexes: []int{i},
			InstanceTypes: cfg.AppInstanceTypes, CapacityType: cfg.CapacityType,
			Min: cfg.AppMinSize, Desired: cfg.AppDesiredSize, Max: cfg.AppMaxSize,
			Labels: map[string]string{RoleLabel: RoleApplication},
			Taints: []Taint{},
			Tags:   withTags(args.Tags, nil),
		})
	}
	return specs
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
