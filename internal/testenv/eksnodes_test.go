package testenv

import (
	"slices"
	"testing"

	corev1 "k8s.io/api/core/v1"

	"github.com/emr-eks-loadtest/emr-eks-loadtest/infra/capacity"
)

func TestEKSNodeAllocatable(t *testing.T) {
	t.Parallel()
	c, err := capacity.For("m5.large", capacity.Networking{PrefixDelegation: true, CustomNetworking: true})
	if err != nil {
		t.Fatal(err)
	}
	taint := corev1.Taint{Key: "k", Value: "true", Effect: corev1.TaintEffectNoSchedule}
	n, err := EKSNode("ops-0", "us-west-2a", c, map[string]string{"role": "ops"}, []corev1.Taint{taint}).node()
	if err != nil {
		t.Fatal(err)
	}
	alloc, capa := n.Status.Allocatable, n.Status.Capacity
	if got := alloc.Cpu().MilliValue(); got != 1930 {
		t.Errorf("allocatable cpu %dm, want 1930m", got)
	}
	if got := capa.Cpu().MilliValue(); got != 2000 {
		t.Errorf("capacity cpu %dm, want 2000m", got)
	}
	if got := alloc.Memory().Value() >> 20; got != c.AllocatableMemoryMiB {
		t.Errorf("allocatable memory %d MiB, want %d", got, c.AllocatableMemoryMiB)
	}
	if got := alloc.Pods().Value(); got != 110 {
		t.Errorf("pods %d, want 110", got)
	}
	if n.Labels["role"] != "ops" || n.Labels[ZoneLabel] != "us-west-2a" || !slices.Equal(n.Spec.Taints, []corev1.Taint{taint}) {
		t.Errorf("labels %v taints %v", n.Labels, n.Spec.Taints)
	}
}

func TestSpreadZones(t *testing.T) {
	t.Parallel()
	got := SpreadZones(5, []string{"a", "b", "c"})
	if !slices.Equal(got, []string{"a", "b", "c", "a", "b"}) {
		t.Fatal(got)
	}
}
