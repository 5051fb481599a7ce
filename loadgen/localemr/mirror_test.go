package localemr

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/emrcontainers"
	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

// mirrorTestTimeout bounds every wait on the API server; the lifecycles below last seconds.
const mirrorTestTimeout = 60 * time.Second

// TestPodMirrorFollowsTheModel submits job runs through the real SDK and checks, by watching
// the real API server, that every job's driver pod has the contract's name, namespace and
// labels and goes Pending -> Running -> Succeeded | Failed exactly as the model's ground
// truth says, that a job cancelled while running loses its pod and one cancelled before
// SUBMITTED never gets one.
func TestPodMirrorFollowsTheModel(t *testing.T) {
	t.Parallel()
	m := startMirrored(t, Config{
		QueueDelay: Dist{time.Second, 1500 * time.Millisecond}, StartLatency: Dist{100 * time.Millisecond, 300 * time.Millisecond},
		RunTime: Dist{300 * time.Millisecond, 800 * time.Millisecond}, CancelLatency: constDist(100 * time.Millisecond),
		FailRatio: 0.5, Seed: 11,
	}, 2)
	ctx := context.Background()
	var ids []string
	for i := range 10 {
		out, err := m.emr.StartJobRun(ctx, startInput(m.vcs[i%2].ID, fmt.Sprintf("s1-%02d", i)))
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, *out.Id)
	}
	cancel := func(i int) {
		in := &emrcontainers.CancelJobRunInput{VirtualClusterId: aws.String(m.vcs[i%2].ID), Id: aws.String(ids[i])}
		if _, err := m.emr.CancelJobRun(ctx, in); err != nil {
			t.Fatal(err)
		}
	}
	cancel(0) // PENDING for at least a second: never gets a pod
	waitFor(t, mirrorTestTimeout, "job 1's pod to run", func() bool {
		_, _, running, _ := m.pods.view(DriverPodName(ids[1]))
		return running != nil
	})
	cancel(1)
	waitFor(t, mirrorTestTimeout, "every pod's last state", func() bool { return m.allMirrored(t, false) })
	waitFor(t, mirrorTestTimeout, "an empty mirror queue", func() bool { return m.mirror.Pending() == 0 })
	m.allMirrored(t, true)
	if _, err := m.kube.CoreV1().Pods(m.vcs[0].Namespace).Get(ctx, DriverPodName(ids[0]), metav1.GetOptions{}); !apierrors.IsNotFound(err) {
		t.Errorf("job cancelled while PENDING: get its pod: %v, want NotFound", err)
	}
	if msgs := m.log.String(); msgs != "" {
		t.Errorf("the mirror logged, with a healthy API server:\n%s", msgs)
	}
	states := map[string]int{}
	for _, j := range m.srv.Truth() {
		states[j.State]++
	}
	if states[stateCompleted] == 0 || states[stateFailed] == 0 || states[stateCancelled] != 2 {
		t.Fatalf("final states %v: the test needs COMPLETED, FAILED and 2 CANCELLED (change the seed)", states)
	}
}

// allMirrored reports whether every job's pod reached the state its ground truth implies;
// with check, it fails the test on every difference from the contract instead.
func (m *mirrored) allMirrored(t *testing.T, check bool) bool {
	t.Helper()
	ok := true
	for _, j := range m.srv.Truth() {
		if err := m.checkPod(j); err != nil {
			ok = false
			if check {
				t.Errorf("job %s (%s): %v", j.ID, j.State, err)
			}
		}
	}
	return ok
}

// checkPod compares what the watch saw of j's pod with j's ground truth.
func (m *mirrored) checkPod(j JobTruth) error {
	phases, last, running, deleted := m.pods.view(DriverPodName(j.ID))
	want := map[string][]corev1.PodPhase{
		stateCompleted: {corev1.PodPending, corev1.PodRunning, corev1.PodSucceeded},
		stateFailed:    {corev1.PodPending, corev1.PodRunning, corev1.PodFailed},
		stateCancelled: nil,
	}[j.State]
	if j.State == stateCancelled && !j.StartedAt.IsZero() {
		want = []corev1.PodPhase{corev1.PodPending, corev1.PodRunning}
		if !deleted {
			return fmt.Errorf("pod of a job cancelled while running not deleted (phases %v)", phases)
		}
	}
	if !slices.Equal(phases, want) {
		return fmt.Errorf("pod phases %v, want %v", phases, want)
	}
	if last == nil {
		return nil
	}
	return m.checkContract(j, last, running)
}

// checkContract checks the pod's identity and its times against the model's, to the second.
func (m *mirrored) checkContract(j JobTruth, last, running *corev1.Pod) error {
	ns := m.vcs[0].Namespace
	if j.VirtualClusterID != m.vcs[0].ID {
		ns = m.vcs[1].Namespace
	}
	switch {
	case last.Name != "spark-"+j.ID+"-driver" || last.Namespace != ns:
		return fmt.Errorf("pod %s/%s, want %s/spark-%s-driver", last.Namespace, last.Name, ns, j.ID)
	case !maps.Equal(last.Labels, map[string]string{"emr-containers.amazonaws.com/job.id": j.ID,
		"emr-containers.amazonaws.com/virtual-cluster-id": j.VirtualClusterID, "spark-role": "driver", "spark-app-selector": "spark-" + j.ID}):
		return fmt.Errorf("labels %v", last.Labels)
	case last.Spec.SchedulerName != "localemr" || last.Spec.NodeName != "" ||
		len(last.Spec.Containers) != 1 || last.Spec.Containers[0].Name != "spark-kubernetes-driver":
		return fmt.Errorf("spec: scheduler %q, node %q, containers %v", last.Spec.SchedulerName, last.Spec.NodeName, last.Spec.Containers)
	}
	started := j.StartedAt.Truncate(time.Second)
	if err := checkRunning(running, started); err != nil {
		return err
	}
	if j.State == stateCancelled {
		return nil
	}
	return checkTerminated(j, last, started)
}

func checkRunning(p *corev1.Pod, started time.Time) error {
	cs := p.Status.ContainerStatuses
	switch {
	case p.Status.StartTime == nil || !p.Status.StartTime.Time.Equal(started):
		return fmt.Errorf("running pod startTime %v, want %v", p.Status.StartTime, started)
	case len(cs) != 1 || cs[0].State.Running == nil || !cs[0].Ready:
		return fmt.Errorf("running pod container statuses %+v", cs)
	case !cs[0].State.Running.StartedAt.Time.Equal(started):
		return fmt.Errorf("container startedAt %v, want %v", cs[0].State.Running.StartedAt, started)
	case !conditionIs(p, corev1.PodReady, corev1.ConditionTrue):
		return fmt.Errorf("running pod not Ready: %+v", p.Status.Conditions)
	}
	return nil
}

func checkTerminated(j JobTruth, p *corev1.Pod, started time.Time) error {
	cs := p.Status.ContainerStatuses
	if len(cs) != 1 || cs[0].State.Terminated == nil {
		return fmt.Errorf("finished pod container statuses %+v", cs)
	}
	term := cs[0].State.Terminated
	code, reason := int32(0), "Completed"
	if j.State == stateFailed {
		code, reason = 1, "Error"
	}
	switch {
	case term.ExitCode != code || term.Reason != reason:
		return fmt.Errorf("terminated exit code %d reason %q, want %d %q", term.ExitCode, term.Reason, code, reason)
	case !term.StartedAt.Time.Equal(started) || !term.FinishedAt.Time.Equal(j.FinishedAt.Truncate(time.Second)):
		return fmt.Errorf("terminated %v-%v, want %v-%v", term.StartedAt, term.FinishedAt, started, j.FinishedAt.Truncate(time.Second))
	case p.Status.StartTime == nil || !p.Status.StartTime.Time.Equal(started):
		return fmt.Errorf("finished pod startTime %v, want %v", p.Status.StartTime, started)
	}
	return nil
}

func conditionIs(p *corev1.Pod, typ corev1.PodConditionType, s corev1.ConditionStatus) bool {
	for _, c := range p.Status.Conditions {
		if c.Type == typ {
			return c.Status == s
		}
	}
	return false
}

// TestPodMirrorNeedsNoRequests submits one job and then makes no EMR request at all: the
// clock driver alone must take its pod to Running and Succeeded on the model's schedule.
func TestPodMirrorNeedsNoRequests(t *testing.T) {
	t.Parallel()
	m := startMirrored(t, Config{
		QueueDelay: constDist(200 * time.Millisecond), StartLatency: constDist(300 * time.Millisecond),
		RunTime: constDist(1200 * time.Millisecond), Seed: 12,
	}, 1)
	out, err := m.emr.StartJobRun(context.Background(), startInput(m.vcs[0].ID, "s1-quiet"))
	if err != nil {
		t.Fatal(err)
	}
	name := DriverPodName(*out.Id)
	waitFor(t, mirrorTestTimeout, "the pod to succeed", func() bool {
		phases, _, _, _ := m.pods.view(name)
		return slices.Contains(phases, corev1.PodSucceeded)
	})
	for op, n := range m.srv.Calls() {
		if want := map[string]int64{"StartJobRun": 1}[op]; n != want {
			t.Fatalf("%d %s calls, want %d: the test must make no request after StartJobRun", n, op, want)
		}
	}
	if err := m.checkPod(m.srv.Truth()[0]); err != nil {
		t.Fatal(err)
	}
}
