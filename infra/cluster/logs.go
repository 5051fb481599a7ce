package cluster

import (
	"fmt"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/cloudwatch"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	spec "github.com/emr-eks-loadtest/emr-eks-loadtest/spec/cluster"
)

// controlPlaneLogGroup declares /aws/eks/<cluster>/cluster with the
// retention. EKS writes into an existing group of that name; without it
// EKS creates one with no retention that destroy leaves behind.
func controlPlaneLogGroup(ctx *pulumi.Context, name string, args Args, parent pulumi.ResourceOption) (*cloudwatch.LogGroup, error) {
	days := args.Config.LogRetentionDays
	if days == 0 {
		days = spec.DefaultLogRetentionDays
	}
	g, err := cloudwatch.NewLogGroup(ctx, name+"-control-plane", &cloudwatch.LogGroupArgs{
		Name:            pulumi.String(spec.LogGroupName(args.Name)),
		RetentionInDays: pulumi.Int(days),
		Tags:            pulumi.ToStringMap(args.Tags),
	}, parent)
	if err != nil {
		return nil, fmt.Errorf("declaring control-plane log group: %w", err)
	}
	return g, nil
}
