package sparkoperator

import "github.com/emr-eks-loadtest/emr-eks-loadtest/spec/irsa"

// IRSAServiceAccounts lists the driver accounts for the execution role's trust.
func IRSAServiceAccounts(cfg Config, jobNamespaces []string) []irsa.ServiceAccount {
	out := make([]irsa.ServiceAccount, len(jobNamespaces))
	for i, ns := range jobNamespaces {
		out[i] = irsa.ServiceAccount{Namespace: ns, Name: cfg.SparkServiceAccount}
	}
	return out
}
