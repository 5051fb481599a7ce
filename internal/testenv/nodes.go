package testenv

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"regexp"
	"strings"
	"testing"
	"time"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/resource"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/util/wait"
)

// Well-known node labels set by CreateNode.
const (
	ZoneLabel         = "topology.kubernetes.io/zone"
	InstanceTypeLabel = "node.kubernetes.io/instance-type"
)

// NodeShape describes a kwok node: kwok (Options.Kwok) makes it Ready and
// keeps its lease; kube-controller-manager clears the not-ready taint.
type NodeShape struct {
	Name         string // required
	Zone         string // topology.kubernetes.io/zone (+ failure-domain label), required
	InstanceType string // node.kubernetes.io/instance-type, required
	CPU          string // capacity, a quantity: "4"
	Memory       string // capacity, a quantity: "16Gi"
	Pods         int    // pod capacity; 0 means 110
	// AllocatableCPU and AllocatableMemory are what the scheduler may
	// place (capacity less the kubelet's reservations); empty = capacity.
	AllocatableCPU    string
	AllocatableMemory string
	Labels            map[string]string // extra labels
	Taints            []corev1.Taint
}

// M5XLarge is the shape of an m5.xlarge (4 vCPU, 16 GiB) in zone.
func M5XLarge(name, zone string) NodeShape {
	return NodeShape{Name: name, Zone: zone, InstanceType: "m5.xlarge", CPU: "4", Memory: "16Gi"}
}

func (s NodeShape) node() (*corev1.Node, error) {
	for field, v := range map[string]string{"Name": s.Name, "Zone": s.Zone, "InstanceType": s.InstanceType, "CPU": s.CPU, "Memory": s.Memory} {
		if v == "" {
			return nil, fmt.Errorf("testenv: NodeShape.%s is empty: set it (M5XLarge(name, zone) fills all but Name and Zone)", field)
		}
	}
	cpu, err := resource.ParseQuantity(s.CPU)
	if err != nil {
		return nil, fmt.Errorf("testenv: NodeShape.CPU %q: %w (use a quantity like \"4\")", s.CPU, err)
	}
	mem, err := resource.ParseQuantity(s.Memory)
	if err != nil {
		return nil, fmt.Errorf("testenv: NodeShape.Memory %q: %w (use a quantity like \"16Gi\")", s.Memory, err)
	}
	pods := s.Pods
	if pods == 0 {
		pods = 110
	}
	labels := map[string]string{
		ZoneLabel: s.Zone, "failure-domain.beta.kubernetes.io/zone": s.Zone,
		InstanceTypeLabel: s.InstanceType, "kubernetes.io/hostname": s.Name,
		"kubernetes.io/os": "linux", "kubernetes.io/arch": "amd64", "type": "kwok",
	}
	for k, v := range s.Labels {
		labels[k] = v
	}
	capacity := corev1.ResourceList{
		corev1.ResourceCPU: cpu, corev1.ResourceMemory: mem,
		corev1.ResourcePods:             *resource.NewQuantity(int64(pods), resource.DecimalSI),
		corev1.ResourceEphemeralStorage: resource.MustParse("100Gi"),
	}
	allocatable, err := s.allocatable(capacity)
	if err != nil {
		return nil, err
	}
	return &corev1.Node{
		ObjectMeta: metav1.ObjectMeta{Name: s.Name, Labels: labels,
			Annotations: map[string]string{"kwok.x-k8s.io/node": "fake", "node.alpha.kubernetes.io/ttl": "0"}},
		Spec: corev1.NodeSpec{Taints: s.Taints},
		Status: corev1.NodeStatus{Capacity: capacity, Allocatable: allocatable,
			NodeInfo: corev1.NodeSystemInfo{Architecture: "amd64", OperatingSystem: "linux", KubeletVersion: "fake"}},
	}, nil
}

func (s NodeShape) allocatable(capacity corev1.ResourceList) (corev1.ResourceList, error) {
	out := capacity.DeepCopy()
	for name, v := range map[corev1.ResourceName]string{corev1.ResourceCPU: s.AllocatableCPU, corev1.ResourceMemory: s.AllocatableMemory} {
		if v == "" {
			continue
		}
		q, err := resource.ParseQuantity(v)
		if err != nil {
			return nil, fmt.Errorf("testenv: NodeShape allocatable %s %q: %w", name, v, err)
		}
		out[name] = q
	}
	return out, nil
}

// CreateNodes creates the nodes and waits until each is Ready and free of
// the not-ready/unreachable taints (needs kwok and kube-controller-manager).
func (cp *ControlPlane) CreateNodes(ctx context.Context, shapes ...NodeShape) ([]*corev1.Node, error) {
	var out []*corev1.Node
	for _, s := range shapes {
		n, err := s.node()
		if err != nil {
			return nil, err
		}
		created, err := cp.client.CoreV1().Nodes().Create(ctx, n, metav1.CreateOptions{})
		if err != nil {
			return nil, fmt.Errorf("testenv: create node %s: %w", s.Name, err)
		}
		out = append(out, created)
	}
	for i, n := range out {
		ready, err := cp.waitNodeSchedulable(ctx, n.Name)
		if err != nil {
			return nil, err
		}
		out[i] = ready
	}
	return out, nil
}

func (cp *ControlPlane) waitNodeSchedulable(ctx context.Context, name string) (*corev1.Node, error) {
	var node *corev1.Node
	err := wait.PollUntilContextTimeout(ctx, 200*time.Millisecond, time.Minute, true, func(ctx context.Context) (bool, error) {
		n, err := cp.client.CoreV1().Nodes().Get(ctx, name, metav1.GetOptions{})
		if err != nil {
			return false, nil
		}
		node = n
		return nodeSchedulable(n), nil
	})
	if err != nil {
		return nil, fmt.Errorf("testenv: node %s not Ready and untainted after 1 min (is kwok running, Options.Kwok, and kube-controller-manager?): %w", name, err)
	}
	return node, nil
}

func nodeSchedulable(n *corev1.Node) bool {
	for _, t := range n.Spec.Taints {
		if t.Key == corev1.TaintNodeNotReady || t.Key == corev1.TaintNodeUnreachable {
			return false
		}
	}
	for _, c := range n.Status.Conditions {
		if c.Type == corev1.NodeReady {
			return c.Status == corev1.ConditionTrue
		}
	}
	return false
}

var nonDNS = regexp.MustCompile(`[^a-z0-9-]+`)

// Namespace creates a namespace named after the test (plus a random
// suffix) and deletes it when the test ends.
func (cp *ControlPlane) Namespace(t testing.TB) string {
	t.Helper()
	base := strings.Trim(nonDNS.ReplaceAllString(strings.ToLower(t.Name()), "-"), "-")
	if len(base) > 40 {
		base = base[:40]
	}
	suffix := make([]byte, 3)
	_, _ = rand.Read(suffix)
	name := base + "-" + hex.EncodeToString(suffix)
	ns := &corev1.Namespace{ObjectMeta: metav1.ObjectMeta{Name: name}}
	if _, err := cp.client.CoreV1().Namespaces().Create(context.Background(), ns, metav1.CreateOptions{}); err != nil {
		t.Fatalf("testenv: create namespace %s: %v", name, err)
	}
	t.Cleanup(func() {
		_ = cp.client.CoreV1().Namespaces().Delete(context.Background(), name, metav1.DeleteOptions{})
	})
	return name
}
