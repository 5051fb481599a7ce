// Package scheduler declares the second kube-scheduler with Pulumi: its
// service account and RBAC, the ConfigMap holding the
// KubeSchedulerConfiguration and the leader-elected Deployment on the
// operational nodes. Its configuration and the KubeSchedulerConfiguration
// are in spec/scheduler.
package scheduler

import (
	"errors"
	"fmt"

	appsv1 "github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes/apps/v1"
	corev1 "github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes/core/v1"
	rbacv1 "github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes/rbac/v1"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/emr-eks-loadtest/emr-eks-loadtest/infra/kubeprovider"
	spec "github.com/emr-eks-loadtest/emr-eks-loadtest/spec/scheduler"
)

// Type is the component's type token.
const Type = "emr-eks-loadtest:infra:Scheduler"

// Args configure the scheduler: everything it needs is known at preview
// time.
type Args struct {
	Config spec.Config
}

// Scheduler is the second kube-scheduler and everything it needs.
type Scheduler struct {
	pulumi.ResourceState
	// SchedulerName is the name pods put in spec.schedulerName.
	SchedulerName pulumi.StringOutput `pulumi:"schedulerName"`
}

// New declares the ServiceAccount, RBAC, ConfigMap and Deployment, all
// with the Kubernetes provider the caller hands down in opts
// (pulumi.Providers(k8s)).
func New(ctx *pulumi.Context, name string, args Args, opts ...pulumi.ResourceOption) (*Scheduler, error) {
	cfg := args.Config
	if err := errors.Join(cfg.Validate(), kubeprovider.Require("scheduler", opts)); err != nil {
		return nil, err
	}
	configYAML, err := spec.ConfigYAML(cfg)
	if err != nil {
		return nil, err
	}
	s := &Scheduler{}
	if err := ctx.RegisterComponentResource(Type, name, s, opts...); err != nil {
		return nil, fmt.Errorf("registering scheduler component: %w", err)
	}
	child := []pulumi.ResourceOption{pulumi.Parent(s)}
	deps, err := declareAccess(ctx, name, cfg, child)
	if err != nil {
		return nil, err
	}
	cm, err := corev1.NewConfigMap(ctx, name+"-config", ConfigMapArgs(cfg, configYAML), child...)
	if err != nil {
		return nil, fmt.Errorf("declaring scheduler config map: %w", err)
	}
	deps = append(deps, cm)
	if _, err := appsv1.NewDeployment(ctx, name, DeploymentArgs(cfg, configYAML), append(child, pulumi.DependsOn(deps))...); err != nil {
		return nil, fmt.Errorf("declaring scheduler deployment: %w", err)
	}
	s.SchedulerName = pulumi.String(cfg.Name).ToStringOutput()
	return s, ctx.RegisterResourceOutputs(s, pulumi.Map{"schedulerName": s.SchedulerName})
}

// declareAccess declares the ServiceAccount and its bindings.
func declareAccess(ctx *pulumi.Context, name string, cfg spec.Config, opts []pulumi.ResourceOption) ([]pulumi.Resource, error) {
	sa, err := corev1.NewServiceAccount(ctx, name, &corev1.ServiceAccountArgs{Metadata: meta(cfg, cfg.Name, cfg.Namespace)}, opts...)
	if err != nil {
		return nil, fmt.Errorf("declaring scheduler service account: %w", err)
	}
	out := []pulumi.Resource{sa}
	for _, r := range [][2]string{{"kube-scheduler", upstreamSchedulerRole}, {"volume-scheduler", upstreamVolumeRole}} {
		suffix, role := r[0], r[1]
		b, err := rbacv1.NewClusterRoleBinding(ctx, name+"-"+suffix, ClusterRoleBindingArgs(cfg, suffix, role), opts...)
		if err != nil {
			return nil, fmt.Errorf("declaring scheduler binding to %s: %w", role, err)
		}
		out = append(out, b)
	}
	lease, err := rbacv1.NewRole(ctx, name+"-lease", LeaseRoleArgs(cfg), opts...)
	if err != nil {
		return nil, fmt.Errorf("declaring scheduler lease role: %w", err)
	}
	lb, err := rbacv1.NewRoleBinding(ctx, name+"-lease", RoleBindingArgs(cfg, cfg.Name+"-lease", cfg.Namespace, cfg.Name+"-lease"), append(opts, pulumi.DependsOn([]pulumi.Resource{lease}))...)
	if err != nil {
		return nil, fmt.Errorf("declaring scheduler lease binding: %w", err)
	}
	ab, err := rbacv1.NewRoleBinding(ctx, name+"-auth-reader", RoleBindingArgs(cfg, cfg.Name+"-auth-reader", authReaderNamespace, authReaderRole), opts...)
	if err != nil {
		return nil, fmt.Errorf("declaring scheduler authentication-reader binding: %w", err)
	}
	return append(out, lease, lb, ab), nil
}
