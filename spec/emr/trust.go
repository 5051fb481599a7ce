package emr

import (
	"encoding/json"
	"fmt"
	"math/big"

	"github.com/emr-eks-loadtest/emr-eks-loadtest/infra/iampolicy"
	"github.com/emr-eks-loadtest/emr-eks-loadtest/spec/irsa"
)

// TrustParams are the values the execution role's trust policy is built from.
type TrustParams struct {
	OIDCProviderARN string
	IssuerURL       string
	AccountID       string
	RoleName        string
	// Namespaces are the job namespaces EMR on EKS runs job pods in.
	Namespaces []string
	// ServiceAccounts are further service accounts (e.g. the Spark
	// Operator's driver accounts) that assume the role through IRSA.
	ServiceAccounts []irsa.ServiceAccount
}

// IAM's role trust policy length quota ("Role trust policy length"): 2,048
// characters by default, adjustable up to 4,096. Whitespace does not count.
const (
	TrustPolicyDefaultLength = 2048
	TrustPolicyMaxLength     = 4096
)

// TrustLength is the length IAM counts for the execution role's trust
// policy of p (compact JSON: IAM does not count whitespace).
func TrustLength(p TrustParams) (int, error) {
	doc, err := ExecutionTrust(p)
	if err != nil {
		return 0, err
	}
	b, err := json.Marshal(doc)
	if err != nil {
		return 0, fmt.Errorf("execution role trust: %w", err)
	}
	return len(b), nil
}

// Base36 encodes a string the way the AWS CLI's emr-containers
// customization does (awscli/customizations/emrcontainers/base36.py): the
// bytes as one big-endian base-256 number, written in base 36 with the
// digits 0-9a-z.
func Base36(s string) string {
	n := new(big.Int).SetBytes([]byte(s))
	if n.Sign() == 0 {
		return "0"
	}
	return n.Text(36)
}

// JobRunSubject is the service-account subject pattern EMR on EKS job pods
// use in a namespace, exactly as `aws emr-containers update-role-trust-policy`
// writes it: system:serviceaccount:<ns>:emr-containers-sa-*-*-<account>-<base36(role name)>.
func JobRunSubject(namespace, accountID, roleName string) string {
	return fmt.Sprintf("system:serviceaccount:%s:emr-containers-sa-*-*-%s-%s", namespace, accountID, Base36(roleName))
}

// ExecutionTrust is the execution role's trust policy: one statement whose
// StringLike condition lists, for every job namespace, the subject pattern
// that update-role-trust-policy writes (so the old manual step is no longer
// needed), plus one IRSA statement (StringEquals, aud and sub) for
// ServiceAccounts, if any. The CLI writes one statement per namespace; the
// list is the same grant (any listed value matches) at a third of the size,
// which keeps the policy under IAM's role trust policy length
// (TrustPolicyLimit) at MaxNamespaceCount namespaces.
func ExecutionTrust(p TrustParams) (iampolicy.Document, error) {
	if p.OIDCProviderARN == "" || p.IssuerURL == "" || p.AccountID == "" || p.RoleName == "" {
		return iampolicy.Document{}, fmt.Errorf("execution role trust: OIDC provider ARN, issuer URL, account id and role name are all required")
	}
	if len(p.Namespaces) == 0 {
		return iampolicy.Document{}, fmt.Errorf("execution role trust: no job namespaces")
	}
	host := irsa.IssuerHost(p.IssuerURL)
	subjects := make([]string, len(p.Namespaces))
	for i, ns := range p.Namespaces {
		subjects[i] = JobRunSubject(ns, p.AccountID, p.RoleName)
	}
	doc := iampolicy.New(iampolicy.Statement{
		Effect:    "Allow",
		Principal: map[string][]string{"Federated": {p.OIDCProviderARN}},
		Action:    []string{"sts:AssumeRoleWithWebIdentity"},
		Condition: map[string]map[string]any{"StringLike": {host + ":sub": subjects}},
	})
	if len(p.ServiceAccounts) > 0 {
		sa, err := irsa.TrustPolicy(p.OIDCProviderARN, p.IssuerURL, p.ServiceAccounts)
		if err != nil {
			return iampolicy.Document{}, fmt.Errorf("execution role trust: %w", err)
		}
		doc.Statement = append(doc.Statement, sa.Statement...)
	}
	return doc, nil
}
