package monitoring

import "github.com/emr-eks-loadtest/emr-eks-loadtest/infra/iampolicy"

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

// ManagedGrafanaTrust lets the Grafana service assume the role, for
// workspaces of this account only (confused-deputy guard).
func ManagedGrafanaTrust(accountID string) iampolicy.Document {
	return iampolicy.New(iampolicy.Statement{
		Effect:    "Allow",
		Principal: map[string][]string{"Service": {"grafana.amazonaws.com"}},
		Action:    []string{"sts:AssumeRole"},
		Condition: map[string]map[string]any{"StringEquals": {"aws:SourceAccount": accountID}},
	})
}
