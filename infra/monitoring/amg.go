package monitoring

import (
	"fmt"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/amp"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/grafana"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/iam"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/emr-eks-loadtest/emr-eks-loadtest/infra/versions"
	spec "github.com/emr-eks-loadtest/emr-eks-loadtest/spec/monitoring"
)

// declareManagedGrafana declares an Amazon Managed Grafana workspace (IAM
// Identity Center sign-in) whose role can query the AMP workspace. The AMP
// data source and the dashboards inside it need the Grafana HTTP API, for
// which no Pulumi provider is buildable here: the README gives the one
// command that loads them.
func (c *Monitoring) declareManagedGrafana(ctx *pulumi.Context, name string, args Args, ws *amp.Workspace) error {
	parent := pulumi.Parent(c)
	trust := pulumi.All(args.Region, args.AccountID).ApplyT(func(v []any) (string, error) {
		return spec.ManagedGrafanaTrust(v[0].(string), v[1].(string)).JSON()
	}).(pulumi.StringOutput)
	role, err := iam.NewRole(ctx, name+"-grafana", &iam.RoleArgs{AssumeRolePolicy: trust, Tags: pulumi.ToStringMap(args.Tags)}, parent)
	if err != nil {
		return fmt.Errorf("declaring Managed Grafana role: %w", err)
	}
	policy := ws.Arn.ApplyT(func(arn string) (string, error) { return spec.ManagedGrafanaPolicy(arn).JSON() }).(pulumi.StringOutput)
	if _, err := iam.NewRolePolicy(ctx, name+"-grafana", &iam.RolePolicyArgs{Role: role.Name, Policy: policy}, parent); err != nil {
		return fmt.Errorf("declaring Managed Grafana policy: %w", err)
	}
	g, err := grafana.NewWorkspace(ctx, name+"-grafana", &grafana.WorkspaceArgs{
		AccountAccessType:       pulumi.String("CURRENT_ACCOUNT"),
		AuthenticationProviders: pulumi.StringArray{pulumi.String("AWS_SSO")},
		PermissionType:          pulumi.String("CUSTOMER_MANAGED"),
		RoleArn:                 role.Arn,
		DataSources:             pulumi.StringArray{pulumi.String("PROMETHEUS")},
		GrafanaVersion:          pulumi.String(versions.ManagedGrafanaVersion),
		Tags:                    pulumi.ToStringMap(args.Tags),
	}, parent)
	if err != nil {
		return fmt.Errorf("declaring Managed Grafana workspace: %w", err)
	}
	c.ManagedGrafanaEndpoint = g.Endpoint
	return nil
}
