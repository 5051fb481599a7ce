package scheduler

import (
	"context"
	"testing"
	"time"

	"github.com/emr-eks-loadtest/emr-eks-loadtest/internal/pulumitest"
	"github.com/emr-eks-loadtest/emr-eks-loadtest/internal/testenv"
	spec "github.com/emr-eks-loadtest/emr-eks-loadtest/spec/scheduler"
	"github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	authzv1 "k8s.io/api/authorization/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

// TestDeployGrantsWhatASchedulerNeeds deploys the component with the real
// Pulumi engine and Kubernetes provider, asks the API server's RBAC
// authorizer what the scheduler's service account may do, and destroys it.
func TestDeployGrantsWhatASchedulerNeeds(t *testing.T) {
	cp := testenv.Get(t)
	ctx, cancel := context.WithTimeout(context.Background(), 6*time.Minute)
	defer cancel()
	if _, err := cp.CreateNodes(ctx, testenv.M5XLarge("ops-0", "us-west-2a")); err != nil {
		t.Fatal(err)
	}
	cfg := spec.Defaults()
	cfg.Name = "rehearsal-binpacking"
	stack := pulumitest.Up(t, cp.Kubeconfig, func(ctx *pulumi.Context, k8s *kubernetes.Provider) error {
		_, err := New(ctx, "binpacking", Args{Config: cfg}, pulumi.Providers(k8s))
		return err
	})
	user := "system:serviceaccount:" + cfg.Namespace + ":" + cfg.Name
	for _, c := range []struct {
		verb, group, resource, sub, ns, name string
		allowed                              bool
	}{
		{"create", "", "pods", "binding", "default", "", true},
		{"update", "", "pods", "status", "default", "", true},
		{"list", "", "nodes", "", "", "", true},
		{"watch", "storage.k8s.io", "csinodes", "", "", "", true},
		{"list", "storage.k8s.io", "storageclasses", "", "", "", true},
		{"create", "events.k8s.io", "events", "", "default", "", true},
		{"update", "coordination.k8s.io", "leases", "", cfg.Namespace, cfg.Name, true},
		{"get", "", "configmaps", "", "kube-system", "extension-apiserver-authentication", true},
		{"update", "coordination.k8s.io", "leases", "", cfg.Namespace, "kube-controller-manager", false},
		{"delete", "", "nodes", "", "", "", false},
		{"get", "", "secrets", "", "kube-system", "", false},
	} {
		sar := &authzv1.SubjectAccessReview{Spec: authzv1.SubjectAccessReviewSpec{
			User: user, Groups: []string{"system:serviceaccounts", "system:serviceaccounts:" + cfg.Namespace},
			ResourceAttributes: &authzv1.ResourceAttributes{
				Verb: c.verb, Group: c.group, Resource: c.resource, Subresource: c.sub, Namespace: c.ns, Name: c.name,
			},
		}}
		got, err := cp.Client().AuthorizationV1().SubjectAccessReviews().Create(ctx, sar, metav1.CreateOptions{})
		if err != nil {
			t.Fatal(err)
		}
		if got.Status.Allowed != c.allowed {
			t.Errorf("%s %s/%s %s %s/%s: allowed=%v, want %v", c.verb, c.resource, c.sub, c.group, c.ns, c.name, got.Status.Allowed, c.allowed)
		}
	}
	cm, err := cp.Client().CoreV1().ConfigMaps(cfg.Namespace).Get(ctx, cfg.Name+"-config", metav1.GetOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if want, _ := spec.ConfigYAML(cfg); cm.Data[spec.ConfigFileName] != want {
		t.Errorf("deployed config differs from ConfigYAML:\n%s", cm.Data[spec.ConfigFileName])
	}
	stack.Destroy(t)
	if _, err := cp.Client().AppsV1().Deployments(cfg.Namespace).Get(ctx, cfg.Name, metav1.GetOptions{}); !apierrors.IsNotFound(err) {
		t.Errorf("deployment after destroy: err = %v, want not found", err)
	}
	if _, err := cp.Client().RbacV1().ClusterRoleBindings().Get(ctx, cfg.Name+"-kube-scheduler", metav1.GetOptions{}); !apierrors.IsNotFound(err) {
		t.Errorf("cluster role binding after destroy: err = %v, want not found", err)
	}
}
