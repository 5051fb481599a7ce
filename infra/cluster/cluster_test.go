package cluster

import (
	"slices"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/emr-eks-loadtest/emr-eks-loadtest/internal/pulumimock"
	spec "github.com/emr-eks-loadtest/emr-eks-loadtest/spec/cluster"
)

const (
	tEKS      = "eks:index:Cluster"
	tLogGroup = "aws:cloudwatch/logGroup:LogGroup"
	tMarker   = "test:index:Route"
)

type route struct{ pulumi.CustomResourceState }

// run declares the cluster with edit applied to default args, and a
// stand-in network resource the cluster must depend on.
func run(t *testing.T, edit func(*Args)) *pulumimock.Mock {
	t.Helper()
	m := pulumimock.New(pulumimock.WithAWS("us-west-2", "123456789012"))
	err := m.Run(func(ctx *pulumi.Context) error {
		r := &route{}
		if err := ctx.RegisterResource(tMarker, "nat-route", pulumi.Map{}, r); err != nil {
			return err
		}
		cfg := spec.Defaults()
		cfg.PublicAccessCIDRs, cfg.LogTypes, cfg.LogRetentionDays = []string{"203.0.113.0/24"}, []string{"api"}, 14
		args := Args{
			Config: cfg, Name: "demo", Partition: "aws", VPCID: pulumi.String("vpc-1"),
			PrivateSubnetIDs: pulumi.ToStringArray([]string{"s1", "s2"}), PublicSubnetIDs: pulumi.ToStringArray([]string{"p1", "p2"}),
			Network: []pulumi.Resource{r},
		}
		if edit != nil {
			edit(&args)
		}
		_, err := New(ctx, "demo", args)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// TestPublicAccessCIDRsOnlyWithPublicEndpoint: pulumi-eks v3.9.1
// (nodejs/eks/cluster/cluster.ts) throws "publicAccessCidrs can only be
// set when endpointPublicAccess is true" whenever the field is set at all
// (an empty list included) on a private-only cluster.
func TestPublicAccessCIDRsOnlyWithPublicEndpoint(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		public bool
		want   bool
	}{{"public", true, true}, {"private only", false, false}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			m := run(t, func(a *Args) {
				a.Config.EndpointPublicAccess = tt.public
				if !tt.public { // an empty list, which pulumi-eks rejects too
					a.Config.PublicAccessCIDRs = []string{}
				}
			})
			eks := m.Find(t, tEKS, "demo")
			_, has := eks.Inputs["publicAccessCidrs"]
			if has != tt.want {
				t.Errorf("publicAccessCidrs passed = %v, want %v (inputs %v)", has, tt.want, eks.Inputs["publicAccessCidrs"])
			}
		})
	}
}

// TestControlPlaneLogGroupBeforeCluster: the stack owns
// /aws/eks/<name>/cluster with a retention, and the cluster waits for it
// (else EKS creates it first, with no retention, and destroy leaves it).
func TestControlPlaneLogGroupBeforeCluster(t *testing.T) {
	t.Parallel()
	m := run(t, nil)
	groups := m.ByType(tLogGroup)
	if len(groups) != 1 {
		t.Fatalf("%d log groups, want 1", len(groups))
	}
	g := groups[0]
	if g.String("name") != "/aws/eks/demo/cluster" || g.Number("retentionInDays") != 14 {
		t.Errorf("log group %q retention %v, want /aws/eks/demo/cluster, 14", g.String("name"), g.Number("retentionInDays"))
	}
	eks := m.Find(t, tEKS, "demo")
	if !m.Graph().DependsOn(eks.URN, g.URN) {
		t.Errorf("the cluster does not depend on the log group; deps %v", eks.DependsOn)
	}
}

// TestClusterDependsOnNetwork: the control plane (and through it every
// node group and Kubernetes object) depends on the network's egress.
func TestClusterDependsOnNetwork(t *testing.T) {
	t.Parallel()
	m := run(t, nil)
	eks := m.Find(t, tEKS, "demo")
	route := m.Find(t, tMarker, "nat-route")
	if !slices.Contains(eks.DependsOn, route.URN) {
		t.Errorf("eks cluster dependencies %v lack the network's %s", eks.DependsOn, route.URN)
	}
	prov := m.Find(t, "pulumi:providers:kubernetes", "demo")
	if !m.Graph().DependsOn(prov.URN, route.URN) {
		t.Errorf("the kubernetes provider does not depend on the network: objects it manages could outlive egress")
	}
}
