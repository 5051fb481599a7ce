package monitoring

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes"
	corev1 "github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes/core/v1"
	pulumimeta "github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes/meta/v1"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime/schema"

	"github.com/emr-eks-loadtest/emr-eks-loadtest/infra/versions"
	"github.com/emr-eks-loadtest/emr-eks-loadtest/internal/pulumitest"
	"github.com/emr-eks-loadtest/emr-eks-loadtest/internal/testenv"
	spec "github.com/emr-eks-loadtest/emr-eks-loadtest/spec/monitoring"
)

func TestMain(m *testing.M) { os.Exit(testenv.Main(m, testenv.Options{})) }

var (
	podMonitors     = schema.GroupVersionResource{Group: "monitoring.coreos.com", Version: "v1", Resource: "podmonitors"}
	serviceMonitors = schema.GroupVersionResource{Group: "monitoring.coreos.com", Version: "v1", Resource: "servicemonitors"}
)

// TestMonitorsAndDashboardsOnARealAPIServer deploys the monitors (with the
// real prometheus-operator CRDs) and the dashboard ConfigMaps with the real
// Pulumi engine and Kubernetes provider, checks the API server accepted
// them, and that destroy removes them.
func TestMonitorsAndDashboardsOnARealAPIServer(t *testing.T) {
	cp := testenv.Get(t)
	testenv.Need(t, pulumitest.Available())
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	dir, err := testenv.ModuleDir(ctx, "github.com/prometheus-operator/prometheus-operator@"+versions.PrometheusOperatorVersion)
	if err != nil {
		t.Fatal(err)
	}
	crds := filepath.Join(dir, "example", "prometheus-operator-crd")
	if _, err := cp.InstallCRDs(ctx, filepath.Join(crds, "monitoring.coreos.com_podmonitors.yaml"),
		filepath.Join(crds, "monitoring.coreos.com_servicemonitors.yaml")); err != nil {
		t.Fatal(err)
	}
	const ns = "mon-it"
	st := pulumitest.Up(t, cp.Kubeconfig, func(pctx *pulumi.Context, k8s *kubernetes.Provider) error {
		nsObj, err := declareNamespace(pctx, ns, k8s)
		if err != nil {
			return err
		}
		opts := []pulumi.ResourceOption{pulumi.Providers(k8s), pulumi.DependsOn([]pulumi.Resource{nsObj})}
		if _, err := NewMonitors(pctx, "it-monitors", MonitorsArgs{Input: spec.MonitorsInput{
			Namespace: ns, KarpenterNamespace: "kube-system", LoadgenNamespace: "loadgen", JobNamespaces: []string{"emr-job-0"},
		}}, opts...); err != nil {
			return err
		}
		_, err = NewDashboardMaps(pctx, "it-dashboards", ns, opts...)
		return err
	})
	want := spec.Monitors(spec.MonitorsInput{Namespace: ns})
	for _, m := range want {
		gvr := podMonitors
		if m.Kind == "ServiceMonitor" {
			gvr = serviceMonitors
		}
		if _, err := cp.Dynamic().Resource(gvr).Namespace(ns).Get(ctx, m.Name, metav1.GetOptions{}); err != nil {
			t.Errorf("%s %s not on the API server: %v", m.Kind, m.Name, err)
		}
	}
	cms, err := cp.Client().CoreV1().ConfigMaps(ns).List(ctx, metav1.ListOptions{LabelSelector: spec.DashboardLabel + "=" + spec.DashboardLabelValue})
	if err != nil {
		t.Fatal(err)
	}
	if n := len(mustDashboards(t)); len(cms.Items) != n {
		t.Errorf("%d dashboard ConfigMaps on the API server, want %d", len(cms.Items), n)
	}
	st.Destroy(t)
	for _, m := range want {
		gvr := podMonitors
		if m.Kind == "ServiceMonitor" {
			gvr = serviceMonitors
		}
		if _, err := cp.Dynamic().Resource(gvr).Namespace(ns).Get(ctx, m.Name, metav1.GetOptions{}); !apierrors.IsNotFound(err) {
			t.Errorf("%s %s still there after destroy (err %v)", m.Kind, m.Name, err)
		}
	}
}

func declareNamespace(ctx *pulumi.Context, name string, k8s *kubernetes.Provider) (pulumi.Resource, error) {
	return corev1.NewNamespace(ctx, name, &corev1.NamespaceArgs{
		Metadata: pulumimeta.ObjectMetaArgs{Name: pulumi.String(name)},
	}, pulumi.Provider(k8s))
}
