package stackconfig

import (
	"fmt"
	"strings"

	"github.com/emr-eks-loadtest/emr-eks-loadtest/spec/emr"
	"github.com/emr-eks-loadtest/emr-eks-loadtest/spec/sparkoperator"
)

// trustChecks: every job namespace adds a job-run subject and a Spark
// driver service account to the EMR execution role's trust policy, and IAM
// refuses a trust policy longer than emr.TrustPolicyMaxLength (the quota
// "Role trust policy length" at its maximum; its default is
// emr.TrustPolicyDefaultLength). The length is computed from the stack's
// own names, with placeholders of the real lengths for the values only
// AWS knows (account id, OIDC issuer id).
func (cfg *Config) trustChecks() []error {
	if cfg.Region == "" || cfg.EMR.NamespaceCount < 1 || cfg.EMR.NamespaceCount > emr.MaxNamespaceCount {
		return nil
	}
	n, err := cfg.executionTrustLength()
	if err != nil || n <= emr.TrustPolicyMaxLength {
		return nil // other checks name what is wrong
	}
	return []error{KeyError(keyJobNamespaceCount,
		"%d job namespaces make the EMR execution role's trust policy %d characters; IAM allows at most %d "+
			"(the quota \"Role trust policy length\" raised from its default %d): lower %s, or shorten %s or the cluster name",
		cfg.EMR.NamespaceCount, n, emr.TrustPolicyMaxLength, emr.TrustPolicyDefaultLength,
		keyJobNamespaceCount, keyJobNamespacePrefix)}
}

// executionTrustLength is the length IAM counts for the stack's execution
// role trust policy.
func (cfg *Config) executionTrustLength() (int, error) {
	suffix := "amazonaws.com"
	if strings.HasPrefix(cfg.Region, "cn-") {
		suffix = "amazonaws.com.cn"
	}
	host := fmt.Sprintf("oidc.eks.%s.%s/id/%s", cfg.Region, suffix, strings.Repeat("0", 32))
	account := strings.Repeat("0", 12)
	return emr.TrustLength(emr.TrustParams{
		OIDCProviderARN: fmt.Sprintf("arn:%s:iam::%s:oidc-provider/%s", emr.Partition(cfg.Region), account, host),
		IssuerURL:       "https://" + host, AccountID: account, RoleName: emr.ExecutionRoleName(cfg.Stack.ClusterName()),
		Namespaces:      cfg.EMR.JobNamespaces(),
		ServiceAccounts: sparkoperator.IRSAServiceAccounts(cfg.PlacedSparkOperator(), cfg.EMR.JobNamespaces()),
	})
}
