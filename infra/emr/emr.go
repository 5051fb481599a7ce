// Package emr declares EMR on EKS for the load-test cluster: the S3 bucket
// for job code, logs and results (TLS only); the job namespaces (EMR's
// access-entry integration grants itself access to them when a virtual
// cluster is created); the job execution role whose
// trust covers exactly the job namespaces; one virtual cluster per job
// namespace; and the ECR repository of the Spark benchmark image.
//
// The Kubernetes half (JobNamespaces) needs only a Kubernetes provider, so it
// can be deployed on its own to any API server (the tier-2 tests do).
//
// The configuration and the pure builders (IAM policy documents, namespace
// names) are in spec/emr; this package creates them with Pulumi.
package emr

import (
	"fmt"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/cloudwatch"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/ecr"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/emrcontainers"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/emr-eks-loadtest/emr-eks-loadtest/infra/kubeprovider"
	"github.com/emr-eks-loadtest/emr-eks-loadtest/infra/versions"
	"github.com/emr-eks-loadtest/emr-eks-loadtest/internal/validate"
	spec "github.com/emr-eks-loadtest/emr-eks-loadtest/spec/emr"
	irsaspec "github.com/emr-eks-loadtest/emr-eks-loadtest/spec/irsa"
)

// Type is the component's type token.
const Type = "emr-eks-loadtest:infra:EMR"

// ServiceLinkedRoleName is the emr-containers service-linked role. EMR
// creates it (path aws-service-role/emr-containers.amazonaws.com/) at the
// account's first CreateVirtualCluster; the stack never refers to it.
const ServiceLinkedRoleName = "AWSServiceRoleForAmazonEMRContainers"

// Args wires the component. Config is plain; the rest come from the cluster.
type Args struct {
	spec.Config
	// ExecutionRoleName is the job execution role's IAM name (the stack
	// passes spec.ExecutionRoleName of its cluster name).
	ExecutionRoleName string
	ClusterName       pulumi.StringInput
	OIDCProviderARN   pulumi.StringInput
	IssuerURL         pulumi.StringInput
	Region            pulumi.StringInput
	AccountID         pulumi.StringInput
	// SparkServiceAccounts also assume the execution role through IRSA
	// (the Spark Operator's driver service accounts).
	SparkServiceAccounts []irsaspec.ServiceAccount
	Tags                 map[string]string
}

// EMR is the declared EMR on EKS set-up.
type EMR struct {
	pulumi.ResourceState

	JobNamespaces     []string
	VirtualClusterIDs pulumi.StringMapOutput
	ExecutionRoleARN  pulumi.StringOutput
	Bucket            pulumi.StringOutput
	// BucketKeyARN is the bucket's KMS key ("" with SSE-S3): whoever
	// reads or writes the bucket needs kms:Decrypt / kms:GenerateDataKey on it.
	BucketKeyARN    pulumi.StringOutput
	ReleaseLabel    pulumi.StringOutput
	EMRImageAccount pulumi.StringOutput
	BenchmarkImage  pulumi.StringOutput
	LogGroup        pulumi.StringOutput
}

// New declares the component. The job namespaces inherit the Kubernetes
// provider the caller hands down in opts (pulumi.Providers(k8s)).
func New(ctx *pulumi.Context, name string, args Args, opts ...pulumi.ResourceOption) (*EMR, error) {
	if err := validate.Join(args.Validate(), spec.CheckRoleName(args.ExecutionRoleName)); err != nil {
		return nil, validate.Nest("emr", err)
	}
	if err := kubeprovider.Require("emr", opts); err != nil {
		return nil, err
	}
	c := &EMR{JobNamespaces: spec.NamespaceNames(args.NamespacePrefix, args.NamespaceCount)}
	if err := ctx.RegisterComponentResource(Type, name, c, opts...); err != nil {
		return nil, err
	}
	parent := pulumi.Parent(c)
	ns, err := NewJobNamespaces(ctx, name+"-ns", JobNamespacesArgs{Namespaces: c.JobNamespaces}, parent)
	if err != nil {
		return nil, fmt.Errorf("declaring job namespaces: %w", err)
	}
	if err := c.declareAWS(ctx, name, args, ns, parent); err != nil {
		return nil, err
	}
	c.ReleaseLabel = pulumi.String(args.ReleaseLabel).ToStringOutput()
	c.EMRImageAccount = args.Region.ToStringOutput().ApplyT(versions.EMRImageAccount).(pulumi.StringOutput)
	if args.ImageAccount != "" {
		c.EMRImageAccount = pulumi.String(args.ImageAccount).ToStringOutput()
	}
	return c, ctx.RegisterResourceOutputs(c, pulumi.Map{
		"virtualClusterIds": c.VirtualClusterIDs, "executionRoleArn": c.ExecutionRoleARN,
		"bucket": c.Bucket, "benchmarkImage": c.BenchmarkImage,
	})
}

func (c *EMR) declareAWS(ctx *pulumi.Context, name string, args Args, ns *JobNamespaces, parent pulumi.ResourceOption) error {
	b, err := declareBucket(ctx, name+"-bucket", args.Config, args.Region, args.Tags, parent)
	if err != nil {
		return fmt.Errorf("declaring job bucket: %w", err)
	}
	c.Bucket = b.b.Bucket
	c.BucketKeyARN = pulumi.String("").ToStringOutput()
	if b.key != nil {
		c.BucketKeyARN = b.key.Arn
	}
	logs, err := cloudwatch.NewLogGroup(ctx, name+"-jobs", &cloudwatch.LogGroupArgs{
		Name:            pulumi.Sprintf("/emr-on-eks/%s", args.ClusterName),
		RetentionInDays: pulumi.Int(args.LogRetentionDays), Tags: pulumi.ToStringMap(args.Tags),
	}, parent)
	if err != nil {
		return fmt.Errorf("declaring job log group: %w", err)
	}
	c.LogGroup = logs.Name
	role, err := declareExecutionRole(ctx, name+"-exec", args, c.JobNamespaces, b, logs, parent)
	if err != nil {
		return fmt.Errorf("declaring execution role: %w", err)
	}
	c.ExecutionRoleARN = role.Arn
	// No access entry for the emr-containers service-linked role: EKS
	// rejects entries for service-linked roles, and the role exists only
	// after the account's first CreateVirtualCluster. EMR's integration
	// with EKS cluster access management creates what it needs when each
	// virtual cluster is created (docs/security.md).
	deps := []pulumi.Resource{ns}
	if c.VirtualClusterIDs, err = declareVirtualClusters(ctx, name, args, c.JobNamespaces, deps, parent); err != nil {
		return err
	}
	c.BenchmarkImage, err = declareBenchmarkRepo(ctx, name+"-benchmark", args, parent)
	return err
}

func declareVirtualClusters(ctx *pulumi.Context, name string, args Args, namespaces []string, deps []pulumi.Resource, parent pulumi.ResourceOption) (pulumi.StringMapOutput, error) {
	ids := pulumi.StringMap{}
	for _, ns := range namespaces {
		vc, err := emrcontainers.NewVirtualCluster(ctx, name+"-"+ns, &emrcontainers.VirtualClusterArgs{
			Name: pulumi.Sprintf("%s-%s", args.ClusterName, ns),
			ContainerProvider: emrcontainers.VirtualClusterContainerProviderArgs{
				Id: args.ClusterName, Type: pulumi.String("EKS"),
				Info: emrcontainers.VirtualClusterContainerProviderInfoArgs{
					EksInfo: emrcontainers.VirtualClusterContainerProviderInfoEksInfoArgs{Namespace: pulumi.String(ns)},
				},
			},
			Tags: pulumi.ToStringMap(withTag(args.Tags, "emr-eks-loadtest/namespace", ns)),
		}, parent, pulumi.DependsOn(deps))
		if err != nil {
			return pulumi.StringMapOutput{}, fmt.Errorf("declaring virtual cluster for %s: %w", ns, err)
		}
		ids[ns] = vc.ID().ToStringOutput()
	}
	return ids.ToStringMapOutput(), nil
}

func declareBenchmarkRepo(ctx *pulumi.Context, name string, args Args, parent pulumi.ResourceOption) (pulumi.StringOutput, error) {
	// Always force-deleted: it holds only images rebuilt from this
	// repository, and a non-empty repository would stop destroy at the end.
	repo, err := ecr.NewRepository(ctx, name, &ecr.RepositoryArgs{
		ForceDelete:                pulumi.Bool(true),
		ImageScanningConfiguration: ecr.RepositoryImageScanningConfigurationArgs{ScanOnPush: pulumi.Bool(true)},
		Tags:                       pulumi.ToStringMap(args.Tags),
	}, parent)
	if err != nil {
		return pulumi.StringOutput{}, fmt.Errorf("declaring benchmark image repository: %w", err)
	}
	if args.BenchmarkImage != "" {
		return pulumi.String(args.BenchmarkImage).ToStringOutput(), nil
	}
	return pulumi.Sprintf("%s:%s", repo.RepositoryUrl, versions.BenchmarkImageTag), nil
}

func withTag(tags map[string]string, k, v string) map[string]string {
	out := map[string]string{k: v}
	for tk, tv := range tags {
		out[tk] = tv
	}
	return out
}
