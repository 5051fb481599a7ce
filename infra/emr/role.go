package emr

import (
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/cloudwatch"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/iam"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	spec "github.com/emr-eks-loadtest/emr-eks-loadtest/spec/emr"
)

// declareExecutionRole declares the named execution role with the trust of
// spec.ExecutionTrust and the inline policy of spec.ExecutionPolicy.
func declareExecutionRole(ctx *pulumi.Context, name string, args Args, namespaces []string, b *bucket, logs *cloudwatch.LogGroup, parent pulumi.ResourceOption) (*iam.Role, error) {
	roleName, accounts := args.ExecutionRoleName, args.SparkServiceAccounts
	trust := pulumi.All(args.OIDCProviderARN, args.IssuerURL, args.AccountID).ApplyT(func(v []any) (string, error) {
		doc, err := spec.ExecutionTrust(spec.TrustParams{
			OIDCProviderARN: v[0].(string), IssuerURL: v[1].(string), AccountID: v[2].(string),
			RoleName: roleName, Namespaces: namespaces, ServiceAccounts: accounts,
		})
		if err != nil {
			return "", err
		}
		return doc.JSON()
	}).(pulumi.StringOutput)
	role, err := iam.NewRole(ctx, name, &iam.RoleArgs{
		Name: pulumi.String(roleName), AssumeRolePolicy: trust, Tags: pulumi.ToStringMap(args.Tags),
		Description: pulumi.String("EMR on EKS job execution role (emr-eks-loadtest)"),
	}, parent)
	if err != nil {
		return nil, err
	}
	keyARN := pulumi.String("").ToStringOutput()
	if b.key != nil {
		keyARN = b.key.Arn
	}
	policy := pulumi.All(args.Region, b.b.Bucket, logs.Arn, keyARN).ApplyT(func(v []any) (string, error) {
		doc, err := spec.ExecutionPolicy(spec.PolicyParams{
			Partition: spec.Partition(v[0].(string)), Bucket: v[1].(string), LogGroupARN: v[2].(string), KMSKeyARN: v[3].(string),
		})
		if err != nil {
			return "", err
		}
		return doc.JSON()
	}).(pulumi.StringOutput)
	_, err = iam.NewRolePolicy(ctx, name, &iam.RolePolicyArgs{Role: role.Name, Policy: policy}, parent)
	return role, err
}
