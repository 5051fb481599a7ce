package loadgenapp

import (
	"fmt"

	"github.com/emr-eks-loadtest/emr-eks-loadtest/infra/emr"
	"github.com/emr-eks-loadtest/emr-eks-loadtest/infra/kubeprovider"
	batchv1 "github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes/batch/v1"
	corev1 "github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes/core/v1"
	metav1 "github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes/meta/v1"
	prbacv1 "github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes/rbac/v1"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	rbacv1 "k8s.io/api/rbac/v1"

	spec "github.com/emr-eks-loadtest/emr-eks-loadtest/spec/loadgenapp"
)

// KubeType is the Kubernetes half's type token.
const KubeType = "emr-eks-loadtest:infra:LoadgenKube"

// SkipAwaitAnnotation tells the Kubernetes provider not to wait for the
// object to become ready (for a Job: complete).
const SkipAwaitAnnotation = "pulumi.com/skipAwait"

// KubeArgs configures the Kubernetes objects.
type KubeArgs struct {
	spec.Config
	// JobNamespaces are the only namespaces the workers get RBAC in.
	JobNamespaces []string
	// RoleARN is the IRSA role of the workers (nil: no annotation).
	RoleARN pulumi.StringInput
	// Image of the workers.
	Image pulumi.StringInput
	// OutputsJSON is the stack outputs document (spec.OutputsJSON).
	OutputsJSON pulumi.StringInput
	// TemplateData is the job template's content (JSON for emr, YAML for operator).
	TemplateData string
	// Bucket receives the workers' results under ResultsPrefix.
	Bucket pulumi.StringInput
}

// Kube is the namespace, ServiceAccount, RBAC, ConfigMap and, with
// Config.Start, the Indexed Job (nil otherwise).
type Kube struct {
	pulumi.ResourceState

	Namespace      pulumi.StringOutput
	ServiceAccount pulumi.StringOutput
	Job            *batchv1.Job
}

// NewKube declares the Kubernetes objects with the provider handed down in
// opts (pulumi.Providers(k8s), or a parent's).
func NewKube(ctx *pulumi.Context, name string, args KubeArgs, opts ...pulumi.ResourceOption) (*Kube, error) {
	if err := args.Validate(); err != nil {
		return nil, err
	}
	if err := kubeprovider.Require("loadgen kubernetes objects", opts); err != nil {
		return nil, err
	}
	if len(args.JobNamespaces) == 0 || args.Image == nil || args.OutputsJSON == nil || args.Bucket == nil {
		return nil, fmt.Errorf("loadgenapp: JobNamespaces, Image, OutputsJSON and Bucket are required")
	}
	c := &Kube{}
	if err := ctx.RegisterComponentResource(KubeType, name, c, opts...); err != nil {
		return nil, err
	}
	parent := pulumi.Parent(c)
	ns, err := corev1.NewNamespace(ctx, name, &corev1.NamespaceArgs{
		Metadata: &metav1.ObjectMetaArgs{Name: pulumi.String(args.Namespace)},
	}, parent)
	if err != nil {
		return nil, err
	}
	c.Namespace = ns.Metadata.Name().Elem()
	sa, err := declareAccount(ctx, name, args, c.Namespace, parent)
	if err != nil {
		return nil, err
	}
	c.ServiceAccount = sa.Metadata.Name().Elem()
	cm, err := corev1.NewConfigMap(ctx, name, &corev1.ConfigMapArgs{
		Metadata: &metav1.ObjectMetaArgs{Name: pulumi.String(spec.Name), Namespace: c.Namespace},
		Data:     pulumi.StringMap{"outputs.json": args.OutputsJSON, spec.TemplateKey(args.Target): pulumi.String(args.TemplateData)},
	}, parent)
	if err != nil {
		return nil, err
	}
	if !args.Start {
		return c, ctx.RegisterResourceOutputs(c, pulumi.Map{"namespace": c.Namespace, "serviceAccount": c.ServiceAccount})
	}
	c.Job, err = batchv1.NewJob(ctx, name, &batchv1.JobArgs{
		Metadata: &metav1.ObjectMetaArgs{Name: pulumi.String(spec.Name), Namespace: c.Namespace, Labels: pulumi.StringMap{spec.NameLabel: pulumi.String(spec.Name)},
			// A load test runs for as long as its plan says: `pulumi up` must not
			// wait for the Job to complete (the Kubernetes provider would).
			Annotations: pulumi.StringMap{SkipAwaitAnnotation: pulumi.String("true")}},
		Spec: jobSpec(args, c.ServiceAccount, cm.Metadata.Name().Elem()),
	}, parent, pulumi.DependsOn([]pulumi.Resource{cm, sa}),
		// A changed spec would replace the Job and run the load again.
		pulumi.IgnoreChanges([]string{"spec"}))
	if err != nil {
		return nil, err
	}
	return c, ctx.RegisterResourceOutputs(c, pulumi.Map{"namespace": c.Namespace, "serviceAccount": c.ServiceAccount})
}

// declareAccount declares the ServiceAccount and, in each job namespace,
// a Role with spec.JobNamespaceRules bound to it.
func declareAccount(ctx *pulumi.Context, name string, args KubeArgs, ns pulumi.StringOutput, parent pulumi.ResourceOption) (*corev1.ServiceAccount, error) {
	ann := pulumi.StringMap{}
	if args.RoleARN != nil {
		ann["eks.amazonaws.com/role-arn"] = args.RoleARN
	}
	sa, err := corev1.NewServiceAccount(ctx, name, &corev1.ServiceAccountArgs{
		Metadata: &metav1.ObjectMetaArgs{Name: pulumi.String(spec.Name), Namespace: ns, Annotations: ann},
	}, parent)
	if err != nil {
		return nil, err
	}
	for _, jns := range args.JobNamespaces {
		meta := &metav1.ObjectMetaArgs{Name: pulumi.String(spec.RoleName), Namespace: pulumi.String(jns)}
		role, err := prbacv1.NewRole(ctx, name+"-"+jns, &prbacv1.RoleArgs{Metadata: meta, Rules: emr.ToPulumiRules(spec.JobNamespaceRules())}, parent)
		if err != nil {
			return nil, err
		}
		if _, err := prbacv1.NewRoleBinding(ctx, name+"-"+jns, &prbacv1.RoleBindingArgs{
			Metadata: meta,
			RoleRef:  prbacv1.RoleRefArgs{ApiGroup: pulumi.String(rbacv1.GroupName), Kind: pulumi.String("Role"), Name: role.Metadata.Name().Elem()},
			Subjects: prbacv1.SubjectArray{prbacv1.SubjectArgs{
				Kind: pulumi.String(rbacv1.ServiceAccountKind), Name: sa.Metadata.Name().Elem(), Namespace: ns,
			}},
		}, parent); err != nil {
			return nil, err
		}
	}
	return sa, nil
}
