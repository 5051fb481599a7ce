package karpenter

import (
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/emr-eks-loadtest/emr-eks-loadtest/infra/kubeprovider"
	"github.com/emr-eks-loadtest/emr-eks-loadtest/infra/placement"
	"github.com/emr-eks-loadtest/emr-eks-loadtest/infra/versions"
	"github.com/emr-eks-loadtest/emr-eks-loadtest/internal/golden"
	"github.com/emr-eks-loadtest/emr-eks-loadtest/internal/pulumimock"
	spec "github.com/emr-eks-loadtest/emr-eks-loadtest/spec/karpenter"
	"github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// testParams and testConfig are spec/karpenter's test values (its
// builders_test.go), which the goldens here were made with.
var testParams = spec.PolicyParams{
	Partition: "aws", Region: "us-west-2", AccountID: "123456789012", ClusterName: "loadtest",
	QueueARN:    "arn:aws:sqs:us-west-2:123456789012:loadtest-interruption",
	NodeRoleARN: "arn:aws:iam::123456789012:role/loadtest-karpenter-node",
}

func testConfig() spec.Config {
	c := spec.Defaults(versions.KarpenterAMIAlias)
	c.ExecutorSpot = true
	c.Zones = []string{"us-west-2a", "us-west-2b"}
	c.Placement.NodeSelector = map[string]string{"emr-eks-loadtest/role": "operational"}
	c.Placement.Tolerations = []placement.Toleration{{Key: "operational", Operator: "Exists", Effect: "NoSchedule"}}
	return c
}

// deployUnderMocks runs the component under a mock that records every
// resource, answers the partition / region / account invokes and fails
// every other invoke.
func deployUnderMocks(t *testing.T) *pulumimock.Mock {
	t.Helper()
	m := pulumimock.New().
		Invoke(pulumimock.InvokePartition, pulumimock.Constant(map[string]any{"partition": "aws"})).
		Invoke(pulumimock.InvokeRegion, pulumimock.Constant(map[string]any{"name": "us-west-2"})).
		Invoke(pulumimock.InvokeCallerIdentity, pulumimock.Constant(map[string]any{"accountId": "123456789012"})).
		// Stand-ins for provider-computed outputs the component wires onwards.
		CommonOutputs(func(r pulumimock.Resource) map[string]any {
			return map[string]any{"arn": "arn:aws:mock:::" + r.Name, "name": r.Name, "url": "https://sqs.mock/" + r.Name}
		})
	if err := m.Run(func(ctx *pulumi.Context) error {
		p, err := kubernetes.NewProvider(ctx, "k8s", &kubernetes.ProviderArgs{})
		if err != nil {
			return err
		}
		_, err = New(ctx, "karpenter", testArgs(), pulumi.Providers(p))
		return err
	}); err != nil {
		t.Fatalf("program: %v", err)
	}
	return m
}

func testArgs() Args {
	return Args{
		Config: testConfig(), ClusterName: pulumi.String("loadtest"),
		ClusterEndpoint:     pulumi.String("https://ABC.gr7.us-west-2.eks.amazonaws.com"),
		OIDCProviderARN:     pulumi.String("arn:aws:iam::123456789012:oidc-provider/oidc.eks.us-west-2.amazonaws.com/id/ABC"),
		IssuerURL:           pulumi.String("https://oidc.eks.us-west-2.amazonaws.com/id/ABC"),
		NodeSecurityGroupID: pulumi.String("sg-nodes"),
	}
}

// Every Kubernetes object (the chart, the node class and pools) is
// declared with the provider handed down in New's options, none with the
// default provider; New without one is refused.
func TestKubernetesChildrenInheritTheProvider(t *testing.T) {
	r := deployUnderMocks(t)
	n := 0
	for _, res := range r.Resources() {
		if strings.HasPrefix(res.Type, "kubernetes:") {
			n++
			if res.ProviderName() != "k8s" {
				t.Errorf("%s %s: provider %q, want k8s", res.Type, res.Name, res.Provider)
			}
		}
	}
	if n != 4 {
		t.Errorf("%d Kubernetes resources, want 4 (chart, node class, 2 pools)", n)
	}
	err := pulumimock.New().Run(func(ctx *pulumi.Context) error {
		_, err := New(ctx, "karpenter", testArgs())
		return err
	})
	if !errors.Is(err, kubeprovider.ErrMissing) {
		t.Errorf("New without a Kubernetes provider: %v, want ErrMissing", err)
	}
}

func TestKarpenterUnderMocks(t *testing.T) {
	r := deployUnderMocks(t)
	counts := map[string]int{
		"aws:sqs/queue:Queue": 1, "aws:sqs/queuePolicy:QueuePolicy": 1,
		"aws:cloudwatch/eventRule:EventRule": 4, "aws:cloudwatch/eventTarget:EventTarget": 4,
		"aws:eks/accessEntry:AccessEntry": 1, "aws:ec2/tag:Tag": 1,
		"kubernetes:helm.sh/v4:Chart": 1, "kubernetes:karpenter.sh/v1:NodePool": 2,
		"kubernetes:karpenter.k8s.aws/v1:EC2NodeClass": 1, "aws:iam/role:Role": 2,
	}
	for typ, n := range counts {
		if got := len(r.ByType(typ)); got != n {
			t.Errorf("%d × %s, want %d", got, typ, n)
		}
	}
	entry := r.Find(t, "aws:eks/accessEntry:AccessEntry", "karpenter-node")
	if entry.Inputs["type"].StringValue() != "EC2_LINUX" {
		t.Errorf("access entry type %v", entry.Inputs["type"])
	}
	for _, tag := range r.ByType("aws:ec2/tag:Tag") {
		if tag.Inputs["key"].StringValue() != spec.DiscoveryTag || tag.Inputs["value"].StringValue() != "loadtest" {
			t.Errorf("discovery tag %s = %v", tag.Name, tag.Inputs)
		}
	}
	chart := r.Find(t, "kubernetes:helm.sh/v4:Chart", "karpenter")
	golden.AssertJSONFile(t, "chart-inputs.golden.json", chart.Inputs.Mappable())
	policy := r.Find(t, "aws:iam/rolePolicy:RolePolicy", "karpenter-controller")
	want := testParams
	want.QueueARN, want.NodeRoleARN = "arn:aws:mock:::karpenter-interruption", "arn:aws:mock:::karpenter-node"
	if got := policy.Inputs["policy"].StringValue(); got != spec.ControllerPolicy(want).MustJSON() {
		t.Errorf("controller policy differs from ControllerPolicy(params):\n%s", got)
	}
}

// TestDestroyOrdering checks the dependency edges that make destroy
// delete the node pools (and let Karpenter drain their nodes) before the
// controller's chart, role, policy, queue and the node role go.
func TestDestroyOrdering(t *testing.T) {
	r := deployUnderMocks(t)
	pools := r.Find(t, NodeObjectsType, "karpenter-pools")
	for _, must := range []struct{ typ, name string }{
		{"kubernetes:helm.sh/v4:Chart", "karpenter"},
		{"aws:iam/role:Role", "karpenter-controller"},
		{"aws:iam/rolePolicy:RolePolicy", "karpenter-controller"},
		{"aws:sqs/queue:Queue", "karpenter-interruption"},
		{"aws:iam/role:Role", "karpenter-node"},
		{"aws:eks/accessEntry:AccessEntry", "karpenter-node"},
	} {
		if !slices.ContainsFunc(pools.DependsOn, func(urn string) bool {
			return strings.HasSuffix(urn, "::"+must.name) && strings.Contains(urn, must.typ)
		}) {
			t.Errorf("node pools do not depend on %s %s; deps: %v", must.typ, must.name, pools.DependsOn)
		}
	}
	for _, np := range r.ByType("kubernetes:karpenter.sh/v1:NodePool") {
		if !slices.ContainsFunc(np.DependsOn, func(urn string) bool { return strings.Contains(urn, "EC2NodeClass") }) {
			t.Errorf("NodePool %s does not depend on the EC2NodeClass", np.Name)
		}
		if !strings.Contains(np.Parent, NodeObjectsType) {
			t.Errorf("NodePool %s parent %s", np.Name, np.Parent)
		}
	}
}
