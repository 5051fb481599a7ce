package cli

import (
	"context"
	"flag"
	"fmt"
	"strings"
	"time"

	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"

	"github.com/emr-eks-loadtest/emr-eks-loadtest/internal/outputs"
	"github.com/emr-eks-loadtest/emr-eks-loadtest/loadgen/engine"
	"github.com/emr-eks-loadtest/emr-eks-loadtest/loadgen/operator"
	"github.com/emr-eks-loadtest/emr-eks-loadtest/loadgen/runner"
	"github.com/emr-eks-loadtest/emr-eks-loadtest/loadgen/scaleout"
	"github.com/emr-eks-loadtest/emr-eks-loadtest/loadgen/template"
	"github.com/emr-eks-loadtest/emr-eks-loadtest/loadgen/templates"
	"github.com/emr-eks-loadtest/emr-eks-loadtest/loadgen/web"
)

// part2Flags: the operator target, the live page, scale-out.
type part2Flags struct {
	target, kubeconfig, kubeContext, serviceAccounts string
	kubeQPS                                          float64
	kubeBurst                                        int
	ttl                                              time.Duration
	web                                              bool
	webAddr, results                                 string
	workerIndex, workers                             int
}

func (p *part2Flags) register(fs *flag.FlagSet) {
	fs.StringVar(&p.target, "target", "", "submission target: emr, local or operator (SparkApplications through client-go); default: emr with outputs/--endpoint, else local")
	fs.StringVar(&p.kubeconfig, "kubeconfig", "", "operator target and --track-pods: kubeconfig `file` (default: $KUBECONFIG, ~/.kube/config, in-cluster)")
	fs.StringVar(&p.kubeContext, "context", "", "operator target and --track-pods: kubeconfig context (default: the current one)")
	fs.Float64Var(&p.kubeQPS, "kube-qps", operator.DefaultQPS, "operator target: client-side API requests per second (client-go defaults to 5)")
	fs.IntVar(&p.kubeBurst, "kube-burst", operator.DefaultBurst, "operator target: client-side request burst (client-go defaults to 10)")
	fs.StringVar(&p.serviceAccounts, "service-account", "", "operator target: driver/executor service account, `SA` for every namespace or NS=SA,...")
	fs.DurationVar(&p.ttl, "app-ttl", 0, "operator target: spec.timeToLiveSeconds, so finished SparkApplications are deleted (0 = keep)")
	fs.BoolVar(&p.web, "web", true, "serve the live page and /metrics while the run goes (--web=false disables)")
	fs.StringVar(&p.webAddr, "web-addr", web.DefaultAddr, "listen address of the live page and /metrics")
	fs.IntVar(&p.workerIndex, "worker-index", -1, "this worker's index, 0..workers-1 (default: $"+scaleout.IndexEnv+", else 0)")
	fs.IntVar(&p.workers, "workers", -1, "workers sharing the plan: rate, users and max jobs are split evenly (default: $"+scaleout.WorkersEnv+", else 1)")
	fs.StringVar(&p.results, "results", "", "after the run, copy the run directory to a `DIR` or s3://bucket/prefix (as <session>/[worker-<i>/])")
}

// checkTarget validates --target. emr and local are chosen from the inputs
// (outputs or --endpoint: emr; neither: local); naming them checks that.
func checkTarget(t string) error {
	switch t {
	case "", "emr", "local", "operator":
		return nil
	}
	return usagef("--target %q: want emr, local or operator", t)
}

// splitLoad gives this worker its share of the plan.
func splitLoad(w scaleout.Worker, load runner.Config) runner.Config {
	if !w.Scaled() {
		return load
	}
	if load.Pacer != nil {
		load.Pacer = scaleout.Pacer{Plan: load.Pacer, Worker: w}
	}
	load.Users = int(w.Share(int64(load.Users)))
	if load.MaxJobs > 0 {
		load.MaxJobs = max(1, w.Share(load.MaxJobs))
	}
	return load
}

// prepareOperator builds a run of the operator target: the manifest, the
// clients, and a server-side dry run of job 0 (schema, RBAC, namespace).
// The stack's outputs (--outputs/--stack) give the namespaces, AZs, bucket,
// region, account and release label the flags leave out.
func prepareOperator(ctx context.Context, r *runFlags, set map[string]bool, fset *flag.FlagSet, load runner.Config, env Env) (*prepared, error) {
	m, err := loadManifest(r.template)
	if err != nil {
		return nil, err
	}
	st, _, err := loadOutputs(ctx, r.target, env.Stdin)
	if err != nil {
		return nil, err
	}
	namespaces := splitList(r.target.namespaces)
	if !set["namespaces"] && len(namespaces) == 0 {
		namespaces = st.JobNamespaces
	}
	if len(namespaces) == 0 {
		return nil, usagef("--target operator needs --namespaces (or outputs with %s): the namespaces to create SparkApplications in", outputs.JobNamespaces)
	}
	cl, err := operator.NewClients(operator.ClientConfig{Kubeconfig: r.p2.kubeconfig, Context: r.p2.kubeContext,
		QPS: float32(r.p2.kubeQPS), Burst: r.p2.kubeBurst})
	if err != nil {
		return nil, usagef("%v", err)
	}
	tgt := &target{kind: "operator", azs: splitList(r.target.azs)}
	if !set["azs"] && len(tgt.azs) == 0 {
		tgt.azs = st.AvailabilityZones
	}
	op := &operator.Target{Clients: cl, Manifest: m, Namespaces: namespaces, ServiceAccounts: parseAccounts(r.p2.serviceAccounts),
		TTLSeconds: int64(r.p2.ttl / time.Second), Session: r.session}
	vcs := make([]engine.VC, len(namespaces))
	for i, ns := range namespaces {
		vcs[i] = engine.VC{Namespace: ns}
	}
	vars := template.Vars{Bucket: firstNonEmpty(r.target.bucket, st.Bucket), Region: firstNonEmpty(r.target.region, st.Region),
		AccountID: firstNonEmpty(r.target.account, st.AccountID), ReleaseLabel: firstNonEmpty(r.target.release, st.ReleaseLabel)}
	p, err := session(r, set, fset, tgt, load, m.Name(), vars, vcs, op)
	if err != nil {
		return nil, err
	}
	obj, err := engine.Render(p.cfg, 0)
	if err != nil {
		return nil, usagef("--template %s: %v", m.Name(), err)
	}
	if err := operator.DryRun(ctx, cl.Dynamic, obj.(*unstructured.Unstructured)); err != nil {
		return nil, err
	}
	return p, nil
}

// loadManifest reads a SparkApplication template: a file, or a shipped one.
func loadManifest(name string) (*operator.Manifest, error) {
	if t, ok := templates.Lookup(templates.TargetOperator, name); ok {
		m, err := operator.ParseManifest("templates/"+t.File, t.Data)
		if err != nil {
			return nil, usagef("--template: %v", err)
		}
		return m, nil
	}
	m, err := operator.LoadManifest(name)
	if err != nil {
		return nil, usagef("--template: %v (give a SparkApplication YAML file, or a shipped one: %s)", err,
			strings.Join(templates.Names(templates.TargetOperator), ", "))
	}
	return m, nil
}

// parseAccounts reads --service-account: "SA" or "NS=SA,...".
func parseAccounts(s string) map[string]string {
	out := map[string]string{}
	for _, item := range splitList(s) {
		if ns, sa, ok := strings.Cut(item, "="); ok {
			out[ns] = sa
		} else {
			out[""] = item
		}
	}
	return out
}

// operatorStopFlags select the operator target for `loadgen stop`.
type operatorStopFlags struct{ target, kubeconfig, kubeContext string }

func (o *operatorStopFlags) register(fs *flag.FlagSet) {
	fs.StringVar(&o.target, "target", "", "operator: delete SparkApplications (and their pods) instead of cancelling EMR job runs")
	fs.StringVar(&o.kubeconfig, "kubeconfig", "", "operator target: kubeconfig `file`")
	fs.StringVar(&o.kubeContext, "context", "", "operator target: kubeconfig context")
}

// stopOperator deletes a session's SparkApplications and pods in the
// namespaces (every session's with --cluster), after a server dry run.
func stopOperator(ctx context.Context, o operatorStopFlags, namespaces []string, session string, dry bool,
	wait time.Duration, env Env) error {
	if len(namespaces) == 0 {
		return usagef("stop --target operator needs --namespaces")
	}
	cl, err := operator.NewClients(operator.ClientConfig{Kubeconfig: o.kubeconfig, Context: o.kubeContext})
	if err != nil {
		return usagef("%v", err)
	}
	sel := operator.ToolLabel + "=" + template.ToolName
	if session != "" {
		sel = operator.SessionSelector(session, -1)
	}
	ctx, cancel := context.WithTimeout(ctx, wait)
	defer cancel()
	rep, err := operator.Stop(ctx, cl, namespaces, sel, dry)
	verb := "deleted"
	if dry {
		verb = "would delete (dry run)"
	}
	fmt.Fprintf(env.Stdout, "%s %d SparkApplications and %d pods matching %s in %s\n", verb, len(rep.Apps), len(rep.Pods),
		sel, strings.Join(namespaces, ","))
	return err
}
