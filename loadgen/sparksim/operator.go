package sparksim

import (
	"context"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"sync"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/dynamic"
	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/tools/cache"
	"k8s.io/client-go/util/workqueue"
)

// DefaultSubmissionsPerMinute is an operator instance's submission
// throughput when OperatorOptions.SubmissionsPerMinute is unset: AWS's
// published figure for one EMR Spark Operator, "For the single spark
// operator, the max performance for submission rate would be around 30 jobs
// per min" (https://aws.github.io/aws-emr-containers-best-practices/scalability/docs/known-factors-spark-operator).
const DefaultSubmissionsPerMinute = 30

// OperatorInstance is one simulated operator and the job namespaces it serves
// (its Helm release's spark.jobNamespaces).
type OperatorInstance struct {
	Name       string
	Namespaces []string // empty: every namespace
}

// OperatorOptions configure RunOperator.
type OperatorOptions struct {
	// Instances are the operators; empty: one serving every namespace.
	Instances []OperatorInstance
	// SubmissionsPerMinute bounds each instance's submissions (0:
	// DefaultSubmissionsPerMinute). Applications beyond it wait unsubmitted
	// (no status yet), as behind a busy operator.
	SubmissionsPerMinute float64
	// RunTime is the drivers' run time and failure share.
	RunTime     RunTime
	Tolerations []corev1.Toleration // on every pod
	Log         io.Writer           // failed writes (retried); nil: os.Stderr
	Seed        uint64              // of the run-time draws
}

func (o *OperatorOptions) defaults() error {
	if o.SubmissionsPerMinute < 0 || o.SubmissionsPerMinute != o.SubmissionsPerMinute {
		return fmt.Errorf("OperatorOptions.SubmissionsPerMinute: %v is invalid: want a rate > 0 (0: %d)", o.SubmissionsPerMinute, DefaultSubmissionsPerMinute)
	}
	if o.SubmissionsPerMinute == 0 {
		o.SubmissionsPerMinute = DefaultSubmissionsPerMinute
	}
	if len(o.Instances) == 0 {
		o.Instances = []OperatorInstance{{Name: "spark-operator"}}
	}
	if o.Log == nil {
		o.Log = os.Stderr
	}
	return o.RunTime.Validate()
}

// RunOperator plays the Spark Operator for SparkApplications until ctx ends:
// each instance submits the new applications of its namespaces in order, at
// most SubmissionsPerMinute a minute: it creates the driver pod the operator
// would (<app>-driver, owned by the application, labelled
// sparkoperator.k8s.io/app-name, launched-by-spark-operator and
// submission-id plus spec.driver.labels, shaped by DriverPod from the
// application's Spark configuration, OperatorApp) and sets
// status.applicationState SUBMITTED with lastSubmissionAttemptTime; then
// RUNNING once the driver runs, and COMPLETED or FAILED with terminationTime
// when it ends. Run (the Spark simulator) must run too for the executors.
// Deleting an application deletes its driver.
func RunOperator(ctx context.Context, kube kubernetes.Interface, dyn dynamic.Interface, opts OperatorOptions) error {
	op, err := StartOperator(ctx, kube, dyn, opts)
	if err != nil {
		if ctx.Err() != nil {
			return nil // stopped before it had started
		}
		return err
	}
	<-ctx.Done()
	op.Wait()
	return nil
}

// Operators is a running RunOperator, for callers that watch its queues.
type Operators struct {
	ops  []*operator
	stop context.CancelFunc
}

// StartOperator is RunOperator returning once the instances have listed
// their applications; they stop when ctx ends (Wait waits for that).
func StartOperator(ctx context.Context, kube kubernetes.Interface, dyn dynamic.Interface, opts OperatorOptions) (*Operators, error) {
	if err := opts.defaults(); err != nil {
		return nil, err
	}
	rng := rand.New(rand.NewPCG(opts.Seed, opts.Seed^0x0be7))
	var rngMu sync.Mutex
	ctx, cancel := context.WithCancel(ctx)
	all := &Operators{}
	for _, in := range opts.Instances {
		op, err := startOperator(ctx, kube, dyn, in, opts, rng, &rngMu)
		if err != nil {
			cancel()
			all.Wait()
			return nil, err
		}
		all.ops = append(all.ops, op)
	}
	all.stop = cancel // the instances stop with the caller's ctx; stop is for a failed start
	return all, nil
}

// Waiting is the number of applications waiting for submission, per instance name.
func (a *Operators) Waiting() map[string]int {
	out := make(map[string]int, len(a.ops))
	for _, o := range a.ops {
		out[o.name] = o.sub.Len()
	}
	return out
}

// Wait waits until every instance has stopped (after ctx ended).
func (a *Operators) Wait() {
	for _, o := range a.ops {
		o.wait()
	}
}

// operator is one instance: informers on its applications and their
// drivers, a rate-limited submitter and status workers.
type operator struct {
	name   string
	kube   kubernetes.Interface
	dyn    dynamic.Interface
	opts   OperatorOptions
	rng    *rand.Rand
	rngMu  *sync.Mutex
	sub    *submitter
	status workqueue.TypedRateLimitingInterface[string]
	apps   []cache.Store
	pods   []cache.Store
	wg     sync.WaitGroup
	logMu  sync.Mutex
}

func startOperator(ctx context.Context, kube kubernetes.Interface, dyn dynamic.Interface, in OperatorInstance,
	opts OperatorOptions, rng *rand.Rand, rngMu *sync.Mutex) (*operator, error) {
	o := &operator{name: in.Name, kube: kube, dyn: dyn, opts: opts, rng: rng, rngMu: rngMu,
		status: workqueue.NewTypedRateLimitingQueueWithConfig(workqueue.DefaultTypedControllerRateLimiter[string](),
			workqueue.TypedRateLimitingQueueConfig[string]{Name: in.Name + "-status"})}
	o.sub = newSubmitter(opts.SubmissionsPerMinute, o.submit)
	namespaces := in.Namespaces
	if len(namespaces) == 0 {
		namespaces = []string{metav1.NamespaceAll}
	}
	synced, err := o.watch(ctx, namespaces)
	if err == nil && !cache.WaitForCacheSync(ctx.Done(), synced...) {
		err = fmt.Errorf("operator %s: SparkApplications of %q not listed: %w", in.Name, namespaces, context.Cause(ctx))
	}
	if err != nil {
		o.shutdown()
		return nil, err
	}
	o.wg.Add(3)
	go func() { defer o.wg.Done(); o.sub.run(ctx) }()
	for range 2 {
		go o.work(ctx)
	}
	go func() { <-ctx.Done(); o.shutdown() }()
	return o, nil
}

func (o *operator) shutdown() {
	o.sub.queue.ShutDown()
	o.status.ShutDown()
}

func (o *operator) wait() { o.wg.Wait() }

func (o *operator) work(ctx context.Context) {
	defer o.wg.Done()
	for {
		key, quit := o.status.Get()
		if quit {
			return
		}
		if err := o.reconcile(ctx, key); err != nil && ctx.Err() == nil {
			o.logf("sparksim operator %s: %s: %v (retrying)", o.name, key, err)
			o.status.AddRateLimited(key)
		} else {
			o.status.Forget(key)
		}
		o.status.Done(key)
	}
}

func (o *operator) logf(format string, args ...any) {
	o.logMu.Lock()
	defer o.logMu.Unlock()
	fmt.Fprintf(o.opts.Log, format+"\n", args...)
}
