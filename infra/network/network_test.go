package network

import (
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/emr-eks-loadtest/emr-eks-loadtest/internal/pulumimock"
	spec "github.com/emr-eks-loadtest/emr-eks-loadtest/spec/network"
)

// TestEgressListsEveryRoutingResource: Egress is what the cluster depends
// on so that destroy removes routing last; a routing resource missing from
// it could be deleted while Karpenter still needs it.
func TestEgressListsEveryRoutingResource(t *testing.T) {
	t.Parallel()
	for _, nat := range []string{spec.NATSingle, spec.NATPerAZ} {
		perAZ := nat == spec.NATPerAZ
		m := pulumimock.New()
		var n *Network
		err := m.Run(func(ctx *pulumi.Context) error {
			var err error
			n, err = New(ctx, "c", Args{Config: withNAT(nat), ClusterName: "c",
				AZs: []string{"us-west-2a", "us-west-2b", "us-west-2c"}})
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		want := 0
		for _, typ := range []string{"aws:ec2/natGateway:NatGateway", "aws:ec2/eip:Eip", "aws:ec2/routeTable:RouteTable",
			"aws:ec2/routeTableAssociation:RouteTableAssociation", "aws:ec2/internetGateway:InternetGateway"} {
			got := len(m.ByType(typ))
			if got == 0 {
				t.Fatalf("perAZ=%v: no %s declared", perAZ, typ)
			}
			want += got
		}
		if len(n.Egress) != want {
			t.Errorf("perAZ=%v: Egress has %d resources, the network declares %d routing resources", perAZ, len(n.Egress), want)
		}
	}
}

func withNAT(nat string) spec.Config {
	c := spec.Defaults()
	c.NATGateways = nat
	return c
}
