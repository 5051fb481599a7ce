// Package network declares the VPC the cluster runs in: public, private
// and pod subnets per AZ, NAT, routes and the secondary CIDR for VPC CNI
// custom networking. Its configuration and subnet plan are in spec/network.
package network

import (
	"fmt"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/ec2"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	spec "github.com/emr-eks-loadtest/emr-eks-loadtest/spec/network"
)

// Type is the component's type token.
const Type = "emr-eks-loadtest:infra:Network"

// Args configures the network. All fields are plain: the layout is known at
// preview time.
type Args struct {
	Config      spec.Config
	ClusterName string
	// AZs are the availability zones, in order (the first holds the single
	// NAT): Config.AvailabilityZones, or the region's first Config.AZCount
	// (looked up by the caller at deploy time).
	AZs  []string
	Tags map[string]string
}

// ZoneSubnet is one subnet and the AZ it is in (plain: resource names and
// ENIConfig names derive from it).
type ZoneSubnet struct {
	AZ string
	ID pulumi.StringInput
}

// Network is the declared VPC. Subnet ids are per AZ, in Args.AZs order.
type Network struct {
	pulumi.ResourceState

	Layout           spec.Layout
	VPCID            pulumi.StringOutput
	PublicSubnetIDs  []pulumi.StringOutput
	PrivateSubnetIDs []pulumi.StringOutput
	PodSubnetIDs     []pulumi.StringOutput
	// PrivateSubnets and PodSubnets pair each subnet with its AZ: node
	// groups go in the private ones, ENIConfigs name the pod ones.
	PrivateSubnets []ZoneSubnet
	PodSubnets     []ZoneSubnet
	// The *ByAZ maps are AZ -> subnet id, the stack outputs' shape.
	PublicSubnetIDsByAZ  pulumi.StringMapOutput
	PrivateSubnetIDsByAZ pulumi.StringMapOutput
	PodSubnetIDsByAZ     pulumi.StringMapOutput
	NATGatewayCount      int
	// Egress is what traffic between the private subnets and AWS APIs,
	// registries and the internet runs through: the internet gateway, the
	// NAT gateways and their addresses, the route tables and their subnet
	// associations. The cluster depends on it, so everything in the
	// cluster (Karpenter terminating its nodes, controllers deleting
	// volumes) is destroyed while egress still works.
	Egress          []pulumi.Resource
	vpc             *ec2.Vpc
	podCIDRAssoc    *ec2.VpcIpv4CidrBlockAssociation
	internetGateway *ec2.InternetGateway
	natGatewayIDs   []pulumi.StringOutput
}

// New declares the network.
func New(ctx *pulumi.Context, name string, args Args, opts ...pulumi.ResourceOption) (*Network, error) {
	if err := args.Config.Validate(); err != nil {
		return nil, fmt.Errorf("network config: %w", err)
	}
	layout, err := spec.Plan(args.Config.VPCCIDR, args.Config.PodCIDR, args.AZs)
	if err != nil {
		return nil, fmt.Errorf("planning subnets: %w", err)
	}
	n := &Network{Layout: layout}
	if err := ctx.RegisterComponentResource(Type, name, n, opts...); err != nil {
		return nil, err
	}
	b := builder{ctx: ctx, name: name, args: args, n: n, parent: pulumi.Parent(n)}
	steps := []func() error{b.vpc, b.publicSubnets, b.natGateways, b.privateSubnets}
	for _, step := range steps {
		if err := step(); err != nil {
			return nil, err
		}
	}
	n.byAZ()
	return n, ctx.RegisterResourceOutputs(n, pulumi.Map{
		"vpcId":            n.VPCID,
		"publicSubnetIds":  pulumi.ToStringArrayOutput(n.PublicSubnetIDs),
		"privateSubnetIds": pulumi.ToStringArrayOutput(n.PrivateSubnetIDs),
		"podSubnetIds":     pulumi.ToStringArrayOutput(n.PodSubnetIDs),
	})
}

// byAZ fills the per-AZ views of the subnet id lists.
func (n *Network) byAZ() {
	n.PrivateSubnets, n.PodSubnets = n.zoned(n.PrivateSubnetIDs), n.zoned(n.PodSubnetIDs)
	n.PublicSubnetIDsByAZ = n.idsByAZ(n.PublicSubnetIDs)
	n.PrivateSubnetIDsByAZ = n.idsByAZ(n.PrivateSubnetIDs)
	n.PodSubnetIDsByAZ = n.idsByAZ(n.PodSubnetIDs)
}

func (n *Network) zoned(ids []pulumi.StringOutput) []ZoneSubnet {
	out := make([]ZoneSubnet, len(ids))
	for i, s := range n.Layout.AZs {
		out[i] = ZoneSubnet{AZ: s.AZ, ID: ids[i]}
	}
	return out
}

func (n *Network) idsByAZ(ids []pulumi.StringOutput) pulumi.StringMapOutput {
	m := pulumi.StringMap{}
	for i, s := range n.Layout.AZs {
		m[s.AZ] = ids[i]
	}
	return m.ToStringMapOutput()
}

// AZNames lists the AZs in layout order.
func (n *Network) AZNames() []string {
	out := make([]string, len(n.Layout.AZs))
	for i, s := range n.Layout.AZs {
		out[i] = s.AZ
	}
	return out
}
