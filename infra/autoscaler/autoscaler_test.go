package autoscaler

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"github.com/emr-eks-loadtest/emr-eks-loadtest/infra/placement"

	"github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/emr-eks-loadtest/emr-eks-loadtest/internal/golden"
	"github.com/emr-eks-loadtest/emr-eks-loadtest/internal/pulumimock"
	"github.com/emr-eks-loadtest/emr-eks-loadtest/internal/validate"
	spec "github.com/emr-eks-loadtest/emr-eks-loadtest/spec/autoscaler"
)

// newMock records every resource, answers the partition / region / account
// invokes and fails every other invoke.
func newMock() *pulumimock.Mock {
	return pulumimock.New().
		Invoke(pulumimock.InvokePartition, pulumimock.Constant(map[string]any{"partition": "aws"})).
		Invoke(pulumimock.InvokeRegion, pulumimock.Constant(map[string]any{"name": "us-west-2"})).
		Invoke(pulumimock.InvokeCallerIdentity, pulumimock.Constant(map[string]any{"accountId": "123456789012"})).
		// Stand-ins for provider-computed outputs the component wires onwards.
		CommonOutputs(func(r pulumimock.Resource) map[string]any {
			return map[string]any{"arn": "arn:aws:mock:::" + r.Name, "name": r.Name, "url": "https://sqs.mock/" + r.Name}
		})
}

func TestPolicyGoldenAndScoping(t *testing.T) {
	t.Parallel()
	doc := spec.Policy("loadtest")
	b, err := json.MarshalIndent(doc, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	golden.AssertFile(t, "policy.json.golden", append(b, '\n'))
	if w := doc.WildcardActions(); len(w) != 0 {
		t.Errorf("wildcard actions %v", w)
	}
	for _, s := range doc.Statement {
		for _, a := range s.Action {
			if strings.HasPrefix(a, "autoscaling:SetDesired") || strings.HasPrefix(a, "autoscaling:Terminate") {
				if s.Condition["StringEquals"]["aws:ResourceTag/k8s.io/cluster-autoscaler/loadtest"] != "owned" {
					t.Errorf("%s not conditioned on this cluster's tag: %+v", a, s.Condition)
				}
			}
		}
	}
	if tags := spec.DiscoveryTags("loadtest"); tags["k8s.io/cluster-autoscaler/loadtest"] != "owned" || tags[spec.TagEnabled] != "true" {
		t.Errorf("DiscoveryTags = %v", tags)
	}
}

func TestValidate(t *testing.T) {
	t.Parallel()
	c := spec.Defaults()
	if err := c.Validate(); err != nil {
		t.Fatalf("defaults: %v", err)
	}
	c.Burst, c.UtilizationThreshold, c.Expander, c.KubernetesMinor = 1, "1.5", "cheapest", "1.29"
	err := c.Validate()
	var got []string
	for _, fe := range validate.Fields(err) {
		got = append(got, fe.Field)
	}
	if want := []string{"burst", "utilizationThreshold", "expander", "kubernetesMinor"}; !slices.Equal(got, want) {
		t.Errorf("Validate() = %v: fields %v, want %v", err, got, want)
	}
}

func TestChartUnderMocks(t *testing.T) {
	cfg := spec.Defaults()
	cfg.Placement.NodeSelector = map[string]string{"emr-eks-loadtest/role": "operational"}
	cfg.Placement.Tolerations = []placement.Toleration{{Key: "operational", Operator: "Exists", Effect: "NoSchedule"}}
	r := newMock()
	if err := r.Run(func(ctx *pulumi.Context) error {
		p, err := kubernetes.NewProvider(ctx, "k8s", &kubernetes.ProviderArgs{})
		if err != nil {
			return err
		}
		_, err = New(ctx, "cluster-autoscaler", Args{
			Config: cfg, ClusterName: pulumi.String("loadtest"),
			OIDCProviderARN: pulumi.String("arn:aws:iam::123456789012:oidc-provider/oidc.eks.us-west-2.amazonaws.com/id/ABC"),
			IssuerURL:       pulumi.String("https://oidc.eks.us-west-2.amazonaws.com/id/ABC"),
		}, pulumi.Providers(p))
		return err
	}); err != nil {
		t.Fatalf("program: %v", err)
	}
	chart := r.Find(t, "kubernetes:helm.sh/v4:Chart", "cluster-autoscaler")
	golden.AssertJSONFile(t, "chart-inputs.golden.json", chart.Inputs.Mappable())
	v := chart.Inputs["values"].ObjectValue()
	if got := v["autoDiscovery"].ObjectValue()["clusterName"].StringValue(); got != "loadtest" {
		t.Errorf("autoDiscovery.clusterName = %q, want the real cluster name", got)
	}
	args := v["extraArgs"].ObjectValue()
	if args["kube-client-qps"].NumberValue() != 300 || args["kube-client-burst"].NumberValue() != 400 {
		t.Errorf("extraArgs qps/burst = %v", args)
	}
	if !strings.Contains(chart.Provider, "k8s") {
		t.Errorf("chart provider %q", chart.Provider)
	}
	policy := r.Find(t, "aws:iam/rolePolicy:RolePolicy", "cluster-autoscaler")
	if got := policy.Inputs["policy"].StringValue(); got != spec.Policy("loadtest").MustJSON() {
		t.Errorf("role policy differs from Policy(cluster):\n%s", got)
	}
}
