package scheduler

import (
	metav1 "github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes/meta/v1"
	rbacv1 "github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes/rbac/v1"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	spec "github.com/emr-eks-loadtest/emr-eks-loadtest/spec/scheduler"
)

// Upstream roles the second scheduler is bound to. system:kube-scheduler
// only lets it renew a lease named "kube-scheduler", so leaseRole adds its
// own lease; the authentication reader lets it read the client-CA
// ConfigMap for its secure serving port.
const (
	upstreamSchedulerRole = "system:kube-scheduler"
	upstreamVolumeRole    = "system:volume-scheduler"
	authReaderRole        = "extension-apiserver-authentication-reader"
	authReaderNamespace   = "kube-system"
)

func meta(cfg spec.Config, name, namespace string) *metav1.ObjectMetaArgs {
	m := &metav1.ObjectMetaArgs{Name: pulumi.String(name), Labels: pulumi.ToStringMap(labels(cfg))}
	if namespace != "" {
		m.Namespace = pulumi.String(namespace)
	}
	return m
}

func labels(cfg spec.Config) map[string]string {
	return map[string]string{"app.kubernetes.io/name": cfg.Name, "app.kubernetes.io/part-of": "emr-eks-loadtest"}
}

func subjects(cfg spec.Config) rbacv1.SubjectArray {
	return rbacv1.SubjectArray{rbacv1.SubjectArgs{
		Kind: pulumi.String("ServiceAccount"), Name: pulumi.String(cfg.Name), Namespace: pulumi.String(cfg.Namespace),
	}}
}

// ClusterRoleBindingArgs binds the service account to an upstream
// ClusterRole; the binding is named "<cfg.Name>-<suffix>".
func ClusterRoleBindingArgs(cfg spec.Config, suffix, role string) *rbacv1.ClusterRoleBindingArgs {
	return &rbacv1.ClusterRoleBindingArgs{
		Metadata: meta(cfg, cfg.Name+"-"+suffix, ""),
		RoleRef: rbacv1.RoleRefArgs{
			ApiGroup: pulumi.String("rbac.authorization.k8s.io"), Kind: pulumi.String("ClusterRole"), Name: pulumi.String(role),
		},
		Subjects: subjects(cfg),
	}
}

// LeaseRoleArgs lets the scheduler hold its own leader-election lease.
func LeaseRoleArgs(cfg spec.Config) *rbacv1.RoleArgs {
	return &rbacv1.RoleArgs{
		Metadata: meta(cfg, cfg.Name+"-lease", cfg.Namespace),
		Rules: rbacv1.PolicyRuleArray{
			rbacv1.PolicyRuleArgs{
				ApiGroups: pulumi.ToStringArray([]string{"coordination.k8s.io"}), Resources: pulumi.ToStringArray([]string{"leases"}),
				Verbs: pulumi.ToStringArray([]string{"create"}),
			},
			rbacv1.PolicyRuleArgs{
				ApiGroups: pulumi.ToStringArray([]string{"coordination.k8s.io"}), Resources: pulumi.ToStringArray([]string{"leases"}),
				ResourceNames: pulumi.ToStringArray([]string{cfg.Name}), Verbs: pulumi.ToStringArray([]string{"get", "list", "watch", "update", "patch"}),
			},
		},
	}
}

// RoleBindingArgs binds the service account to a Role in namespace.
func RoleBindingArgs(cfg spec.Config, name, namespace, role string) *rbacv1.RoleBindingArgs {
	return &rbacv1.RoleBindingArgs{
		Metadata: meta(cfg, name, namespace),
		RoleRef: rbacv1.RoleRefArgs{
			ApiGroup: pulumi.String("rbac.authorization.k8s.io"), Kind: pulumi.String("Role"), Name: pulumi.String(role),
		},
		Subjects: subjects(cfg),
	}
}
