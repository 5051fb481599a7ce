package emr

import (
	"strings"
	"testing"
)

// EKS rejects access entries for service-linked roles, and the
// emr-containers one exists only after the first CreateVirtualCluster:
// the component must declare none and rely on EMR's own integration with
// EKS cluster access management (see docs/security.md).
func TestNoAccessEntryForTheEMRServiceLinkedRole(t *testing.T) {
	rec, _ := deployEMR(t, validConfig())
	for _, r := range rec.Resources() {
		if r.Type == "aws:eks/accessEntry:AccessEntry" || strings.Contains(r.Type, "accessPolicyAssociation") {
			t.Errorf("declared %s %s (%v): EKS rejects access entries for service-linked roles", r.Type, r.Name, r.Inputs)
		}
	}
	vc, _ := rec.NamedSuffix("aws:emrcontainers/virtualCluster:VirtualCluster", "emr-job-0")
	if !dependsOnAll(vc, "EMRJobNamespaces") {
		t.Errorf("virtual cluster deps %v lack the job namespaces", vc.DependsOn)
	}
}

// The Role/RoleBinding for the Kubernetes user "emr-containers" bound a
// user no access entry maps any more: EMR's access-entry integration
// associates AmazonEMRJobPolicy scoped to the namespace instead.
func TestJobNamespacesDeclareNoDeadRBAC(t *testing.T) {
	rec, _ := deployEMR(t, validConfig())
	if n := len(rec.ByType("kubernetes:core/v1:Namespace")); n != 2 {
		t.Errorf("namespaces = %d, want 2", n)
	}
	for _, typ := range []string{"kubernetes:rbac.authorization.k8s.io/v1:Role", "kubernetes:rbac.authorization.k8s.io/v1:RoleBinding"} {
		if n := len(rec.ByType(typ)); n != 0 {
			t.Errorf("%s count = %d, want 0", typ, n)
		}
	}
}
