// Package monitoring declares the load test's observability: an Amazon
// Managed Prometheus workspace; kube-prometheus-stack in the cluster (on the
// operational nodes) whose Prometheus remote-writes to AMP with SigV4
// through an IRSA role, keeping exactly the series our dashboards read;
// Pod/ServiceMonitors for Karpenter, the VPC CNI, the Spark Operator, Spark
// drivers, the EBS CSI controller and the load generator; the dashboards of
// package dashboards as ConfigMaps for the in-cluster Grafana; and,
// optionally, an Amazon Managed Grafana workspace reading AMP.
//
// The Kubernetes objects that are not Helm releases (Monitors, Dashboards)
// are sub-components needing only a Kubernetes provider, so tier-2 tests
// deploy them on their own to a local API server.
//
// The configuration and the values, keep-list, monitors and IAM policies it
// deploys are in spec/monitoring.
package monitoring

import (
	"errors"
	"fmt"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/amp"
	corev1 "github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes/core/v1"
	helmv4 "github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes/helm/v4"
	metav1 "github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes/meta/v1"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/emr-eks-loadtest/emr-eks-loadtest/infra/irsa"
	"github.com/emr-eks-loadtest/emr-eks-loadtest/infra/kubeprovider"
	"github.com/emr-eks-loadtest/emr-eks-loadtest/infra/placement"
	"github.com/emr-eks-loadtest/emr-eks-loadtest/infra/versions"
	"github.com/emr-eks-loadtest/emr-eks-loadtest/internal/validate"
	irsaspec "github.com/emr-eks-loadtest/emr-eks-loadtest/spec/irsa"
	spec "github.com/emr-eks-loadtest/emr-eks-loadtest/spec/monitoring"
)

// Type is the component's type token.
const Type = "emr-eks-loadtest:infra:Monitoring"

// Args wires the component. Config and the placement are plain; the rest
// comes from the cluster component.
type Args struct {
	spec.Config
	ClusterName     pulumi.StringInput
	OIDCProviderARN pulumi.StringInput
	IssuerURL       pulumi.StringInput
	Region          pulumi.StringInput
	AccountID       pulumi.StringInput
	// JobNamespaces are where Spark drivers run (scraped by a PodMonitor).
	JobNamespaces []string
	// Placement puts the stack on the operational nodes.
	Placement placement.Placement
	Tags      map[string]string
}

func (a Args) validate() error {
	errs := []error{validate.Nest("monitoring", a.Config.Validate())}
	if a.ClusterName == nil || a.OIDCProviderARN == nil || a.IssuerURL == nil || a.Region == nil || a.AccountID == nil {
		errs = append(errs, errors.New("monitoring: ClusterName, OIDCProviderARN, IssuerURL, Region and AccountID are required (from the cluster component)"))
	}
	return errors.Join(errs...)
}

// Monitoring is the declared observability stack.
type Monitoring struct {
	pulumi.ResourceState

	WorkspaceID        pulumi.StringOutput
	WorkspaceEndpoint  pulumi.StringOutput
	RemoteWriteRoleARN pulumi.StringOutput
	// ManagedGrafanaEndpoint is empty unless Config.ManagedGrafana.
	ManagedGrafanaEndpoint pulumi.StringOutput
}

// New declares the component. Its Kubernetes objects inherit the provider
// the caller hands down in opts (pulumi.Providers(k8s)).
func New(ctx *pulumi.Context, name string, args Args, opts ...pulumi.ResourceOption) (*Monitoring, error) {
	if err := errors.Join(args.validate(), kubeprovider.Require("monitoring", opts)); err != nil {
		return nil, err
	}
	keep, err := spec.KeepList(args.ExtraKeep)
	if err != nil {
		return nil, err
	}
	c := &Monitoring{ManagedGrafanaEndpoint: pulumi.String("").ToStringOutput()}
	if err := ctx.RegisterComponentResource(Type, name, c, opts...); err != nil {
		return nil, err
	}
	ws, err := c.declareAWS(ctx, name, args)
	if err != nil {
		return nil, err
	}
	if err := c.declareKubernetes(ctx, name, args, keep, ws); err != nil {
		return nil, err
	}
	if args.ManagedGrafana {
		if err := c.declareManagedGrafana(ctx, name, args, ws); err != nil {
			return nil, err
		}
	}
	return c, ctx.RegisterResourceOutputs(c, pulumi.Map{
		"workspaceId": c.WorkspaceID, "workspaceEndpoint": c.WorkspaceEndpoint,
		"remoteWriteRoleArn": c.RemoteWriteRoleARN, "managedGrafanaEndpoint": c.ManagedGrafanaEndpoint,
	})
}

func (c *Monitoring) declareAWS(ctx *pulumi.Context, name string, args Args) (*amp.Workspace, error) {
	parent := pulumi.Parent(c)
	ws, err := amp.NewWorkspace(ctx, name+"-amp", &amp.WorkspaceArgs{
		Alias: args.ClusterName.ToStringOutput().ApplyT(func(n string) string { return n + "-loadtest" }).(pulumi.StringOutput),
		Tags:  pulumi.ToStringMap(args.Tags),
	}, parent)
	if err != nil {
		return nil, fmt.Errorf("declaring AMP workspace: %w", err)
	}
	policy := ws.Arn.ApplyT(func(arn string) (string, error) { return spec.RemoteWritePolicy(arn).JSON() }).(pulumi.StringOutput)
	role, err := irsa.NewRole(ctx, name+"-remote-write", irsa.RoleArgs{
		OIDCProviderARN: args.OIDCProviderARN, IssuerURL: args.IssuerURL,
		ServiceAccounts: []irsaspec.ServiceAccount{{Namespace: args.Namespace, Name: spec.PrometheusServiceAccount}},
		PolicyJSON:      policy, Tags: args.Tags,
	}, parent)
	if err != nil {
		return nil, fmt.Errorf("declaring remote-write role: %w", err)
	}
	c.WorkspaceID, c.WorkspaceEndpoint, c.RemoteWriteRoleARN = ws.ID().ToStringOutput(), ws.PrometheusEndpoint, role.Arn
	return ws, nil
}

func (c *Monitoring) declareKubernetes(ctx *pulumi.Context, name string, args Args, keep []string, ws *amp.Workspace) error {
	kube := []pulumi.ResourceOption{pulumi.Parent(c)}
	ns, err := corev1.NewNamespace(ctx, name+"-ns", &corev1.NamespaceArgs{
		Metadata: metav1.ObjectMetaArgs{Name: pulumi.String(args.Namespace)},
	}, kube...)
	if err != nil {
		return fmt.Errorf("declaring namespace: %w", err)
	}
	deps := []pulumi.Resource{ns}
	if args.Grafana {
		secret, err := corev1.NewSecret(ctx, name+"-grafana-admin", &corev1.SecretArgs{
			Metadata:   metav1.ObjectMetaArgs{Name: pulumi.String(spec.GrafanaAdminSecret), Namespace: pulumi.String(args.Namespace)},
			StringData: pulumi.StringMap{"admin-user": pulumi.String("admin"), "admin-password": pulumi.ToSecret(pulumi.String(args.GrafanaAdminPassword)).(pulumi.StringOutput)},
		}, append(kube, pulumi.DependsOn([]pulumi.Resource{ns}))...)
		if err != nil {
			return fmt.Errorf("declaring Grafana admin secret: %w", err)
		}
		deps = append(deps, secret)
	}
	chart, err := helmv4.NewChart(ctx, name+"-stack", &helmv4.ChartArgs{
		Name:           pulumi.String(spec.ReleaseName),
		Chart:          pulumi.String(versions.KubePrometheusStackChartName),
		Version:        pulumi.String(versions.KubePrometheusStackChartVersion),
		RepositoryOpts: &helmv4.RepositoryOptsArgs{Repo: pulumi.String(versions.KubePrometheusStackChartRepo)},
		Namespace:      pulumi.String(args.Namespace),
		Values:         helmValuesOutput(args, keep, c.RemoteWriteRoleARN, ws),
	}, append(kube, pulumi.DependsOn(deps))...)
	if err != nil {
		return fmt.Errorf("declaring kube-prometheus-stack: %w", err)
	}
	if _, err := NewMonitors(ctx, name+"-monitors", MonitorsArgs{Input: spec.MonitorsInput{
		Namespace: args.Namespace, KarpenterNamespace: args.KarpenterNamespace,
		LoadgenNamespace: args.LoadgenNamespace, JobNamespaces: args.JobNamespaces,
	}}, append(kube, pulumi.DependsOn([]pulumi.Resource{chart}))...); err != nil {
		return err
	}
	_, err = NewDashboardMaps(ctx, name+"-dashboards", args.Namespace, append(kube, pulumi.DependsOn([]pulumi.Resource{ns}))...)
	return err
}

// helmValuesOutput resolves the wired values and applies spec.HelmValues; no
// resource is created inside the Apply.
func helmValuesOutput(args Args, keep []string, role pulumi.StringOutput, ws *amp.Workspace) pulumi.MapOutput {
	in := spec.ValuesInput{Config: args.Config, Keep: keep, Placement: args.Placement}
	return pulumi.All(role, ws.PrometheusEndpoint, args.Region).ApplyT(func(v []any) map[string]any {
		in.RoleARN, in.RemoteWriteURL, in.Region = v[0].(string), v[1].(string)+"api/v1/remote_write", v[2].(string)
		return spec.HelmValues(in)
	}).(pulumi.MapOutput)
}
