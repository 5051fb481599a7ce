package iampolicy

import "testing"

func TestPartitionsAndEC2Principal(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ name, region, partition, ec2 string }{
		{"commercial", "us-west-2", "aws", "ec2.amazonaws.com"},
		{"china", "cn-northwest-1", "aws-cn", "ec2.amazonaws.com.cn"},
		{"govcloud", "us-gov-west-1", "aws-us-gov", "ec2.amazonaws.com"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			p := Partition(tc.region)
			if p != tc.partition || EC2Principal(p) != tc.ec2 {
				t.Errorf("Partition(%s) = %s, EC2Principal = %s; want %s, %s", tc.region, p, EC2Principal(p), tc.partition, tc.ec2)
			}
		})
	}
}
