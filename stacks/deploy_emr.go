package stacks

import (
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/emr-eks-loadtest/emr-eks-loadtest/infra/emr"
	"github.com/emr-eks-loadtest/emr-eks-loadtest/internal/outputs"
	emrspec "github.com/emr-eks-loadtest/emr-eks-loadtest/spec/emr"
	"github.com/emr-eks-loadtest/emr-eks-loadtest/spec/sparkoperator"
)

type emrResult = emr.EMR

// deployEMR declares the job namespaces, bucket, execution role (trusted
// by the job namespaces and the Spark Operator's driver service accounts)
// and one virtual cluster per namespace.
func (s *stack) deployEMR() error {
	name := s.cfg.Stack.ClusterName()
	drivers := sparkoperator.IRSAServiceAccounts(s.cfg.PlacedSparkOperator(), s.cfg.EMR.JobNamespaces())
	e, err := emr.New(s.ctx, name+"-emr", emr.Args{
		Config: s.cfg.EMR, ExecutionRoleName: emrspec.ExecutionRoleName(name), ClusterName: pulumi.String(name),
		OIDCProviderARN: s.cluster.OIDCProviderARN, IssuerURL: s.cluster.OIDCIssuerURL,
		Region: pulumi.String(s.cfg.Region), AccountID: pulumi.String(s.account.ID),
		SparkServiceAccounts: drivers, Tags: s.cfg.Stack.Tags,
	}, s.kube(), pulumi.DependsOn([]pulumi.Resource{s.cluster.EKS}))
	if err != nil {
		return err
	}
	s.emr = e
	s.export(outputs.JobNamespaces, pulumi.ToStringArray(e.JobNamespaces))
	s.export(outputs.VirtualClusterIDs, e.VirtualClusterIDs)
	s.export(outputs.ExecutionRoleARN, e.ExecutionRoleARN)
	s.export(outputs.Bucket, e.Bucket)
	s.export(outputs.ReleaseLabel, e.ReleaseLabel)
	s.export(outputs.EMRImageAccount, e.EMRImageAccount)
	s.export(outputs.BenchmarkImage, e.BenchmarkImage)
	return nil
}
