package localemr

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/emrcontainers"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/kubernetes/fake"
)

func newTestBackend(t *testing.T) *PodBackend {
	t.Helper()
	pb, err := NewPodBackendForClient(fake.NewClientset(), "fake", PodBackendOptions{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(pb.Close)
	return pb
}

// With a pod backend the cluster decides capacity and timing: the model's
// knobs for them are refused, each named; a backend serves one server.
func TestPodBackendConfig(t *testing.T) {
	t.Parallel()
	pb := newTestBackend(t)
	_, err := New(Config{PodBackend: pb, Capacity: 3, QueueDelay: constDist(time.Second), StartLatency: constDist(time.Second)})
	for _, field := range []string{"Capacity: 3", "QueueDelay: 1s", "StartLatency: 1s"} {
		if err == nil || !strings.Contains(err.Error(), field) {
			t.Errorf("New error %v, want it to name %q", err, field)
		}
	}
	if _, err := New(Config{PodBackend: pb}); err != nil {
		t.Fatal(err)
	}
	if _, err := New(Config{PodBackend: pb}); err == nil || !strings.Contains(err.Error(), "another server") {
		t.Errorf("second server on one backend: %v", err)
	}
	if err := newTestBackend(t).Start(context.Background()); err == nil || !strings.Contains(err.Error(), "Config.PodBackend") {
		t.Errorf("Start of an unattached backend: %v", err)
	}
	if _, err := NewPodBackend(nil, PodBackendOptions{}); err == nil {
		t.Error("NewPodBackend(nil) succeeded")
	}
	if _, err := NewPodBackendForClient(fake.NewClientset(), "", PodBackendOptions{TimeScale: -1}); err == nil || !strings.Contains(err.Error(), "TimeScale") {
		t.Errorf("TimeScale -1: %v", err)
	}
}

// podAt is the driver pod of job id in phase, its container started at started.
func podAt(id, vc string, phase corev1.PodPhase, started time.Time) *corev1.Pod {
	p := &corev1.Pod{ObjectMeta: metav1.ObjectMeta{Name: DriverPodName(id), Labels: DriverPodLabels(id, vc),
		CreationTimestamp: metav1.NewTime(started.Add(-time.Second))}}
	p.Status.Phase = phase
	st := metav1.NewTime(started)
	switch phase {
	case corev1.PodRunning:
		p.Status.ContainerStatuses = []corev1.ContainerStatus{{State: corev1.ContainerState{Running: &corev1.ContainerStateRunning{StartedAt: st}}}}
	case corev1.PodSucceeded, corev1.PodFailed:
		end := metav1.NewTime(started.Add(time.Minute))
		p.Status.ContainerStatuses = []corev1.ContainerStatus{{State: corev1.ContainerState{
			Terminated: &corev1.ContainerStateTerminated{StartedAt: st, FinishedAt: end}}}}
	}
	return p
}

// The job's state follows its driver pod and never goes back; a cancelled
// job ends CANCELLED when its pod is gone, whatever the pod did meanwhile.
func TestJobStateFollowsDriverPod(t *testing.T) {
	t.Parallel()
	clock := newFakeClock()
	srv, api, _ := startServer(t, Config{PodBackend: newTestBackend(t), Now: clock.Now})
	start := func(name string) string {
		in := startInput("vc1", name)
		in.ClientToken = aws.String(name)
		out, err := api.StartJobRun(t.Context(), in)
		if err != nil {
			t.Fatal(err)
		}
		return aws.ToString(out.Id)
	}
	observe := func(p *corev1.Pod, deleted bool) {
		srv.mu.Lock()
		srv.store.observePod(p, deleted, clock.Now())
		srv.mu.Unlock()
	}
	truth := func(id string) JobTruth {
		for _, j := range srv.Truth() {
			if j.ID == id {
				return j
			}
		}
		t.Fatalf("no job %s", id)
		return JobTruth{}
	}
	t0 := clock.Now().Add(5 * time.Second)
	id := start("a")
	for _, step := range []struct {
		pod     *corev1.Pod
		deleted bool
		want    string
	}{
		{pod: podAt(id, "vc1", corev1.PodPending, t0), want: stateSubmitted},
		{pod: podAt(id, "vc1", corev1.PodRunning, t0), want: stateRunning},
		{pod: podAt(id, "vc1", corev1.PodSucceeded, t0), want: stateCompleted},
		{pod: podAt(id, "vc1", corev1.PodRunning, t0), want: stateCompleted},
		{pod: podAt(id, "vc1", corev1.PodSucceeded, t0), deleted: true, want: stateCompleted},
		{pod: podAt(id, "other-vc", corev1.PodFailed, t0), want: stateCompleted},
	} {
		observe(step.pod, step.deleted)
		if got := truth(id).State; got != step.want {
			t.Fatalf("after pod %s (deleted %v): job %s, want %s", step.pod.Status.Phase, step.deleted, got, step.want)
		}
	}
	if j := truth(id); !j.StartedAt.Equal(t0) || !j.FinishedAt.Equal(t0.Add(time.Minute)) {
		t.Errorf("job times started %v finished %v, want the pod's %v and %v", j.StartedAt, j.FinishedAt, t0, t0.Add(time.Minute))
	}
	c := start("b")
	observe(podAt(c, "vc1", corev1.PodRunning, t0), false)
	if _, err := api.CancelJobRun(t.Context(), &emrcontainers.CancelJobRunInput{VirtualClusterId: aws.String("vc1"), Id: aws.String(c)}); err != nil {
		t.Fatal(err)
	}
	observe(podAt(c, "vc1", corev1.PodRunning, t0), false)
	if got := truth(c).State; got != stateCancelPending {
		t.Fatalf("cancelled running job %s, want CANCEL_PENDING until its pod is gone", got)
	}
	observe(podAt(c, "vc1", corev1.PodRunning, t0), true)
	if got := truth(c).State; got != stateCancelled {
		t.Fatalf("cancelled job after its pod was deleted: %s, want CANCELLED", got)
	}
	d := start("c")
	observe(podAt(d, "vc1", corev1.PodRunning, t0), true)
	if j := truth(d); j.State != stateFailed || j.StateDetails != detailsDriverDeleted {
		t.Errorf("job whose driver was deleted: %s %q, want FAILED %q", j.State, j.StateDetails, detailsDriverDeleted)
	}
}

// A server whose jobs are pods cannot also mirror its model into pods.
func TestPodBackendExcludesMirror(t *testing.T) {
	t.Parallel()
	srv, err := New(Config{PodBackend: newTestBackend(t)})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := srv.StartPodMirror(MirrorOptions{Client: fake.NewClientset()}); err == nil || !strings.Contains(err.Error(), "pod backend") {
		t.Errorf("StartPodMirror on a pod-backed server: %v, want an error naming the pod backend", err)
	}
}
