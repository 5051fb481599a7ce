package localemr

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"os"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/emrcontainers"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/watch"
	"k8s.io/client-go/kubernetes"

	"github.com/emr-eks-loadtest/emr-eks-loadtest/internal/testenv"
)

// TestMain starts a real control plane (etcd, kube-apiserver, scheduler, controller manager)
// for the pod mirror tests; the other tests do not use it.
func TestMain(m *testing.M) {
	os.Exit(testenv.Main(m, testenv.Options{}))
}

// uniqueNamespaces returns n fresh namespace names (the mirror creates them) and deletes
// them when the test ends.
func uniqueNamespaces(t *testing.T, client kubernetes.Interface, n int) []string {
	t.Helper()
	b := make([]byte, 4)
	_, _ = rand.Read(b)
	out := make([]string, n)
	for i := range out {
		out[i] = fmt.Sprintf("localemr-%s-%d", hex.EncodeToString(b), i+1)
	}
	t.Cleanup(func() {
		for _, ns := range out {
			_ = client.CoreV1().Namespaces().Delete(context.Background(), ns, metav1.DeleteOptions{})
		}
	})
	return out
}

// mirrored is a Server with a pod mirror into the test control plane.
type mirrored struct {
	srv    *Server
	mirror *PodMirror
	emr    *emrcontainers.Client
	kube   kubernetes.Interface
	vcs    []VirtualCluster
	log    *syncBuffer
	pods   *podRecorder
}

// startMirrored runs a Server for cfg with nVCs virtual clusters (ids vc1..) on fresh
// namespaces, a recorder watching them and a pod mirror writing into them.
func startMirrored(t *testing.T, cfg Config, nVCs int) *mirrored {
	t.Helper()
	cp := testenv.Get(t)
	ns := uniqueNamespaces(t, cp.Client(), nVCs)
	for i, n := range ns {
		cfg.VirtualClusters = append(cfg.VirtualClusters, VirtualCluster{ID: fmt.Sprintf("vc%d", i+1), Name: n, Namespace: n})
	}
	m := &mirrored{kube: cp.Client(), vcs: cfg.VirtualClusters, log: &syncBuffer{}}
	m.pods = watchPods(t, cp.Client(), ns)
	m.srv, m.emr, _ = startServer(t, cfg)
	client, host, err := kubeClientFor(cp.Config())
	if err != nil {
		t.Fatal(err)
	}
	m.mirror, err = m.srv.StartPodMirror(MirrorOptions{Client: client, Host: host, Log: m.log})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { closeMirror(t, m.mirror) })
	return m
}

func closeMirror(t *testing.T, m *PodMirror) {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := m.Close(ctx); err != nil {
		t.Errorf("closing the pod mirror: %v", err)
	}
}

// podRecorder keeps what a watch on the driver pods saw: every pod's phases in order, its
// last object, the object when it turned Running, and whether it was deleted.
type podRecorder struct {
	mu      sync.Mutex
	phases  map[string][]corev1.PodPhase // by pod name
	last    map[string]*corev1.Pod
	running map[string]*corev1.Pod
	deleted map[string]bool
}

// watchPods watches driver pods in namespaces from now on until the test ends.
func watchPods(t *testing.T, client kubernetes.Interface, namespaces []string) *podRecorder {
	t.Helper()
	r := &podRecorder{phases: map[string][]corev1.PodPhase{}, last: map[string]*corev1.Pod{},
		running: map[string]*corev1.Pod{}, deleted: map[string]bool{}}
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	for _, ns := range namespaces {
		w, err := client.CoreV1().Pods(ns).Watch(ctx, metav1.ListOptions{LabelSelector: LabelSparkRole + "=" + SparkRoleDriver})
		if err != nil {
			t.Fatalf("watching pods in %s: %v", ns, err)
		}
		go r.record(w)
	}
	return r
}

func (r *podRecorder) record(w watch.Interface) {
	for ev := range w.ResultChan() {
		pod, ok := ev.Object.(*corev1.Pod)
		if !ok {
			continue
		}
		r.mu.Lock()
		switch ev.Type {
		case watch.Deleted:
			r.deleted[pod.Name] = true
		case watch.Added, watch.Modified:
			r.last[pod.Name] = pod
			if ph := r.phases[pod.Name]; len(ph) == 0 || ph[len(ph)-1] != pod.Status.Phase {
				r.phases[pod.Name] = append(ph, pod.Status.Phase)
			}
			if pod.Status.Phase == corev1.PodRunning && r.running[pod.Name] == nil {
				r.running[pod.Name] = pod
			}
		}
		r.mu.Unlock()
	}
}

// view returns what was seen of pod name.
func (r *podRecorder) view(name string) (phases []corev1.PodPhase, last, running *corev1.Pod, deleted bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]corev1.PodPhase(nil), r.phases[name]...), r.last[name], r.running[name], r.deleted[name]
}

// waitFor polls cond until it holds or the deadline passes (then the test fails with what).
func waitFor(t *testing.T, timeout time.Duration, what string, cond func() bool) {
	t.Helper()
	for deadline := time.Now().Add(timeout); !cond(); time.Sleep(20 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("timed out after %v waiting for %s", timeout, what)
		}
	}
}
