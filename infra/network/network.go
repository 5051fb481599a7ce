// Package network declares the VPC the cluster runs in: public, private
// and pod subnets per AZ, NAT, routes and the secondary CIDR for VPC CNI
// custom networking.
package network

import (
	"fmt"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/ec2"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// TypeToken is the component's type.
const TypeToken = "emr-eks-loadtest:infra:Network"

// Args configures the network. All fields are plain: the layout is known at
// preview time.
type Args struct {
	ClusterName string
	VPCCIDR     string
	PodCIDR     string
	// AZs are the availability zones, in order (the first holds the single NAT).
	AZs []string
	// NATPerAZ puts a NAT gateway in every AZ; false means one in the first.
	NATPerAZ bool
	Tags     map[string]string
}

// Network is the declared VPC. Subnet ids are per AZ, in Args.AZs order.
type Network struct {
	pulumi.ResourceState

	Layout           Layout
	VPCID            pulumi.StringOutput
	PublicSubnetIDs  []pulumi.StringOutput
	PrivateSubnetIDs []pulumi.StringOutput
	PodSubnetIDs     []pulumi.StringOutput
	NATGatewayCount  int
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
	layout, err := Plan(args.VPCCIDR, args.PodCIDR, args.AZs)
	if err != nil {
		return nil, fmt.Errorf("planning subnets: %w", err)
	}
	n := &Network{Layout: layout}
	if err := ctx.RegisterComponentResource(TypeToken, name, n, opts...); err != nil {
		return nil, err
	}
	b := builder{ctx: ctx, name: name, args: args, n: n, parent: pulumi.Parent(n)}
	steps := []func() error{b.vpc, b.publicSubnets, b.natGateways, b.privateSubnets}
	for _, step := range steps {
		if err := step(); err != nil {
			return nil, err
		}
	}
	return n, ctx.RegisterResourceOutputs(n, pulumi.Map{
		"vpcId":            n.VPCID,
		"publicSubnetIds":  pulumi.ToStringArrayOutput(n.PublicSubnetIDs),
		"privateSubnetIds": pulumi.ToStringArrayOutput(n.PrivateSubnetIDs),
		"podSubnetIds":     pulumi.ToStringArrayOutput(n.PodSubnetIDs),
	})
}

// SubnetIDsByAZ maps AZ -> subnet id for one of the per-AZ lists.
func (n *Network) SubnetIDsByAZ(ids []pulumi.StringOutput) pulumi.StringMapOutput {
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
