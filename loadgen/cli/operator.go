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
)

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
	in := mergeOperatorInputs(r, set, st)
	if err := in.requireNamespaces(); err != nil {
		return nil, err
	}
	cl, err := operator.NewClients(r.operator.clientConfig())
	if err != nil {
		return nil, usagef("%v", err)
	}
	tgt := &target{kind: "operator", azs: in.azs, scheduler: in.scheduler}
	op := &operator.Target{Clients: cl, Manifest: m, Namespaces: in.namespaces, ServiceAccounts: parseAccounts(r.operator.serviceAccounts),
		TTLSeconds: int64(r.operator.ttl / time.Second), Session: r.session}
	vcs := make([]engine.VC, len(in.namespaces))
	for i, ns := range in.namespaces {
		vcs[i] = engine.VC{Namespace: ns}
	}
	p, err := session(r, set, fset, tgt, load, m.Name(), in.vars, vcs, op)
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

// operatorInputs are the operator target's inputs, flags merged over the
// stack's outputs (--outputs/--stack).
type operatorInputs struct {
	namespaces, azs []string
	vars            template.Vars
	scheduler       string // the stack's, for --scheduler-name=outputs
}

// mergeOperatorInputs takes what the flags leave out from the outputs: run
// and validate both read them here, so --outputs means the same to both.
func mergeOperatorInputs(r *runFlags, set map[string]bool, st outputs.Stack) operatorInputs {
	in := operatorInputs{namespaces: splitList(r.target.namespaces), azs: splitList(r.target.azs), scheduler: st.SchedulerName,
		vars: template.Vars{Bucket: firstNonEmpty(r.target.bucket, st.Bucket), Region: firstNonEmpty(r.target.region, st.Region),
			AccountID: firstNonEmpty(r.target.account, st.AccountID), ReleaseLabel: firstNonEmpty(r.target.release, st.ReleaseLabel)}}
	if !set["namespaces"] && len(in.namespaces) == 0 {
		in.namespaces = st.JobNamespaces
	}
	if !set["azs"] && len(in.azs) == 0 {
		in.azs = st.AvailabilityZones
	}
	return in
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

// requireNamespaces refuses an operator run (or its validation) with no job
// namespace: the SparkApplications would land in "default", which no Spark
// Operator of the stack watches.
func (in operatorInputs) requireNamespaces() error {
	if len(in.namespaces) == 0 {
		return usagef("--target operator needs --namespaces (or outputs with %s): the namespaces to create SparkApplications in", outputs.JobNamespaces)
	}
	return nil
}
