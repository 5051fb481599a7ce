package stacks

import (
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/emr-eks-loadtest/emr-eks-loadtest/infra/karpenter"
	"github.com/emr-eks-loadtest/emr-eks-loadtest/infra/loadgenapp"
	"github.com/emr-eks-loadtest/emr-eks-loadtest/infra/monitoring"
)

type monitoringResult = monitoring.Monitoring

// deployMonitoring declares AMP, kube-prometheus-stack with its remote-write
// role, the Pod/ServiceMonitors, the dashboard ConfigMaps and, if asked,
// Managed Grafana. It has no outputs of internal/outputs: loadgen does not
// read them (`pulumi stack output` of the component is in the state).
func (s *stack) deployMonitoring() error {
	name := s.cfg.Stack.ClusterName()
	selector, tolerations := s.cfg.Monitoring.Placement(OperationalPlacement())
	args := monitoring.Args{
		Config:      s.cfg.Monitoring.Component(karpenter.DefaultNamespace, loadgenapp.DefaultNamespace),
		ClusterName: pulumi.String(name), OIDCProviderARN: s.cluster.OIDCProviderARN, IssuerURL: s.cluster.OIDCIssuerURL,
		Region: pulumi.String(s.cfg.Region), AccountID: pulumi.String(s.account.ID),
		JobNamespaces: s.emr.JobNamespaces, NodeSelector: selector, Tolerations: tolerations,
		KubeProvider: s.cluster.Provider, Tags: s.cfg.Stack.Tags,
	}
	if s.cfg.Monitoring.Grafana {
		args.GrafanaAdminPassword = pulumi.ToSecret(pulumi.String(s.cfg.Monitoring.GrafanaAdminPassword)).(pulumi.StringOutput)
	}
	m, err := monitoring.NewMonitoring(s.ctx, name+"-monitoring", args,
		pulumi.DependsOn([]pulumi.Resource{s.nodeGroups, s.addons.objects}))
	if err != nil {
		return err
	}
	s.monitoring = m
	return nil
}
