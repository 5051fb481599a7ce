// Package karpenter declares Karpenter for the Spark load test with Pulumi:
// the controller's IAM (IRSA), the node role and its EKS access entry, the
// SQS interruption queue fed by EventBridge, discovery tags, the Helm
// chart, and the EC2NodeClass plus the spark-driver and spark-executor
// NodePools. Its configuration and every document it deploys (IAM
// policies, event patterns, Helm values, NodePools) are pure functions in
// spec/karpenter; the Kubernetes objects are also rehearsed here against
// the real CRDs on a real API server.
package karpenter

import (
	"errors"
	"fmt"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/iam"
	helmv4 "github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes/helm/v4"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/emr-eks-loadtest/emr-eks-loadtest/infra/irsa"
	"github.com/emr-eks-loadtest/emr-eks-loadtest/infra/kubeprovider"
	"github.com/emr-eks-loadtest/emr-eks-loadtest/infra/versions"
	irsaspec "github.com/emr-eks-loadtest/emr-eks-loadtest/spec/irsa"
	spec "github.com/emr-eks-loadtest/emr-eks-loadtest/spec/karpenter"
)

// Type is the component's type token.
const Type = "emr-eks-loadtest:infra:Karpenter"

// Args wire Karpenter to the cluster and network.
type Args struct {
	Config      spec.Config
	ClusterName pulumi.StringInput
	// ClusterEndpoint is optional (nil: Karpenter discovers it).
	ClusterEndpoint pulumi.StringInput
	OIDCProviderARN pulumi.StringInput
	IssuerURL       pulumi.StringInput
	// NodeSecurityGroupID gets the discovery tag; the subnets already carry
	// it from the network component.
	NodeSecurityGroupID pulumi.StringInput
	// Chart is the chart reference: empty for the pinned OCI chart, or a
	// local chart directory.
	Chart string
	Tags  map[string]string
}

// Karpenter is the controller, its AWS resources and the node pools.
type Karpenter struct {
	pulumi.ResourceState
	ControllerRoleArn pulumi.StringOutput      `pulumi:"controllerRoleArn"`
	NodeRoleArn       pulumi.StringOutput      `pulumi:"nodeRoleArn"`
	QueueName         pulumi.StringOutput      `pulumi:"queueName"`
	NodePoolNames     pulumi.StringArrayOutput `pulumi:"nodePoolNames"`
}

func (a Args) validate() error {
	errs := []error{a.Config.Validate()}
	if a.ClusterName == nil || a.OIDCProviderARN == nil || a.IssuerURL == nil || a.NodeSecurityGroupID == nil {
		errs = append(errs, errors.New("karpenter args: cluster name, OIDC provider ARN, issuer URL and node security group are required"))
	}
	return errors.Join(errs...)
}

// New declares everything. AWS resources use the ambient AWS provider; the
// chart and node pools inherit the Kubernetes provider the caller hands
// down in opts (pulumi.Providers(k8s)).
func New(ctx *pulumi.Context, name string, args Args, opts ...pulumi.ResourceOption) (*Karpenter, error) {
	if err := errors.Join(args.validate(), kubeprovider.Require("karpenter", opts)); err != nil {
		return nil, err
	}
	k := &Karpenter{}
	if err := ctx.RegisterComponentResource(Type, name, k, opts...); err != nil {
		return nil, fmt.Errorf("registering karpenter component: %w", err)
	}
	base, err := lookupAccount(ctx, k)
	if err != nil {
		return nil, err
	}
	parent := []pulumi.ResourceOption{pulumi.Parent(k)}
	queue, keep, err := declareQueue(ctx, name, args.Tags, parent)
	if err != nil {
		return nil, err
	}
	nodeRole, nodeKeep, err := declareNodeRole(ctx, name, base.Partition, args, parent)
	if err != nil {
		return nil, err
	}
	tags, err := declareDiscoveryTags(ctx, name, args, parent)
	if err != nil {
		return nil, err
	}
	ctrl, ctrlKeep, err := declareController(ctx, name, base, args, queue.Arn, nodeRole.Arn, parent)
	if err != nil {
		return nil, err
	}
	keep = append(append(append(keep, nodeKeep...), tags...), ctrlKeep...)
	chart, err := declareChart(ctx, name, args, queue.Name, ctrl.Arn, append(parent, pulumi.DependsOn(keep)))
	if err != nil {
		return nil, err
	}
	pools, err := NewNodeObjects(ctx, name+"-pools", NodeObjectsArgs{
		Config: args.Config, ClusterName: args.ClusterName, NodeRoleName: nodeRole.Name,
	}, pulumi.Parent(k), pulumi.DependsOn(append(keep, chart)))
	if err != nil {
		return nil, err
	}
	k.ControllerRoleArn, k.NodeRoleArn, k.QueueName, k.NodePoolNames = ctrl.Arn, nodeRole.Arn, queue.Name, pools.NodePoolNames
	return k, ctx.RegisterResourceOutputs(k, pulumi.Map{
		"controllerRoleArn": k.ControllerRoleArn, "nodeRoleArn": k.NodeRoleArn,
		"queueName": k.QueueName, "nodePoolNames": k.NodePoolNames,
	})
}

func lookupAccount(ctx *pulumi.Context, parent pulumi.Resource) (spec.PolicyParams, error) {
	opt := pulumi.Parent(parent)
	part, err := aws.GetPartition(ctx, nil, opt)
	if err != nil {
		return spec.PolicyParams{}, fmt.Errorf("looking up the AWS partition: %w", err)
	}
	region, err := aws.GetRegion(ctx, nil, opt)
	if err != nil {
		return spec.PolicyParams{}, fmt.Errorf("looking up the AWS region: %w", err)
	}
	id, err := aws.GetCallerIdentity(ctx, nil, opt)
	if err != nil {
		return spec.PolicyParams{}, fmt.Errorf("looking up the AWS account: %w", err)
	}
	return spec.PolicyParams{Partition: part.Partition, Region: region.Name, AccountID: id.AccountId}, nil
}

// declareController declares the IRSA role of kube-system:karpenter and its
// inline policy (declared here, not by irsa.NewRole, so that the node pools
// can depend on it and it outlives them on destroy).
func declareController(ctx *pulumi.Context, name string, base spec.PolicyParams, args Args, queueARN, nodeRoleARN pulumi.StringInput, opts []pulumi.ResourceOption) (*iam.Role, []pulumi.Resource, error) {
	role, err := irsa.NewRole(ctx, name+"-controller", irsa.RoleArgs{
		OIDCProviderARN: args.OIDCProviderARN, IssuerURL: args.IssuerURL,
		ServiceAccounts: []irsaspec.ServiceAccount{{Namespace: args.Config.Namespace, Name: args.Config.ServiceAccount}},
		Tags:            args.Tags,
	}, opts...)
	if err != nil {
		return nil, nil, fmt.Errorf("declaring karpenter controller role: %w", err)
	}
	policy, err := iam.NewRolePolicy(ctx, name+"-controller", &iam.RolePolicyArgs{
		Role: role.Name, Policy: policyJSON(base, args.ClusterName, queueARN, nodeRoleARN),
	}, opts...)
	if err != nil {
		return nil, nil, fmt.Errorf("declaring karpenter controller policy: %w", err)
	}
	return role, []pulumi.Resource{role, policy}, nil
}

func declareChart(ctx *pulumi.Context, name string, args Args, queueName, roleARN pulumi.StringOutput, opts []pulumi.ResourceOption) (*helmv4.Chart, error) {
	cfg := args.Config
	endpoint := args.ClusterEndpoint
	if endpoint == nil {
		endpoint = pulumi.String("")
	}
	values := pulumi.All(args.ClusterName, endpoint, queueName, roleARN).ApplyT(func(v []any) map[string]any {
		return spec.HelmValues(cfg, spec.Wired{ClusterName: v[0].(string), ClusterEndpoint: v[1].(string), QueueName: v[2].(string), ControllerRoleARN: v[3].(string)})
	}).(pulumi.MapOutput)
	ref, version := ChartRef(args.Chart)
	c, err := helmv4.NewChart(ctx, name, &helmv4.ChartArgs{
		Chart: pulumi.String(ref), Version: version, Namespace: pulumi.String(cfg.Namespace), Values: values,
	}, opts...)
	if err != nil {
		return nil, fmt.Errorf("declaring karpenter chart: %w", err)
	}
	return c, nil
}

// ChartRef is the chart to install: the pinned OCI chart, or a local
// directory (whose own version is used).
func ChartRef(local string) (string, pulumi.StringPtrInput) {
	if local != "" {
		return local, nil
	}
	return versions.KarpenterChart, pulumi.String(versions.KarpenterChartVersion)
}
