package autoscaler

import (
	"errors"
	"fmt"

	"github.com/emr-eks-loadtest/emr-eks-loadtest/infra/irsa"
	"github.com/emr-eks-loadtest/emr-eks-loadtest/infra/versions"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws"
	helmv4 "github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes/helm/v4"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// TypeToken is the component's type.
const TypeToken = "emr-eks-loadtest:infra:ClusterAutoscaler"

// Args wire the autoscaler to the cluster.
type Args struct {
	Config          Config
	ClusterName     pulumi.StringInput
	OIDCProviderARN pulumi.StringInput
	IssuerURL       pulumi.StringInput
	Tags            map[string]string
}

// ClusterAutoscaler is the role and the chart.
type ClusterAutoscaler struct {
	pulumi.ResourceState
	RoleArn pulumi.StringOutput `pulumi:"roleArn"`
}

// NewClusterAutoscaler declares the IRSA role and the chart (through k8s).
func NewClusterAutoscaler(ctx *pulumi.Context, name string, args Args, k8s pulumi.ProviderResource, opts ...pulumi.ResourceOption) (*ClusterAutoscaler, error) {
	if err := args.Config.Validate(); err != nil {
		return nil, err
	}
	if args.ClusterName == nil || args.OIDCProviderARN == nil || args.IssuerURL == nil {
		return nil, errors.New("autoscaler args: cluster name, OIDC provider ARN and issuer URL are required")
	}
	c := &ClusterAutoscaler{}
	if err := ctx.RegisterComponentResource(TypeToken, name, c, opts...); err != nil {
		return nil, fmt.Errorf("registering cluster autoscaler component: %w", err)
	}
	region, err := aws.GetRegion(ctx, nil, pulumi.Parent(c))
	if err != nil {
		return nil, fmt.Errorf("looking up the AWS region: %w", err)
	}
	cfg := args.Config
	policy := args.ClusterName.ToStringOutput().ApplyT(func(n string) (string, error) { return Policy(n).JSON() }).(pulumi.StringOutput)
	role, err := irsa.NewRole(ctx, name, irsa.RoleArgs{
		OIDCProviderARN: args.OIDCProviderARN, IssuerURL: args.IssuerURL, PolicyJSON: policy, Tags: args.Tags,
		ServiceAccounts: []irsa.ServiceAccount{{Namespace: cfg.Namespace, Name: cfg.ServiceAccount}},
	}, pulumi.Parent(c))
	if err != nil {
		return nil, fmt.Errorf("declaring cluster autoscaler role: %w", err)
	}
	values := pulumi.All(args.ClusterName, role.Arn).ApplyT(func(v []any) map[string]any {
		return HelmValues(cfg, Wired{ClusterName: v[0].(string), Region: region.Name, RoleARN: v[1].(string)})
	}).(pulumi.MapOutput)
	rel := versions.ClusterAutoscaler[cfg.KubernetesMinor]
	if _, err := helmv4.NewChart(ctx, name, &helmv4.ChartArgs{
		Chart: pulumi.String(versions.ClusterAutoscalerChartName), Version: pulumi.String(rel.ChartVersion),
		RepositoryOpts: &helmv4.RepositoryOptsArgs{Repo: pulumi.String(versions.ClusterAutoscalerChartRepo)},
		Namespace:      pulumi.String(cfg.Namespace), Values: values,
	}, pulumi.Parent(c), pulumi.Provider(k8s), pulumi.DependsOn([]pulumi.Resource{role})); err != nil {
		return nil, fmt.Errorf("declaring cluster autoscaler chart: %w", err)
	}
	c.RoleArn = role.Arn
	return c, ctx.RegisterResourceOutputs(c, pulumi.Map{"roleArn": c.RoleArn})
}
