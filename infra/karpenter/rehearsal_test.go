package karpenter

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/emr-eks-loadtest/emr-eks-loadtest/internal/pulumitest"
	"github.com/emr-eks-loadtest/emr-eks-loadtest/internal/testenv"
	spec "github.com/emr-eks-loadtest/emr-eks-loadtest/spec/karpenter"
	"github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/runtime/schema"
)

// crdModule holds the CRDs of the pinned controller release (1.8.6; its
// charts/karpenter says version 1.8.0 in Chart.yaml, the CRDs are the
// release's own).
const crdModule = "github.com/aws/karpenter-provider-aws@v1.8.6"

var (
	nodePoolGVR  = schema.GroupVersionResource{Group: "karpenter.sh", Version: "v1", Resource: "nodepools"}
	nodeClassGVR = schema.GroupVersionResource{Group: "karpenter.k8s.aws", Version: "v1", Resource: "ec2nodeclasses"}
)

// TestNodeObjectsRehearsal applies the real Karpenter CRDs, deploys our
// EC2NodeClass and NodePools with the real Pulumi engine and Kubernetes
// provider (so the API server's OpenAPI schema and CEL rules judge them),
// checks what was stored, and destroys them.
func TestNodeObjectsRehearsal(t *testing.T) {
	cp := testenv.Get(t)
	ctx, cancel := context.WithTimeout(context.Background(), 6*time.Minute)
	defer cancel()
	dir, err := testenv.ModuleDir(ctx, crdModule)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := cp.InstallCRDs(ctx, filepath.Join(dir, "pkg", "apis", "crds")); err != nil {
		t.Fatal(err)
	}
	assertCELRejects(ctx, t, cp)
	cfg := testConfig()
	cfg.PrefixDelegation = true // kubelet.maxPods is judged by the real schema too
	stack := pulumitest.Up(t, cp.Kubeconfig, func(ctx *pulumi.Context, k8s *kubernetes.Provider) error {
		_, err := NewNodeObjects(ctx, "karpenter-pools", NodeObjectsArgs{
			Config: cfg, ClusterName: pulumi.String("loadtest"), NodeRoleName: pulumi.String("loadtest-karpenter-node"),
		}, pulumi.Providers(k8s))
		return err
	})
	class, err := cp.Dynamic().Resource(nodeClassGVR).Get(ctx, cfg.NodeClassName, metav1.GetOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if hop, _, _ := unstructured.NestedInt64(class.Object, "spec", "metadataOptions", "httpPutResponseHopLimit"); hop != 1 {
		t.Errorf("stored hop limit %d, want 1", hop)
	}
	if pods, _, _ := unstructured.NestedInt64(class.Object, "spec", "kubelet", "maxPods"); pods != spec.MaxPodsWithPrefixDelegation {
		t.Errorf("stored kubelet.maxPods %d, want %d", pods, spec.MaxPodsWithPrefixDelegation)
	}
	for _, pool := range []string{spec.DriverPool, spec.ExecutorPool} {
		np, err := cp.Dynamic().Resource(nodePoolGVR).Get(ctx, pool, metav1.GetOptions{})
		if err != nil {
			t.Fatalf("NodePool %s: %v", pool, err)
		}
		policy, _, _ := unstructured.NestedString(np.Object, "spec", "disruption", "consolidationPolicy")
		if want := spec.NodePools(cfg)[pool].Disruption.ConsolidationPolicy; policy != want {
			t.Errorf("%s stored consolidationPolicy %q, want %q", pool, policy, want)
		}
	}
	stack.Destroy(t)
	for _, pool := range []string{spec.DriverPool, spec.ExecutorPool} {
		if _, err := cp.Dynamic().Resource(nodePoolGVR).Get(ctx, pool, metav1.GetOptions{}); !apierrors.IsNotFound(err) {
			t.Errorf("NodePool %s after destroy: %v, want not found", pool, err)
		}
	}
	if _, err := cp.Dynamic().Resource(nodeClassGVR).Get(ctx, cfg.NodeClassName, metav1.GetOptions{}); !apierrors.IsNotFound(err) {
		t.Errorf("EC2NodeClass after destroy: %v, want not found", err)
	}
}

// assertCELRejects proves the installed CRDs really validate: a NodePool
// requiring the reserved label karpenter.sh/nodepool must be refused.
func assertCELRejects(ctx context.Context, t *testing.T, cp *testenv.ControlPlane) {
	t.Helper()
	spec, err := spec.ToMap(spec.NodePools(testConfig())[spec.DriverPool])
	if err != nil {
		t.Fatal(err)
	}
	reqs := spec["template"].(map[string]any)["spec"].(map[string]any)["requirements"].([]any)
	reqs = append(reqs, map[string]any{"key": "karpenter.sh/nodepool", "operator": "In", "values": []any{"x"}})
	spec["template"].(map[string]any)["spec"].(map[string]any)["requirements"] = reqs
	bad := &unstructured.Unstructured{Object: map[string]any{
		"apiVersion": "karpenter.sh/v1", "kind": "NodePool",
		"metadata": map[string]any{"name": "cel-probe"}, "spec": spec,
	}}
	_, err = cp.Dynamic().Resource(nodePoolGVR).Create(ctx, bad, metav1.CreateOptions{DryRun: []string{metav1.DryRunAll}})
	if err == nil || !strings.Contains(err.Error(), "karpenter.sh/nodepool") {
		t.Fatalf("API server accepted a NodePool requiring karpenter.sh/nodepool (err %v): CRD validation is not active", err)
	}
}

// TestBuiltObjectsPassCRDValidation sends the builders' EC2NodeClass and
// NodePools straight to the API server (server-side dry run) against the
// real CRDs: no Pulumi binaries needed, so it runs wherever the control
// plane does.
func TestBuiltObjectsPassCRDValidation(t *testing.T) {
	cp := testenv.Get(t)
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	dir, err := testenv.ModuleDir(ctx, crdModule)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := cp.InstallCRDs(ctx, filepath.Join(dir, "pkg", "apis", "crds")); err != nil {
		t.Fatal(err)
	}
	assertCELRejects(ctx, t, cp)
	for _, spot := range []bool{false, true} {
		cfg := testConfig()
		cfg.ExecutorSpot = spot
		class, err := spec.ToMap(spec.EC2NodeClass(cfg, "loadtest", "loadtest-karpenter-node"))
		if err != nil {
			t.Fatal(err)
		}
		dryRun(ctx, t, cp, nodeClassGVR, "karpenter.k8s.aws/v1", "EC2NodeClass", cfg.NodeClassName, class)
		for name, pool := range spec.NodePools(cfg) {
			spec, err := spec.ToMap(pool)
			if err != nil {
				t.Fatal(err)
			}
			dryRun(ctx, t, cp, nodePoolGVR, "karpenter.sh/v1", "NodePool", name, spec)
		}
	}
}

func dryRun(ctx context.Context, t *testing.T, cp *testenv.ControlPlane, gvr schema.GroupVersionResource, apiVersion, kind, name string, spec map[string]any) {
	t.Helper()
	obj := &unstructured.Unstructured{Object: map[string]any{
		"apiVersion": apiVersion, "kind": kind, "metadata": map[string]any{"name": name}, "spec": spec,
	}}
	if _, err := cp.Dynamic().Resource(gvr).Create(ctx, obj, metav1.CreateOptions{DryRun: []string{metav1.DryRunAll}}); err != nil {
		t.Errorf("API server rejected %s %s: %v", kind, name, err)
	}
}
