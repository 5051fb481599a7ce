package stacks

import (
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/emr-eks-loadtest/emr-eks-loadtest/infra/loadgenapp"
	"github.com/emr-eks-loadtest/emr-eks-loadtest/internal/outputs"
)

type loadgenResult = loadgenapp.LoadgenApp

// templateRoot is the directory loadgenTemplate paths resolve in; empty
// means the Pulumi program's root directory (the repository root, where
// loadgen/templates lives). Tests, which run in stacks/, set it to "..".
var templateRoot = ""

// deployLoadgen declares the in-cluster load generator when loadgenApp is
// on, reading the stack's own EMR and Spark Operator outputs, and exports
// the ECR repository it creates for the worker image.
func (s *stack) deployLoadgen() error {
	if !s.cfg.Loadgen.Enabled {
		return nil
	}
	name := s.cfg.Stack.ClusterName()
	lg, err := loadgenapp.New(s.ctx, name+"-loadgen", loadgenapp.Args{
		Config: s.cfg.PlacedLoadgen(), TemplateRoot: s.templateRoot(),
		ClusterName: pulumi.String(name), Region: pulumi.String(s.cfg.Region), AccountID: pulumi.String(s.account.ID),
		OIDCProviderARN: s.cluster.OIDCProviderARN, IssuerURL: s.cluster.OIDCIssuerURL,
		AvailabilityZones: pulumi.ToStringArray(s.network.AZNames()),
		JobNamespaces:     s.emr.JobNamespaces, VirtualClusterIDs: s.emr.VirtualClusterIDs,
		ExecutionRoleARN: s.emr.ExecutionRoleARN, Bucket: s.emr.Bucket, BucketKeyARN: s.emr.BucketKeyARN,
		ReleaseLabel: s.emr.ReleaseLabel, EMRImageAccount: s.emr.EMRImageAccount, BenchmarkImage: s.emr.BenchmarkImage,
		SparkOperatorMode: s.operator.Mode, SparkOperatorNamespaces: s.emr.JobNamespaces,
		Tags: s.cfg.Stack.Tags,
	}, s.kube(), pulumi.DependsOn([]pulumi.Resource{s.emr, s.operator, s.nodeGroups}))
	if err != nil {
		return err
	}
	s.loadgen = lg
	s.export(outputs.LoadgenImageRepository, lg.Repository)
	return nil
}

func (s *stack) templateRoot() string {
	if templateRoot != "" {
		return templateRoot
	}
	if root := s.ctx.RootDirectory(); root != "" {
		return root
	}
	return "."
}
