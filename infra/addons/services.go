package addons

import (
	"fmt"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/iam"
	"github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes"
	helmv4 "github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes/helm/v4"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/emr-eks-loadtest/emr-eks-loadtest/infra/irsa"
	"github.com/emr-eks-loadtest/emr-eks-loadtest/infra/versions"
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
	// Provider declares the Helm charts (required).
	Provider        *kubernetes.Provider
	CoreDNSReplicas int
	// Operational places controllers on the operational nodes.
	Operational            Placement
	LoadBalancerController bool
	MetricsServer          bool
	Tags                   map[string]string
}

// Services holds the add-ons.
type Services struct {
	pulumi.ResourceState
}

// NewServices declares the add-ons. Order it after the node groups (opts
// DependsOn): CoreDNS and the EBS CSI controller stay CREATING until pods run.
func NewServices(ctx *pulumi.Context, name string, args ServicesArgs, opts ...pulumi.ResourceOption) (*Services, error) {
	if args.Provider == nil {
		return nil, fmt.Errorf("service add-ons %s: a kubernetes provider is required", name)
	}
	s := &Services{}
	if err := ctx.RegisterComponentResource(ServicesType, name, s, opts...); err != nil {
		return nil, err
	}
	b := servicesBuilder{ctx: ctx, name: name, args: args, parent: pulumi.Parent(s)}
	steps := []func() error{b.coreDNS, b.ebsCSI}
	if args.MetricsServer {
		steps = append(steps, b.metricsServer)
	}
	if args.LoadBalancerController {
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
}

func (b *servicesBuilder) coreDNS() error {
	conf, err := CoreDNSConfiguration(b.args.CoreDNSReplicas, b.args.Operational.Tolerations)
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
		ServiceAccounts: []irsa.ServiceAccount{{Namespace: KubeSystem, Name: sa}},
		PolicyJSON:      policyJSON, ManagedPolicyARNs: managed, Tags: b.args.Tags,
	}, b.parent)
}

func (b *servicesBuilder) ebsCSI() error {
	role, err := b.role("ebs-csi", EBSCSIControllerServiceAccount, nil,
		[]string{"arn:" + b.args.Partition + ":iam::aws:policy/service-role/AmazonEBSCSIDriverPolicy"})
	if err != nil {
		return wrap("ebs csi role", err)
	}
	_, err = managedAddon(b.ctx, b.name+"-ebs-csi", addonSpec{
		cluster: b.args.ClusterName, addon: "aws-ebs-csi-driver", roleARN: role.Arn, tags: b.args.Tags,
	}, b.parent)
	return wrap("ebs csi add-on", err)
}

func (b *servicesBuilder) chart(name string, c versions.Chart, values pulumi.MapInput, opts ...pulumi.ResourceOption) error {
	_, err := helmv4.NewChart(b.ctx, name, &helmv4.ChartArgs{
		Chart:          pulumi.String(c.Name),
		Version:        pulumi.String(c.Version),
		RepositoryOpts: helmv4.RepositoryOptsArgs{Repo: pulumi.String(c.Repo)},
		Namespace:      pulumi.String(KubeSystem),
		Values:         values,
	}, append([]pulumi.ResourceOption{b.parent, pulumi.Provider(b.args.Provider)}, opts...)...)
	return wrap(c.Name+" chart", err)
}

func (b *servicesBuilder) metricsServer() error {
	return b.chart(b.name+"-metrics-server", versions.MetricsServer, pulumi.ToMap(MetricsServerValues(b.args.Operational)))
}

func (b *servicesBuilder) loadBalancerController() error {
	doc, err := LoadBalancerControllerPolicy(b.args.Partition).JSON()
	if err != nil {
		return err
	}
	role, err := b.role("lb-controller", LoadBalancerControllerServiceAccount, pulumi.String(doc), nil)
	if err != nil {
		return wrap("load balancer controller role", err)
	}
	in := LBCValuesInput{ClusterName: b.args.ClusterName, Region: b.args.Region, Placement: b.args.Operational}
	values := pulumi.All(b.args.VPCID, role.Arn).ApplyT(func(v []any) map[string]any {
		in.VPCID, in.RoleARN = v[0].(string), v[1].(string)
		return LoadBalancerControllerValues(in)
	}).(pulumi.MapOutput)
	return b.chart(b.name+"-lb-controller", versions.AWSLoadBalancerController, values)
}

func wrap(what string, err error) error {
	if err != nil {
		return fmt.Errorf("declaring %s: %w", what, err)
	}
	return nil
}
