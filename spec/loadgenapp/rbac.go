package loadgenapp

import rbacv1 "k8s.io/api/rbac/v1"

// RoleName names the load generator's Role and RoleBinding in each job namespace.
const RoleName = "loadgen"

// JobNamespaceRules are all the load generator may do in a job namespace:
// manage SparkApplications (operator target), and read pods and events to
// time the jobs' phases. Nothing cluster-wide, nothing elsewhere.
func JobNamespaceRules() []rbacv1.PolicyRule {
	read := []string{"get", "list", "watch"}
	return []rbacv1.PolicyRule{
		{APIGroups: []string{"sparkoperator.k8s.io"}, Resources: []string{"sparkapplications"},
			Verbs: []string{"create", "get", "list", "watch", "delete", "deletecollection"}},
		{APIGroups: []string{""}, Resources: []string{"pods", "events"}, Verbs: read},
		{APIGroups: []string{"events.k8s.io"}, Resources: []string{"events"}, Verbs: read},
	}
}
