package loadgenapp

import (
	"context"
	"os"
	"testing"

	"github.com/emr-eks-loadtest/emr-eks-loadtest/infra/emr"
	"github.com/emr-eks-loadtest/emr-eks-loadtest/infra/sparkoperator"
	"github.com/emr-eks-loadtest/emr-eks-loadtest/internal/pulumitest"
	"github.com/emr-eks-loadtest/emr-eks-loadtest/internal/testenv"
	"github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	authzv1 "k8s.io/api/authorization/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	spec "github.com/emr-eks-loadtest/emr-eks-loadtest/spec/loadgenapp"
	sparkoperatorspec "github.com/emr-eks-loadtest/emr-eks-loadtest/spec/sparkoperator"
)

func TestMain(m *testing.M) {
	os.Exit(testenv.Main(m, testenv.Options{NoScheduler: true}))
}

var itNamespaces = []string{"emr-job-0", "emr-job-1"}

// workloadObjects is the Kubernetes half of the workload side: the emr job
// namespaces, the Spark driver accounts, and the load
// generator's objects, as the stack declares them.
func workloadObjects(ctx *pulumi.Context, k8s *kubernetes.Provider) error {
	ns, err := emr.NewJobNamespaces(ctx, "emr-ns", emr.JobNamespacesArgs{Namespaces: itNamespaces}, pulumi.Providers(k8s))
	if err != nil {
		return err
	}
	after := pulumi.DependsOn([]pulumi.Resource{ns})
	if _, err := sparkoperator.NewSparkServiceAccounts(ctx, "spark", sparkoperator.ServiceAccountsArgs{
		Namespaces: itNamespaces, Name: sparkoperatorspec.DefaultSparkSA, RoleARN: pulumi.String("arn:aws:iam::123456789012:role/exec"),
	}, pulumi.Providers(k8s), after); err != nil {
		return err
	}
	doc, err := spec.OutputsJSON(spec.OutputValues{ClusterName: "it", JobNamespaces: itNamespaces, VirtualClusterIDs: map[string]string{}})
	if err != nil {
		return err
	}
	cfg := spec.DefaultConfig()
	cfg.Enabled, cfg.Start, cfg.Workers = true, true, 2
	_, err = NewKube(ctx, "lg", KubeArgs{
		Config: cfg, JobNamespaces: itNamespaces, RoleARN: pulumi.String("arn:aws:iam::123456789012:role/lg"),
		Image: pulumi.String("example.invalid/loadgen:0.1.0"), OutputsJSON: pulumi.String(doc),
		TemplateData: `{"name":"${job_name}"}`, Bucket: pulumi.String("jobs"),
	}, pulumi.Providers(k8s), after)
	return err
}

// The real engine and Kubernetes provider apply every typed object to a
// real API server, which accepts them; destroy removes them.
func TestWorkloadObjectsDeployAndDestroy(t *testing.T) {
	cp := testenv.Get(t)
	st := pulumitest.Up(t, cp.Kubeconfig, workloadObjects)
	ctx, c := context.Background(), cp.Client()
	job, err := c.BatchV1().Jobs(spec.DefaultNamespace).Get(ctx, spec.Name, metav1.GetOptions{})
	if err != nil {
		t.Fatalf("indexed job: %v", err)
	}
	if job.Annotations[SkipAwaitAnnotation] != "true" {
		t.Errorf("job annotations %v: pulumi up would wait for the whole load test", job.Annotations)
	}
	if *job.Spec.CompletionMode != "Indexed" || *job.Spec.Completions != 2 || len(job.Spec.Template.Spec.InitContainers) != 1 {
		t.Errorf("job spec as stored: %+v", job.Spec)
	}
	for _, ns := range itNamespaces {
		sa, err := c.CoreV1().ServiceAccounts(ns).Get(ctx, sparkoperatorspec.DefaultSparkSA, metav1.GetOptions{})
		if err != nil || sa.Annotations[sparkoperator.RoleARNAnnotation] == "" {
			t.Errorf("spark driver account in %s: %v %v", ns, err, sa)
		}
	}
	if _, err := c.CoreV1().ConfigMaps(spec.DefaultNamespace).Get(ctx, spec.Name, metav1.GetOptions{}); err != nil {
		t.Errorf("configmap: %v", err)
	}
	t.Run("loadgen account reaches only the job namespaces", func(t *testing.T) { checkLoadgenAccess(t, cp) })

	st.Destroy(t)
	for _, ns := range append([]string{spec.DefaultNamespace}, itNamespaces...) {
		n, err := c.CoreV1().Namespaces().Get(ctx, ns, metav1.GetOptions{})
		if err == nil && n.DeletionTimestamp == nil {
			t.Errorf("namespace %s still there after destroy", ns)
		} else if err != nil && !apierrors.IsNotFound(err) {
			t.Errorf("namespace %s: %v", ns, err)
		}
	}
}

type access struct {
	ns, verb, group, resource string
	allowed                   bool
}

func checkLoadgenAccess(t *testing.T, cp *testenv.ControlPlane) {
	user := "system:serviceaccount:" + spec.DefaultNamespace + ":" + spec.Name
	groups := []string{"system:serviceaccounts", "system:serviceaccounts:" + spec.DefaultNamespace, "system:authenticated"}
	for _, a := range []access{
		{"emr-job-0", "create", "sparkoperator.k8s.io", "sparkapplications", true},
		{"emr-job-1", "watch", "sparkoperator.k8s.io", "sparkapplications", true},
		{"emr-job-1", "list", "", "pods", true},
		{"emr-job-0", "watch", "", "events", true},
		{"default", "create", "sparkoperator.k8s.io", "sparkapplications", false},
		{"kube-system", "create", "sparkoperator.k8s.io", "sparkapplications", false},
		{"emr-job-0", "create", "", "pods", false},
		{"emr-job-0", "get", "", "secrets", false},
		{"", "list", "", "nodes", false},
	} {
		review(t, cp, user, groups, a)
	}
}

// review asks the real API server's authorizer (SubjectAccessReview).
func review(t *testing.T, cp *testenv.ControlPlane, user string, groups []string, a access) {
	t.Helper()
	sar := &authzv1.SubjectAccessReview{Spec: authzv1.SubjectAccessReviewSpec{
		User: user, Groups: groups,
		ResourceAttributes: &authzv1.ResourceAttributes{Namespace: a.ns, Verb: a.verb, Group: a.group, Resource: a.resource},
	}}
	got, err := cp.Client().AuthorizationV1().SubjectAccessReviews().Create(context.Background(), sar, metav1.CreateOptions{})
	if err != nil {
		t.Fatalf("subject access review: %v", err)
	}
	if got.Status.Allowed != a.allowed {
		t.Errorf("%s %s %s/%s in %q: allowed=%v, want %v (%s)", user, a.verb, a.group, a.resource, a.ns, got.Status.Allowed, a.allowed, got.Status.Reason)
	}
}
