package karpenter

import (
	"slices"
	"testing"
)

// In the China Regions EC2's service principal is ec2.amazonaws.com.cn:
// the node role's trust and the controller's iam:PassedToService must name
// the partition's principal or nodes cannot get credentials / Karpenter
// cannot pass the role (Karpenter's CloudFormation uses ec2.${AWS::URLSuffix}).
func TestEC2PrincipalFollowsThePartition(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ partition, principal string }{
		{"aws", "ec2.amazonaws.com"},
		{"aws-cn", "ec2.amazonaws.com.cn"},
		{"aws-us-gov", "ec2.amazonaws.com"},
	} {
		t.Run(tc.partition, func(t *testing.T) {
			t.Parallel()
			trust := NodeTrustPolicy(tc.partition)
			if got := trust.Statement[0].Principal["Service"]; !slices.Equal(got, []string{tc.principal}) {
				t.Errorf("node trust principal = %v, want %s", got, tc.principal)
			}
			p := testParams
			p.Partition = tc.partition
			for _, s := range ControllerPolicy(p).Statement {
				if s.Sid != "AllowPassingInstanceRole" {
					continue
				}
				if got := s.Condition["StringEquals"]["iam:PassedToService"]; !slices.Equal(got.([]string), []string{tc.principal}) {
					t.Errorf("iam:PassedToService = %v, want %s", got, tc.principal)
				}
			}
		})
	}
}
