// Package loadgenapp declares the in-cluster load generator, the
// replacement for the old toolkit's Locust operator: an ECR repository for
// its image (built from this repository with ko), an IRSA role limited to
// the job-run actions on this stack's virtual clusters and a results prefix
// of the bucket, a ServiceAccount whose RBAC reaches only the job
// namespaces, ConfigMaps with the stack outputs and the job template, and an
// Indexed Job of N workers that runs `loadgen run` and copies each worker's
// results to the bucket.
//
// The Kubernetes half (Kube) needs only a Kubernetes provider and plain or
// Pulumi inputs, so it can be deployed on its own to any API server.
//
// The configuration and the pure builders (worker command line, IAM policy,
// RBAC rules, outputs document, job template) are in spec/loadgenapp; this
// package creates them with Pulumi.
package loadgenapp

import (
	"fmt"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/ecr"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/emr-eks-loadtest/emr-eks-loadtest/infra/irsa"
	"github.com/emr-eks-loadtest/emr-eks-loadtest/infra/kubeprovider"
	"github.com/emr-eks-loadtest/emr-eks-loadtest/infra/versions"
	"github.com/emr-eks-loadtest/emr-eks-loadtest/internal/validate"
	"github.com/emr-eks-loadtest/emr-eks-loadtest/spec/emr"
	irsaspec "github.com/emr-eks-loadtest/emr-eks-loadtest/spec/irsa"
	spec "github.com/emr-eks-loadtest/emr-eks-loadtest/spec/loadgenapp"
)

// Type is the component's type token.
const Type = "emr-eks-loadtest:infra:LoadgenApp"

// Args wires the component: plain Config, the rest from other components.
type Args struct {
	spec.Config
	// TemplateRoot is the directory loadgenApp.template is resolved in
	// (the repository root, the Pulumi program's working directory).
	TemplateRoot string

	ClusterName, Region, AccountID pulumi.StringInput
	OIDCProviderARN, IssuerURL     pulumi.StringInput
	AvailabilityZones              pulumi.StringArrayInput

	// From the emr and sparkoperator components.
	JobNamespaces            []string
	VirtualClusterIDs        pulumi.StringMapInput
	ExecutionRoleARN, Bucket pulumi.StringInput
	// BucketKeyARN is the bucket's KMS key ARN ("" or nil for SSE-S3).
	BucketKeyARN                  pulumi.StringInput
	ReleaseLabel, EMRImageAccount pulumi.StringInput
	BenchmarkImage                pulumi.StringInput
	SparkOperatorMode             pulumi.StringInput
	SparkOperatorNamespaces       []string

	Tags map[string]string
}

// LoadgenApp is the declared in-cluster load generator.
type LoadgenApp struct {
	pulumi.ResourceState

	Repository pulumi.StringOutput
	Image      pulumi.StringOutput
	RoleARN    pulumi.StringOutput
	Namespace  pulumi.StringOutput
}

// New declares the repository, the IRSA role and the Kubernetes objects;
// those inherit the Kubernetes provider the caller hands down in opts
// (pulumi.Providers(k8s)).
func New(ctx *pulumi.Context, name string, args Args, opts ...pulumi.ResourceOption) (*LoadgenApp, error) {
	if err := validate.Nest("loadgenApp", args.Validate()); err != nil {
		return nil, err
	}
	if err := kubeprovider.Require("loadgenapp", opts); err != nil {
		return nil, err
	}
	tmpl, err := spec.ReadTemplate(args.TemplateRoot, args.Target, args.Template)
	if err != nil {
		return nil, err
	}
	c := &LoadgenApp{}
	if err := ctx.RegisterComponentResource(Type, name, c, opts...); err != nil {
		return nil, err
	}
	parent := pulumi.Parent(c)
	repo, err := ecr.NewRepository(ctx, name, &ecr.RepositoryArgs{
		ForceDelete:                pulumi.Bool(true),
		ImageScanningConfiguration: ecr.RepositoryImageScanningConfigurationArgs{ScanOnPush: pulumi.Bool(true)},
		Tags:                       pulumi.ToStringMap(args.Tags),
	}, parent)
	if err != nil {
		return nil, fmt.Errorf("declaring loadgen repository: %w", err)
	}
	c.Repository = repo.RepositoryUrl
	c.Image = pulumi.Sprintf("%s:%s", repo.RepositoryUrl, versions.LoadgenImageTag)
	if args.Image != "" {
		c.Image = pulumi.String(args.Image).ToStringOutput()
	}
	role, err := irsa.NewRole(ctx, name, irsa.RoleArgs{
		OIDCProviderARN: args.OIDCProviderARN, IssuerURL: args.IssuerURL,
		ServiceAccounts: []irsaspec.ServiceAccount{{Namespace: args.Namespace, Name: spec.Name}},
		PolicyJSON:      policyJSON(args), Tags: args.Tags,
	}, parent)
	if err != nil {
		return nil, fmt.Errorf("declaring loadgen role: %w", err)
	}
	c.RoleARN = role.Arn
	kube, err := NewKube(ctx, name+"-kube", KubeArgs{
		Config: args.Config, JobNamespaces: args.JobNamespaces, RoleARN: role.Arn, Image: c.Image,
		OutputsJSON: outputsJSON(args), TemplateData: tmpl, Bucket: args.Bucket,
	}, parent)
	if err != nil {
		return nil, fmt.Errorf("declaring loadgen kubernetes objects: %w", err)
	}
	c.Namespace = kube.Namespace
	return c, ctx.RegisterResourceOutputs(c, pulumi.Map{"image": c.Image, "roleArn": c.RoleARN, "namespace": c.Namespace})
}

func policyJSON(args Args) pulumi.StringOutput {
	prefix := args.ResultsPrefix
	key := args.BucketKeyARN
	if key == nil {
		key = pulumi.String("")
	}
	return pulumi.All(args.Region, args.AccountID, args.VirtualClusterIDs, args.ExecutionRoleARN, args.Bucket, key).ApplyT(
		func(v []any) (string, error) {
			var ids []string
			for _, id := range v[2].(map[string]string) {
				ids = append(ids, id)
			}
			doc, err := spec.Policy(spec.PolicyParams{
				Partition: emr.Partition(v[0].(string)), Region: v[0].(string), AccountID: v[1].(string),
				VirtualClusterIDs: ids, ExecutionRoleARN: v[3].(string), Bucket: v[4].(string), ResultsPrefix: prefix,
				KMSKeyARN: v[5].(string),
			})
			if err != nil {
				return "", err
			}
			return doc.JSON()
		}).(pulumi.StringOutput)
}

func outputsJSON(args Args) pulumi.StringOutput {
	azs := args.AvailabilityZones
	if azs == nil {
		azs = pulumi.StringArray{}
	}
	return pulumi.All(args.ClusterName, args.Region, args.AccountID, args.VirtualClusterIDs, args.ExecutionRoleARN,
		args.Bucket, args.ReleaseLabel, args.EMRImageAccount, args.BenchmarkImage, args.SparkOperatorMode, azs).ApplyT(
		func(v []any) (string, error) {
			return spec.OutputsJSON(spec.OutputValues{
				ClusterName: v[0].(string), Region: v[1].(string), AccountID: v[2].(string),
				JobNamespaces: args.JobNamespaces, VirtualClusterIDs: v[3].(map[string]string),
				ExecutionRoleARN: v[4].(string), Bucket: v[5].(string), ReleaseLabel: v[6].(string),
				EMRImageAccount: v[7].(string), BenchmarkImage: v[8].(string), SparkOperatorMode: v[9].(string),
				SparkOperatorNamespaces: args.SparkOperatorNamespaces, AvailabilityZones: v[10].([]string),
			})
		}).(pulumi.StringOutput)
}
