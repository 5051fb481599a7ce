package cli

import (
	"flag"
	"time"

	"github.com/emr-eks-loadtest/emr-eks-loadtest/loadgen/operator"
)

// operatorFlags are the operator target's: its Kubernetes client (the
// kubeconfig and context also serve --track-pods' pod watch) and what it
// sets in every SparkApplication.
type operatorFlags struct {
	kubeconfig, kubeContext string
	kubeQPS                 float64
	kubeBurst               int
	serviceAccounts         string // "SA" for every namespace, or NS=SA,...
	ttl                     time.Duration
}

func (o *operatorFlags) register(fs *flag.FlagSet) {
	fs.StringVar(&o.kubeconfig, "kubeconfig", "", "operator target and --track-pods: kubeconfig `file` (default: $KUBECONFIG, ~/.kube/config, in-cluster)")
	fs.StringVar(&o.kubeContext, "context", "", "operator target and --track-pods: kubeconfig context (default: the current one)")
	fs.Float64Var(&o.kubeQPS, "kube-qps", operator.DefaultQPS, "operator target: client-side API requests per second (client-go defaults to 5)")
	fs.IntVar(&o.kubeBurst, "kube-burst", operator.DefaultBurst, "operator target: client-side request burst (client-go defaults to 10)")
	fs.StringVar(&o.serviceAccounts, "service-account", "", "operator target: driver/executor service account, `SA` for every namespace or NS=SA,...")
	fs.DurationVar(&o.ttl, "app-ttl", 0, "operator target: spec.timeToLiveSeconds, so finished SparkApplications are deleted (0 = keep)")
}

// clientConfig is the operator target's Kubernetes client configuration.
func (o *operatorFlags) clientConfig() operator.ClientConfig {
	return operator.ClientConfig{Kubeconfig: o.kubeconfig, Context: o.kubeContext, QPS: float32(o.kubeQPS), Burst: o.kubeBurst}
}

// placement is what every SparkApplication gets from these flags.
func (o *operatorFlags) placement() operator.Placement {
	return operator.Placement{ServiceAccount: parseAccounts(o.serviceAccounts)[""], TTLSeconds: int64(o.ttl / time.Second)}
}

// operatorStopFlags select the operator target for `loadgen stop`.
type operatorStopFlags struct{ target, kubeconfig, kubeContext string }

func (o *operatorStopFlags) register(fs *flag.FlagSet) {
	fs.StringVar(&o.target, "target", "", "operator: delete SparkApplications (and their pods) instead of cancelling EMR job runs")
	fs.StringVar(&o.kubeconfig, "kubeconfig", "", "operator target: kubeconfig `file`")
	fs.StringVar(&o.kubeContext, "context", "", "operator target: kubeconfig context")
}
