package network

import (
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/ec2"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	spec "github.com/emr-eks-loadtest/emr-eks-loadtest/spec/network"
)

// builder declares the network's children step by step.
type builder struct {
	ctx    *pulumi.Context
	name   string
	args   Args
	n      *Network
	parent pulumi.ResourceOption
}

func (b *builder) tags(name string) pulumi.StringMap {
	t := pulumi.StringMap{"Name": pulumi.String(name)}
	for k, v := range b.args.Tags {
		t[k] = pulumi.String(v)
	}
	return t
}

func (b *builder) vpc() error {
	vpc, err := ec2.NewVpc(b.ctx, b.name, &ec2.VpcArgs{
		CidrBlock:          pulumi.String(b.n.Layout.VPCCIDR),
		EnableDnsHostnames: pulumi.Bool(true),
		EnableDnsSupport:   pulumi.Bool(true),
		Tags:               b.tags(b.name),
	}, b.parent)
	if err != nil {
		return err
	}
	b.n.vpc, b.n.VPCID = vpc, vpc.ID().ToStringOutput()
	b.n.podCIDRAssoc, err = ec2.NewVpcIpv4CidrBlockAssociation(b.ctx, b.name+"-pods", &ec2.VpcIpv4CidrBlockAssociationArgs{
		VpcId: vpc.ID(), CidrBlock: pulumi.String(b.n.Layout.PodCIDR),
	}, b.parent)
	if err != nil {
		return err
	}
	b.n.internetGateway, err = ec2.NewInternetGateway(b.ctx, b.name, &ec2.InternetGatewayArgs{
		VpcId: vpc.ID(), Tags: b.tags(b.name),
	}, b.parent)
	if err != nil {
		return err
	}
	b.egress(b.n.internetGateway)
	return nil
}

// egress records resources the private subnets' traffic runs through.
func (b *builder) egress(rs ...pulumi.Resource) { b.n.Egress = append(b.n.Egress, rs...) }

func (b *builder) subnet(name, az, cidr, role string, public bool, opts ...pulumi.ResourceOption) (*ec2.Subnet, error) {
	return ec2.NewSubnet(b.ctx, name, &ec2.SubnetArgs{
		VpcId:               b.n.vpc.ID(),
		AvailabilityZone:    pulumi.String(az),
		CidrBlock:           pulumi.String(cidr),
		MapPublicIpOnLaunch: pulumi.Bool(public),
		Tags:                pulumi.ToStringMap(spec.SubnetTags(b.args.Tags, b.args.ClusterName, name, role)),
	}, append([]pulumi.ResourceOption{b.parent}, opts...)...)
}

func (b *builder) publicSubnets() error {
	rt, err := ec2.NewRouteTable(b.ctx, b.name+"-public", &ec2.RouteTableArgs{
		VpcId: b.n.vpc.ID(),
		Routes: ec2.RouteTableRouteArray{ec2.RouteTableRouteArgs{
			CidrBlock: pulumi.String("0.0.0.0/0"), GatewayId: b.n.internetGateway.ID(),
		}},
		Tags: b.tags(b.name + "-public"),
	}, b.parent)
	if err != nil {
		return err
	}
	b.egress(rt)
	for _, s := range b.n.Layout.AZs {
		name := b.name + "-public-" + s.AZ
		sn, err := b.subnet(name, s.AZ, s.Public, spec.RolePublic, true)
		if err != nil {
			return err
		}
		assoc, err := ec2.NewRouteTableAssociation(b.ctx, name, &ec2.RouteTableAssociationArgs{
			SubnetId: sn.ID(), RouteTableId: rt.ID(),
		}, b.parent)
		if err != nil {
			return err
		}
		b.egress(assoc)
		b.n.PublicSubnetIDs = append(b.n.PublicSubnetIDs, sn.ID().ToStringOutput())
	}
	return nil
}

// natGateways declares one NAT gateway (first AZ) or one per AZ.
func (b *builder) natGateways() error {
	count := 1
	if b.args.Config.NATGateways == spec.NATPerAZ {
		count = len(b.n.Layout.AZs)
	}
	for i := range count {
		name := b.name + "-nat-" + b.n.Layout.AZs[i].AZ
		eip, err := ec2.NewEip(b.ctx, name, &ec2.EipArgs{Domain: pulumi.String("vpc"), Tags: b.tags(name)}, b.parent)
		if err != nil {
			return err
		}
		nat, err := ec2.NewNatGateway(b.ctx, name, &ec2.NatGatewayArgs{
			AllocationId: eip.ID(), SubnetId: b.n.PublicSubnetIDs[i], Tags: b.tags(name),
		}, b.parent, pulumi.DependsOn([]pulumi.Resource{b.n.internetGateway}))
		if err != nil {
			return err
		}
		b.egress(eip, nat)
		b.n.natGatewayIDs = append(b.n.natGatewayIDs, nat.ID().ToStringOutput())
	}
	b.n.NATGatewayCount = count
	return nil
}

// privateSubnets declares the node and pod subnets of every AZ, routed
// through the AZ's NAT gateway (or the single one).
func (b *builder) privateSubnets() error {
	for i, s := range b.n.Layout.AZs {
		name := b.name + "-private-" + s.AZ
		rt, err := ec2.NewRouteTable(b.ctx, name, &ec2.RouteTableArgs{
			VpcId: b.n.vpc.ID(),
			Routes: ec2.RouteTableRouteArray{ec2.RouteTableRouteArgs{
				CidrBlock: pulumi.String("0.0.0.0/0"), NatGatewayId: b.n.natGatewayIDs[min(i, len(b.n.natGatewayIDs)-1)],
			}},
			Tags: b.tags(name),
		}, b.parent)
		if err != nil {
			return err
		}
		b.egress(rt)
		private, err := b.routedSubnet(name, s.AZ, s.Private, spec.RolePrivate, rt)
		if err != nil {
			return err
		}
		pod, err := b.routedSubnet(b.name+"-pods-"+s.AZ, s.AZ, s.Pod, spec.RolePods, rt,
			pulumi.DependsOn([]pulumi.Resource{b.n.podCIDRAssoc}))
		if err != nil {
			return err
		}
		b.n.PrivateSubnetIDs = append(b.n.PrivateSubnetIDs, private)
		b.n.PodSubnetIDs = append(b.n.PodSubnetIDs, pod)
	}
	return nil
}

func (b *builder) routedSubnet(name, az, cidr, role string, rt *ec2.RouteTable, opts ...pulumi.ResourceOption) (pulumi.StringOutput, error) {
	sn, err := b.subnet(name, az, cidr, role, false, opts...)
	if err != nil {
		return pulumi.StringOutput{}, err
	}
	assoc, err := ec2.NewRouteTableAssociation(b.ctx, name, &ec2.RouteTableAssociationArgs{
		SubnetId: sn.ID(), RouteTableId: rt.ID(),
	}, b.parent)
	if err != nil {
		return pulumi.StringOutput{}, err
	}
	b.egress(assoc)
	return sn.ID().ToStringOutput(), nil
}
