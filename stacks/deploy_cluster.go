package stacks

import (
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/emr-eks-loadtest/emr-eks-loadtest/infra/cluster"
	"github.com/emr-eks-loadtest/emr-eks-loadtest/internal/outputs"
)

type clusterResult = cluster.Cluster

func (s *stack) deployCluster() error {
	c := s.cfg.Cluster
	cl, err := cluster.New(s.ctx, s.cfg.Stack.ClusterName(), cluster.Args{
		Name:                 s.cfg.Stack.ClusterName(),
		KubernetesVersion:    c.KubernetesVersion,
		Partition:            s.account.Partition,
		VPCID:                s.network.VPCID,
		PrivateSubnetIDs:     pulumi.ToStringArrayOutput(s.network.PrivateSubnetIDs),
		PublicSubnetIDs:      pulumi.ToStringArrayOutput(s.network.PublicSubnetIDs),
		EndpointPublicAccess: c.EndpointPublicAccess,
		PublicAccessCIDRs:    c.PublicAccessCIDRs,
		LogTypes:             c.LogTypes,
		AdminPrincipalARNs:   c.AdminPrincipalARNs,
		Tags:                 s.cfg.Stack.Tags,
	})
	if err != nil {
		return err
	}
	s.cluster = cl
	s.export(outputs.ClusterName, pulumi.String(cl.Name))
	s.export(outputs.Kubeconfig, cl.KubeconfigJSON)
	s.export(outputs.OIDCProviderARN, cl.OIDCProviderARN)
	s.export(outputs.OIDCIssuerURL, cl.OIDCIssuerURL)
	return nil
}
