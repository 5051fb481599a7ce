package emr

import (
	rbacv1 "k8s.io/api/rbac/v1"
)

// EMRContainersUser is the Kubernetes user name the emr-containers
// service-linked role is mapped to (by the access entry here, by aws-auth
// in the old eksctl flow).
const EMRContainersUser = "emr-containers"

// EMRContainersRoleName names the Role and RoleBinding in each job namespace.
const EMRContainersRoleName = "emr-containers"

var (
	fullVerbs = []string{"get", "list", "watch", "describe", "create", "edit", "delete", "deletecollection", "annotate", "patch", "label"}
	appVerbs  = []string{"get", "list", "watch", "describe", "create", "edit", "delete", "annotate", "patch", "label"}
)

// EMRContainersRules are the rules of the Role that `eksctl create
// iamidentitymapping --service-name emr-containers` creates in a job
// namespace (as published in aws-emr-containers-best-practices,
// tools/k8s-rbac-policies/emr-containers.yaml).
func EMRContainersRules() []rbacv1.PolicyRule {
	return []rbacv1.PolicyRule{
		{APIGroups: []string{""}, Resources: []string{"namespaces"}, Verbs: []string{"get"}},
		{APIGroups: []string{""}, Resources: []string{"serviceaccounts", "services", "configmaps", "events", "pods", "pods/log"}, Verbs: fullVerbs},
		{APIGroups: []string{""}, Resources: []string{"secrets"}, Verbs: []string{"create", "patch", "delete", "watch"}},
		{APIGroups: []string{"apps"}, Resources: []string{"statefulsets", "deployments"}, Verbs: appVerbs},
		{APIGroups: []string{"batch"}, Resources: []string{"jobs"}, Verbs: appVerbs},
		{APIGroups: []string{"extensions", "networking.k8s.io"}, Resources: []string{"ingresses"}, Verbs: appVerbs},
		{APIGroups: []string{"rbac.authorization.k8s.io"}, Resources: []string{"roles", "rolebindings"}, Verbs: fullVerbs},
		{APIGroups: []string{""}, Resources: []string{"persistentvolumeclaims"}, Verbs: []string{"create", "list", "delete", "patch", "deletecollection"}},
	}
}
