package network

import (
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/emr-eks-loadtest/emr-eks-loadtest/internal/pulumimock"
	"github.com/emr-eks-loadtest/emr-eks-loadtest/internal/validate/validatetest"
	spec "github.com/emr-eks-loadtest/emr-eks-loadtest/spec/network"
)

// Every problem comes back as a *validate.FieldError naming its json
// field, which the stack maps to its key through the struct tags.
func TestConfigValidateNamesFields(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		edit  func(*spec.Config)
		field string
	}{
		{"defaults", func(*spec.Config) {}, ""},
		{"public vpc", func(c *spec.Config) { c.VPCCIDR = "8.8.0.0/16" }, "vpcCidr"},
		{"overlap", func(c *spec.Config) { c.PodCIDR = "10.0.0.0/17" }, "podCidr"},
		{"one az", func(c *spec.Config) { c.AZCount = 1 }, "azCount"},
		{"bad az", func(c *spec.Config) { c.AvailabilityZones = []string{"us-west-2a", "b"} }, "availabilityZones"},
		{"nat", func(c *spec.Config) { c.NATGateways = "none" }, "natGateways"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			c := spec.Defaults()
			tt.edit(&c)
			validatetest.WantField(t, c.Validate(), tt.field)
		})
	}
}

// The per-AZ views pair each subnet with its own AZ, in Args.AZs order:
// node groups and ENIConfigs take them instead of zipping lists.
func TestSubnetsByAZ(t *testing.T) {
	t.Parallel()
	azs := []string{"us-west-2a", "us-west-2b", "us-west-2c"}
	var n *Network
	err := pulumimock.New().Run(func(ctx *pulumi.Context) error {
		var err error
		n, err = New(ctx, "c", Args{Config: spec.Defaults(), ClusterName: "c", AZs: azs})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, list := range [][]ZoneSubnet{n.PrivateSubnets, n.PodSubnets} {
		if len(list) != len(azs) {
			t.Fatalf("%d subnets for %d AZs", len(list), len(azs))
		}
		for i, s := range list {
			if s.AZ != azs[i] || s.ID == nil {
				t.Errorf("subnet %d = %+v, want AZ %s with an id", i, s, azs[i])
			}
		}
	}
}
