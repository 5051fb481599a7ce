package localemr

import (
	"strings"
	"time"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

// The driver-pod contract: what a PodMirror writes for every job run, like EMR on EKS does.
// The pod-watch tracker (loadgen/emr) selects and decodes pods by exactly these names, so
// changing one is a change of the contract on both sides.
const (
	// LabelJobID carries the job run id on the driver pod (EMR on EKS's own label).
	LabelJobID = "emr-containers.amazonaws.com/job.id"
	// LabelVirtualClusterID carries the virtual cluster id on the driver pod.
	LabelVirtualClusterID = "emr-containers.amazonaws.com/virtual-cluster-id"
	// LabelSparkRole is Spark's pod role label; driver pods have SparkRoleDriver.
	LabelSparkRole = "spark-role"
	// SparkRoleDriver is the value of LabelSparkRole on driver pods.
	SparkRoleDriver = "driver"
	// LabelSparkAppSelector is Spark's application label, "spark-<jobRunID>" on mirrored pods.
	LabelSparkAppSelector = "spark-app-selector"
	// DriverContainerName is the name of the driver pod's only container.
	DriverContainerName = "spark-kubernetes-driver"
	// MirrorSchedulerName is the driver pods' spec.schedulerName. No scheduler has that name,
	// so the pods stay unbound (no nodeName): no scheduler, kubelet or pod GC touches them and
	// only the mirror moves them through their phases.
	MirrorSchedulerName = "localemr"
)

// DriverPodName is the name of the driver pod of job run jobRunID: spark-<id>-driver (job
// run ids are already [0-9a-z]).
func DriverPodName(jobRunID string) string { return "spark-" + strings.ToLower(jobRunID) + "-driver" }

// DriverPodLabels are the labels of the driver pod of job run jobRunID in virtual cluster vcID.
func DriverPodLabels(jobRunID, vcID string) map[string]string {
	return map[string]string{
		LabelJobID:            jobRunID,
		LabelVirtualClusterID: vcID,
		LabelSparkRole:        SparkRoleDriver,
		LabelSparkAppSelector: "spark-" + jobRunID,
	}
}

// Kinds of pod write, in the order a job's writes happen.
const (
	podCreate uint8 = iota // SUBMITTED: create the pod, phase Pending
	podRun                 // RUNNING: status Running from startedAt
	podFinish              // COMPLETED | FAILED: status Succeeded | Failed at finishedAt
	podDelete              // CANCELLED after SUBMITTED: delete the pod
)

// podOp is one job transition to write to the API server; it carries everything the write
// needs, so workers never touch the store.
type podOp struct {
	kind                  uint8
	failed                bool // podFinish: FAILED rather than COMPLETED
	jobID, vcID           string
	namespace, release    string
	startedAt, finishedAt int64 // unix nanos, the model's times
}

// podSink receives pod writes; it must not block (it is called with Server.mu held).
type podSink interface{ enqueue(podOp) }

// mirrorPod hands j's new state to the pod mirror, if one runs. A job gets a pod when it
// reaches SUBMITTED; a job cancelled before that never has one.
func (st *store) mirrorPod(j *job, at int64) {
	if st.pods == nil {
		return
	}
	op := podOp{jobID: j.id, vcID: j.vc.id, namespace: j.vc.namespace, release: j.spec.releaseLabel,
		startedAt: j.startedAt, finishedAt: j.finishedAt}
	switch j.state {
	case stateSubmitted:
		op.kind, j.hasPod = podCreate, true
	case stateRunning:
		op.kind = podRun
	case stateCompleted, stateFailed:
		op.kind, op.failed = podFinish, j.state == stateFailed
	case stateCancelled:
		if !j.hasPod {
			return
		}
		op.kind = podDelete
	default:
		return
	}
	st.pods.enqueue(op)
}

// sparkImage is the driver image for an EMR release label ("emr-7.9.0-latest" ->
// "emr-on-eks/spark/emr-7.9.0:latest"); nothing pulls it.
func sparkImage(release string) string {
	if release = strings.TrimSuffix(release, "-latest"); release == "" {
		return "emr-on-eks/spark:latest"
	}
	return "emr-on-eks/spark/" + release + ":latest"
}

// newDriverPod is the pod created at SUBMITTED (the API server sets phase Pending).
func newDriverPod(op podOp) *corev1.Pod {
	return &corev1.Pod{
		ObjectMeta: metav1.ObjectMeta{Name: DriverPodName(op.jobID), Namespace: op.namespace,
			Labels: DriverPodLabels(op.jobID, op.vcID)},
		Spec: corev1.PodSpec{
			SchedulerName: MirrorSchedulerName,
			RestartPolicy: corev1.RestartPolicyNever,
			Containers:    []corev1.Container{{Name: DriverContainerName, Image: sparkImage(op.release)}},
		},
	}
}

// withStatus returns a copy of pod with the status it must have after op (podRun or
// podFinish). Times are the model's; the API keeps them to the second.
func withStatus(pod *corev1.Pod, op podOp) *corev1.Pod {
	p := pod.DeepCopy()
	image := sparkImage(op.release)
	if len(p.Spec.Containers) > 0 {
		image = p.Spec.Containers[0].Image
	}
	qos := p.Status.QOSClass // set by the API server at creation
	p.Status = podStatusFor(op, image)
	p.Status.QOSClass = qos
	return p
}

func podStatusFor(op podOp, image string) corev1.PodStatus {
	started := metav1.NewTime(time.Unix(0, op.startedAt).UTC())
	cs := corev1.ContainerStatus{Name: DriverContainerName, Image: image}
	st := corev1.PodStatus{StartTime: &started}
	if op.kind == podRun {
		ready := true
		st.Phase = corev1.PodRunning
		cs.Ready, cs.Started = true, &ready
		cs.State.Running = &corev1.ContainerStateRunning{StartedAt: started}
		st.Conditions = podConditions(corev1.ConditionTrue, "", started)
	} else {
		finished := metav1.NewTime(time.Unix(0, op.finishedAt).UTC())
		st.Phase, cs.State.Terminated = corev1.PodSucceeded, &corev1.ContainerStateTerminated{
			ExitCode: 0, Reason: "Completed", StartedAt: started, FinishedAt: finished}
		if op.failed {
			st.Phase, cs.State.Terminated.ExitCode, cs.State.Terminated.Reason = corev1.PodFailed, 1, "Error"
		}
		started := false
		cs.Started = &started
		st.Conditions = podConditions(corev1.ConditionFalse, "PodCompleted", finished)
	}
	st.ContainerStatuses = []corev1.ContainerStatus{cs}
	return st
}

// podConditions are the Ready and ContainersReady conditions with status s since at.
func podConditions(s corev1.ConditionStatus, reason string, at metav1.Time) []corev1.PodCondition {
	return []corev1.PodCondition{
		{Type: corev1.PodReady, Status: s, Reason: reason, LastTransitionTime: at},
		{Type: corev1.ContainersReady, Status: s, Reason: reason, LastTransitionTime: at},
	}
}

// targetPhase is the phase a pod has after op.
func targetPhase(op podOp) corev1.PodPhase {
	switch {
	case op.kind == podRun:
		return corev1.PodRunning
	case op.failed:
		return corev1.PodFailed
	}
	return corev1.PodSucceeded
}

// phaseRank orders pod phases so that a write never moves a pod backwards.
func phaseRank(p corev1.PodPhase) int {
	switch p {
	case corev1.PodRunning:
		return 1
	case corev1.PodSucceeded, corev1.PodFailed:
		return 2
	}
	return 0
}
