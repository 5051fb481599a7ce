// Package irsa builds the trust policy of an IAM role for Kubernetes service
// accounts (IRSA): exactly the named service accounts, through the cluster's
// OIDC provider, may call sts:AssumeRoleWithWebIdentity. infra/irsa creates
// the role with Pulumi; nothing here imports Pulumi.
package irsa

import (
	"fmt"
	"strings"

	"github.com/emr-eks-loadtest/emr-eks-loadtest/infra/iampolicy"
)

// ServiceAccount names one Kubernetes service account.
type ServiceAccount struct {
	Namespace string
	Name      string
}

// Subject is the OIDC subject EKS puts in the service account's token.
func (s ServiceAccount) Subject() string {
	return fmt.Sprintf("system:serviceaccount:%s:%s", s.Namespace, s.Name)
}

// IssuerHost strips the scheme from an OIDC issuer URL: IAM condition keys
// are "<host/path>:sub", never "https://...".
func IssuerHost(issuerURL string) string {
	return strings.TrimPrefix(strings.TrimPrefix(issuerURL, "https://"), "http://")
}

// TrustPolicy is the trust policy for the given service accounts. The `aud`
// condition is always sts.amazonaws.com; `sub` is StringEquals for one
// account and a list for several (never StringLike with a wildcard).
func TrustPolicy(oidcProviderARN, issuerURL string, accounts []ServiceAccount) (iampolicy.Document, error) {
	if len(accounts) == 0 {
		return iampolicy.Document{}, fmt.Errorf("irsa trust policy: no service accounts given")
	}
	host := IssuerHost(issuerURL)
	subjects := make([]string, 0, len(accounts))
	for _, a := range accounts {
		if a.Namespace == "" || a.Name == "" {
			return iampolicy.Document{}, fmt.Errorf("irsa trust policy: service account %+v needs a namespace and a name", a)
		}
		subjects = append(subjects, a.Subject())
	}
	return iampolicy.New(iampolicy.Statement{
		Effect:    "Allow",
		Principal: map[string][]string{"Federated": {oidcProviderARN}},
		Action:    []string{"sts:AssumeRoleWithWebIdentity"},
		Condition: map[string]map[string]any{
			"StringEquals": {
				host + ":aud": "sts.amazonaws.com",
				host + ":sub": subjects,
			},
		},
	}), nil
}
