package stacks

import (
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/emr-eks-loadtest/emr-eks-loadtest/internal/outputs"
)

// account is what the stack learns about the AWS account it deploys to.
type account struct {
	ID        string
	Partition string
}

// deployAccount looks up the account and partition and exports the
// identity outputs (region, account id, autoscaling mode).
func (s *stack) deployAccount() error {
	id, err := aws.GetCallerIdentity(s.ctx, nil)
	if err != nil {
		return err
	}
	part, err := aws.GetPartition(s.ctx, nil)
	if err != nil {
		return err
	}
	s.account = account{ID: id.AccountId, Partition: part.Partition}
	s.export(outputs.Region, pulumi.String(s.cfg.Region))
	s.export(outputs.AccountID, pulumi.String(s.account.ID))
	s.export(outputs.AutoscalingMode, pulumi.String(s.cfg.Autoscaling.Mode))
	return nil
}
