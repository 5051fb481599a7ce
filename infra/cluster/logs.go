package cluster

import (
	"fmt"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/cloudwatch"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// DefaultLogRetentionDays is the control-plane log retention when none is set.
const DefaultLogRetentionDays = 7

// LogRetentions are the retention values CloudWatch Logs accepts
// (PutRetentionPolicy retentionInDays), in days.
var LogRetentions = []int{1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653}

// LogGroupName is the log group EKS writes control-plane logs to.
func LogGroupName(cluster string) string { return "/aws/eks/" + cluster + "/cluster" }

// controlPlaneLogGroup declares /aws/eks/<cluster>/cluster with the
// retention. EKS writes into an existing group of that name; without it
// EKS creates one with no retention that destroy leaves behind.
func controlPlaneLogGroup(ctx *pulumi.Context, name string, args Args, parent pulumi.ResourceOption) (*cloudwatch.LogGroup, error) {
	days := args.Config.LogRetentionDays
	if days == 0 {
		days = DefaultLogRetentionDays
	}
	g, err := cloudwatch.NewLogGroup(ctx, name+"-control-plane", &cloudwatch.LogGroupArgs{
		Name:            pulumi.String(LogGroupName(args.Name)),
		RetentionInDays: pulumi.Int(days),
		Tags:            pulumi.ToStringMap(args.Tags),
	}, parent)
	if err != nil {
		return nil, fmt.Errorf("declaring control-plane log group: %w", err)
	}
	return g, nil
}
