package monitoring

import (
	"errors"
	"strings"
	"testing"

	"github.com/emr-eks-loadtest/emr-eks-loadtest/infra/kubeprovider"
	"github.com/emr-eks-loadtest/emr-eks-loadtest/infra/placement"

	"github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes"
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/emr-eks-loadtest/emr-eks-loadtest/dashboards"
	"github.com/emr-eks-loadtest/emr-eks-loadtest/infra/versions"
	"github.com/emr-eks-loadtest/emr-eks-loadtest/internal/pulumimock"
	spec "github.com/emr-eks-loadtest/emr-eks-loadtest/spec/monitoring"
)

func fixtureArgs(edit func(*Args)) Args {
	a := Args{
		Config:          configWithPassword(),
		ClusterName:     pulumi.String("lt"),
		OIDCProviderARN: pulumi.String("arn:aws:iam::111122223333:oidc-provider/oidc.eks.eu-west-1.amazonaws.com/id/ABC"),
		IssuerURL:       pulumi.String("https://oidc.eks.eu-west-1.amazonaws.com/id/ABC"),
		Region:          pulumi.String("eu-west-1"),
		AccountID:       pulumi.String("111122223333"),
		JobNamespaces:   []string{"emr-job-0", "emr-job-1"},
		Placement:       placement.Placement{NodeSelector: map[string]string{"role": "operational"}},
	}
	if edit != nil {
		edit(&a)
	}
	return a
}

// newMock records every resource, fails every invoke (this component makes
// none) and gives the resources the provider-computed outputs it reads.
func newMock() *pulumimock.Mock {
	return pulumimock.New().
		Outputs("aws:amp/workspace:Workspace", func(r pulumimock.Resource) map[string]any {
			return map[string]any{
				"arn":                "arn:aws:aps:eu-west-1:111122223333:workspace/ws-" + r.Name,
				"prometheusEndpoint": "https://aps-workspaces.eu-west-1.amazonaws.com/workspaces/ws-" + r.Name + "/",
			}
		}).
		Outputs("aws:iam/role:Role", func(r pulumimock.Resource) map[string]any {
			return map[string]any{"arn": "arn:aws:iam::111122223333:role/" + r.Name, "name": r.Name}
		}).
		Outputs("aws:grafana/workspace:Workspace", func(pulumimock.Resource) map[string]any {
			return map[string]any{"endpoint": "g-1.grafana-workspace.eu-west-1.amazonaws.com"}
		})
}

func declare(t *testing.T, edit func(*Args)) *pulumimock.Mock {
	t.Helper()
	m := newMock()
	if err := m.Run(func(ctx *pulumi.Context) error {
		kube, err := kubernetes.NewProvider(ctx, "k8s", &kubernetes.ProviderArgs{})
		if err != nil {
			return err
		}
		_, err = New(ctx, "mon", fixtureArgs(edit), pulumi.Providers(kube))
		return err
	}); err != nil {
		t.Fatalf("program: %v", err)
	}
	return m
}

func TestComponentDeclaresTheStack(t *testing.T) {
	r := declare(t, nil)
	for typ, want := range map[string]int{
		Type:                                                 1,
		"aws:amp/workspace:Workspace":                        1,
		"aws:iam/role:Role":                                  1,
		"aws:iam/rolePolicy:RolePolicy":                      1,
		"kubernetes:core/v1:Namespace":                       1,
		"kubernetes:core/v1:Secret":                          1,
		"kubernetes:helm.sh/v4:Chart":                        1,
		"kubernetes:core/v1:ConfigMap":                       len(mustDashboards(t)),
		"kubernetes:monitoring.coreos.com/v1:ServiceMonitor": 2,
		"kubernetes:monitoring.coreos.com/v1:PodMonitor":     4,
		"aws:grafana/workspace:Workspace":                    0,
	} {
		if got := len(r.ByType(typ)); got != want {
			t.Errorf("%s: %d declared, want %d", typ, got, want)
		}
	}
}

func TestChartIsPinnedAndValuesWired(t *testing.T) {
	r := declare(t, nil)
	charts := r.ByType("kubernetes:helm.sh/v4:Chart")
	if len(charts) != 1 {
		t.Fatalf("%d charts", len(charts))
	}
	in := charts[0].Inputs
	if in["chart"].StringValue() != versions.KubePrometheusStackChartName || in["version"].StringValue() != versions.KubePrometheusStackChartVersion {
		t.Errorf("chart %v@%v, want pinned %s@%s", in["chart"], in["version"], versions.KubePrometheusStackChartName, versions.KubePrometheusStackChartVersion)
	}
	repo := in["repositoryOpts"].ObjectValue()["repo"].StringValue()
	if repo != versions.KubePrometheusStackChartRepo {
		t.Errorf("repo %q", repo)
	}
	values := in["values"].ObjectValue()
	ps := values["prometheus"].ObjectValue()["prometheusSpec"].ObjectValue()
	rw := ps["remoteWrite"].ArrayValue()[0].ObjectValue()
	if got := rw["url"].StringValue(); got != "https://aps-workspaces.eu-west-1.amazonaws.com/workspaces/ws-mon-amp/api/v1/remote_write" {
		t.Errorf("remote write url %q", got)
	}
	sa := values["prometheus"].ObjectValue()["serviceAccount"].ObjectValue()["annotations"].ObjectValue()
	if got := sa["eks.amazonaws.com/role-arn"].StringValue(); got != "arn:aws:iam::111122223333:role/mon-remote-write" {
		t.Errorf("role annotation %q", got)
	}
	if !strings.HasPrefix(charts[0].Provider, "urn:pulumi:") || !strings.Contains(charts[0].Provider, "k8s") {
		t.Errorf("chart provider %q, want the given kubernetes provider", charts[0].Provider)
	}
}

func TestRemoteWriteRoleTrustsOnlyPrometheus(t *testing.T) {
	r := declare(t, nil)
	role := r.ByType("aws:iam/role:Role")[0]
	trust := role.Inputs["assumeRolePolicy"].StringValue()
	if !strings.Contains(trust, `"system:serviceaccount:monitoring:prometheus"`) {
		t.Errorf("trust does not name monitoring/prometheus:\n%s", trust)
	}
	policy := r.ByType("aws:iam/rolePolicy:RolePolicy")[0].Inputs["policy"].StringValue()
	if !strings.Contains(policy, `"aps:RemoteWrite"`) || !strings.Contains(policy, "workspace/ws-mon-amp") {
		t.Errorf("policy is not RemoteWrite on the workspace:\n%s", policy)
	}
}

func TestEveryDashboardHasALabelledConfigMap(t *testing.T) {
	r := declare(t, nil)
	got := map[string]resource.PropertyMap{}
	for _, cm := range r.ByType("kubernetes:core/v1:ConfigMap") {
		md := cm.Inputs["metadata"].ObjectValue()
		got[md["name"].StringValue()] = cm.Inputs
		if md["labels"].ObjectValue()[spec.DashboardLabel].StringValue() != spec.DashboardLabelValue || md["namespace"].StringValue() != "monitoring" {
			t.Errorf("ConfigMap %v not labelled for the Grafana sidecar in monitoring", md)
		}
	}
	for _, d := range mustDashboards(t) {
		in, ok := got[DashboardConfigMapName(d)]
		if !ok {
			t.Errorf("no ConfigMap for dashboard %s", d.Name)
			continue
		}
		if in["data"].ObjectValue()[resource.PropertyKey(d.FileName())].StringValue() != string(d.JSON) {
			t.Errorf("ConfigMap of %s does not hold the dashboard JSON", d.Name)
		}
	}
}

func TestManagedGrafanaIsOptional(t *testing.T) {
	r := declare(t, func(a *Args) { a.ManagedGrafana = true; a.Grafana = false; a.GrafanaAdminPassword = "" })
	if n := len(r.ByType("aws:grafana/workspace:Workspace")); n != 1 {
		t.Fatalf("%d Managed Grafana workspaces, want 1", n)
	}
	if n := len(r.ByType("kubernetes:core/v1:Secret")); n != 0 {
		t.Errorf("Grafana admin secret declared with grafana off")
	}
	ws := r.ByType("aws:grafana/workspace:Workspace")[0].Inputs
	if ws["roleArn"].StringValue() != "arn:aws:iam::111122223333:role/mon-grafana" || ws["permissionType"].StringValue() != "CUSTOMER_MANAGED" {
		t.Errorf("workspace not using its own role: %v", ws)
	}
}

// Every Kubernetes object, the sub-components' (monitors, dashboard
// ConfigMaps) included, is declared with the provider handed down in New's
// options.
func TestKubernetesChildrenInheritTheProvider(t *testing.T) {
	r := declare(t, nil)
	n := 0
	for _, res := range r.Resources() {
		if strings.HasPrefix(res.Type, "kubernetes:") {
			n++
			if res.ProviderName() != "k8s" {
				t.Errorf("%s %s uses provider %q, want k8s", res.Type, res.Name, res.Provider)
			}
		}
	}
	if n < len(mustDashboards(t))+3 {
		t.Errorf("only %d Kubernetes resources", n)
	}
}

func TestArgsErrorsNameTheFix(t *testing.T) {
	err := newMock().Run(func(ctx *pulumi.Context) error {
		_, err := New(ctx, "mon", fixtureArgs(func(a *Args) { a.GrafanaAdminPassword = "" }))
		return err
	})
	if !errors.Is(err, kubeprovider.ErrMissing) {
		t.Errorf("New without a Kubernetes provider: %v, want ErrMissing", err)
	}
	for _, want := range []string{"pulumi.Providers(k8s)", "monitoring.grafanaAdminPassword: required"} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("error %v lacks %q", err, want)
		}
	}
}

func mustDashboards(t *testing.T) []dashboards.Dashboard {
	t.Helper()
	ds, err := dashboards.All()
	if err != nil {
		t.Fatal(err)
	}
	return ds
}

func configWithPassword() spec.Config {
	c := spec.DefaultConfig()
	c.GrafanaAdminPassword = "s3cret-s3cret"
	return c
}
