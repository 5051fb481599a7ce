package stacks

import (
	"strings"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"

	"github.com/emr-eks-loadtest/emr-eks-loadtest/internal/pulumimock"
	"github.com/emr-eks-loadtest/emr-eks-loadtest/spec/stackconfig"
)

func TestSamePrincipal(t *testing.T) {
	t.Parallel()
	tests := []struct {
		principal, caller string
		want              bool
	}{
		{"arn:aws:iam::123456789012:user/alice", "arn:aws:iam::123456789012:user/alice", true},
		{"arn:aws:iam::123456789012:role/Admin", "arn:aws:sts::123456789012:assumed-role/Admin/alice-session", true},
		{"arn:aws:iam::123456789012:role/aws-reserved/sso.amazonaws.com/AWSReservedSSO_Admin_0abc", "arn:aws:sts::123456789012:assumed-role/AWSReservedSSO_Admin_0abc/alice", true},
		{"arn:aws:iam::123456789012:role/Admin", "arn:aws:sts::210987654321:assumed-role/Admin/s", false},
		{"arn:aws:iam::123456789012:role/Admin", "arn:aws:sts::123456789012:assumed-role/Admins/s", false},
		{"arn:aws:iam::123456789012:user/Admin", "arn:aws:sts::123456789012:assumed-role/Admin/s", false},
		{"arn:aws-cn:iam::123456789012:role/Admin", "arn:aws:sts::123456789012:assumed-role/Admin/s", false},
	}
	for _, tt := range tests {
		if got := samePrincipal(tt.principal, tt.caller); got != tt.want {
			t.Errorf("samePrincipal(%s, %s) = %v, want %v", tt.principal, tt.caller, got, tt.want)
		}
	}
}

// TestAdminPrincipalEqualToDeployerFails: EKS gives the creator an access
// entry; a second one for the same principal fails at create time, so the
// program refuses it up front, naming adminPrincipalArns.
func TestAdminPrincipalEqualToDeployerFails(t *testing.T) {
	pulumimock.SetConfig(t, map[string]string{
		"aws:region": testRegion, "grafanaAdminPassword": testGrafanaPassword, "publicAccessCidrs": testPublicAccessCIDRs,
		"adminPrincipalArns": `["arn:aws:iam::123456789012:role/other","arn:aws:iam::123456789012:role/Deployer"]`,
	})
	m := newMock().Invoke(pulumimock.InvokeCallerIdentity, func(resource.PropertyMap) (resource.PropertyMap, error) {
		return resource.NewPropertyMapFromMap(map[string]any{"accountId": testAccount, "id": testAccount, "userId": "AROA:x",
			"arn": "arn:aws:sts::" + testAccount + ":assumed-role/Deployer/ci"}), nil
	})
	err := m.Run(Deploy)
	if err == nil || !strings.Contains(err.Error(), stackconfig.Namespace+":"+"adminPrincipalArns"+": arn:aws:iam::123456789012:role/Deployer is the identity running pulumi") {
		t.Errorf("err = %v, want one naming adminPrincipalArns and the deployer", err)
	}
}

func TestControlPlaneLogGroup(t *testing.T) {
	g := dev(t).Find(t, "aws:cloudwatch/logGroup:LogGroup", "load-test-cluster-dev-control-plane")
	if g.String("name") != "/aws/eks/load-test-cluster-dev/cluster" || g.Number("retentionInDays") != 7 {
		t.Errorf("control-plane log group %q, %v days; want /aws/eks/load-test-cluster-dev/cluster, 7", g.String("name"), g.Number("retentionInDays"))
	}
}
