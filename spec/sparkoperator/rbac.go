package sparkoperator

import rbacv1 "k8s.io/api/rbac/v1"

// SparkRoleName names the driver Role and RoleBinding in each job namespace.
const SparkRoleName = "emr-containers-role-spark"

// SparkDriverRules are what a Spark driver needs in its namespace: manage
// its executor pods, their services, config maps and volume claims (the
// EMR guide's "Spark service account and role", with the verbs listed).
func SparkDriverRules() []rbacv1.PolicyRule {
	verbs := []string{"create", "get", "list", "watch", "update", "patch", "delete", "deletecollection"}
	return []rbacv1.PolicyRule{
		{APIGroups: []string{""}, Resources: []string{"pods", "services", "configmaps", "persistentvolumeclaims"}, Verbs: verbs},
	}
}

// OperatorRules are the operator's ClusterRole rules: the unconditional
// rules of the chart's templates/rbac.yaml (Kubeflow chart 1.1.19..1.1.27,
// the EMR chart's lineage; the EMR guide's "Operator service account and
// role" lists the same). Left out, as the chart leaves them out with our
// values: podgroups (batchScheduler.enable=false), leases (replicaCount 1,
// no leader election) and batch jobs delete (only the webhook cleanup Job,
// a pre-delete hook that helm/v4.Chart never runs, uses it).
func OperatorRules() []rbacv1.PolicyRule {
	cgud := []string{"create", "get", "update", "delete"}
	return []rbacv1.PolicyRule{
		{APIGroups: []string{""}, Resources: []string{"pods"}, Verbs: []string{"*"}},
		{APIGroups: []string{""}, Resources: []string{"services", "configmaps", "secrets"}, Verbs: []string{"create", "get", "delete", "update"}},
		{APIGroups: []string{"extensions", "networking.k8s.io"}, Resources: []string{"ingresses"}, Verbs: []string{"create", "get", "delete"}},
		{APIGroups: []string{""}, Resources: []string{"nodes"}, Verbs: []string{"get"}},
		{APIGroups: []string{""}, Resources: []string{"events"}, Verbs: []string{"create", "update", "patch"}},
		{APIGroups: []string{""}, Resources: []string{"resourcequotas"}, Verbs: []string{"get", "list", "watch"}},
		{APIGroups: []string{"apiextensions.k8s.io"}, Resources: []string{"customresourcedefinitions"}, Verbs: cgud},
		{APIGroups: []string{"admissionregistration.k8s.io"}, Resources: []string{"mutatingwebhookconfigurations", "validatingwebhookconfigurations"}, Verbs: cgud},
		{APIGroups: []string{"sparkoperator.k8s.io"}, Resources: []string{
			"sparkapplications", "sparkapplications/status", "scheduledsparkapplications", "scheduledsparkapplications/status",
		}, Verbs: []string{"*"}},
	}
}
