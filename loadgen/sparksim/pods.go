package sparksim

import (
	"encoding/json"
	"fmt"
	"maps"
	"math"
	"strings"
	"time"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

// The pod contract between the submitters (localemr's pod backend, the
// simulated operator) and the simulator (Run).
const (
	// LabelSparkRole is Spark's role label: RoleDriver or RoleExecutor.
	LabelSparkRole = "spark-role"
	// LabelAppSelector is Spark's application label (the application id),
	// on the driver and its executors.
	LabelAppSelector = "spark-app-selector"
	// LabelExecID is Spark's executor number label (1, 2, ...).
	LabelExecID = "spark-exec-id"
	// LabelSimulated marks the pods Run drives ("true").
	LabelSimulated = "emr-eks-loadtest.io/sparksim"
	// AnnotationExecutors on a driver pod holds its ExecutorPlan as JSON:
	// what a real driver reads from its Spark configuration.
	AnnotationExecutors = "sparksim.emr-eks-loadtest.io/executors"
	// SucceedAfterAnnotation and FailAfterAnnotation are read by the
	// project's kwok stages (scripts/kwok/stages.yaml): a Running, Ready pod
	// carrying one turns Succeeded (exit 0) or Failed (exit 1) that Go
	// duration after it became Ready. The driver's run time is one of them.
	SucceedAfterAnnotation = "kwok.emr-eks-loadtest.io/succeed-after"
	FailAfterAnnotation    = "kwok.emr-eks-loadtest.io/fail-after"
	// AnnotationRunTime (a Go duration), AnnotationOutcome (OutcomeFail or
	// absent) and AnnotationExecutorWait on a driver are its End; Run turns
	// them into SucceedAfterAnnotation or FailAfterAnnotation once the driver's
	// executors are up.
	AnnotationRunTime      = "sparksim.emr-eks-loadtest.io/run-time"
	AnnotationOutcome      = "sparksim.emr-eks-loadtest.io/outcome"
	AnnotationExecutorWait = "sparksim.emr-eks-loadtest.io/executor-wait"
	OutcomeFail            = "fail"
	// DriverContainer and ExecutorContainer are Spark's container names.
	DriverContainer   = "spark-kubernetes-driver"
	ExecutorContainer = "spark-kubernetes-executor"
	// DriverSuffix ends every driver pod name; executors are named
	// <name without it>-exec-<n>.
	DriverSuffix = "-driver"
)

// PodMeta is what the submitter decides about a driver pod besides the
// Spark configuration.
type PodMeta struct {
	Namespace string
	Name      string // the driver pod's name; must end with DriverSuffix
	AppID     string // LabelAppSelector's value
	Image     string
	// Labels go on the driver; ExecutorLabels on every executor (both on top
	// of Spark's own and spark.kubernetes.<role>.label.* from the conf).
	Labels, ExecutorLabels map[string]string
	Annotations            map[string]string // on the driver
	// Owner, if set, owns the driver (a SparkApplication); executors are
	// always owned by their driver, as Spark does.
	Owner          *metav1.OwnerReference
	Tolerations    []corev1.Toleration // on every pod (Spark sets these only through pod templates)
	ServiceAccount string              // the driver's; empty: spark.kubernetes.authenticate.driver.serviceAccountName or none
	End            End                 // how and when the driver ends
}

// End is when and how the driver ends: After is its run time once its
// executors are up (see Run), Fail its outcome, ExecutorWait the longest it
// waits for them (spark.scheduler.maxRegisteredResourcesWaitingTime).
type End struct {
	After        time.Duration
	Fail         bool
	ExecutorWait time.Duration
}

// ExecutorPlan is what the driver creates once it runs (AnnotationExecutors).
type ExecutorPlan struct {
	Instances int `json:"instances"`
	// MinRunning is how many must run before the driver's work starts
	// (spark.scheduler.minRegisteredResourcesRatio x Instances, rounded up).
	MinRunning int                    `json:"minRunning"`
	Template   corev1.PodTemplateSpec `json:"template"`
}

// DriverPod builds the driver pod of app as Spark on Kubernetes would (see
// Resources for requests and limits; node selectors from
// spark.kubernetes.node.selector.* and spark.kubernetes.driver.node.selector.*,
// the scheduler from spark.kubernetes.driver.scheduler.name or
// spark.kubernetes.scheduler.name, labels and annotations from
// spark.kubernetes.driver.label.* / .annotation.*), with its ExecutorPlan
// and End as annotations.
func DriverPod(app App, meta PodMeta) (*corev1.Pod, error) {
	if !strings.HasSuffix(meta.Name, DriverSuffix) {
		return nil, fmt.Errorf("driver pod name %q must end with %q", meta.Name, DriverSuffix)
	}
	plan, err := executorPlan(app, meta)
	if err != nil {
		return nil, err
	}
	planJSON, err := json.Marshal(plan)
	if err != nil {
		return nil, fmt.Errorf("encoding the executor plan: %w", err)
	}
	spec, err := podSpec(app, RoleDriver, meta, DriverContainer)
	if err != nil {
		return nil, err
	}
	if spec.ServiceAccountName == "" {
		spec.ServiceAccountName = app.Conf["spark.kubernetes.authenticate.driver.serviceAccountName"]
	}
	labels := merge(app.Conf.prefixed("spark.kubernetes.driver.label."), meta.Labels,
		map[string]string{LabelSparkRole: RoleDriver, LabelAppSelector: meta.AppID, LabelSimulated: "true"})
	ann := merge(app.Conf.prefixed("spark.kubernetes.driver.annotation."), meta.Annotations,
		map[string]string{AnnotationExecutors: string(planJSON)})
	ann[AnnotationRunTime] = meta.End.After.String()
	ann[AnnotationExecutorWait] = meta.End.ExecutorWait.String()
	if meta.End.Fail {
		ann[AnnotationOutcome] = OutcomeFail
	}
	p := &corev1.Pod{ObjectMeta: metav1.ObjectMeta{Name: meta.Name, Namespace: meta.Namespace, Labels: labels, Annotations: ann}, Spec: spec}
	if meta.Owner != nil {
		p.OwnerReferences = []metav1.OwnerReference{*meta.Owner}
	}
	return p, nil
}

func executorPlan(app App, meta PodMeta) (ExecutorPlan, error) {
	n, err := ExecutorInstances(app)
	if err != nil {
		return ExecutorPlan{}, err
	}
	spec, err := podSpec(app, RoleExecutor, meta, ExecutorContainer)
	if err != nil {
		return ExecutorPlan{}, err
	}
	spec.ServiceAccountName = app.Conf["spark.kubernetes.authenticate.executor.serviceAccountName"]
	labels := merge(app.Conf.prefixed("spark.kubernetes.executor.label."), meta.ExecutorLabels,
		map[string]string{LabelSparkRole: RoleExecutor, LabelAppSelector: meta.AppID, LabelSimulated: "true"})
	tmpl := corev1.PodTemplateSpec{ObjectMeta: metav1.ObjectMeta{Labels: labels,
		Annotations: app.Conf.prefixed("spark.kubernetes.executor.annotation.")}, Spec: spec}
	ratio, err := minRegisteredRatio(app)
	if err != nil {
		return ExecutorPlan{}, err
	}
	return ExecutorPlan{Instances: n, MinRunning: int(math.Ceil(ratio * float64(n))), Template: tmpl}, nil
}

// podSpec is the spec common to both roles: one container with Spark's
// resources, node selectors and scheduler name.
func podSpec(app App, role string, meta PodMeta, container string) (corev1.PodSpec, error) {
	res, err := Resources(app, role)
	if err != nil {
		return corev1.PodSpec{}, err
	}
	image := app.Conf.get("spark.kubernetes."+role+".container.image", app.Conf.get("spark.kubernetes.container.image", meta.Image))
	sel := merge(app.Conf.prefixed("spark.kubernetes.node.selector."), app.Conf.prefixed("spark.kubernetes."+role+".node.selector."))
	if len(sel) == 0 {
		sel = nil
	}
	spec := corev1.PodSpec{
		RestartPolicy:      corev1.RestartPolicyNever,
		SchedulerName:      app.Conf.get("spark.kubernetes."+role+".scheduler.name", app.Conf.get("spark.kubernetes.scheduler.name", "")),
		NodeSelector:       sel,
		Tolerations:        meta.Tolerations,
		ServiceAccountName: meta.ServiceAccount,
		Containers:         []corev1.Container{{Name: container, Image: image, Resources: res}},
	}
	return spec, nil
}

// merge returns the union of maps, later ones winning (never nil).
func merge(ms ...map[string]string) map[string]string {
	out := map[string]string{}
	for _, m := range ms {
		maps.Copy(out, m)
	}
	return out
}

// PlanOf is the ExecutorPlan of a driver pod (false without one).
func PlanOf(driver *corev1.Pod) (ExecutorPlan, bool, error) {
	raw, ok := driver.Annotations[AnnotationExecutors]
	if !ok {
		return ExecutorPlan{}, false, nil
	}
	var plan ExecutorPlan
	if err := json.Unmarshal([]byte(raw), &plan); err != nil {
		return ExecutorPlan{}, false, fmt.Errorf("pod %s/%s: annotation %s: %w", driver.Namespace, driver.Name, AnnotationExecutors, err)
	}
	return plan, true, nil
}

// ExecutorPods are the executor pods of a (created) driver pod, from its
// AnnotationExecutors; each is owned by the driver. It returns nil for a
// pod without a plan.
func ExecutorPods(driver *corev1.Pod) ([]*corev1.Pod, error) {
	plan, ok, err := PlanOf(driver)
	if !ok || err != nil {
		return nil, err
	}
	prefix := strings.TrimSuffix(driver.Name, DriverSuffix)
	owner := metav1.OwnerReference{APIVersion: "v1", Kind: "Pod", Name: driver.Name, UID: driver.UID, Controller: ptr(true)}
	pods := make([]*corev1.Pod, plan.Instances)
	for i := range pods {
		id := fmt.Sprint(i + 1)
		p := &corev1.Pod{ObjectMeta: *plan.Template.ObjectMeta.DeepCopy(), Spec: *plan.Template.Spec.DeepCopy()}
		p.Name, p.Namespace = prefix+"-exec-"+id, driver.Namespace
		p.Labels = merge(p.Labels, map[string]string{LabelExecID: id})
		p.OwnerReferences = []metav1.OwnerReference{owner}
		pods[i] = p
	}
	return pods, nil
}

func ptr[T any](v T) *T { return &v }
