package iampolicy

import "strings"

// Partitions the stack can run in.
const (
	PartitionAWS   = "aws"
	PartitionChina = "aws-cn"
	PartitionGov   = "aws-us-gov"
)

// Partition is the AWS partition of a Region.
func Partition(region string) string {
	switch {
	case strings.HasPrefix(region, "cn-"):
		return PartitionChina
	case strings.HasPrefix(region, "us-gov-"):
		return PartitionGov
	default:
		return PartitionAWS
	}
}

// URLSuffix is the partition's DNS suffix (CloudFormation's AWS::URLSuffix).
func URLSuffix(partition string) string {
	if partition == PartitionChina {
		return "amazonaws.com.cn"
	}
	return "amazonaws.com"
}

// EC2Principal is the EC2 service principal of a partition, as Karpenter's
// own CloudFormation writes it ("ec2.${AWS::URLSuffix}"): in the China
// Regions, trust policies and iam:PassedToService name ec2.amazonaws.com.cn.
func EC2Principal(partition string) string {
	return "ec2." + URLSuffix(partition)
}
