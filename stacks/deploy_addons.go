package stacks

import (
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/emr-eks-loadtest/emr-eks-loadtest/infra/addons"
	"github.com/emr-eks-loadtest/emr-eks-loadtest/spec/nodegroups"
)

// addonsResult holds the three add-on components: networking and the
// cluster objects come before the node groups, the services after.
type addonsResult struct {
	networking *addons.Networking
	objects    *addons.ClusterObjects
	services   *addons.Services
}

// deployNetworkingAddons declares vpc-cni, kube-proxy and the ENIConfigs
// + gp3 StorageClass; node groups wait for them.
func (s *stack) deployNetworkingAddons() error {
	a := s.cfg.Addons
	name := s.cfg.Stack.ClusterName()
	net, err := addons.NewNetworking(s.ctx, name, addons.NetworkingArgs{
		ClusterName:      name,
		Partition:        s.account.Partition,
		OIDCProviderARN:  s.cluster.OIDCProviderARN,
		OIDCIssuerURL:    s.cluster.OIDCIssuerURL,
		Config:           a,
		CustomNetworking: true, // pods take IPs from the network's pod subnets
		Tags:             s.cfg.Stack.Tags,
	}, pulumi.DependsOn([]pulumi.Resource{s.cluster.EKS}))
	if err != nil {
		return err
	}
	objects, err := addons.NewClusterObjects(s.ctx, name, addons.ClusterObjectsArgs{
		PodSubnets:      s.network.PodSubnets,
		SecurityGroupID: s.cluster.ClusterSecurityGroupID,
		GP3Default:      a.GP3DefaultStorageClass,
	}, s.kube(), pulumi.DependsOn([]pulumi.Resource{net.VPCCNI}))
	if err != nil {
		return err
	}
	s.addons = &addonsResult{networking: net, objects: objects}
	return nil
}

// deployServiceAddons declares CoreDNS, EBS CSI, metrics-server and the
// AWS Load Balancer Controller once nodes exist.
func (s *stack) deployServiceAddons() error {
	a := s.cfg.Addons
	name := s.cfg.Stack.ClusterName()
	svc, err := addons.NewServices(s.ctx, name, addons.ServicesArgs{
		ClusterName:     name,
		Region:          s.cfg.Region,
		Partition:       s.account.Partition,
		VPCID:           s.network.VPCID,
		OIDCProviderARN: s.cluster.OIDCProviderARN,
		OIDCIssuerURL:   s.cluster.OIDCIssuerURL,
		Config:          a,
		Placement:       nodegroups.OperationalPlacement(),
		Tags:            s.cfg.Stack.Tags,
	}, s.kube(), pulumi.DependsOn(s.nodeGroups.Groups))
	if err != nil {
		return err
	}
	s.addons.services = svc
	return nil
}
