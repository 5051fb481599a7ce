package addons

import (
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/eks"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/emr-eks-loadtest/emr-eks-loadtest/infra/versions"
)

// addonSpec is one EKS managed add-on.
type addonSpec struct {
	cluster       string
	addon         string
	configuration string // JSON; "" for none
	roleARN       pulumi.StringInput
	tags          map[string]string
}

// managedAddon declares an EKS managed add-on. OVERWRITE on create adopts
// the self-managed copy EKS bootstraps; OVERWRITE on update makes the
// add-on's configurationValues the only source of truth for its settings.
func managedAddon(ctx *pulumi.Context, name string, s addonSpec, opts ...pulumi.ResourceOption) (*eks.Addon, error) {
	args := &eks.AddonArgs{
		ClusterName:              pulumi.String(s.cluster),
		AddonName:                pulumi.String(s.addon),
		ResolveConflictsOnCreate: pulumi.String("OVERWRITE"),
		ResolveConflictsOnUpdate: pulumi.String("OVERWRITE"),
		Tags:                     pulumi.ToStringMap(s.tags),
	}
	if v, ok := versions.EKSAddonVersions[s.addon]; ok {
		args.AddonVersion = pulumi.String(v)
	}
	if s.configuration != "" {
		args.ConfigurationValues = pulumi.String(s.configuration)
	}
	if s.roleARN != nil {
		args.ServiceAccountRoleArn = s.roleARN
	}
	return eks.NewAddon(ctx, name, args, opts...)
}
