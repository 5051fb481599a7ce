package sparkoperator

import (
	"github.com/emr-eks-loadtest/emr-eks-loadtest/infra/emr"
	"github.com/emr-eks-loadtest/emr-eks-loadtest/infra/kubeprovider"
	corev1 "github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes/core/v1"
	metav1 "github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes/meta/v1"
	prbacv1 "github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes/rbac/v1"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	rbacv1 "k8s.io/api/rbac/v1"

	spec "github.com/emr-eks-loadtest/emr-eks-loadtest/spec/sparkoperator"
)

// ServiceAccountsType is the component's type token.
const ServiceAccountsType = "emr-eks-loadtest:infra:SparkServiceAccounts"

// RoleARNAnnotation is the IRSA annotation EKS's pod identity webhook reads.
const RoleARNAnnotation = "eks.amazonaws.com/role-arn"

// ServiceAccountsArgs configures the driver service accounts.
type ServiceAccountsArgs struct {
	Namespaces []string
	Name       string
	// RoleARN is the EMR execution role the drivers assume.
	RoleARN pulumi.StringInput
}

// SparkServiceAccounts is one driver ServiceAccount, Role and RoleBinding
// per job namespace. Kubernetes objects only.
type SparkServiceAccounts struct {
	pulumi.ResourceState
}

// NewSparkServiceAccounts declares the accounts and their RBAC with the
// Kubernetes provider handed down in opts (pulumi.Providers(k8s), or a
// parent's).
func NewSparkServiceAccounts(ctx *pulumi.Context, name string, args ServiceAccountsArgs, opts ...pulumi.ResourceOption) (*SparkServiceAccounts, error) {
	if err := kubeprovider.Require("spark service accounts", opts); err != nil {
		return nil, err
	}
	c := &SparkServiceAccounts{}
	if err := ctx.RegisterComponentResource(ServiceAccountsType, name, c, opts...); err != nil {
		return nil, err
	}
	for _, ns := range args.Namespaces {
		if err := declareDriverAccount(ctx, name+"-"+ns, ns, args, pulumi.Parent(c)); err != nil {
			return nil, err
		}
	}
	return c, ctx.RegisterResourceOutputs(c, pulumi.Map{})
}

func declareDriverAccount(ctx *pulumi.Context, name, ns string, args ServiceAccountsArgs, parent pulumi.ResourceOption) error {
	sa, err := corev1.NewServiceAccount(ctx, name, &corev1.ServiceAccountArgs{
		Metadata: &metav1.ObjectMetaArgs{
			Name: pulumi.String(args.Name), Namespace: pulumi.String(ns),
			Annotations: pulumi.StringMap{RoleARNAnnotation: args.RoleARN},
		},
	}, parent)
	if err != nil {
		return err
	}
	meta := &metav1.ObjectMetaArgs{Name: pulumi.String(spec.SparkRoleName), Namespace: pulumi.String(ns)}
	role, err := prbacv1.NewRole(ctx, name, &prbacv1.RoleArgs{Metadata: meta, Rules: emr.ToPulumiRules(spec.SparkDriverRules())}, parent)
	if err != nil {
		return err
	}
	_, err = prbacv1.NewRoleBinding(ctx, name, &prbacv1.RoleBindingArgs{
		Metadata: meta,
		RoleRef: prbacv1.RoleRefArgs{
			ApiGroup: pulumi.String(rbacv1.GroupName), Kind: pulumi.String("Role"), Name: role.Metadata.Name().Elem(),
		},
		Subjects: prbacv1.SubjectArray{prbacv1.SubjectArgs{
			Kind: pulumi.String(rbacv1.ServiceAccountKind), Name: sa.Metadata.Name().Elem(), Namespace: pulumi.String(ns),
		}},
	}, parent)
	return err
}
