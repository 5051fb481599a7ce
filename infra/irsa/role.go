// Package irsa creates IAM roles for Kubernetes service accounts (IRSA) with
// Pulumi; their trust policy is built by spec/irsa.
package irsa

import (
	"fmt"
	"strconv"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/iam"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	spec "github.com/emr-eks-loadtest/emr-eks-loadtest/spec/irsa"
)

// RoleArgs configures an IRSA role. OIDCProviderARN and IssuerURL come from
// the cluster component; PolicyJSON is an identity policy built with
// iampolicy (empty for none) and ManagedPolicyARNs are attached as well.
type RoleArgs struct {
	OIDCProviderARN   pulumi.StringInput
	IssuerURL         pulumi.StringInput
	ServiceAccounts   []spec.ServiceAccount
	PolicyJSON        pulumi.StringInput
	ManagedPolicyARNs []string
	Tags              map[string]string
}

// NewRole declares the role, its inline policy and attachments, all named
// after name and parented through opts (pass pulumi.Parent(component)).
//
// Bad arguments (no OIDC provider or issuer, no or incomplete service
// accounts) are reported here, before any resource is declared, rather
// than later from inside an apply.
func NewRole(ctx *pulumi.Context, name string, args RoleArgs, opts ...pulumi.ResourceOption) (*iam.Role, error) {
	if args.OIDCProviderARN == nil || args.IssuerURL == nil {
		return nil, fmt.Errorf("irsa role %s: OIDCProviderARN and IssuerURL are required", name)
	}
	if _, err := spec.TrustPolicy("arn:check", "https://check", args.ServiceAccounts); err != nil {
		return nil, fmt.Errorf("irsa role %s: %w", name, err)
	}
	accounts := append([]spec.ServiceAccount(nil), args.ServiceAccounts...)
	trust := pulumi.All(args.OIDCProviderARN, args.IssuerURL).ApplyT(func(v []any) (string, error) {
		doc, err := spec.TrustPolicy(v[0].(string), v[1].(string), accounts)
		if err != nil {
			return "", err
		}
		return doc.JSON()
	}).(pulumi.StringOutput)
	role, err := iam.NewRole(ctx, name, &iam.RoleArgs{
		AssumeRolePolicy: trust,
		Tags:             pulumi.ToStringMap(args.Tags),
	}, opts...)
	if err != nil {
		return nil, err
	}
	if args.PolicyJSON != nil {
		if _, err := iam.NewRolePolicy(ctx, name, &iam.RolePolicyArgs{
			Role: role.Name, Policy: args.PolicyJSON,
		}, opts...); err != nil {
			return nil, err
		}
	}
	for i, arn := range args.ManagedPolicyARNs {
		if _, err := iam.NewRolePolicyAttachment(ctx, attachmentName(name, i), &iam.RolePolicyAttachmentArgs{
			Role: role.Name, PolicyArn: pulumi.String(arn),
		}, opts...); err != nil {
			return nil, err
		}
	}
	return role, nil
}

func attachmentName(name string, i int) string {
	return name + "-attach-" + strconv.Itoa(i)
}
