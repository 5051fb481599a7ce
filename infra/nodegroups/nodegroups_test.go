package nodegroups

import (
	"slices"
	"testing"

	"github.com/emr-eks-loadtest/emr-eks-loadtest/infra/network"
	"github.com/emr-eks-loadtest/emr-eks-loadtest/internal/pulumimock"
	spec "github.com/emr-eks-loadtest/emr-eks-loadtest/spec/nodegroups"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

func deployGroups(t *testing.T, partition string) *pulumimock.Mock {
	t.Helper()
	// EKS's computed output: the group's Auto Scaling group.
	m := pulumimock.New().Outputs("aws:eks/nodeGroup:NodeGroup", func(r pulumimock.Resource) map[string]any {
		return map[string]any{"resources": []any{map[string]any{"autoscalingGroups": []any{map[string]any{"name": "eks-" + r.Name}}}}}
	})
	if err := m.Run(func(ctx *pulumi.Context) error {
		cfg := spec.Defaults()
		cfg.OpsNodeCount = 2
		_, err := New(ctx, "lt", Args{
			Config: cfg, ClusterName: "lt", Partition: partition, Subnets: []network.ZoneSubnet{
				{AZ: "us-west-2a", ID: pulumi.String("subnet-a")}, {AZ: "us-west-2b", ID: pulumi.String("subnet-b")}},
		})
		return err
	}); err != nil {
		t.Fatalf("program failed: %v", err)
	}
	return m
}

// Hop limit 1 keeps pods (not host-network) away from IMDS and so from the
// node role's credentials. No component here needs 2: the Load Balancer
// Controller is given region and VPC id, EBS CSI and every other AWS
// caller use IRSA, and the VPC CNI and kube-proxy run on the host network.
func TestLaunchTemplatesKeepPodsOffIMDS(t *testing.T) {
	lts := deployGroups(t, "aws").ByType("aws:ec2/launchTemplate:LaunchTemplate")
	if len(lts) != 3 {
		t.Fatalf("launch templates = %d, want ops + 2 app", len(lts))
	}
	for _, lt := range lts {
		if lt.Number("metadataOptions", "httpPutResponseHopLimit") != 1 || lt.String("metadataOptions", "httpTokens") != "required" {
			t.Errorf("%s metadata options = %v, want IMDSv2 with hop limit 1", lt.Name, lt.Get("metadataOptions"))
		}
	}
}

// EKS tags the Auto Scaling group of every managed node group with
// k8s.io/cluster-autoscaler/enabled and k8s.io/cluster-autoscaler/<cluster>
// itself; a second copy through aws:autoscaling/tag:Tag fights it on
// destroy and drifts. None are declared.
func TestNoRedundantClusterAutoscalerASGTags(t *testing.T) {
	if n := len(deployGroups(t, "aws").ByType("aws:autoscaling/tag:Tag")); n != 0 {
		t.Errorf("ASG tags declared = %d, want 0 (EKS tags managed groups' ASGs)", n)
	}
}

func TestNodeRoleTrustFollowsThePartition(t *testing.T) {
	for _, tc := range []struct{ partition, principal string }{
		{"aws", "ec2.amazonaws.com"}, {"aws-cn", "ec2.amazonaws.com.cn"}, {"aws-us-gov", "ec2.amazonaws.com"},
	} {
		t.Run(tc.partition, func(t *testing.T) {
			role := deployGroups(t, tc.partition).ByType("aws:iam/role:Role")[0]
			doc, err := role.JSON("assumeRolePolicy")
			if err != nil {
				t.Fatal(err)
			}
			st := doc.(map[string]any)["Statement"].([]any)[0].(map[string]any)
			got := st["Principal"].(map[string]any)["Service"].([]any)
			if !slices.Equal(got, []any{tc.principal}) {
				t.Errorf("trust principal = %v, want %s", got, tc.principal)
			}
		})
	}
}
