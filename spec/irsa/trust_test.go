package irsa

import (
	"strings"
	"testing"

	"github.com/emr-eks-loadtest/emr-eks-loadtest/internal/golden"
)

const (
	testARN    = "arn:aws:iam::123456789012:oidc-provider/oidc.eks.us-west-2.amazonaws.com/id/ABC"
	testIssuer = "https://oidc.eks.us-west-2.amazonaws.com/id/ABC"
)

func TestTrustPolicyGolden(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name     string
		accounts []ServiceAccount
	}{
		{"trust_one_account", []ServiceAccount{{Namespace: "kube-system", Name: "aws-node"}}},
		{"trust_two_accounts", []ServiceAccount{{Namespace: "emr-1", Name: "spark"}, {Namespace: "emr-2", Name: "spark"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			doc, err := TrustPolicy(testARN, testIssuer, tt.accounts)
			if err != nil {
				t.Fatal(err)
			}
			golden.Assert(t, tt.name, []byte(doc.MustJSON()+"\n"))
			if w := doc.WildcardActions(); len(w) > 0 {
				t.Errorf("wildcards %v", w)
			}
		})
	}
}

func TestTrustPolicyRejects(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name     string
		accounts []ServiceAccount
		want     string
	}{
		{"no accounts", nil, "no service accounts"},
		{"no namespace", []ServiceAccount{{Name: "x"}}, "needs a namespace and a name"},
		{"no name", []ServiceAccount{{Namespace: "x"}}, "needs a namespace and a name"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, err := TrustPolicy(testARN, testIssuer, tt.accounts)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("err = %v, want %q", err, tt.want)
			}
		})
	}
}

func TestIssuerHost(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{
		testIssuer:                   "oidc.eks.us-west-2.amazonaws.com/id/ABC",
		"oidc.eks.x.amazonaws.com/a": "oidc.eks.x.amazonaws.com/a",
	} {
		if got := IssuerHost(in); got != want {
			t.Errorf("IssuerHost(%q) = %q", in, got)
		}
	}
}
