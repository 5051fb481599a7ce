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
