package nodegroups

import (
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/ec2"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	spec "github.com/emr-eks-loadtest/emr-eks-loadtest/spec/nodegroups"
)

const (
	// AMIType is the EKS-optimized Amazon Linux 2023 image, picked by EKS
	// for the cluster's Kubernetes version (no AMI id to pin or rotate).
	AMIType = "AL2023_x86_64_STANDARD"
	// RootDevice is AL2023's root device name.
	RootDevice = "/dev/xvda"
)

// launchTemplateArgs requires IMDSv2 (tokens required, hop limit spec.HopLimit)
// and gives every node an encrypted gp3 root volume. Instance types stay
// on the node group (EKS rejects them in both places).
func launchTemplateArgs(g spec.GroupSpec, rootGiB int) *ec2.LaunchTemplateArgs {
	instanceTags := pulumi.StringMap{"Name": pulumi.String(g.Name)}
	for k, v := range g.Tags {
		instanceTags[k] = pulumi.String(v)
	}
	return &ec2.LaunchTemplateArgs{
		Name:                 pulumi.String(g.Name),
		UpdateDefaultVersion: pulumi.Bool(true),
		MetadataOptions: ec2.LaunchTemplateMetadataOptionsArgs{
			HttpEndpoint:            pulumi.String("enabled"),
			HttpTokens:              pulumi.String("required"),
			HttpPutResponseHopLimit: pulumi.Int(spec.HopLimit),
		},
		BlockDeviceMappings: ec2.LaunchTemplateBlockDeviceMappingArray{ec2.LaunchTemplateBlockDeviceMappingArgs{
			DeviceName: pulumi.String(RootDevice),
			Ebs: ec2.LaunchTemplateBlockDeviceMappingEbsArgs{
				VolumeSize:          pulumi.Int(rootGiB),
				VolumeType:          pulumi.String("gp3"),
				Encrypted:           pulumi.String("true"),
				DeleteOnTermination: pulumi.String("true"),
			},
		}},
		TagSpecifications: ec2.LaunchTemplateTagSpecificationArray{
			ec2.LaunchTemplateTagSpecificationArgs{ResourceType: pulumi.String("instance"), Tags: instanceTags},
			ec2.LaunchTemplateTagSpecificationArgs{ResourceType: pulumi.String("volume"), Tags: instanceTags},
		},
		Tags: pulumi.ToStringMap(g.Tags),
	}
}
