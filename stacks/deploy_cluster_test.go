package stacks

import (
	"strings"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"

	"github.com/emr-eks-loadtest/emr-eks-loadtest/internal/pulumimock"
)

// testPublicAccessCIDRs satisfies publicAccessCidrs, required while the
// public endpoint is on (as in both presets).
const testPublicAccessCIDRs = `["203.0.113.0/24"]`

func TestEndpointAccessRules(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		kv   []string
		want []string // substrings of the error; none = accepted
	}{
		{"public without cidrs", []string{keyPublicAccessCIDRs, "[]"}, []string{keyPublicAccessCIDRs + ": required", "checkip"}},
		{"whole internet", []string{keyPublicAccessCIDRs, `["0.0.0.0/0"]`}, []string{keyPublicAccessCIDRs, keyEndpointOpen}},
		{"whole internet, said so", []string{keyPublicAccessCIDRs, `["0.0.0.0/0"]`, keyEndpointOpen, "true"}, nil},
		{"private with cidrs", []string{keyEndpointPublicAccess, "false"}, []string{keyPublicAccessCIDRs + ": set while"}},
		{"private", []string{keyEndpointPublicAccess, "false", keyPublicAccessCIDRs, "[]"}, nil},
		{"log retention", []string{keyClusterLogRetention, "8"}, []string{keyClusterLogRetention}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, err := Decode(raw(tt.kv...))
			if len(tt.want) == 0 {
				if err != nil {
					t.Fatalf("rejected: %v", err)
				}
				return
			}
			for _, w := range tt.want {
				if err == nil || !strings.Contains(err.Error(), w) {
					t.Errorf("err = %v, want it to contain %q", err, w)
				}
			}
		})
	}
}

func TestPresetsOpenNoEndpointToTheInternet(t *testing.T) {
	t.Parallel()
	for _, p := range Presets {
		if c := Defaults(p).Cluster; c.EndpointPublicAccess && len(c.PublicAccessCIDRs) > 0 {
			t.Errorf("%s: public endpoint open to %v by default; the user must name the CIDRs", p, c.PublicAccessCIDRs)
		}
	}
}

func TestVirtualClusterNameLimit(t *testing.T) {
	t.Parallel()
	// 21 + "-" + 40 + "-1" = 64: the longest accepted; one more is rejected.
	ok := []string{keyJobNamespacePrefix, strings.Repeat("n", 40), keyJobNamespaceCount, "2"}
	if _, err := Decode(raw(ok...)); err != nil {
		t.Errorf("64-character virtual cluster name rejected: %v", err)
	}
	long := []string{keyJobNamespacePrefix, strings.Repeat("n", 41), keyJobNamespaceCount, "2"}
	_, err := Decode(raw(long...))
	for _, w := range []string{keyJobNamespacePrefix + ": virtual cluster name", "at most 40 characters", "EMR allows 64"} {
		if err == nil || !strings.Contains(err.Error(), w) {
			t.Errorf("err = %v, want it to contain %q", err, w)
		}
	}
}

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
		"aws:region": testRegion, keyGrafanaAdminPassword: testGrafanaPassword, keyPublicAccessCIDRs: testPublicAccessCIDRs,
		keyAdminPrincipalARNs: `["arn:aws:iam::123456789012:role/other","arn:aws:iam::123456789012:role/Deployer"]`,
	})
	m := newMock().Invoke(pulumimock.InvokeCallerIdentity, func(resource.PropertyMap) (resource.PropertyMap, error) {
		return resource.NewPropertyMapFromMap(map[string]any{"accountId": testAccount, "id": testAccount, "userId": "AROA:x",
			"arn": "arn:aws:sts::" + testAccount + ":assumed-role/Deployer/ci"}), nil
	})
	err := m.Run(Deploy)
	if err == nil || !strings.Contains(err.Error(), Namespace+":"+keyAdminPrincipalARNs+": arn:aws:iam::123456789012:role/Deployer is the identity running pulumi") {
		t.Errorf("err = %v, want one naming adminPrincipalArns and the deployer", err)
	}
}

func TestControlPlaneLogGroup(t *testing.T) {
	g := dev(t).Find(t, "aws:cloudwatch/logGroup:LogGroup", "load-test-cluster-dev-control-plane")
	if g.String("name") != "/aws/eks/load-test-cluster-dev/cluster" || g.Number("retentionInDays") != 7 {
		t.Errorf("control-plane log group %q, %v days; want /aws/eks/load-test-cluster-dev/cluster, 7", g.String("name"), g.Number("retentionInDays"))
	}
}
