package network

// Subnet tags other components and AWS controllers discover subnets by.
const (
	// TagELB marks public subnets for internet-facing load balancers.
	TagELB = "kubernetes.io/role/elb"
	// TagInternalELB marks private subnets for internal load balancers.
	TagInternalELB = "kubernetes.io/role/internal-elb"
	// TagKarpenterDiscovery marks the node subnets (and, by the karpenter
	// component, the node security group) Karpenter launches into; the
	// value is the cluster name.
	TagKarpenterDiscovery = "karpenter.sh/discovery"
	// TagSubnetRole says what a subnet is for: public, private or pods.
	TagSubnetRole = "emr-eks-loadtest/subnet-role"
)

// SubnetTags returns the tags of one subnet of the given role.
func SubnetTags(base map[string]string, clusterName, name, role string) map[string]string {
	t := map[string]string{}
	for k, v := range base {
		t[k] = v
	}
	t["Name"] = name
	t[TagSubnetRole] = role
	t["kubernetes.io/cluster/"+clusterName] = "shared"
	switch role {
	case RolePublic:
		t[TagELB] = "1"
	case RolePrivate:
		t[TagInternalELB] = "1"
		t[TagKarpenterDiscovery] = clusterName
	}
	return t
}

// Subnet roles: the values of TagSubnetRole.
const (
	RolePublic  = "public"
	RolePrivate = "private"
	RolePods    = "pods"
)
