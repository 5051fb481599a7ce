package operator_test

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	"k8s.io/apimachinery/pkg/api/resource"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/util/wait"
	"k8s.io/client-go/dynamic"
	"k8s.io/client-go/dynamic/dynamicinformer"
	"k8s.io/client-go/informers"
	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/tools/cache"
	"k8s.io/client-go/util/retry"

	"github.com/emr-eks-loadtest/emr-eks-loadtest/internal/testenv"
	"github.com/emr-eks-loadtest/emr-eks-loadtest/loadgen/operator"
)

// fakeOperator stands in for the Spark Operator in one namespace: for each
// new SparkApplication it sets SUBMITTED and creates the driver pod the
// real operator would (name <app>-driver, the operator's labels plus
// spec.driver.labels, spec.driver.nodeSelector and schedulerName, owned by
// the app); once the driver runs it creates spec.executor.instances
// executor pods (owned by the driver, as Spark does) and sets RUNNING; when
// the driver succeeds it sets COMPLETED with terminationTime. kwok (the
// project's stages) runs the pods: Running at once, Succeeded after the
// succeed-after annotation. Every status time is the controller's clock
// truncated to seconds, as metav1.Time serializes.
type fakeOperator struct {
	ns      string
	dyn     dynamic.Interface
	kube    kubernetes.Interface
	runFor  time.Duration
	mu      sync.Mutex
	handled map[string]bool
}

func startFakeOperator(ctx context.Context, t *testing.T, cp *testenv.ControlPlane, ns string, runFor time.Duration) {
	t.Helper()
	f := &fakeOperator{ns: ns, dyn: cp.Dynamic(), kube: cp.Client(), runFor: runFor, handled: map[string]bool{}}
	df := dynamicinformer.NewFilteredDynamicSharedInformerFactory(f.dyn, 0, ns, nil)
	apps := df.ForResource(operator.GVR).Informer()
	kf := informers.NewSharedInformerFactoryWithOptions(f.kube, 0, informers.WithNamespace(ns),
		informers.WithTweakListOptions(func(o *metav1.ListOptions) { o.LabelSelector = operator.LaunchedByLabel + "=true" }))
	pods := kf.Core().V1().Pods().Informer()
	df.Start(ctx.Done())
	kf.Start(ctx.Done())
	cache.WaitForCacheSync(ctx.Done(), apps.HasSynced, pods.HasSynced)
	go func() {
		for ctx.Err() == nil {
			for _, o := range apps.GetStore().List() {
				f.reconcile(ctx, t, o.(*unstructured.Unstructured), pods.GetIndexer())
			}
			time.Sleep(100 * time.Millisecond)
		}
	}()
}

func (f *fakeOperator) once(key string) bool {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.handled[key] {
		return false
	}
	f.handled[key] = true
	return true
}

// reconcile is level-triggered, like a real controller: it looks at the
// app and its pods as they are now, so a missed watch event (an API server
// restart) delays a step but never skips it.
func (f *fakeOperator) reconcile(ctx context.Context, t *testing.T, app *unstructured.Unstructured, pods cache.Store) {
	name := app.GetName()
	if s, _, _ := unstructured.NestedString(app.Object, "status", "applicationState", "state"); s == "" && f.once("app/"+name) {
		f.submit(ctx, t, app)
		return
	}
	o, ok, _ := pods.GetByKey(f.ns + "/" + name + operator.DriverSuffix)
	if !ok {
		return
	}
	driver := o.(*corev1.Pod)
	phase := driver.Status.Phase
	if (phase == corev1.PodRunning || phase == corev1.PodSucceeded) && f.once("exec/"+name) {
		f.startExecutors(ctx, t, app, driver)
	}
	if phase == corev1.PodSucceeded && f.executorsStarted(app, pods) && f.once("done/"+name) {
		f.setStatus(ctx, t, name, func(st map[string]any) {
			st["applicationState"] = map[string]any{"state": operator.StateCompleted}
			st["terminationTime"] = now()
		})
	}
}

func (f *fakeOperator) submit(ctx context.Context, t *testing.T, app *unstructured.Unstructured) {
	f.setStatus(ctx, t, app.GetName(), func(st map[string]any) {
		st["applicationState"] = map[string]any{"state": operator.StateSubmitted}
		st["lastSubmissionAttemptTime"] = now()
		st["submissionAttempts"] = int64(1)
		st["driverInfo"] = map[string]any{"podName": app.GetName() + operator.DriverSuffix}
	})
	driver := f.pod(app, operator.RoleDriver, app.GetName()+operator.DriverSuffix, metav1.OwnerReference{
		APIVersion: operator.APIVersion, Kind: operator.Kind, Name: app.GetName(), UID: app.GetUID(), Controller: ptr(true)})
	driver.Annotations = map[string]string{testenv.SucceedAfterAnnotation: f.runFor.String()}
	f.create(ctx, t, driver)
}

func (f *fakeOperator) startExecutors(ctx context.Context, t *testing.T, app *unstructured.Unstructured, driver *corev1.Pod) {
	n, _, _ := unstructured.NestedInt64(app.Object, "spec", "executor", "instances")
	owner := metav1.OwnerReference{APIVersion: "v1", Kind: "Pod", Name: driver.Name, UID: driver.UID}
	for i := range n {
		e := f.pod(app, operator.RoleExecutor, fmt.Sprintf("%s-exec-%d", app.GetName(), i+1), owner)
		e.Annotations = map[string]string{testenv.SucceedAfterAnnotation: f.runFor.String()}
		f.create(ctx, t, e)
	}
	f.setStatus(ctx, t, app.GetName(), func(st map[string]any) {
		st["applicationState"] = map[string]any{"state": operator.StateRunning}
	})
}

// executorsStarted reports whether every executor of app has been started
// for a second (a real job ends long after its executors start).
func (f *fakeOperator) executorsStarted(app *unstructured.Unstructured, pods cache.Store) bool {
	n, _, _ := unstructured.NestedInt64(app.Object, "spec", "executor", "instances")
	for i := range n {
		o, ok, _ := pods.GetByKey(fmt.Sprintf("%s/%s-exec-%d", f.ns, app.GetName(), i+1))
		if !ok || len(o.(*corev1.Pod).Status.ContainerStatuses) == 0 {
			return false
		}
		st := o.(*corev1.Pod).Status.ContainerStatuses[0].State
		if st.Running != nil && time.Since(st.Running.StartedAt.Time) < time.Second {
			return false
		}
	}
	return true
}

// patient retries for about 30 s: long enough to ride out an API server restart.
var patient = wait.Backoff{Steps: 120, Duration: 250 * time.Millisecond, Factor: 1}

func now() string { return time.Now().UTC().Format(time.RFC3339) }

func ptr[T any](v T) *T { return &v }

// pod builds a driver or executor pod of app from its spec.<role>.
func (f *fakeOperator) pod(app *unstructured.Unstructured, role, name string, owner metav1.OwnerReference) *corev1.Pod {
	labels, _, _ := unstructured.NestedStringMap(app.Object, "spec", role, "labels")
	if labels == nil {
		labels = map[string]string{}
	}
	labels[operator.SparkRoleLabel] = role
	labels[operator.AppNameLabel] = app.GetName()
	labels[operator.LaunchedByLabel] = "true"
	sel, _, _ := unstructured.NestedStringMap(app.Object, "spec", role, "nodeSelector")
	sched, _, _ := unstructured.NestedString(app.Object, "spec", role, "schedulerName")
	req := corev1.ResourceList{corev1.ResourceCPU: resource.MustParse("50m"), corev1.ResourceMemory: resource.MustParse("64Mi")}
	return &corev1.Pod{
		ObjectMeta: metav1.ObjectMeta{Name: name, Namespace: f.ns, Labels: labels, OwnerReferences: []metav1.OwnerReference{owner}},
		Spec: corev1.PodSpec{NodeSelector: sel, SchedulerName: sched, RestartPolicy: corev1.RestartPolicyNever,
			Tolerations: []corev1.Toleration{{Key: "kwok.x-k8s.io/node", Operator: corev1.TolerationOpExists}},
			Containers: []corev1.Container{{Name: "spark-kubernetes-" + role, Image: "spark:3.5.6",
				Resources: corev1.ResourceRequirements{Requests: req}}}},
	}
}

func (f *fakeOperator) create(ctx context.Context, t *testing.T, p *corev1.Pod) {
	err := retry.OnError(patient, func(err error) bool { return !apierrors.IsAlreadyExists(err) && ctx.Err() == nil }, func() error {
		_, err := f.kube.CoreV1().Pods(f.ns).Create(ctx, p, metav1.CreateOptions{})
		return err
	})
	if err != nil && !apierrors.IsAlreadyExists(err) && ctx.Err() == nil {
		t.Errorf("fake operator: creating pod %s: %v", p.Name, err)
	}
}

func (f *fakeOperator) setStatus(ctx context.Context, t *testing.T, name string, mutate func(map[string]any)) {
	res := f.dyn.Resource(operator.GVR).Namespace(f.ns)
	err := retry.OnError(patient, func(error) bool { return ctx.Err() == nil }, func() error {
		app, err := res.Get(ctx, name, metav1.GetOptions{})
		if err != nil {
			return err
		}
		st, _, _ := unstructured.NestedMap(app.Object, "status")
		if st == nil {
			st = map[string]any{}
		}
		mutate(st)
		app.Object["status"] = st
		_, err = res.UpdateStatus(ctx, app, metav1.UpdateOptions{})
		return err
	})
	if err != nil && ctx.Err() == nil {
		t.Errorf("fake operator: status of %s: %v", name, err)
	}
}
