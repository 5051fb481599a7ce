package sparkoperator

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/emr-eks-loadtest/emr-eks-loadtest/internal/chartcheck"
	"github.com/emr-eks-loadtest/emr-eks-loadtest/internal/pulumitest"
	"github.com/emr-eks-loadtest/emr-eks-loadtest/internal/testenv"
	"github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes"
	corev1 "github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes/core/v1"
	metav1 "github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes/meta/v1"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	authzv1 "k8s.io/api/authorization/v1"
	kmetav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"sigs.k8s.io/yaml"

	spec "github.com/emr-eks-loadtest/emr-eks-loadtest/spec/sparkoperator"
)

func TestMain(m *testing.M) {
	os.Exit(testenv.Main(m, testenv.Options{NoScheduler: true}))
}

// TestOperatorRBACOnTheAPIServer applies the operator accounts and RBAC the
// stack declares (in place of the chart's hooks) with the real engine and
// asks the real API server's authorizer what each operator may do.
func TestOperatorRBACOnTheAPIServer(t *testing.T) {
	cp := testenv.Get(t)
	cfg := spec.DefaultConfig()
	releases := spec.Releases(cfg, jobNamespaces[:2])
	st := pulumitest.Up(t, cp.Kubeconfig, func(ctx *pulumi.Context, k8s *kubernetes.Provider) error {
		var deps []pulumi.Resource
		for _, r := range releases {
			ns, err := corev1.NewNamespace(ctx, "ns-"+r.Namespace, &corev1.NamespaceArgs{
				Metadata: &metav1.ObjectMetaArgs{Name: pulumi.String(r.Namespace)},
			}, pulumi.Provider(k8s))
			if err != nil {
				return err
			}
			deps = append(deps, ns)
		}
		_, err := declareOperatorAccounts(ctx, "so", releases, pulumi.Provider(k8s), pulumi.DependsOn(deps))
		return err
	})
	for _, r := range releases {
		user := "system:serviceaccount:" + r.Namespace + ":" + spec.DefaultOperatorSA
		for _, a := range []struct {
			ns, verb, group, resource string
			allowed                   bool
		}{
			{r.Namespace, "create", "", "pods", true},
			{r.Namespace, "delete", "", "pods", true},
			{r.Namespace, "watch", "sparkoperator.k8s.io", "sparkapplications", true},
			{r.Namespace, "update", "sparkoperator.k8s.io", "sparkapplications/status", true},
			{r.Namespace, "create", "", "services", true},
			{r.Namespace, "create", "", "configmaps", true},
			{r.Namespace, "patch", "", "events", true},
			{"", "get", "", "nodes", true},
			{"", "create", "admissionregistration.k8s.io", "mutatingwebhookconfigurations", true},
			{"", "update", "admissionregistration.k8s.io", "mutatingwebhookconfigurations", true},
			{"", "delete", "", "nodes", false},
			{r.Namespace, "list", "", "secrets", false},
			{"", "create", "rbac.authorization.k8s.io", "clusterroles", false},
		} {
			sar := &authzv1.SubjectAccessReview{Spec: authzv1.SubjectAccessReviewSpec{
				User: user, Groups: []string{"system:serviceaccounts", "system:serviceaccounts:" + r.Namespace, "system:authenticated"},
				ResourceAttributes: &authzv1.ResourceAttributes{Namespace: a.ns, Verb: a.verb, Group: a.group, Resource: a.resource},
			}}
			got, err := cp.Client().AuthorizationV1().SubjectAccessReviews().Create(context.Background(), sar, kmetav1.CreateOptions{})
			if err != nil {
				t.Fatalf("subject access review: %v", err)
			}
			if got.Status.Allowed != a.allowed {
				t.Errorf("%s %s %s/%s in %q: allowed=%v, want %v", user, a.verb, a.group, a.resource, a.ns, got.Status.Allowed, a.allowed)
			}
		}
	}
	st.Destroy(t)
}

// rendered is one object of a render directory.
type rendered struct {
	Kind     string `json:"kind"`
	Metadata struct {
		Name        string            `json:"name"`
		Namespace   string            `json:"namespace"`
		Annotations map[string]string `json:"annotations"`
	} `json:"metadata"`
	Spec struct {
		Template struct {
			Spec podSpec `json:"spec"`
		} `json:"template"`
	} `json:"spec"`
	Webhooks []struct {
		ClientConfig struct {
			CABundle string `json:"caBundle"`
		} `json:"clientConfig"`
	} `json:"webhooks"`
}

type podSpec struct {
	ServiceAccountName string `json:"serviceAccountName"`
	Volumes            []struct {
		Secret    *struct{ SecretName string } `json:"secret"`
		ConfigMap *struct{ Name string }       `json:"configMap"`
	} `json:"volumes"`
	Containers []struct {
		Args []string `json:"args"`
	} `json:"containers"`
}

func loadRendered(t *testing.T, dir string) []rendered {
	t.Helper()
	var out []rendered
	err := filepath.WalkDir(dir, func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".yaml") {
			return err
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		for _, doc := range strings.Split(string(b), "\n---") {
			var o rendered
			if err := yaml.Unmarshal([]byte(doc), &o); err != nil {
				return err
			}
			if o.Kind != "" {
				out = append(out, o)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// TestLineageChartRendersWithoutHooks renders the public chart of the EMR
// chart's lineage with this component, exactly as helm/v4.Chart deploys it
// (hooks dropped), and checks the rendered set stands on its own: every
// ServiceAccount, Secret and ConfigMap an operator pod refers to is in it,
// each operator watches its namespace (the chart's -namespace flag comes
// from sparkJobNamespace), and no webhook configuration lacks a CA (the
// operator registers its own from the certificate Secret the stack makes).
func TestLineageChartRendersWithoutHooks(t *testing.T) {
	chart := lineageChart(t)
	for _, mode := range []string{spec.ModeMultiple, spec.ModeSingle} {
		t.Run(mode, func(t *testing.T) {
			cfg := spec.DefaultConfig()
			cfg.Mode, cfg.ChartPath = mode, chart
			dir := pulumitest.Render(t, func(ctx *pulumi.Context, k8s *kubernetes.Provider) error {
				_, err := New(ctx, "so", Args{
					Config: cfg, Region: "us-west-2", JobNamespaces: jobNamespaces,
					ExecutionRoleARN: pulumi.String("arn:aws:iam::123456789012:role/exec"),
				}, pulumi.Providers(k8s))
				return err
			}, pulumitest.RenderOptions{})
			checkRendered(t, loadRendered(t, dir), spec.Releases(cfg, jobNamespaces))
			// The shared analyzers (internal/chartcheck) on the same set.
			objs := chartcheck.MustLoad(t, dir)
			if hooks := chartcheck.Hooks(objs); len(hooks) > 0 {
				t.Errorf("hook objects rendered: %v", hooks)
			}
			for _, m := range chartcheck.MissingReferences(objs) {
				t.Errorf("missing: %s", m)
			}
			for _, w := range chartcheck.Webhooks(objs) {
				if w.CA == chartcheck.CAEmpty {
					t.Errorf("webhook %s of %s has no CA", w.Name, w.Configuration)
				}
			}
		})
	}
}

func checkRendered(t *testing.T, objs []rendered, releases []spec.Release) {
	t.Helper()
	for _, p := range renderProblems(objs, releases) {
		t.Error(p)
	}
}

// renderProblems is the analysis of a rendered set: references nothing
// provides, hook objects, CA-less webhooks, operators not watching their
// release's namespace.
func renderProblems(objs []rendered, releases []spec.Release) []string {
	var out []string
	have := map[string]bool{}
	for _, o := range objs {
		have[o.Kind+"/"+o.Metadata.Namespace+"/"+o.Metadata.Name] = true
		if _, hook := o.Metadata.Annotations["helm.sh/hook"]; hook {
			out = append(out, fmt.Sprintf("%s %s rendered with a hook annotation", o.Kind, o.Metadata.Name))
		}
		for _, w := range o.Webhooks {
			if w.ClientConfig.CABundle == "" {
				out = append(out, fmt.Sprintf("%s %s registers a webhook without a CA bundle", o.Kind, o.Metadata.Name))
			}
		}
	}
	deployments := 0
	for _, o := range objs {
		if o.Kind != "Deployment" {
			continue
		}
		deployments++
		ns, pod := o.Metadata.Namespace, o.Spec.Template.Spec
		need := []string{"ServiceAccount/" + ns + "/" + pod.ServiceAccountName}
		for _, v := range pod.Volumes {
			if v.Secret != nil {
				need = append(need, "Secret/"+ns+"/"+v.Secret.SecretName)
			}
			if v.ConfigMap != nil {
				need = append(need, "ConfigMap/"+ns+"/"+v.ConfigMap.Name)
			}
		}
		for _, n := range need {
			if !have[n] {
				out = append(out, fmt.Sprintf("deployment %s/%s refers to %s, which nothing renders or declares (a dropped hook?)", ns, o.Metadata.Name, n))
			}
		}
		i := slices.IndexFunc(releases, func(r spec.Release) bool { return r.Namespace == ns })
		if i < 0 || len(pod.Containers) == 0 || !slices.Contains(pod.Containers[0].Args, "-namespace="+releases[i].JobNamespace) {
			out = append(out, fmt.Sprintf("deployment %s/%s does not watch its release's job namespace: %v", ns, o.Metadata.Name, pod.Containers))
		}
	}
	if deployments != len(releases) {
		out = append(out, fmt.Sprintf("operator deployments = %d, want %d", deployments, len(releases)))
	}
	return out
}

// TestRenderProblemsCatchTheOldInstall feeds the analysis what the old
// values rendered to (the lineage chart's templates with
// serviceAccounts.sparkoperator.create=true, webhook.enable=true and the
// ignored sparkJobNamespaces: the account and the certificate Secret exist
// only as dropped hooks, -namespace= is empty), and what the stack renders now.
func TestRenderProblemsCatchTheOldInstall(t *testing.T) {
	t.Parallel()
	deployment := func(ns, secret, watch string) rendered {
		var d rendered
		d.Kind, d.Metadata.Name, d.Metadata.Namespace = "Deployment", "spark-operator-"+ns, ns
		d.Spec.Template.Spec.ServiceAccountName = spec.DefaultOperatorSA
		d.Spec.Template.Spec.Volumes = append(d.Spec.Template.Spec.Volumes, struct {
			Secret    *struct{ SecretName string } `json:"secret"`
			ConfigMap *struct{ Name string }       `json:"configMap"`
		}{Secret: &struct{ SecretName string }{secret}})
		d.Spec.Template.Spec.Containers = append(d.Spec.Template.Spec.Containers, struct {
			Args []string `json:"args"`
		}{Args: []string{"-namespace=" + watch}})
		return d
	}
	object := func(kind, ns, name string) rendered {
		var o rendered
		o.Kind, o.Metadata.Namespace, o.Metadata.Name = kind, ns, name
		return o
	}
	cfg := spec.DefaultConfig()
	old := []rendered{deployment("emr-job-0", "spark-operator-emr-job-0-webhook-certs", "")}
	oldReleases := []spec.Release{{Name: "spark-operator-emr-job-0", Namespace: "emr-job-0", JobNamespace: "emr-job-0"}}
	if got := renderProblems(old, oldReleases); len(got) != 3 {
		t.Errorf("old install: %d problems, want 3 (account, secret, namespace): %q", len(got), got)
	}
	r := spec.Releases(cfg, jobNamespaces[:1])[0]
	now := []rendered{deployment(r.Namespace, spec.WebhookSecretName(r), r.JobNamespace),
		object("ServiceAccount", r.Namespace, spec.DefaultOperatorSA), object("Secret", r.Namespace, spec.WebhookSecretName(r))}
	if got := renderProblems(now, []spec.Release{r}); len(got) != 0 {
		t.Errorf("current install: %q", got)
	}
}
