package karpenter

import (
	"fmt"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/cloudwatch"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/ec2"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/eks"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/iam"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/sqs"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	spec "github.com/emr-eks-loadtest/emr-eks-loadtest/spec/karpenter"
)

// declareQueue declares the interruption queue, its policy and the
// EventBridge rules and targets feeding it. It returns the queue and every
// resource the controller needs to keep until the node pools are gone.
func declareQueue(ctx *pulumi.Context, name string, tags map[string]string, opts []pulumi.ResourceOption) (*sqs.Queue, []pulumi.Resource, error) {
	q, err := sqs.NewQueue(ctx, name+"-interruption", &sqs.QueueArgs{
		MessageRetentionSeconds: pulumi.Int(spec.QueueMessageRetentionSeconds),
		SqsManagedSseEnabled:    pulumi.Bool(true),
		Tags:                    pulumi.ToStringMap(tags),
	}, opts...)
	if err != nil {
		return nil, nil, fmt.Errorf("declaring interruption queue: %w", err)
	}
	policy := q.Arn.ApplyT(func(arn string) (string, error) { return spec.QueuePolicy(arn).JSON() }).(pulumi.StringOutput)
	qp, err := sqs.NewQueuePolicy(ctx, name+"-interruption", &sqs.QueuePolicyArgs{QueueUrl: q.Url, Policy: policy}, opts...)
	if err != nil {
		return nil, nil, fmt.Errorf("declaring interruption queue policy: %w", err)
	}
	keep := []pulumi.Resource{q, qp}
	for _, r := range spec.EventRules() {
		pattern, err := r.Pattern()
		if err != nil {
			return nil, nil, err
		}
		rule, err := cloudwatch.NewEventRule(ctx, name+"-"+r.Name, &cloudwatch.EventRuleArgs{
			Description: pulumi.String("Karpenter interruption: " + r.Details), EventPattern: pulumi.String(pattern),
			Tags: pulumi.ToStringMap(tags),
		}, opts...)
		if err != nil {
			return nil, nil, fmt.Errorf("declaring event rule %s: %w", r.Name, err)
		}
		target, err := cloudwatch.NewEventTarget(ctx, name+"-"+r.Name, &cloudwatch.EventTargetArgs{Rule: rule.Name, Arn: q.Arn}, opts...)
		if err != nil {
			return nil, nil, fmt.Errorf("declaring event target %s: %w", r.Name, err)
		}
		keep = append(keep, rule, target)
	}
	return q, keep, nil
}

// declareNodeRole declares the node role, its managed policies and the EKS
// access entry (type EC2_LINUX) that lets its nodes join.
func declareNodeRole(ctx *pulumi.Context, name, partition string, args Args, opts []pulumi.ResourceOption) (*iam.Role, []pulumi.Resource, error) {
	role, err := iam.NewRole(ctx, name+"-node", &iam.RoleArgs{
		AssumeRolePolicy: pulumi.String(spec.NodeTrustPolicy(partition).MustJSON()),
		Tags:             pulumi.ToStringMap(args.Tags),
	}, opts...)
	if err != nil {
		return nil, nil, fmt.Errorf("declaring karpenter node role: %w", err)
	}
	keep := []pulumi.Resource{role}
	for i, arn := range spec.NodeManagedPolicies(partition) {
		a, err := iam.NewRolePolicyAttachment(ctx, fmt.Sprintf("%s-node-%d", name, i), &iam.RolePolicyAttachmentArgs{
			Role: role.Name, PolicyArn: pulumi.String(arn),
		}, opts...)
		if err != nil {
			return nil, nil, fmt.Errorf("attaching %s to the node role: %w", arn, err)
		}
		keep = append(keep, a)
	}
	entry, err := eks.NewAccessEntry(ctx, name+"-node", &eks.AccessEntryArgs{
		ClusterName: args.ClusterName, PrincipalArn: role.Arn, Type: pulumi.String("EC2_LINUX"),
		Tags: pulumi.ToStringMap(args.Tags),
	}, opts...)
	if err != nil {
		return nil, nil, fmt.Errorf("declaring node access entry: %w", err)
	}
	return role, append(keep, entry), nil
}

// declareDiscoveryTags tags the node security group (the EKS-created
// cluster security group, which only a tag resource can reach) with
// karpenter.sh/discovery=<cluster>. The subnets carry the same tag from
// the network component: tagging them here too would drift, and removing
// Karpenter would delete the network's tag.
func declareDiscoveryTags(ctx *pulumi.Context, name string, args Args, opts []pulumi.ResourceOption) ([]pulumi.Resource, error) {
	t, err := ec2.NewTag(ctx, name+"-discovery-node-sg", &ec2.TagArgs{
		ResourceId: args.NodeSecurityGroupID, Key: pulumi.String(spec.DiscoveryTag), Value: args.ClusterName,
	}, opts...)
	if err != nil {
		return nil, fmt.Errorf("declaring discovery tag on the node security group: %w", err)
	}
	return []pulumi.Resource{t}, nil
}

// policyJSON resolves the controller policy.
func policyJSON(base spec.PolicyParams, clusterName, queueARN, nodeRoleARN pulumi.StringInput) pulumi.StringOutput {
	return pulumi.All(clusterName, queueARN, nodeRoleARN).ApplyT(func(v []any) (string, error) {
		p := base
		p.ClusterName, p.QueueARN, p.NodeRoleARN = v[0].(string), v[1].(string), v[2].(string)
		return spec.ControllerPolicy(p).JSON()
	}).(pulumi.StringOutput)
}
