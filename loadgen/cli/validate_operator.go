package cli

import (
	"context"
	"flag"
	"fmt"
	"os"
	"strings"

	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"sigs.k8s.io/yaml"

	"github.com/emr-eks-loadtest/emr-eks-loadtest/loadgen/engine"
	"github.com/emr-eks-loadtest/emr-eks-loadtest/loadgen/operator"
	"github.com/emr-eks-loadtest/emr-eks-loadtest/loadgen/scaleout"
	"github.com/emr-eks-loadtest/emr-eks-loadtest/loadgen/template/sparkapp"
	"github.com/emr-eks-loadtest/emr-eks-loadtest/loadgen/templates"
)

// FlagServerDryRun is validate's own flag: the SparkApplication is also
// created with dryRun=All on the cluster (schema, admission, RBAC, namespace).
const FlagServerDryRun = "server-dry-run"

// validateFlags are the run's flags plus validate's own.
type validateFlags struct {
	run          runFlags
	serverDryRun bool
}

func (v *validateFlags) register(fs *flag.FlagSet) {
	v.run.register(fs)
	fs.BoolVar(&v.serverDryRun, FlagServerDryRun, false, "operator target: also create the first SparkApplication with dryRun=All on the cluster (--kubeconfig, --context); without it validate needs no cluster")
}

// parseValidate parses validate's flags (each also LOADGEN_<FLAG>).
func parseValidate(args []string, env Env) (*validateFlags, map[string]bool, error) {
	v := &validateFlags{run: runFlags{fromEnv: map[string]bool{}}}
	fs := newFlagSet("loadgen validate", validateSynopsis, env.Stderr)
	v.register(fs)
	set, err := parse(fs, args, envRecorder(env.getenv, v.run.fromEnv, fs))
	if err != nil {
		return nil, nil, err
	}
	if fs.NArg() > 0 {
		return nil, nil, usagef("unexpected argument %q (flags start with --)", fs.Arg(0))
	}
	return v, set, nil
}

// withoutServerDryRun drops validate's own flag before the run's parser sees the arguments.
func withoutServerDryRun(args []string) []string {
	out := make([]string, 0, len(args))
	for _, a := range args {
		name, _, _ := cutFlag(a)
		if name != FlagServerDryRun {
			out = append(out, a)
		}
	}
	return out
}

// cutFlag splits "--name=value" (or -name) into its name and value.
func cutFlag(arg string) (name, value string, ok bool) {
	if len(arg) < 2 || arg[0] != '-' {
		return "", "", false
	}
	s := arg[1:]
	if s[0] == '-' {
		s = s[1:]
	}
	for i := 0; i < len(s); i++ {
		if s[i] == '=' {
			return s[:i], s[i+1:], true
		}
	}
	return s, "", true
}

// validateOperator is `loadgen validate --target operator`: the template is
// checked offline against the Spark Operator's SparkApplication API, then
// the first job is rendered and checked again; --server-dry-run adds the
// cluster's own check. handled is false for the other targets.
func validateOperator(ctx context.Context, args []string, env Env) (handled bool, err error) {
	v, set, err := parseValidate(args, env)
	if err != nil {
		return true, err
	}
	if v.run.targetKind != templates.TargetOperator {
		if v.serverDryRun {
			return true, usagef("--%s checks a SparkApplication on a cluster: use it with --target operator", FlagServerDryRun)
		}
		return false, nil
	}
	session, err := resolveSession(v.run.session, set["session"], noWorker, env.getenv)
	if err != nil {
		return true, err
	}
	st, _, err := loadOutputs(ctx, v.run.target, env.Stdin)
	if err != nil {
		return true, err
	}
	in := mergeOperatorInputs(&v.run, set, st)
	if err := in.requireNamespaces(); err != nil {
		return true, err
	}
	obj, err := renderFirstApp(&v.run, in, session)
	if err != nil {
		return true, err
	}
	body, err := yaml.Marshal(obj.Object)
	if err != nil {
		return true, err
	}
	fmt.Fprintf(env.Stdout, "template ok: a SparkApplication of %s (checked offline against the Spark Operator's v1beta2 API)\n", operator.APIVersion)
	if v.serverDryRun {
		if err := serverDryRun(ctx, &v.run, obj); err != nil {
			return true, err
		}
		fmt.Fprintf(env.Stdout, "server dry run ok: the cluster accepts it in namespace %s\n", obj.GetNamespace())
	}
	fmt.Fprintf(env.Stdout, "first job:\n%s", body)
	return true, nil
}

// noWorker is a run that is not scaled out (validate renders job 0 only).
var noWorker = scaleout.Worker{Count: 1}

// renderFirstApp checks the template offline and renders job 0 as run
// would (in the first namespace, the first AZ), checking the rendered
// object again (what loadgen adds included).
func renderFirstApp(r *runFlags, in operatorInputs, session string) (*unstructured.Unstructured, error) {
	name, data, err := readManifest(r.template)
	if err != nil {
		return nil, err
	}
	if err := sparkapp.Check(name, data); err != nil {
		return nil, usagef("--template: %v", err)
	}
	m, err := operator.ParseManifest(name, data)
	if err != nil {
		return nil, usagef("--template: %v", err)
	}
	vars := in.vars
	vars.SessionID, vars.JobName, vars.Namespace = session, engine.JobName(session, 0), in.namespaces[0]
	p := r.operator.placement()
	p.AZ, p.DriverNodePool, p.ExecutorNodePool = firstOf(in.azs, ""), r.driverPool, r.executorPool
	p.SchedulerName = r.scheduler
	if r.scheduler == schedulerFromOutputs {
		p.SchedulerName = in.scheduler
	}
	obj, err := m.Render(vars, p)
	if err != nil {
		return nil, usagef("--template %s: %v", name, err)
	}
	if err := sparkapp.CheckObject(name+" rendered for job 0", obj.Object); err != nil {
		return nil, usagef("--template: %v", err)
	}
	return obj, nil
}

// schedulerFromOutputs is --scheduler-name's value that takes the stack's scheduler.
const schedulerFromOutputs = "outputs"

// readManifest reads --template for the operator target: a shipped name or a file.
func readManifest(name string) (string, []byte, error) {
	if t, ok := templates.Lookup(templates.TargetOperator, name); ok {
		return "templates/" + t.File, t.Data, nil
	}
	data, err := os.ReadFile(name)
	if err != nil {
		return "", nil, usagef("--template: %v (give a SparkApplication YAML file, or a shipped one: %s)", err,
			strings.Join(templates.Names(templates.TargetOperator), ", "))
	}
	return name, data, nil
}

// serverDryRun creates obj with dryRun=All on the cluster --kubeconfig names.
func serverDryRun(ctx context.Context, r *runFlags, obj *unstructured.Unstructured) error {
	cl, err := operator.NewClients(operator.ClientConfig{Kubeconfig: r.operator.kubeconfig, Context: r.operator.kubeContext})
	if err != nil {
		return usagef("--%s: %v", FlagServerDryRun, err)
	}
	if err := operator.DryRun(ctx, cl.Dynamic, obj); err != nil {
		return fmt.Errorf("--%s: %w", FlagServerDryRun, err)
	}
	return nil
}

func firstOf(l []string, def string) string {
	if len(l) == 0 {
		return def
	}
	return l[0]
}
