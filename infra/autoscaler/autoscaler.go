// Package autoscaler declares Cluster Autoscaler with Pulumi: its IRSA
// role and the Helm chart of the cluster's minor version. Its
// configuration, policy, discovery tags and Helm values are in
// spec/autoscaler.
package autoscaler

import (
	"errors"
	"fmt"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws"
	helmv4 "github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes/helm/v4"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/emr-eks-loadtest/emr-eks-loadtest/infra/irsa"
	"github.com/emr-eks-loadtest/emr-eks-loadtest/infra/kubeprovider"
	"github.com/emr-eks-loadtest/emr-eks-loadtest/infra/versions"
	spec "github.com/emr-eks-loadtest/emr-eks-loadtest/spec/autoscaler"
	irsaspec "github.com/emr-eks-loadtest/emr-eks-loadtest/spec/irsa"
)

// Type is the component's type token.
const Type = "emr-eks-loadtest:infra:ClusterAutoscaler"

// Args wire the autoscaler to the cluster.
type Args struct {
	Config          spec.Config
	ClusterName     pulumi.StringInput
	OIDCProviderARN pulumi.StringInput
	IssuerURL       pulumi.StringInput
	// ChartPath is a local chart folder to install instead of the pinned
	// registry chart (tests render the real chart from its Go module).
	ChartPath string
	Tags      map[string]string
}

// ReleaseName is the Helm release. Each stack has its own cluster, so it
// need not carry the cluster name: "<clusterName>-cluster-autoscaler"
// passed Helm's 53 characters only for cluster names up to 34 (config
// allowed 40 when this was found). Containing the chart name, it is also
// the chart's fullname (the Deployment's name).
const ReleaseName = "cluster-autoscaler"

// ClusterAutoscaler is the role and the chart.
type ClusterAutoscaler struct {
	pulumi.ResourceState
	RoleArn pulumi.StringOutput `pulumi:"roleArn"`
}

// New declares the IRSA role and the chart; the chart inherits the
// Kubernetes provider the caller hands down in opts (pulumi.Providers(k8s)).
func New(ctx *pulumi.Context, name string, args Args, opts ...pulumi.ResourceOption) (*ClusterAutoscaler, error) {
	if err := errors.Join(args.Config.Validate(), kubeprovider.Require("cluster autoscaler", opts)); err != nil {
		return nil, err
	}
	if args.ClusterName == nil || args.OIDCProviderARN == nil || args.IssuerURL == nil {
		return nil, errors.New("autoscaler args: cluster name, OIDC provider ARN and issuer URL are required")
	}
	c := &ClusterAutoscaler{}
	if err := ctx.RegisterComponentResource(Type, name, c, opts...); err != nil {
		return nil, fmt.Errorf("registering cluster autoscaler component: %w", err)
	}
	region, err := aws.GetRegion(ctx, nil, pulumi.Parent(c))
	if err != nil {
		return nil, fmt.Errorf("looking up the AWS region: %w", err)
	}
	cfg := args.Config
	policy := args.ClusterName.ToStringOutput().ApplyT(func(n string) (string, error) { return spec.Policy(n).JSON() }).(pulumi.StringOutput)
	role, err := irsa.NewRole(ctx, name, irsa.RoleArgs{
		OIDCProviderARN: args.OIDCProviderARN, IssuerURL: args.IssuerURL, PolicyJSON: policy, Tags: args.Tags,
		ServiceAccounts: []irsaspec.ServiceAccount{{Namespace: cfg.Namespace, Name: cfg.ServiceAccount}},
	}, pulumi.Parent(c))
	if err != nil {
		return nil, fmt.Errorf("declaring cluster autoscaler role: %w", err)
	}
	values := pulumi.All(args.ClusterName, role.Arn).ApplyT(func(v []any) map[string]any {
		return spec.HelmValues(cfg, spec.Wired{ClusterName: v[0].(string), Region: region.Name, RoleARN: v[1].(string)})
	}).(pulumi.MapOutput)
	if err := declareChart(ctx, name, cfg, args.ChartPath, values,
		pulumi.Parent(c), pulumi.DependsOn([]pulumi.Resource{role})); err != nil {
		return nil, err
	}
	c.RoleArn = role.Arn
	return c, ctx.RegisterResourceOutputs(c, pulumi.Map{"roleArn": c.RoleArn})
}

// declareChart declares the chart as release ReleaseName in
// cfg.Namespace: the pinned chart of cfg.KubernetesMinor, or the local
// folder path when set. opts carry the parent, whose Kubernetes provider
// the chart inherits.
func declareChart(ctx *pulumi.Context, name string, cfg spec.Config, path string, values pulumi.MapInput, opts ...pulumi.ResourceOption) error {
	args := &helmv4.ChartArgs{Name: pulumi.String(ReleaseName), Namespace: pulumi.String(cfg.Namespace), Values: values}
	if path != "" {
		args.Chart = pulumi.String(path)
	} else {
		rel := versions.ClusterAutoscaler[cfg.KubernetesMinor]
		args.Chart, args.Version = pulumi.String(versions.ClusterAutoscalerChartName), pulumi.String(rel.ChartVersion)
		args.RepositoryOpts = &helmv4.RepositoryOptsArgs{Repo: pulumi.String(versions.ClusterAutoscalerChartRepo)}
	}
	if _, err := helmv4.NewChart(ctx, name, args, opts...); err != nil {
		return fmt.Errorf("declaring cluster autoscaler chart: %w", err)
	}
	return nil
}
