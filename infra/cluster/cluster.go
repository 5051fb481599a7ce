// Package cluster declares the EKS control plane through pulumi-eks: API
// authentication with access entries (aws-auth is never written), an OIDC
// provider for IRSA, KMS envelope encryption of secrets, private + public
// endpoint and control-plane logs. It also creates the one
// kubernetes.Provider every Kubernetes object of the stack is declared with.
// Its configuration (Config, Defaults, Validate) is in spec/cluster.
package cluster

import (
	"fmt"

	awseks "github.com/pulumi/pulumi-aws/sdk/v6/go/aws/eks"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/kms"
	"github.com/pulumi/pulumi-eks/sdk/v3/go/eks"
	"github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	spec "github.com/emr-eks-loadtest/emr-eks-loadtest/spec/cluster"
)

// Type is the component's type token.
const Type = "emr-eks-loadtest:infra:Cluster"

// Args configures the cluster.
type Args struct {
	Config spec.Config
	// Name is the EKS cluster's real name (discovery tags use it).
	Name string
	// Partition is the AWS partition ("aws"), for managed policy ARNs.
	Partition string
	VPCID     pulumi.StringInput
	// PrivateSubnetIDs hold the control plane's ENIs and the nodes;
	// PublicSubnetIDs the internet-facing load balancers.
	PrivateSubnetIDs pulumi.StringArrayInput
	PublicSubnetIDs  pulumi.StringArrayInput
	// Network is what the control plane and everything in the cluster
	// need to reach AWS: NAT gateways, routes, route-table associations.
	// The cluster depends on it, so destroy removes it last.
	Network []pulumi.Resource
	Tags    map[string]string
}

// Cluster exposes the plain outputs later components need.
type Cluster struct {
	pulumi.ResourceState

	// Name is the EKS cluster name (plain: known at preview).
	Name string
	// KubeconfigJSON is secret: it is a credential path to the cluster.
	KubeconfigJSON         pulumi.StringOutput
	OIDCProviderARN        pulumi.StringOutput
	OIDCIssuerURL          pulumi.StringOutput
	ClusterSecurityGroupID pulumi.StringOutput
	NodeSecurityGroupID    pulumi.StringOutput
	SecretsKeyARN          pulumi.StringOutput
	// Provider is the single Kubernetes provider of the stack. Pass it to
	// every component that declares Kubernetes objects.
	Provider *kubernetes.Provider
	// EKS is the pulumi-eks component, for DependsOn only (its
	// resource-typed outputs are nil under mocks).
	EKS *eks.Cluster
}

// New declares the KMS key, the EKS cluster and the Kubernetes provider.
func New(ctx *pulumi.Context, name string, args Args, opts ...pulumi.ResourceOption) (*Cluster, error) {
	if err := args.Config.Validate(); err != nil {
		return nil, fmt.Errorf("cluster config: %w", err)
	}
	c := &Cluster{Name: args.Name}
	if err := ctx.RegisterComponentResource(Type, name, c, opts...); err != nil {
		return nil, err
	}
	parent := pulumi.Parent(c)
	key, err := kms.NewKey(ctx, name+"-secrets", &kms.KeyArgs{
		Description:       pulumi.Sprintf("EKS secrets envelope encryption for %s", args.Name),
		EnableKeyRotation: pulumi.Bool(true),
		Tags:              pulumi.ToStringMap(args.Tags),
	}, parent)
	if err != nil {
		return nil, fmt.Errorf("declaring secrets key: %w", err)
	}
	if _, err := kms.NewAlias(ctx, name+"-secrets", &kms.AliasArgs{
		Name: pulumi.String("alias/" + args.Name + "-eks-secrets"), TargetKeyId: key.KeyId,
	}, parent); err != nil {
		return nil, err
	}
	logs, err := controlPlaneLogGroup(ctx, name, args, parent)
	if err != nil {
		return nil, err
	}
	deps := append([]pulumi.Resource{logs}, args.Network...)
	ekc, err := eks.NewCluster(ctx, name, clusterArgs(args, key.Arn), parent, pulumi.DependsOn(deps))
	if err != nil {
		return nil, fmt.Errorf("declaring eks cluster: %w", err)
	}
	c.EKS, c.SecretsKeyARN = ekc, key.Arn
	c.KubeconfigJSON = pulumi.ToSecret(ekc.KubeconfigJson).(pulumi.StringOutput)
	c.OIDCProviderARN, c.OIDCIssuerURL = ekc.OidcProviderArn, ekc.OidcProviderUrl
	c.ClusterSecurityGroupID, c.NodeSecurityGroupID = ekc.ClusterSecurityGroupId, ekc.NodeSecurityGroupId
	c.Provider, err = kubernetes.NewProvider(ctx, name, &kubernetes.ProviderArgs{
		Kubeconfig: c.KubeconfigJSON,
		// Objects are applied server-side and Pulumi owns only its fields.
		EnableServerSideApply: pulumi.Bool(true),
	}, parent)
	if err != nil {
		return nil, fmt.Errorf("declaring kubernetes provider: %w", err)
	}
	return c, ctx.RegisterResourceOutputs(c, pulumi.Map{
		"name": pulumi.String(c.Name), "oidcProviderArn": c.OIDCProviderARN, "oidcIssuerUrl": c.OIDCIssuerURL,
	})
}

// clusterArgs maps Args to pulumi-eks's arguments. PublicAccessCIDRs go
// to EKS only with the public endpoint on (pulumi-eks v3.9.1 rejects the
// field, even empty, on a private-only cluster). The default node group,
// pulumi-eks's own CNI manifest and its CoreDNS/kube-proxy handling are off:
// infra/nodegroups and infra/addons own those.
func clusterArgs(args Args, keyARN pulumi.StringOutput) *eks.ClusterArgs {
	off := false
	on := true
	mode := eks.AuthenticationModeApi
	var cidrs pulumi.StringArrayInput
	cfg := args.Config
	if cfg.EndpointPublicAccess {
		cidrs = pulumi.ToStringArray(cfg.PublicAccessCIDRs)
	}
	return &eks.ClusterArgs{
		Name:                   pulumi.String(args.Name),
		Version:                pulumi.String(cfg.KubernetesVersion),
		VpcId:                  args.VPCID,
		PrivateSubnetIds:       args.PrivateSubnetIDs,
		PublicSubnetIds:        args.PublicSubnetIDs,
		AuthenticationMode:     &mode,
		AccessEntries:          accessEntries(args.Partition, cfg.AdminPrincipalARNs),
		CreateOidcProvider:     pulumi.Bool(true),
		EncryptionConfigKeyArn: keyARN,
		EndpointPrivateAccess:  pulumi.Bool(true),
		EndpointPublicAccess:   pulumi.Bool(cfg.EndpointPublicAccess),
		PublicAccessCidrs:      cidrs,
		EnabledClusterLogTypes: pulumi.ToStringArray(cfg.LogTypes),
		SkipDefaultNodeGroup:   &on,
		// Nodes and pod ENIs use the EKS-created cluster security group
		// (ClusterSecurityGroupId then returns it), not pulumi-eks's own.
		SkipDefaultSecurityGroups: &on,
		UseDefaultVpcCni:          &on,
		CorednsAddonOptions:       &eks.CoreDnsAddonOptionsArgs{Enabled: &off},
		KubeProxyAddonOptions:     &eks.KubeProxyAddonOptionsArgs{Enabled: &off},
		Tags:                      pulumi.ToStringMap(args.Tags),
	}
}

// ClusterAdminPolicyARN is EKS's managed access policy for cluster-admin.
func ClusterAdminPolicyARN(partition string) string {
	return "arn:" + partition + ":eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy"
}

func accessEntries(partition string, principals []string) map[string]eks.AccessEntryArgs {
	out := map[string]eks.AccessEntryArgs{}
	for i, arn := range principals {
		out[fmt.Sprintf("admin-%d", i)] = eks.AccessEntryArgs{
			PrincipalArn: pulumi.String(arn),
			AccessPolicies: map[string]eks.AccessPolicyAssociationInput{
				"cluster-admin": eks.AccessPolicyAssociationArgs{
					PolicyArn:   pulumi.String(ClusterAdminPolicyARN(partition)),
					AccessScope: awseks.AccessPolicyAssociationAccessScopeArgs{Type: pulumi.String("cluster")},
				},
			},
		}
	}
	return out
}
