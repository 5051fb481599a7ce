package nodegroups

import "github.com/emr-eks-loadtest/emr-eks-loadtest/infra/iampolicy"

// NodePolicyNames are the AWS managed policies of the node role. The CNI
// policy is not among them: the VPC CNI runs with its own IRSA role.
var NodePolicyNames = []string{"AmazonEKSWorkerNodePolicy", "AmazonEC2ContainerRegistryReadOnly", "AmazonSSMManagedInstanceCore"}

// NodeTrustPolicy lets EC2 instances of the partition assume the node role
// (ec2.amazonaws.com.cn in the China Regions).
func NodeTrustPolicy(partition string) iampolicy.Document {
	return iampolicy.New(iampolicy.Statement{
		Effect: "Allow", Principal: map[string][]string{"Service": {iampolicy.EC2Principal(partition)}},
		Action: []string{"sts:AssumeRole"},
	})
}
