package testenv

import (
	"context"
	"fmt"
	"testing"
	"time"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

// A MostAllocated (binpacking) profile; clientConnection is filled in by
// scripts/testbin.sh.
const binpackConfig = `apiVersion: kubescheduler.config.k8s.io/v1
kind: KubeSchedulerConfiguration
profiles:
- schedulerName: binpack
  pluginConfig:
  - name: NodeResourcesFit
    args:
      scoringStrategy:
        type: MostAllocated
        resources:
        - name: cpu
          weight: 1
        - name: memory
          weight: 1
`

// Starting a second control plane with a custom scheduler is one call; its
// pods pack onto one node where the default scheduler would spread them.
func TestStartWithSchedulerConfigBinpacks(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	cp, err := Start(ctx, Options{Kwok: true, SchedulerConfig: binpackConfig})
	Need(t, err)
	defer func() {
		if err := cp.Stop(); err != nil {
			t.Error(err)
		}
	}()
	if _, err := cp.CreateNodes(ctx, M5XLarge("pack-a", "us-east-1a"), M5XLarge("pack-b", "us-east-1a")); err != nil {
		t.Fatal(err)
	}
	ns := cp.Namespace(t)
	used := map[string]int{}
	for i := range 5 {
		p := pod(fmt.Sprintf("exec-%d", i), "500m")
		p.Spec.SchedulerName = "binpack"
		if _, err := cp.Client().CoreV1().Pods(ns).Create(ctx, p, metav1.CreateOptions{}); err != nil {
			t.Fatal(err)
		}
		running := waitPodPhase(t, cp, ns, p.Name, corev1.PodRunning)
		used[running.Spec.NodeName]++
	}
	if len(used) != 1 {
		t.Fatalf("binpacking scheduler spread 5 small pods over %v, want one node", used)
	}
}
