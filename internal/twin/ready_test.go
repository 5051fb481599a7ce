package twin

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"time"

	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/kubernetes"
)

// Report is the cluster's state after the wait: workloads not ready and
// the pods the scheduler could not place, with its reason.
type Report struct {
	NotReady []string // "Deployment ns/name 1/2"
	Pending  []string // "ns/pod: 0/3 nodes are available: ..."
}

// Ready reports whether every workload became ready.
func (r Report) Ready() bool { return len(r.NotReady) == 0 }

func (r Report) String() string {
	if r.Ready() {
		return "every Deployment, StatefulSet and DaemonSet ready"
	}
	return fmt.Sprintf("not ready:\n  %s\npending pods:\n  %s", strings.Join(r.NotReady, "\n  "), strings.Join(r.Pending, "\n  "))
}

// WaitReady polls every Deployment, StatefulSet and DaemonSet until all are
// ready or timeout passes, then reports.
func WaitReady(ctx context.Context, c kubernetes.Interface, timeout time.Duration) (Report, error) {
	deadline := time.Now().Add(timeout)
	for {
		rep, err := check(ctx, c)
		if err != nil || rep.Ready() || time.Now().After(deadline) {
			return rep, err
		}
		select {
		case <-ctx.Done():
			return rep, ctx.Err()
		case <-time.After(time.Second):
		}
	}
}

func check(ctx context.Context, c kubernetes.Interface) (Report, error) {
	var rep Report
	deps, err := c.AppsV1().Deployments("").List(ctx, metav1.ListOptions{})
	if err != nil {
		return rep, fmt.Errorf("listing deployments: %w", err)
	}
	for _, d := range deps.Items {
		want := int32(1)
		if d.Spec.Replicas != nil {
			want = *d.Spec.Replicas
		}
		if d.Status.ReadyReplicas < want {
			rep.NotReady = append(rep.NotReady, fmt.Sprintf("Deployment %s/%s %d/%d", d.Namespace, d.Name, d.Status.ReadyReplicas, want))
		}
	}
	sts, err := c.AppsV1().StatefulSets("").List(ctx, metav1.ListOptions{})
	if err != nil {
		return rep, fmt.Errorf("listing statefulsets: %w", err)
	}
	for _, s := range sts.Items {
		if s.Spec.Replicas != nil && s.Status.ReadyReplicas < *s.Spec.Replicas {
			rep.NotReady = append(rep.NotReady, fmt.Sprintf("StatefulSet %s/%s %d/%d", s.Namespace, s.Name, s.Status.ReadyReplicas, *s.Spec.Replicas))
		}
	}
	dss, err := c.AppsV1().DaemonSets("").List(ctx, metav1.ListOptions{})
	if err != nil {
		return rep, fmt.Errorf("listing daemonsets: %w", err)
	}
	for _, d := range dss.Items {
		if d.Status.DesiredNumberScheduled == 0 || d.Status.NumberReady < d.Status.DesiredNumberScheduled {
			rep.NotReady = append(rep.NotReady, fmt.Sprintf("DaemonSet %s/%s %d/%d", d.Namespace, d.Name, d.Status.NumberReady, d.Status.DesiredNumberScheduled))
		}
	}
	if !rep.Ready() {
		rep.Pending, err = pending(ctx, c)
	}
	return rep, err
}

// pending lists unscheduled pods with the scheduler's reason, and the
// workloads whose pods were refused (e.g. a missing service account under
// the ServiceAccount admission plugin) from their events.
func pending(ctx context.Context, c kubernetes.Interface) ([]string, error) {
	pods, err := c.CoreV1().Pods("").List(ctx, metav1.ListOptions{FieldSelector: "status.phase=Pending"})
	if err != nil {
		return nil, fmt.Errorf("listing pods: %w", err)
	}
	var out []string
	for _, p := range pods.Items {
		for _, cond := range p.Status.Conditions {
			if cond.Type == corev1.PodScheduled && cond.Status == corev1.ConditionFalse {
				out = append(out, fmt.Sprintf("%s/%s: %s", p.Namespace, p.Name, cond.Message))
			}
		}
	}
	events, err := c.CoreV1().Events("").List(ctx, metav1.ListOptions{FieldSelector: "reason=FailedCreate"})
	if err != nil && !apierrors.IsNotFound(err) {
		return nil, fmt.Errorf("listing events: %w", err)
	}
	if events != nil {
		for _, e := range events.Items {
			out = append(out, fmt.Sprintf("%s %s/%s: %s", e.InvolvedObject.Kind, e.Namespace, e.InvolvedObject.Name, e.Message))
		}
	}
	sort.Strings(out)
	return out, nil
}
