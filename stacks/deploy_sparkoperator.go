package stacks

import (
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/emr-eks-loadtest/emr-eks-loadtest/infra/sparkoperator"
	"github.com/emr-eks-loadtest/emr-eks-loadtest/internal/outputs"
	"github.com/emr-eks-loadtest/emr-eks-loadtest/spec/stackconfig"
)

type sparkOperatorResult = sparkoperator.SparkOperator

// deploySparkOperator declares the EMR Spark Operator release(s) and the
// driver service accounts in the job namespaces, once those exist and
// operational nodes can run the operators.
func (s *stack) deploySparkOperator() error {
	acct, err := stackconfig.EMRRegistryAccount(s.cfg.EMR, s.cfg.Region)
	if err != nil {
		return err
	}
	cfg := s.cfg.PlacedSparkOperator()
	op, err := sparkoperator.New(s.ctx, s.cfg.Stack.ClusterName()+"-spark-operator", sparkoperator.Args{
		Config: cfg, Region: s.cfg.Region, ImageAccount: acct, JobNamespaces: s.emr.JobNamespaces,
		ExecutionRoleARN: s.emr.ExecutionRoleARN,
	}, s.kube(), pulumi.DependsOn([]pulumi.Resource{s.emr, s.nodeGroups}))
	if err != nil {
		return err
	}
	s.operator = op
	s.export(outputs.SparkOperatorMode, op.Mode)
	s.export(outputs.SparkOperatorNamespace, op.Namespaces)
	return nil
}
