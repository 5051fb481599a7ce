package addons

import (
	"fmt"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/eks"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/iam"
	helmv4 "github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes/helm/v4"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/emr-eks-loadtest/emr-eks-loadtest/infra/irsa"
	"github.com/emr-eks-loadtest/emr-eks-loadtest/infra/kubeprovider"
	"github.com/emr-eks-loadtest/emr-eks-loadtest/infra/placement"
	"github.com/emr-eks-loadtest/emr-eks-loadtest/infra/versions"
	spec "github.com/emr-eks-loadtest/emr-eks-loadtest/spec/addons"
	irsaspec "github.com/emr-eks-loadtest/emr-eks-loadtest/spec/irsa"
)

// ServicesType is the Services component's type.
const ServicesType = "emr-eks-loadtest:infra:ServiceAddons"

// ServicesArgs configures the add-ons that need running nodes: CoreDNS,
// the EBS CSI driver, metrics-server and the AWS Load Balancer Controller.
type ServicesArgs struct {
	ClusterName     string
	Region          string
	Partition       string
	VPCID           pulumi.StringInput
	OIDCProviderARN pulumi.StringInput
	OIDCIssuerURL   pulumi.StringInput
	// Config: CoreDNS replicas and which optional controllers to install.
	Config spec.Config
	// Placement puts the controllers on the operational nodes.
	Placement placement.Placement
	// ChartPaths replace the pinned registry charts with local chart
	// folders (tests render the real charts from Go modules); empty
	// fields keep the registry chart.
	ChartPaths ChartPaths
	Tags       map[string]string
}

// ChartPaths are local chart folders, one per Helm chart of the component.
type ChartPaths struct {
	MetricsServer          string
	LoadBalancerController string
}

// Helm release names. Each stack has its own cluster, so they need not
// carry the cluster name: "<clusterName>-metrics-server" passed Helm's 53
// characters only for cluster names up to 38 (config allowed 40 when this
// was found), and fixed names cannot break when that limit moves. A
// release name containing the chart name makes the chart's fullname the
// release name itself.
const (
	MetricsServerRelease          = "metrics-server"
	LoadBalancerControllerRelease = "aws-load-balancer-controller"
)

// Services holds the add-ons.
type Services struct {
	pulumi.ResourceState
	// EBSCSI is the EBS CSI driver add-on: workloads with PVCs (Prometheus)
	// depend on it, so they are created after and destroyed before it.
	EBSCSI *eks.Addon
}

// NewServices declares the add-ons; the Helm charts inherit the Kubernetes
// provider handed down in opts (pulumi.Providers(k8s)). Order it after the
// node groups (opts DependsOn): CoreDNS and the EBS CSI controller stay
// CREATING until pods run.
func NewServices(ctx *pulumi.Context, name string, args ServicesArgs, opts ...pulumi.ResourceOption) (*Services, error) {
	if err := kubeprovider.Require("service add-ons "+name, opts); err != nil {
		return nil, err
	}
	if err := args.Config.Validate(); err != nil {
		return nil, fmt.Errorf("add-ons config: %w", err)
	}
	s := &Services{}
	if err := ctx.RegisterComponentResource(ServicesType, name, s, opts...); err != nil {
		return nil, err
	}
	b := servicesBuilder{ctx: ctx, name: name, args: args, parent: pulumi.Parent(s), out: s}
	steps := []func() error{b.coreDNS, b.ebsCSI}
	if args.Config.MetricsServer {
		steps = append(steps, b.metricsServer)
	}
	if args.Config.LoadBalancerController {
		steps = append(steps, b.loadBalancerController)
	}
	for _, step := range steps {
		if err := step(); err != nil {
			return nil, err
		}
	}
	return s, ctx.RegisterResourceOutputs(s, pulumi.Map{})
}

type servicesBuilder struct {
	ctx    *pulumi.Context
	name   string
	args   ServicesArgs
	parent pulumi.ResourceOption
	out    *Services
}

func (b *servicesBuilder) coreDNS() error {
	conf, err := spec.CoreDNSConfiguration(b.args.Config.CoreDNSReplicas, b.args.Placement.Tolerations)
	if err != nil {
		return err
	}
	_, err = managedAddon(b.ctx, b.name+"-coredns", addonSpec{
		cluster: b.args.ClusterName, addon: "coredns", configuration: conf, tags: b.args.Tags,
	}, b.parent)
	return wrap("coredns add-on", err)
}

func (b *servicesBuilder) role(suffix, sa string, policyJSON pulumi.StringInput, managed []string) (*iam.Role, error) {
	return irsa.NewRole(b.ctx, b.name+"-"+suffix, irsa.RoleArgs{
		OIDCProviderARN: b.args.OIDCProviderARN, IssuerURL: b.args.OIDCIssuerURL,
		ServiceAccounts: []irsaspec.ServiceAccount{{Namespace: spec.KubeSystem, Name: sa}},
		PolicyJSON:      policyJSON, ManagedPolicyARNs: managed, Tags: b.args.Tags,
	}, b.parent)
}

func (b *servicesBuilder) ebsCSI() error {
	role, err := b.role("ebs-csi", spec.EBSCSIControllerServiceAccount, nil,
		[]string{"arn:" + b.args.Partition + ":iam::aws:policy/service-role/AmazonEBSCSIDriverPolicy"})
	if err != nil {
		return wrap("ebs csi role", err)
	}
	conf, err := spec.EBSCSIConfiguration(b.args.Placement)
	if err != nil {
		return err
	}
	b.out.EBSCSI, err = managedAddon(b.ctx, b.name+"-ebs-csi", addonSpec{
		cluster: b.args.ClusterName, addon: "aws-ebs-csi-driver", configuration: conf, roleARN: role.Arn, tags: b.args.Tags,
	}, b.parent)
	return wrap("ebs csi add-on", err)
}

// chartSpec is one Helm chart of the component.
type chartSpec struct {
	release string         // Helm release name
	chart   versions.Chart // the pinned registry chart
	path    string         // a local chart folder instead, when set
	values  pulumi.MapInput
}

func metricsServerChart(a ServicesArgs) chartSpec {
	return chartSpec{release: MetricsServerRelease, chart: versions.MetricsServer, path: a.ChartPaths.MetricsServer,
		values: pulumi.ToMap(spec.MetricsServerValues(a.Placement))}
}

func loadBalancerControllerChart(a ServicesArgs, values pulumi.MapInput) chartSpec {
	return chartSpec{release: LoadBalancerControllerRelease, chart: versions.AWSLoadBalancerController,
		path: a.ChartPaths.LoadBalancerController, values: values}
}

// declareChart declares c as a helm/v4 Chart named name (in Pulumi) in
// kube-system; opts must carry the Kubernetes provider.
func declareChart(ctx *pulumi.Context, name string, c chartSpec, opts ...pulumi.ResourceOption) error {
	args := &helmv4.ChartArgs{Name: pulumi.String(c.release), Namespace: pulumi.String(spec.KubeSystem), Values: c.values}
	if c.path != "" {
		args.Chart = pulumi.String(c.path)
	} else {
		args.Chart, args.Version = pulumi.String(c.chart.Name), pulumi.String(c.chart.Version)
		args.RepositoryOpts = helmv4.RepositoryOptsArgs{Repo: pulumi.String(c.chart.Repo)}
	}
	_, err := helmv4.NewChart(ctx, name, args, opts...)
	return wrap(c.chart.Name+" chart", err)
}

func (b *servicesBuilder) chart(name string, c chartSpec) error {
	return declareChart(b.ctx, name, c, b.parent)
}

func (b *servicesBuilder) metricsServer() error {
	return b.chart(b.name+"-metrics-server", metricsServerChart(b.args))
}

func (b *servicesBuilder) loadBalancerController() error {
	doc, err := spec.LoadBalancerControllerPolicy(b.args.Partition).JSON()
	if err != nil {
		return err
	}
	role, err := b.role("lb-controller", spec.LoadBalancerControllerServiceAccount, pulumi.String(doc), nil)
	if err != nil {
		return wrap("load balancer controller role", err)
	}
	in := spec.LBCValuesInput{ClusterName: b.args.ClusterName, Region: b.args.Region, Placement: b.args.Placement}
	values := pulumi.All(b.args.VPCID, role.Arn).ApplyT(func(v []any) map[string]any {
		in.VPCID, in.RoleARN = v[0].(string), v[1].(string)
		return spec.LoadBalancerControllerValues(in)
	}).(pulumi.MapOutput)
	return b.chart(b.name+"-lb-controller", loadBalancerControllerChart(b.args, values))
}

func wrap(what string, err error) error {
	if err != nil {
		return fmt.Errorf("declaring %s: %w", what, err)
	}
	return nil
}
