package sparksim_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/emrcontainers"
	"github.com/aws/aws-sdk-go-v2/service/emrcontainers/types"
	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/resource"

	"github.com/emr-eks-loadtest/emr-eks-loadtest/loadgen/emr"
	"github.com/emr-eks-loadtest/emr-eks-loadtest/loadgen/localemr"
	"github.com/emr-eks-loadtest/emr-eks-loadtest/loadgen/sparksim"
)

// placed are the spark-submit parameters of a job placed like the load
// generator's placement flags place it: zone and NodePool selectors, a scheduler.
const placed = "--conf spark.driver.cores=1 --conf spark.driver.memory=2g " +
	"--conf spark.executor.cores=1 --conf spark.executor.memory=1g --conf spark.executor.instances=2 " +
	"--conf spark.kubernetes.node.selector." + zoneKey + "=" + nodeZone + " " +
	"--conf spark.kubernetes.driver.node.selector." + nodePoolKey + "=" + nodePool + " " +
	"--conf spark.kubernetes.executor.node.selector." + nodePoolKey + "=" + nodePool + " " +
	"--conf spark.kubernetes.scheduler.name=" + defaultSched

func driverSelector(id string) string { return localemr.LabelJobID + "=" + id + ",spark-role=driver" }
func executorSelector(id string) string {
	return sparksim.LabelAppSelector + "=spark-" + id + ",spark-role=executor"
}

// StartJobRun through the real SDK makes the driver pod EMR on EKS would:
// its name and labels (those the load generator's pod watch selects by),
// Spark's requests for a PySpark driver (2g + max(384 MiB, 40%) = 2867 Mi),
// the zone and NodePool selectors and the scheduler; the real scheduler
// places it; once it runs, its two executors appear, owned by it; the job
// goes SUBMITTED -> RUNNING -> COMPLETED; the executors are deleted.
func TestStartJobRunRunsDriverAndExecutors(t *testing.T) {
	e := startEMR(t, 3*time.Second)
	id := e.start(t, "placed", placed)
	seen := e.states(t, id, types.JobRunStateRunning)
	drivers := e.pods(t, emr.DriverSelector+","+emr.JobIDLabel+"="+id)
	if len(drivers) != 1 {
		t.Fatalf("%d pods match the pod watch's selector %q for job %s, want 1", len(drivers), emr.DriverSelector, id)
	}
	checkDriver(t, &drivers[0], e, id)
	waitFor(t, "2 executors", func() bool { return len(e.pods(t, executorSelector(id))) == 2 })
	for _, p := range e.pods(t, executorSelector(id)) {
		checkExecutor(t, &p, &drivers[0])
	}
	seen = slices.Compact(append(seen, e.states(t, id, types.JobRunStateCompleted)...))
	// Polls may miss a short state (SUBMITTED lasts as long as scheduling a
	// pod); the ones seen must come in lifecycle order, RUNNING and COMPLETED
	// among them. TestUnschedulableDriverWaitsSubmittedThenCancel holds SUBMITTED.
	lifecycle := []types.JobRunState{types.JobRunStatePending, types.JobRunStateSubmitted, types.JobRunStateRunning, types.JobRunStateCompleted}
	if !inOrder(seen, lifecycle) || !slices.Contains(seen, types.JobRunStateRunning) || seen[len(seen)-1] != types.JobRunStateCompleted {
		t.Errorf("job states %v, want an in-order part of %v with RUNNING and ending COMPLETED", seen, lifecycle)
	}
	waitFor(t, "executors deleted", func() bool { return len(e.pods(t, executorSelector(id))) == 0 })
}

func checkDriver(t *testing.T, p *corev1.Pod, e *emrEnv, id string) {
	t.Helper()
	if want := "spark-" + id + "-driver"; p.Name != want {
		t.Errorf("driver pod %q, want %q", p.Name, want)
	}
	if p.Labels[emr.VirtualClusterLabel] != e.vc || p.Labels[emr.JobIDLabel] != id {
		t.Errorf("driver labels %v, want %s=%s and %s=%s", p.Labels, emr.JobIDLabel, id, emr.VirtualClusterLabel, e.vc)
	}
	checkResources(t, p, "2867Mi", "1")
	if p.Spec.NodeSelector[zoneKey] != nodeZone || p.Spec.NodeSelector[nodePoolKey] != nodePool {
		t.Errorf("driver nodeSelector %v, want %s=%s and %s=%s", p.Spec.NodeSelector, zoneKey, nodeZone, nodePoolKey, nodePool)
	}
	if p.Spec.SchedulerName != defaultSched {
		t.Errorf("driver schedulerName %q, want %q", p.Spec.SchedulerName, defaultSched)
	}
	if p.Spec.NodeName == "" {
		t.Errorf("driver not bound to a node by the scheduler")
	}
}

// checkResources: requests of cpu and memory, memory limit = request (Spark's rule).
func checkResources(t *testing.T, p *corev1.Pod, mem, cpu string) {
	t.Helper()
	r := p.Spec.Containers[0].Resources
	if q := r.Requests[corev1.ResourceMemory]; q.Cmp(resource.MustParse(mem)) != 0 {
		t.Errorf("pod %s memory request %s, want %s", p.Name, q.String(), mem)
	}
	if q := r.Limits[corev1.ResourceMemory]; q.Cmp(resource.MustParse(mem)) != 0 {
		t.Errorf("pod %s memory limit %s, want %s", p.Name, q.String(), mem)
	}
	if q := r.Requests[corev1.ResourceCPU]; q.Cmp(resource.MustParse(cpu)) != 0 {
		t.Errorf("pod %s cpu request %s, want %s", p.Name, q.String(), cpu)
	}
}

// Executors: 1g + max(384 MiB, 40% of 1 GiB = 409 MiB), owned by the driver.
func checkExecutor(t *testing.T, p *corev1.Pod, driver *corev1.Pod) {
	t.Helper()
	checkResources(t, p, "1433Mi", "1")
	if len(p.OwnerReferences) != 1 || p.OwnerReferences[0].UID != driver.UID {
		t.Errorf("executor %s owners %v, want the driver %s", p.Name, p.OwnerReferences, driver.UID)
	}
	if p.Spec.NodeSelector[nodePoolKey] != nodePool || p.Spec.SchedulerName != defaultSched {
		t.Errorf("executor %s nodeSelector %v scheduler %q", p.Name, p.Spec.NodeSelector, p.Spec.SchedulerName)
	}
}

// A driver no node can take waits Pending, as on EKS, and its job stays
// SUBMITTED; cancelling it deletes the pod and the job ends CANCELLED.
func TestUnschedulableDriverWaitsSubmittedThenCancel(t *testing.T) {
	e := startEMR(t, time.Second)
	id := e.start(t, "nowhere", "--conf spark.kubernetes.node.selector."+zoneKey+"=zone-nowhere")
	waitFor(t, "the scheduler to find the driver unschedulable", func() bool {
		d := e.pods(t, driverSelector(id))
		return len(d) == 1 && unschedulable(&d[0])
	})
	if s := e.state(t, id); s != types.JobRunStateSubmitted {
		t.Fatalf("job of an unschedulable driver is %s, want SUBMITTED", s)
	}
	e.cancel(t, id)
	waitFor(t, "the driver deleted", func() bool { return len(e.pods(t, driverSelector(id))) == 0 })
	if s := e.states(t, id, types.JobRunStateCancelled); s[len(s)-1] != types.JobRunStateCancelled {
		t.Errorf("cancelled job states %v, want CANCELLED last", s)
	}
}

func unschedulable(p *corev1.Pod) bool {
	for _, c := range p.Status.Conditions {
		if c.Type == corev1.PodScheduled && c.Status == corev1.ConditionFalse && c.Reason == corev1.PodReasonUnschedulable {
			return true
		}
	}
	return false
}

func (e *emrEnv) cancel(t *testing.T, id string) {
	t.Helper()
	_, err := e.api.CancelJobRun(t.Context(), &emrcontainers.CancelJobRunInput{VirtualClusterId: aws.String(e.vc), Id: aws.String(id)})
	if err != nil {
		t.Fatalf("CancelJobRun %s: %v", id, err)
	}
}

// Cancelling a running job deletes its driver and executors; it ends CANCELLED.
func TestCancelRunningJobDeletesPods(t *testing.T) {
	e := startEMR(t, time.Hour)
	id := e.start(t, "long", placed)
	e.states(t, id, types.JobRunStateRunning)
	waitFor(t, "2 executors", func() bool { return len(e.pods(t, executorSelector(id))) == 2 })
	e.cancel(t, id)
	if s := e.states(t, id, types.JobRunStateCancelled); s[len(s)-1] != types.JobRunStateCancelled {
		t.Fatalf("cancelled job states %v, want CANCELLED last", s)
	}
	waitFor(t, "driver and executors deleted", func() bool {
		return len(e.pods(t, driverSelector(id))) == 0 && len(e.pods(t, executorSelector(id))) == 0
	})
}

// A job drawn to fail (Config.FailRatio) ends FAILED when kwok fails its
// driver; a job whose Spark configuration cannot make a pod ends FAILED at
// once, its stateDetails naming the property.
func TestFailedAndInvalidJobs(t *testing.T) {
	e := startEMRWith(t, localemr.Config{RunTime: localemr.Dist{Min: time.Second, Max: time.Second}, FailRatio: 1})
	id := e.start(t, "failing", placed)
	if s := e.states(t, id, types.JobRunStateFailed); s[len(s)-1] != types.JobRunStateFailed || !slices.Contains(s, types.JobRunStateRunning) {
		t.Errorf("failing job states %v, want RUNNING then FAILED", s)
	}
	bad := e.start(t, "bad-memory", "--conf spark.driver.memory=lots")
	e.states(t, bad, types.JobRunStateFailed)
	out, err := e.api.DescribeJobRun(t.Context(), &emrcontainers.DescribeJobRunInput{VirtualClusterId: aws.String(e.vc), Id: aws.String(bad)})
	if err != nil {
		t.Fatal(err)
	}
	if d := aws.ToString(out.JobRun.StateDetails); out.JobRun.State != types.JobRunStateFailed || !strings.Contains(d, "spark.driver.memory") {
		t.Errorf("invalid job: %s %q, want FAILED naming spark.driver.memory", out.JobRun.State, d)
	}
	if n := len(e.pods(t, driverSelector(bad))); n != 0 {
		t.Errorf("%d driver pods for a job with an invalid Spark configuration, want 0", n)
	}
}

// More jobs than the two nodes hold at once (each needs 3 CPUs: a driver and
// two executors, 8 CPUs in all): the pods wait for room, as on EKS, drivers
// with one executor start their work after the executor wait (2 s), and
// every job still ends COMPLETED with created <= started <= finished; no
// executor is left behind.
func TestManyJobsShareTheNodes(t *testing.T) {
	e := startEMR(t, time.Second)
	var ids []string
	for i := range 4 {
		ids = append(ids, e.start(t, fmt.Sprintf("many-%d", i), placed+" --conf spark.scheduler.maxRegisteredResourcesWaitingTime=2s"))
	}
	waitFor(t, "every job final", func() bool {
		for _, j := range e.srv.Truth() {
			if j.FinishedAt.IsZero() {
				return false
			}
		}
		return true
	})
	for _, j := range e.srv.Truth() {
		if j.State != "COMPLETED" || j.StartedAt.Before(j.CreatedAt) || j.FinishedAt.Before(j.StartedAt) {
			t.Errorf("job %s: %s created %v started %v finished %v", j.ID, j.State, j.CreatedAt, j.StartedAt, j.FinishedAt)
		}
	}
	waitFor(t, "executors deleted", func() bool { return len(e.pods(t, "spark-role=executor")) == 0 })
	if len(e.srv.Truth()) != len(ids) {
		t.Errorf("%d jobs on the server, want %d", len(e.srv.Truth()), len(ids))
	}
}

// A Spark driver does no work until executors run: with executors no node
// can take, the job stays RUNNING and its driver gets no end, as a real
// driver waits; cancelling it deletes everything.
func TestDriverWaitsForExecutors(t *testing.T) {
	e := startEMR(t, time.Second)
	id := e.start(t, "no-executors", placed+" --conf spark.kubernetes.executor.node.selector."+zoneKey+"=zone-nowhere"+
		" --conf spark.scheduler.maxRegisteredResourcesWaitingTime=1s")
	e.states(t, id, types.JobRunStateRunning)
	waitFor(t, "both executors unschedulable", func() bool {
		ex := e.pods(t, executorSelector(id))
		return len(ex) == 2 && unschedulable(&ex[0]) && unschedulable(&ex[1])
	})
	d := e.pods(t, driverSelector(id))
	if len(d) != 1 || d[0].Annotations[sparksim.SucceedAfterAnnotation] != "" || d[0].Status.Phase != corev1.PodRunning {
		t.Fatalf("driver %v: want one Running driver without an end while no executor runs", d)
	}
	if s := e.state(t, id); s != types.JobRunStateRunning {
		t.Fatalf("job %s, want RUNNING", s)
	}
	e.cancel(t, id)
	e.states(t, id, types.JobRunStateCancelled)
	waitFor(t, "pods deleted", func() bool { return len(e.pods(t, executorSelector(id))) == 0 })
}

// inOrder reports whether seen is a subsequence of all.
func inOrder(seen, all []types.JobRunState) bool {
	i := 0
	for _, s := range seen {
		for i < len(all) && all[i] != s {
			i++
		}
		if i == len(all) {
			return false
		}
	}
	return true
}
