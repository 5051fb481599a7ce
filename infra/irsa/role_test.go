package irsa

import (
	"strings"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/emr-eks-loadtest/emr-eks-loadtest/internal/pulumimock"
	spec "github.com/emr-eks-loadtest/emr-eks-loadtest/spec/irsa"
)

const (
	testARN    = "arn:aws:iam::123456789012:oidc-provider/oidc.eks.us-west-2.amazonaws.com/id/ABC"
	testIssuer = "https://oidc.eks.us-west-2.amazonaws.com/id/ABC"
)

func TestNewRoleDeclaresRolePolicyAndAttachments(t *testing.T) {
	m := pulumimock.New()
	err := m.Run(func(ctx *pulumi.Context) error {
		_, err := NewRole(ctx, "r", RoleArgs{
			OIDCProviderARN: pulumi.String(testARN), IssuerURL: pulumi.String(testIssuer),
			ServiceAccounts:   []spec.ServiceAccount{{Namespace: "ns", Name: "sa"}},
			PolicyJSON:        pulumi.String(`{"Version":"2012-10-17","Statement":[]}`),
			ManagedPolicyARNs: []string{"arn:aws:iam::aws:policy/A", "arn:aws:iam::aws:policy/B"},
		})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	counts := m.CountByType()
	if counts["aws:iam/role:Role"] != 1 || counts["aws:iam/rolePolicy:RolePolicy"] != 1 || counts["aws:iam/rolePolicyAttachment:RolePolicyAttachment"] != 2 {
		t.Errorf("counts = %v", counts)
	}
	role := m.ByType("aws:iam/role:Role")[0]
	if !strings.Contains(role.String("assumeRolePolicy"), `"system:serviceaccount:ns:sa"`) {
		t.Errorf("trust = %s", role.String("assumeRolePolicy"))
	}
}

func TestNewRoleRejectsBadArgsEarly(t *testing.T) {
	tests := []struct {
		name string
		args RoleArgs
		want string
	}{
		{"no oidc", RoleArgs{ServiceAccounts: []spec.ServiceAccount{{Namespace: "a", Name: "b"}}}, "required"},
		{"no accounts", RoleArgs{OIDCProviderARN: pulumi.String(testARN), IssuerURL: pulumi.String(testIssuer)}, "no service accounts"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := pulumimock.New()
			err := m.Run(func(ctx *pulumi.Context) error {
				_, err := NewRole(ctx, "r", tt.args)
				return err
			})
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("err = %v, want %q", err, tt.want)
			}
			if len(m.Resources()) != 0 {
				t.Errorf("declared %d resources before failing", len(m.Resources()))
			}
		})
	}
}
