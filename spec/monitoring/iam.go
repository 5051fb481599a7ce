package monitoring

import (
	"fmt"

	"github.com/emr-eks-loadtest/emr-eks-loadtest/infra/iampolicy"
)

// RemoteWritePolicy lets Prometheus write to exactly one AMP workspace.
func RemoteWritePolicy(workspaceARN string) iampolicy.Document {
	return iampolicy.New(iampolicy.Allow("AMPRemoteWrite", []string{"aps:RemoteWrite"}, []string{workspaceARN}))
}

// ManagedGrafanaPolicy lets Amazon Managed Grafana query one AMP workspace
// (what the console's "AMP data source" permission would grant, narrowed to it).
func ManagedGrafanaPolicy(workspaceARN string) iampolicy.Document {
	return iampolicy.New(
		iampolicy.Allow("AMPQuery", []string{
			"aps:DescribeWorkspace", "aps:GetLabels", "aps:GetMetricMetadata", "aps:GetSeries", "aps:QueryMetrics",
		}, []string{workspaceARN}),
		// ListWorkspaces has no resource-level permission.
		iampolicy.Allow("AMPList", []string{"aps:ListWorkspaces"}, []string{"*"}),
	)
}

// ManagedGrafanaTrust lets the Grafana service assume the role only on
// behalf of this account's workspaces in region (aws:SourceAccount and
// aws:SourceArn, as the Amazon Managed Grafana docs prescribe against the
// confused deputy). The role is made before the workspace, whose ARN is
// therefore matched by the account's workspace pattern.
func ManagedGrafanaTrust(region, accountID string) iampolicy.Document {
	source := fmt.Sprintf("arn:%s:grafana:%s:%s:/workspaces/*", iampolicy.Partition(region), region, accountID)
	return iampolicy.New(iampolicy.Statement{
		Effect:    "Allow",
		Principal: map[string][]string{"Service": {"grafana.amazonaws.com"}},
		Action:    []string{"sts:AssumeRole"},
		Condition: map[string]map[string]any{
			"StringEquals": {"aws:SourceAccount": accountID},
			"StringLike":   {"aws:SourceArn": source},
		},
	})
}
