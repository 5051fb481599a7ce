package sparkoperator

import (
	"github.com/emr-eks-loadtest/emr-eks-loadtest/infra/emr"
	corev1 "github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes/core/v1"
	metav1 "github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes/meta/v1"
	prbacv1 "github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes/rbac/v1"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	rbacv1 "k8s.io/api/rbac/v1"

	spec "github.com/emr-eks-loadtest/emr-eks-loadtest/spec/sparkoperator"
)

// declareOperatorAccounts declares what the chart's hooks would have: the
// operator ServiceAccount in each release namespace, one ClusterRole and
// one ClusterRoleBinding naming every operator account (cluster-scoped
// names are left to Pulumi's auto-naming, so two stacks in one cluster do
// not collide). The charts depend on the result.
func declareOperatorAccounts(ctx *pulumi.Context, name string, releases []spec.Release, opts ...pulumi.ResourceOption) ([]pulumi.Resource, error) {
	out := make([]pulumi.Resource, 0, len(releases)+2)
	subjects := make(prbacv1.SubjectArray, 0, len(releases))
	for _, r := range releases {
		sa, err := corev1.NewServiceAccount(ctx, name+"-operator-"+r.Namespace, &corev1.ServiceAccountArgs{
			Metadata: &metav1.ObjectMetaArgs{Name: pulumi.String(spec.DefaultOperatorSA), Namespace: pulumi.String(r.Namespace)},
		}, opts...)
		if err != nil {
			return nil, err
		}
		out = append(out, sa)
		subjects = append(subjects, prbacv1.SubjectArgs{
			Kind: pulumi.String(rbacv1.ServiceAccountKind), Name: sa.Metadata.Name().Elem(), Namespace: pulumi.String(r.Namespace),
		})
	}
	role, err := prbacv1.NewClusterRole(ctx, name+"-operator", &prbacv1.ClusterRoleArgs{Rules: emr.ToPulumiRules(spec.OperatorRules())}, opts...)
	if err != nil {
		return nil, err
	}
	binding, err := prbacv1.NewClusterRoleBinding(ctx, name+"-operator", &prbacv1.ClusterRoleBindingArgs{
		RoleRef: prbacv1.RoleRefArgs{
			ApiGroup: pulumi.String(rbacv1.GroupName), Kind: pulumi.String("ClusterRole"), Name: role.Metadata.Name().Elem(),
		},
		Subjects: subjects,
	}, opts...)
	if err != nil {
		return nil, err
	}
	return append(out, role, binding), nil
}
