package emr

import (
	corev1 "github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes/core/v1"
	metav1 "github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes/meta/v1"
	prbacv1 "github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes/rbac/v1"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	rbacv1 "k8s.io/api/rbac/v1"

	"github.com/emr-eks-loadtest/emr-eks-loadtest/infra/kubeprovider"
)

// JobNamespacesType is the component's type token.
const JobNamespacesType = "emr-eks-loadtest:infra:EMRJobNamespaces"

// JobNamespaceLabel marks the namespaces this component declares.
const JobNamespaceLabel = "emr-eks-loadtest/job-namespace"

// JobNamespacesArgs configures the Kubernetes half of EMR on EKS.
type JobNamespacesArgs struct {
	// Namespaces to declare (see spec.NamespaceNames).
	Namespaces []string
	// Labels are added to every namespace.
	Labels map[string]string
}

// JobNamespaces is the job namespaces. It declares no RBAC: EMR's
// integration with EKS cluster access management associates the
// AmazonEMRJobPolicy access policy, scoped to the namespace, with its
// service-linked role when the virtual cluster is created. It declares
// Kubernetes objects only, with the provider handed down in its options
// (pulumi.Providers(k8s), or a parent's).
type JobNamespaces struct {
	pulumi.ResourceState

	// Names are the namespace names, in order.
	Names []string
	// Namespaces are the Namespace resources, in the same order.
	Namespaces []*corev1.Namespace
}

// NewJobNamespaces declares the namespaces.
func NewJobNamespaces(ctx *pulumi.Context, name string, args JobNamespacesArgs, opts ...pulumi.ResourceOption) (*JobNamespaces, error) {
	if err := kubeprovider.Require("job namespaces", opts); err != nil {
		return nil, err
	}
	c := &JobNamespaces{Names: append([]string(nil), args.Namespaces...)}
	if err := ctx.RegisterComponentResource(JobNamespacesType, name, c, opts...); err != nil {
		return nil, err
	}
	for _, ns := range args.Namespaces {
		n, err := declareJobNamespace(ctx, name+"-"+ns, ns, args.Labels, pulumi.Parent(c))
		if err != nil {
			return nil, err
		}
		c.Namespaces = append(c.Namespaces, n)
	}
	return c, ctx.RegisterResourceOutputs(c, pulumi.Map{"names": pulumi.ToStringArray(c.Names)})
}

func declareJobNamespace(ctx *pulumi.Context, name, ns string, labels map[string]string, parent pulumi.ResourceOption) (*corev1.Namespace, error) {
	all := map[string]string{JobNamespaceLabel: "true"}
	for k, v := range labels {
		all[k] = v
	}
	return corev1.NewNamespace(ctx, name, &corev1.NamespaceArgs{
		Metadata: &metav1.ObjectMetaArgs{Name: pulumi.String(ns), Labels: pulumi.ToStringMap(all)},
	}, parent)
}

// ToPulumiRules converts typed RBAC rules (built and golden-tested as
// k8s.io/api values) into the Pulumi Kubernetes provider's inputs.
func ToPulumiRules(rules []rbacv1.PolicyRule) prbacv1.PolicyRuleArray {
	out := make(prbacv1.PolicyRuleArray, 0, len(rules))
	for _, r := range rules {
		pr := prbacv1.PolicyRuleArgs{Verbs: pulumi.ToStringArray(r.Verbs)}
		if r.APIGroups != nil {
			pr.ApiGroups = pulumi.ToStringArray(r.APIGroups)
		}
		if r.Resources != nil {
			pr.Resources = pulumi.ToStringArray(r.Resources)
		}
		if r.ResourceNames != nil {
			pr.ResourceNames = pulumi.ToStringArray(r.ResourceNames)
		}
		if r.NonResourceURLs != nil {
			pr.NonResourceURLs = pulumi.ToStringArray(r.NonResourceURLs)
		}
		out = append(out, pr)
	}
	return out
}
