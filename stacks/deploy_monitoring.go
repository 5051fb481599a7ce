package stacks

import (
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/emr-eks-loadtest/emr-eks-loadtest/infra/monitoring"
	"github.com/emr-eks-loadtest/emr-eks-loadtest/internal/outputs"
	"github.com/emr-eks-loadtest/emr-eks-loadtest/spec/karpenter"
	monitoringspec "github.com/emr-eks-loadtest/emr-eks-loadtest/spec/monitoring"
	"github.com/emr-eks-loadtest/emr-eks-loadtest/spec/nodegroups"
)

// grafanaServiceName is the in-cluster Grafana's Service: the chart's
// Grafana subchart names it <release>-grafana.
const grafanaServiceName = monitoringspec.ReleaseName + "-grafana"

type monitoringResult = monitoring.Monitoring

// deployMonitoring declares AMP, kube-prometheus-stack with its remote-write
// role, the Pod/ServiceMonitors, the dashboard ConfigMaps and, if asked,
// Managed Grafana. It exports the AMP workspace and where Grafana is: the
// Managed Grafana endpoint and the in-cluster Grafana's Service, each only
// when that Grafana is on.
func (s *stack) deployMonitoring() error {
	name := s.cfg.Stack.ClusterName()
	cfg := s.cfg.Monitoring
	cfg.KarpenterNamespace, cfg.LoadgenNamespace = karpenter.DefaultNamespace, s.cfg.Loadgen.Namespace
	args := monitoring.Args{
		Config:      cfg,
		ClusterName: pulumi.String(name), OIDCProviderARN: s.cluster.OIDCProviderARN, IssuerURL: s.cluster.OIDCIssuerURL,
		Region: pulumi.String(s.cfg.Region), AccountID: pulumi.String(s.account.ID),
		JobNamespaces: s.emr.JobNamespaces, Placement: nodegroups.OperationalPlacement(),
		Tags: s.cfg.Stack.Tags,
	}
	// The service add-ons include the EBS CSI driver: Prometheus's volume
	// is created after it and, on destroy, released while it still runs.
	m, err := monitoring.New(s.ctx, name+"-monitoring", args, s.kube(),
		pulumi.DependsOn([]pulumi.Resource{s.nodeGroups, s.addons.objects, s.addons.services}))
	if err != nil {
		return err
	}
	s.monitoring = m
	s.export(outputs.AMPWorkspaceID, m.WorkspaceID)
	s.export(outputs.AMPEndpoint, m.WorkspaceEndpoint)
	if s.cfg.Monitoring.ManagedGrafana {
		s.export(outputs.GrafanaEndpoint, m.ManagedGrafanaEndpoint)
	}
	if s.cfg.Monitoring.Grafana {
		s.export(outputs.GrafanaService, pulumi.StringMap{
			"namespace": pulumi.String(args.Namespace), "name": pulumi.String(grafanaServiceName),
		})
	}
	return nil
}
