package operator

import (
	"testing"
	"time"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
)

// The scheduler's event has microseconds, the PodScheduled condition whole
// seconds. Whatever order the informers deliver them in, the last word on a
// job's Scheduled phase is the event's time, also when the job finished
// before the event arrived (events lag pods, most after a re-list).
func TestScheduledPhasePrefersTheEvent(t *testing.T) {
	t.Parallel()
	cond := time.Date(2026, 11, 24, 23, 39, 20, 0, time.UTC)
	event := cond.Add(710253 * time.Microsecond)
	tests := []struct {
		name  string
		order []string
	}{
		{name: "event before the pod", order: []string{"event", "pod", "done"}},
		{name: "event while the job runs", order: []string{"pod", "event", "done"}},
		{name: "event after the job finished", order: []string{"pod", "done", "event"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var last Change
			tr := NewTracker(nil, TrackerConfig{NamePrefix: "lg-x", OnChange: func(c Change) { last = c }})
			tr.Add("ns/lg-x-000001")
			for _, step := range tt.order {
				switch step {
				case "event":
					tr.onEvent(scheduledEvent("ns", "lg-x-000001-driver", event), false)
				case "pod":
					tr.onPod(driverPod("ns", "lg-x-000001", cond), false)
				case "done":
					tr.onApp(finishedApp("ns", "lg-x-000001"), false)
				}
			}
			if !last.Phases.Scheduled.Equal(event) {
				t.Errorf("scheduled = %v, want the event's %v", last.Phases.Scheduled, event)
			}
			if last.State != StateCompleted || tr.Live() != 0 {
				t.Errorf("state %s, live %d: want COMPLETED and nothing live", last.State, tr.Live())
			}
		})
	}
}

func scheduledEvent(ns, pod string, at time.Time) *corev1.Event {
	return &corev1.Event{ObjectMeta: metav1.ObjectMeta{Namespace: ns, Name: pod + ".1"}, Reason: "Scheduled",
		InvolvedObject: corev1.ObjectReference{Kind: "Pod", Namespace: ns, Name: pod},
		EventTime:      metav1.NewMicroTime(at)}
}

func driverPod(ns, app string, scheduled time.Time) *corev1.Pod {
	return &corev1.Pod{
		ObjectMeta: metav1.ObjectMeta{Namespace: ns, Name: app + DriverSuffix, CreationTimestamp: metav1.NewTime(scheduled),
			Labels: map[string]string{JobLabel: app, SparkRoleLabel: RoleDriver}},
		Status: corev1.PodStatus{Conditions: []corev1.PodCondition{{Type: corev1.PodScheduled, Status: corev1.ConditionTrue,
			LastTransitionTime: metav1.NewTime(scheduled)}}},
	}
}

func finishedApp(ns, name string) *unstructured.Unstructured {
	u := &unstructured.Unstructured{Object: map[string]any{
		"apiVersion": "sparkoperator.k8s.io/v1beta2", "kind": "SparkApplication",
		"metadata": map[string]any{"namespace": ns, "name": name, "creationTimestamp": "2026-11-24T23:39:10Z"},
		"status": map[string]any{"applicationState": map[string]any{"state": StateCompleted},
			"terminationTime": "2026-11-24T23:39:40Z"},
	}}
	return u
}
