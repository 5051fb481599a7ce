package addons

import (
	"fmt"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/eks"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/emr-eks-loadtest/emr-eks-loadtest/infra/irsa"
	spec "github.com/emr-eks-loadtest/emr-eks-loadtest/spec/addons"
	irsaspec "github.com/emr-eks-loadtest/emr-eks-loadtest/spec/irsa"
)

// NetworkingType is the Networking component's type.
const NetworkingType = "emr-eks-loadtest:infra:NetworkingAddons"

// NetworkingArgs configures the add-ons nodes need before they can be
// Ready: the VPC CNI and kube-proxy.
type NetworkingArgs struct {
	ClusterName     string
	Partition       string
	OIDCProviderARN pulumi.StringInput
	OIDCIssuerURL   pulumi.StringInput
	Config          spec.Config
	// CustomNetworking puts pod ENIs in the ENIConfig of the node's AZ
	// (the pod subnets; ClusterObjects declares the ENIConfigs).
	CustomNetworking bool
	Tags             map[string]string
}

// Networking holds the add-ons; depend on it before node groups and
// ENIConfigs (the vpc-cni add-on installs the ENIConfig CRD).
type Networking struct {
	pulumi.ResourceState

	VPCCNI    *eks.Addon
	KubeProxy *eks.Addon
}

// NewNetworking declares vpc-cni (with its own IRSA role holding
// AmazonEKS_CNI_Policy, so nodes need none) and kube-proxy.
func NewNetworking(ctx *pulumi.Context, name string, args NetworkingArgs, opts ...pulumi.ResourceOption) (*Networking, error) {
	if err := args.Config.Validate(); err != nil {
		return nil, fmt.Errorf("add-ons config: %w", err)
	}
	n := &Networking{}
	if err := ctx.RegisterComponentResource(NetworkingType, name, n, opts...); err != nil {
		return nil, err
	}
	parent := pulumi.Parent(n)
	role, err := irsa.NewRole(ctx, name+"-vpc-cni", irsa.RoleArgs{
		OIDCProviderARN:   args.OIDCProviderARN,
		IssuerURL:         args.OIDCIssuerURL,
		ServiceAccounts:   []irsaspec.ServiceAccount{{Namespace: spec.KubeSystem, Name: spec.VPCCNIServiceAccount}},
		ManagedPolicyARNs: []string{"arn:" + args.Partition + ":iam::aws:policy/AmazonEKS_CNI_Policy"},
		Tags:              args.Tags,
	}, parent)
	if err != nil {
		return nil, fmt.Errorf("declaring vpc-cni role: %w", err)
	}
	cniConfig, err := spec.VPCCNIConfiguration(args.Config.CNISettings(args.CustomNetworking))
	if err != nil {
		return nil, err
	}
	if n.VPCCNI, err = managedAddon(ctx, name+"-vpc-cni", addonSpec{
		cluster: args.ClusterName, addon: "vpc-cni", configuration: cniConfig, roleARN: role.Arn, tags: args.Tags,
	}, parent); err != nil {
		return nil, fmt.Errorf("declaring vpc-cni add-on: %w", err)
	}
	if n.KubeProxy, err = managedAddon(ctx, name+"-kube-proxy", addonSpec{
		cluster: args.ClusterName, addon: "kube-proxy", tags: args.Tags,
	}, parent); err != nil {
		return nil, fmt.Errorf("declaring kube-proxy add-on: %w", err)
	}
	return n, ctx.RegisterResourceOutputs(n, pulumi.Map{"vpcCniRoleArn": role.Arn})
}
