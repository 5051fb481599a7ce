package karpenter

import "strconv"

// DiscoveryTag is the tag key Karpenter selects subnets and security
// groups by; its value is the cluster name.
const DiscoveryTag = "karpenter.sh/discovery"

// EC2NodeClassSpec is karpenter.k8s.aws/v1 EC2NodeClass .spec (the fields
// we set).
type EC2NodeClassSpec struct {
	AMISelectorTerms           []AMITerm       `json:"amiSelectorTerms"`
	Role                       string          `json:"role"`
	SubnetSelectorTerms        []TagTerm       `json:"subnetSelectorTerms"`
	SecurityGroupSelectorTerms []TagTerm       `json:"securityGroupSelectorTerms"`
	MetadataOptions            MetadataOptions `json:"metadataOptions"`
	BlockDeviceMappings        []BlockDevice   `json:"blockDeviceMappings"`
	// Kubelet is set only with prefix delegation (see MaxPods).
	Kubelet *Kubelet          `json:"kubelet,omitempty"`
	Tags    map[string]string `json:"tags,omitempty"`
}

// Kubelet is EC2NodeClass .spec.kubelet (the fields we set).
type Kubelet struct {
	MaxPods int `json:"maxPods"`
}

// MaxPodsWithPrefixDelegation is EKS's recommended max pods for nodes
// below 30 vCPUs with prefix delegation (250 from 30 vCPUs up). The pools'
// default sizes (xlarge..4xlarge) are 4..16 vCPUs; a larger size would
// still be held at 110, the Kubernetes scalability default, which the few
// big executor pods of a Spark node never approach. With prefix delegation
// one /28 gives 16 addresses, so 110 pods need 7 prefixes from the pod
// subnet (secondary CIDR, see docs/best-practices.md).
const MaxPodsWithPrefixDelegation = 110

// MaxPods is the kubelet setting for the node class: 110 with prefix
// delegation; nil without, so that Karpenter computes each instance type's
// ENI limit itself, (ENIs - reservedENIs) x (IPv4 per ENI - 1) + 2, with
// the primary ENI reserved by the chart (HelmValues) under custom networking.
func MaxPods(prefixDelegation bool) *Kubelet {
	if !prefixDelegation {
		return nil
	}
	return &Kubelet{MaxPods: MaxPodsWithPrefixDelegation}
}

// AMITerm selects the AMI by a pinned alias.
type AMITerm struct {
	Alias string `json:"alias"`
}

// TagTerm selects by tags.
type TagTerm struct {
	Tags map[string]string `json:"tags"`
}

// MetadataOptions are the instance metadata settings.
type MetadataOptions struct {
	HTTPEndpoint            string `json:"httpEndpoint"`
	HTTPProtocolIPv6        string `json:"httpProtocolIPv6"`
	HTTPPutResponseHopLimit int    `json:"httpPutResponseHopLimit"`
	HTTPTokens              string `json:"httpTokens"`
}

// BlockDevice is one block device mapping.
type BlockDevice struct {
	DeviceName string `json:"deviceName"`
	RootVolume bool   `json:"rootVolume"`
	EBS        EBS    `json:"ebs"`
}

// EBS is the volume of a block device mapping.
type EBS struct {
	VolumeSize          string `json:"volumeSize"`
	VolumeType          string `json:"volumeType"`
	Encrypted           bool   `json:"encrypted"`
	DeleteOnTermination bool   `json:"deleteOnTermination"`
}

// EC2NodeClass is the node class both pools use: the pinned AL2023 alias,
// IMDSv2 only with hop limit 1 (pods cannot reach the node's credentials),
// an encrypted gp3 root volume, subnets and security groups found by the
// discovery tag, and the node role (Karpenter makes the instance profile).
func EC2NodeClass(c Config, clusterName, nodeRoleName string) EC2NodeClassSpec {
	discovery := []TagTerm{{Tags: map[string]string{DiscoveryTag: clusterName}}}
	return EC2NodeClassSpec{
		AMISelectorTerms:           []AMITerm{{Alias: c.AMIAlias}},
		Role:                       nodeRoleName,
		SubnetSelectorTerms:        discovery,
		SecurityGroupSelectorTerms: discovery,
		MetadataOptions: MetadataOptions{
			HTTPEndpoint: "enabled", HTTPProtocolIPv6: "disabled", HTTPPutResponseHopLimit: 1, HTTPTokens: "required",
		},
		BlockDeviceMappings: []BlockDevice{{
			DeviceName: "/dev/xvda", RootVolume: true,
			EBS: EBS{VolumeSize: strconv.Itoa(c.RootVolumeGiB) + "Gi", VolumeType: "gp3", Encrypted: true, DeleteOnTermination: true},
		}},
		Kubelet: MaxPods(c.PrefixDelegation),
		Tags:    map[string]string{DiscoveryTag: clusterName, "emr-eks-loadtest/managed-by": "karpenter"},
	}
}
