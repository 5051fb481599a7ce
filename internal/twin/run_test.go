package twin

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/emr-eks-loadtest/emr-eks-loadtest/infra/versions"
	"github.com/emr-eks-loadtest/emr-eks-loadtest/internal/pulumitest"
	"github.com/emr-eks-loadtest/emr-eks-loadtest/internal/testenv"
	"github.com/emr-eks-loadtest/emr-eks-loadtest/spec/stackconfig"
)

// VPCCNIModule holds the ENIConfig CRD (charts/aws-vpc-cni/crds).
const VPCCNIModule = "github.com/aws/amazon-vpc-cni-k8s@v1.23.2"

// Settle is how long Run waits for every workload to be ready; kwok makes
// a placed pod Ready within ~100 ms, so what is not ready by then was not
// placed.
const Settle = 60 * time.Second

// Prepare installs the CRDs the stack's objects need (Karpenter's from
// pkg/apis/crds: the chart's crds/ are symlinks absent from the module
// zip; the VPC CNI's ENIConfig) and returns the local chart folders.
func Prepare(t testing.TB, cp *testenv.ControlPlane) Charts {
	t.Helper()
	ctx := context.Background()
	dir := func(mod string) string {
		d, err := testenv.ModuleDir(ctx, mod)
		if err != nil {
			t.Fatal(err)
		}
		return d
	}
	karpMod, msMod := versions.KarpenterChartModule, versions.MetricsServerChartModule
	karp, ms, cni := dir(karpMod.Module), dir(msMod.Module), dir(VPCCNIModule)
	if _, err := cp.InstallCRDs(ctx, filepath.Join(karp, versions.KarpenterCRDPath),
		filepath.Join(cni, "charts", "aws-vpc-cni", "crds", "customresourcedefinition.yaml")); err != nil {
		t.Fatal(err)
	}
	return Charts{Karpenter: filepath.Join(karp, karpMod.Path), MetricsServer: filepath.Join(ms, msMod.Path)}
}

// Run builds the twin of cfg on cp (nodes, the real engine's `up`, the
// stand-ins), waits Settle for readiness and returns the report; cleanup
// removes all of it so the next twin starts from an empty cluster.
func Run(t testing.TB, cp *testenv.ControlPlane, cfg stackconfig.Config, charts Charts) Report {
	t.Helper()
	ctx := context.Background()
	shapes, err := Nodes(cfg)
	if err != nil {
		t.Fatal(err)
	}
	// Cleanups run last-in first-out: this one runs after the stand-ins
	// and the nodes are deleted and the stack destroyed.
	t.Cleanup(func() { waitNoWorkloads(t, cp, 2*time.Minute) })
	t.Cleanup(func() { deleteNodes(t, cp, shapes) })
	if _, err := cp.CreateNodes(ctx, shapes...); err != nil {
		t.Fatal(err)
	}
	st := pulumitest.Up(t, cp.Kubeconfig, Program(cfg, charts))
	defer st.Destroy(t)
	standins, err := BuildStandins(cfg)
	if err != nil {
		t.Fatal(err)
	}
	createStandins(t, cp, standins)
	rep, err := WaitReady(ctx, cp.Client(), Settle)
	if err != nil {
		t.Fatal(err)
	}
	return rep
}

func createStandins(t testing.TB, cp *testenv.ControlPlane, s Standins) {
	t.Helper()
	ctx, c := context.Background(), cp.Client()
	ns := &corev1.Namespace{ObjectMeta: metav1.ObjectMeta{Name: StandinNamespace}}
	if _, err := c.CoreV1().Namespaces().Create(ctx, ns, metav1.CreateOptions{}); err != nil && !apierrors.IsAlreadyExists(err) {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		for _, d := range s.Deployments {
			_ = c.AppsV1().Deployments(d.Namespace).Delete(ctx, d.Name, metav1.DeleteOptions{})
		}
		for _, d := range s.DaemonSets {
			_ = c.AppsV1().DaemonSets(d.Namespace).Delete(ctx, d.Name, metav1.DeleteOptions{})
		}
	})
	for _, d := range s.Deployments {
		if _, err := c.AppsV1().Deployments(d.Namespace).Create(ctx, d, metav1.CreateOptions{}); err != nil {
			t.Fatalf("stand-in %s/%s: %v", d.Namespace, d.Name, err)
		}
	}
	for _, d := range s.DaemonSets {
		if _, err := c.AppsV1().DaemonSets(d.Namespace).Create(ctx, d, metav1.CreateOptions{}); err != nil {
			t.Fatalf("stand-in %s/%s: %v", d.Namespace, d.Name, err)
		}
	}
}

func deleteNodes(t testing.TB, cp *testenv.ControlPlane, shapes []testenv.NodeShape) {
	for _, s := range shapes {
		if err := cp.Client().CoreV1().Nodes().Delete(context.Background(), s.Name, metav1.DeleteOptions{}); err != nil && !apierrors.IsNotFound(err) {
			t.Errorf("deleting node %s: %v", s.Name, err)
		}
	}
}
