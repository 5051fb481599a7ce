package operator

import (
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/client-go/tools/cache"
)

// Transform funcs keep in the informers' caches only what the measurement
// needs: a few hundred bytes per object instead of a whole SparkApplication
// or pod spec, so tracking 20,000 jobs stays cheap.

func trimApp(obj any) (any, error) {
	u, ok := obj.(*unstructured.Unstructured)
	if !ok {
		return obj, nil // tombstones pass through
	}
	out := &unstructured.Unstructured{Object: map[string]any{}}
	out.SetAPIVersion(u.GetAPIVersion())
	out.SetKind(u.GetKind())
	out.SetName(u.GetName())
	out.SetNamespace(u.GetNamespace())
	out.SetUID(u.GetUID())
	out.SetResourceVersion(u.GetResourceVersion())
	out.SetCreationTimestamp(u.GetCreationTimestamp())
	if n, ok, _ := unstructured.NestedInt64(u.Object, "spec", "executor", "instances"); ok {
		_ = unstructured.SetNestedField(out.Object, n, "spec", "executor", "instances")
	}
	for _, path := range [][]string{{"status", "applicationState", "state"}, {"status", "applicationState", "errorMessage"},
		{"status", "lastSubmissionAttemptTime"}, {"status", "terminationTime"}} {
		if s, ok, _ := unstructured.NestedString(u.Object, path...); ok {
			_ = unstructured.SetNestedField(out.Object, s, path...)
		}
	}
	return out, nil
}

func trimPod(obj any) (any, error) {
	p, ok := obj.(*corev1.Pod)
	if !ok {
		return obj, nil
	}
	out := &corev1.Pod{ObjectMeta: metav1.ObjectMeta{Name: p.Name, Namespace: p.Namespace, UID: p.UID,
		ResourceVersion: p.ResourceVersion, CreationTimestamp: p.CreationTimestamp,
		Labels: map[string]string{SparkRoleLabel: p.Labels[SparkRoleLabel], JobLabel: p.Labels[JobLabel],
			AppNameLabel: p.Labels[AppNameLabel]}}}
	out.Status.Phase = p.Status.Phase
	for _, c := range p.Status.Conditions {
		if c.Type == corev1.PodScheduled {
			out.Status.Conditions = append(out.Status.Conditions, corev1.PodCondition{Type: c.Type, Status: c.Status,
				LastTransitionTime: c.LastTransitionTime})
		}
	}
	for _, cs := range p.Status.ContainerStatuses {
		out.Status.ContainerStatuses = append(out.Status.ContainerStatuses, corev1.ContainerStatus{State: cs.State})
	}
	return out, nil
}

func trimEvent(obj any) (any, error) {
	e, ok := obj.(*corev1.Event)
	if !ok {
		return obj, nil
	}
	return &corev1.Event{ObjectMeta: metav1.ObjectMeta{Name: e.Name, Namespace: e.Namespace, ResourceVersion: e.ResourceVersion},
		InvolvedObject: corev1.ObjectReference{Kind: e.InvolvedObject.Kind, Name: e.InvolvedObject.Name, UID: e.InvolvedObject.UID},
		Reason:         e.Reason, EventTime: e.EventTime, FirstTimestamp: e.FirstTimestamp}, nil
}

// unwrap returns the object of a delete notification, tombstone or not.
func unwrap(obj any) any {
	if t, ok := obj.(cache.DeletedFinalStateUnknown); ok {
		return t.Obj
	}
	return obj
}

// Labels the Spark Operator sets on the pods of an application.
const (
	AppNameLabel    = "sparkoperator.k8s.io/app-name"
	LaunchedByLabel = "sparkoperator.k8s.io/launched-by-spark-operator"
)
