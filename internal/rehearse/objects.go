package rehearse

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"time"

	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"sigs.k8s.io/yaml"

	"github.com/emr-eks-loadtest/emr-eks-loadtest/internal/testenv"
	"github.com/emr-eks-loadtest/emr-eks-loadtest/internal/twin"
	"github.com/emr-eks-loadtest/emr-eks-loadtest/spec/scheduler"
	"github.com/emr-eks-loadtest/emr-eks-loadtest/spec/stackconfig"
)

// CRD files of KarpenterModule: the kwok chart's NodePool/NodeClaim/
// NodeOverlay CRDs (they admit the karpenter.kwok.sh labels) and the
// KWOKNodeClass CRD.
var crdFiles = []string{
	"kwok/charts/crds/karpenter.sh_nodepools.yaml",
	"kwok/charts/crds/karpenter.sh_nodeclaims.yaml",
	"kwok/charts/crds/karpenter.sh_nodeoverlays.yaml",
	"kwok/apis/crds/karpenter.kwok.sh_kwoknodeclasses.yaml",
}

var (
	nodePoolGVR  = schema.GroupVersionResource{Group: "karpenter.sh", Version: "v1", Resource: "nodepools"}
	nodeClassGVR = schema.GroupVersionResource{Group: KWOKGroup, Version: KWOKVersion, Resource: "kwoknodeclasses"}
)

func (c *Cluster) applyObjects(ctx context.Context, cfg stackconfig.Config) error {
	mod, err := testenv.ModuleDir(ctx, KarpenterModule)
	if err != nil {
		return err
	}
	paths := make([]string, len(crdFiles))
	for i, f := range crdFiles {
		paths[i] = filepath.Join(mod, f)
	}
	if _, err := c.CP.InstallCRDs(ctx, paths...); err != nil {
		return err
	}
	if err := c.namespaces(ctx, append(cfg.EMR.JobNamespaces(), twin.StandinNamespace)); err != nil {
		return err
	}
	shapes, err := twin.Nodes(cfg)
	if err != nil {
		return fmt.Errorf("rehearse: operational nodes: %w", err)
	}
	if _, err := c.CP.CreateNodes(ctx, shapes...); err != nil {
		return err
	}
	if err := c.standins(ctx, cfg); err != nil {
		return err
	}
	return c.karpenterObjects(ctx)
}

func (c *Cluster) namespaces(ctx context.Context, names []string) error {
	for _, n := range names {
		ns := &corev1.Namespace{ObjectMeta: metav1.ObjectMeta{Name: n}}
		if _, err := c.CP.Client().CoreV1().Namespaces().Create(ctx, ns, metav1.CreateOptions{}); err != nil && !apierrors.IsAlreadyExists(err) {
			return fmt.Errorf("rehearse: namespace %s: %w", n, err)
		}
	}
	return nil
}

// standins are the twin's stand-ins: the operational workloads on the
// operational nodes and the daemonsets every node runs (Karpenter counts
// their requests when it sizes a node).
func (c *Cluster) standins(ctx context.Context, cfg stackconfig.Config) error {
	s, err := twin.BuildStandins(cfg)
	if err != nil {
		return fmt.Errorf("rehearse: stand-ins: %w", err)
	}
	apps := c.CP.Client().AppsV1()
	for _, d := range s.Deployments {
		if _, err := apps.Deployments(d.Namespace).Create(ctx, d, metav1.CreateOptions{}); err != nil {
			return fmt.Errorf("rehearse: stand-in %s/%s: %w", d.Namespace, d.Name, err)
		}
	}
	for _, d := range s.DaemonSets {
		if _, err := apps.DaemonSets(d.Namespace).Create(ctx, d, metav1.CreateOptions{}); err != nil {
			return fmt.Errorf("rehearse: stand-in %s/%s: %w", d.Namespace, d.Name, err)
		}
	}
	return nil
}

// karpenterObjects creates the KWOKNodeClass, marks it Ready (the kwok
// provider has no node class controller; a NodePool whose class is not
// Ready launches nothing) and the NodePools.
func (c *Cluster) karpenterObjects(ctx context.Context) error {
	dyn := c.CP.Dynamic()
	delay := ""
	if c.NodeStartDelay > 0 {
		delay = fmt.Sprintf("%ds", int(c.NodeStartDelay.Seconds()))
	}
	class, err := dyn.Resource(nodeClassGVR).Create(ctx, NodeClass(c.Karpenter.NodeClassName, delay), metav1.CreateOptions{})
	if err != nil {
		return fmt.Errorf("rehearse: KWOKNodeClass: %w", err)
	}
	now := time.Now().UTC().Format(time.RFC3339)
	_ = unstructured.SetNestedSlice(class.Object, []any{map[string]any{
		"type": "Ready", "status": "True", "reason": "Ready", "message": "", "lastTransitionTime": now,
		"observedGeneration": class.GetGeneration(),
	}}, "status", "conditions")
	if _, err := dyn.Resource(nodeClassGVR).UpdateStatus(ctx, class, metav1.UpdateOptions{}); err != nil {
		return fmt.Errorf("rehearse: KWOKNodeClass status: %w", err)
	}
	pools, err := NodePools(c.Karpenter)
	if err != nil {
		return err
	}
	for _, p := range pools {
		if _, err := dyn.Resource(nodePoolGVR).Create(ctx, p, metav1.CreateOptions{}); err != nil {
			return fmt.Errorf("rehearse: NodePool %s: %w", p.GetName(), err)
		}
	}
	return nil
}

// startScheduler runs the stack's binpacking KubeSchedulerConfiguration
// (infra/scheduler) as a second kube-scheduler process next to the
// default one, as the stack runs it in the cluster; only its client
// connection is pointed at this control plane.
func (c *Cluster) startScheduler(ctx context.Context, cfg stackconfig.Config) error {
	sc := cfg.PlacedScheduler()
	kc := scheduler.SchedulerConfiguration(sc)
	kc.ClientConnection.Kubeconfig = c.CP.Kubeconfig
	b, err := yaml.Marshal(kc)
	if err != nil {
		return fmt.Errorf("rehearse: scheduler configuration: %w", err)
	}
	file := filepath.Join(c.Dir, "binpacking-scheduler.yaml")
	if err := os.WriteFile(file, b, 0o644); err != nil {
		return fmt.Errorf("rehearse: %w", err)
	}
	port, err := freePort()
	if err != nil {
		return err
	}
	proc, err := startProc(c.Dir, "binpacking-scheduler", testenv.Bin(testenv.KubeScheduler), []string{
		"--config", file, "--bind-address", "127.0.0.1", "--secure-port", fmt.Sprint(port),
		"--authentication-kubeconfig", c.CP.Kubeconfig, "--authorization-kubeconfig", c.CP.Kubeconfig,
	}, nil)
	if err != nil {
		return err
	}
	c.procs = append(c.procs, proc)
	c.SchedulerName = sc.Name
	return proc.waitHealthy(ctx, fmt.Sprintf("https://127.0.0.1:%d/healthz", port), time.Minute)
}
