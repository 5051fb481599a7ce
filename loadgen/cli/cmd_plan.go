package cli

import (
	"context"
	"flag"
	"fmt"
	"io"
	"time"

	"github.com/emr-eks-loadtest/emr-eks-loadtest/internal/rehearse"
	"github.com/emr-eks-loadtest/emr-eks-loadtest/loadgen/operator"
	"github.com/emr-eks-loadtest/emr-eks-loadtest/loadgen/pace"
	"github.com/emr-eks-loadtest/emr-eks-loadtest/loadgen/plan"
	"github.com/emr-eks-loadtest/emr-eks-loadtest/loadgen/runner"
	"github.com/emr-eks-loadtest/emr-eks-loadtest/loadgen/template"
	"github.com/emr-eks-loadtest/emr-eks-loadtest/spec/stackconfig"
)

const planSynopsis = `loadgen plan [flags] [run flags]: predict what a load plan needs from a stack, submitting nothing.

Takes the flags of loadgen run (template, --rate/--stages or --users/--think-time, --duration, --max-jobs,
--target, --driver-nodepool/--executor-nodepool) and the stack's configuration: --stack NAME reads
Pulumi.NAME.yaml in the working directory as ` + "`pulumi up`" + ` does (preset first, then its keys), else
--preset and --region. Prints concurrent jobs (Little's law), pods, requested CPU and memory, nodes per
NodePool or node group and instance type, pod IPs against the pod subnets, the first limit the plan hits
with the config key or flag that moves it, and the cost per hour at peak and for the whole plan from the
versioned price table (source and date printed). docs/plan.md gives the formulas.
Exit codes: 0 ok, 1 runtime error, 2 bad input.`

// planFlags are plan's own flags; the run flags come with runFlags.
type planFlags struct {
	preset, stackDir string
	expectedRunTime  time.Duration
	nodeStartDelay   time.Duration
	json             bool
}

func (f *planFlags) register(fs *flag.FlagSet) {
	fs.StringVar(&f.preset, "preset", string(stackconfig.DefaultPreset), "plan: preset to plan against when no --stack is given (dev, scale)")
	fs.StringVar(&f.stackDir, "stack-dir", ".", "plan: directory holding Pulumi.<stack>.yaml for --stack")
	fs.DurationVar(&f.expectedRunTime, "expected-run-time", 0, "plan: how long a job runs, submission to end (default: the mean of --local-run-time, the modelled job)")
	fs.DurationVar(&f.nodeStartDelay, "node-start-delay", plan.DefaultNodeStartDelay, "plan: Karpenter's launch to a Ready node (an assumption, as rehearse's); drivers waiting for a node start together and their executors reach Karpenter in one batch; 0 for none")
	fs.BoolVar(&f.json, "json", false, "plan: print the plan as JSON")
}

// Plan is `loadgen plan`.
func Plan(_ context.Context, args []string, env Env) error {
	r, pf := &runFlags{fromEnv: map[string]bool{}}, &planFlags{}
	fs := newFlagSet("loadgen plan", planSynopsis, env.Stderr)
	r.register(fs)
	pf.register(fs)
	fs.Lookup("stack").Usage = "plan: stack `name` whose Pulumi.<name>.yaml (in --stack-dir) configures the plan (default: --preset)"
	set, err := parse(fs, args, env.getenv)
	if err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usagef("unexpected argument %q (flags start with --)", fs.Arg(0))
	}
	p, err := makePlan(r, pf, set, env.Stderr)
	if err != nil {
		return err
	}
	if pf.json {
		return p.WriteJSON(env.Stdout)
	}
	return p.WriteText(env.Stdout)
}

func makePlan(r *runFlags, pf *planFlags, set map[string]bool, stderr io.Writer) (*plan.Plan, error) {
	if err := checkTarget(r.targetKind); err != nil {
		return nil, err
	}
	load, err := loadModel(r, set)
	if err != nil {
		return nil, err
	}
	cfg, source, err := planStack(r.target.stack, r.target.region, pf, stderr)
	if err != nil {
		return nil, err
	}
	kind := r.targetKind
	if kind == "" {
		kind = "emr"
	}
	job, err := planJob(r.template, kind)
	if err != nil {
		return nil, err
	}
	runTime, err := expectedRunTime(pf.expectedRunTime, r.local.runTime, set["expected-run-time"])
	if err != nil {
		return nil, err
	}
	p, err := plan.Make(plan.Input{Template: r.template, Target: kind, Job: job, Load: planLoad(r, load), RunTime: runTime,
		Stack: cfg, StackSource: source, NodePools: r.driverPool != "" || r.executorPool != "", NodeStartDelay: startDelayInput(pf.nodeStartDelay)})
	if err != nil {
		return nil, usagef("%v", err)
	}
	return p, nil
}

// startDelayInput is plan.Input.NodeStartDelay for a flag value (0: none).
func startDelayInput(d time.Duration) time.Duration {
	if d <= 0 {
		return -1
	}
	return d
}

// planStack reads the stack's configuration as a rehearsal does.
func planStack(stack, region string, pf *planFlags, stderr io.Writer) (stackconfig.Config, string, error) {
	var (
		cfg    stackconfig.Config
		notes  []string
		err    error
		source = "preset " + pf.preset
	)
	if stack != "" {
		source = "Pulumi." + stack + ".yaml"
		cfg, notes, err = rehearse.LoadStack(pf.stackDir, stack)
	} else {
		cfg, notes, err = rehearse.PresetConfig(pf.preset, firstNonEmpty(region, "us-west-2"))
		if err != nil {
			err = fmt.Errorf("--preset %q: %w", pf.preset, err)
		}
	}
	if err != nil {
		return cfg, "", usagef("%v", err)
	}
	if region != "" {
		cfg.Region = region
	}
	for _, n := range notes {
		fmt.Fprintf(stderr, "[plan] note: %s\n", n)
	}
	return cfg, source, nil
}

// planVars fill a template's variables for reading its requests; no value
// here decides a pod's resources.
var planVars = template.Vars{SessionID: "lg-plan", JobName: "lg-plan-0", Namespace: "emr-jobs-0", VirtualClusterID: "plan",
	ExecutionRoleARN: "arn:aws:iam::000000000000:role/plan", Bucket: "plan", ReleaseLabel: "emr-7.9.0-latest",
	Region: "us-west-2", AccountID: "000000000000"}

// planJob renders the template's first job and reads its pods.
func planJob(name, kind string) (plan.Job, error) {
	if kind == "operator" {
		m, err := loadManifest(name)
		if err != nil {
			return plan.Job{}, err
		}
		obj, err := m.Render(planVars, operator.Placement{})
		if err != nil {
			return plan.Job{}, usagef("--template %s: %v", name, err)
		}
		j, err := plan.FromSparkApplication(obj.Object)
		return j, wrapUsage("--template "+name, err)
	}
	t, err := loadTemplate(name, kind)
	if err != nil {
		return plan.Job{}, err
	}
	in, err := t.Render(planVars, template.Placement{})
	if err != nil {
		return plan.Job{}, usagef("--template %s: %v", name, err)
	}
	body, err := template.MarshalCLIInput(in)
	if err != nil {
		return plan.Job{}, err
	}
	j, err := plan.FromStartJobRun(body)
	return j, wrapUsage("--template "+name, err)
}

// expectedRunTime is --expected-run-time, else the mean of --local-run-time.
func expectedRunTime(given time.Duration, localRunTime string, set bool) (time.Duration, error) {
	if set {
		if given <= 0 {
			return 0, usagef("--expected-run-time %v: want a positive duration, e.g. 10m", given)
		}
		return given, nil
	}
	th, err := pace.ParseThink(localRunTime)
	if err != nil {
		return 0, usagef("--local-run-time %q: %v", localRunTime, err)
	}
	return (th.Min + th.Max) / 2, nil
}

// planLoad turns the run's load model into the plan's arrivals: the open
// model's pacer, or for the closed model users / mean think time (a user
// submits, waits only for the call, thinks, repeats).
func planLoad(r *runFlags, load runner.Config) plan.Load {
	l := plan.Load{Length: load.Duration, MaxJobs: load.MaxJobs}
	if st, ok := load.Pacer.(pace.Staged); ok {
		var total time.Duration
		for _, s := range st.Stages {
			total += s.Duration
		}
		if l.Length == 0 || total < l.Length {
			l.Length = total
		}
	}
	if load.Pacer != nil {
		l.Model = "open: " + r.rate + r.stages
		l.Rate = func(t time.Duration) float64 { return float64(load.Pacer.Rate(t)) }
	} else {
		mean := (load.Think.Min + load.Think.Max) / 2
		per := float64(load.Users) / max(mean.Seconds(), 1)
		l.Model = fmt.Sprintf("closed: %d users, think %s (%.1f jobs/min)", load.Users, load.Think, per*60)
		l.Rate = func(time.Duration) float64 { return per }
		l.Random = load.Think.Max > load.Think.Min
		l.Burst = plan.OpeningBurst(load.Users, load.SpawnRate)
	}
	if l.Length == 0 && l.MaxJobs > 0 && l.Rate(0) > 0 {
		l.Length = time.Duration(float64(l.MaxJobs) / l.Rate(0) * float64(time.Second))
	}
	return l
}

// printValidatePlan is validate's hook: the plan of a validated run, when
// its --stack has a Pulumi.<stack>.yaml in the working directory (outputs
// carry no limits). It never fails validate: a plan it cannot make is one
// line saying why.
func printValidatePlan(args []string, env Env) {
	r, pf := &runFlags{fromEnv: map[string]bool{}}, &planFlags{}
	fs := newFlagSet("loadgen validate", validateSynopsis, io.Discard)
	r.register(fs)
	fs.Bool("server-dry-run", false, "")
	set, err := parse(fs, args, env.getenv)
	if err != nil {
		return // validate reported it already
	}
	if r.target.stack == "" {
		fmt.Fprintln(env.Stdout, "plan: give --stack NAME (with Pulumi.NAME.yaml here) for the capacity plan, or run loadgen plan --preset dev|scale")
		return
	}
	pf.stackDir, r.target.region = ".", "" // --region is the submission's; the stack file has aws:region
	p, err := makePlan(r, pf, set, env.Stderr)
	if err != nil {
		fmt.Fprintf(env.Stdout, "plan: not made: %v\n", err)
		return
	}
	_ = p.WriteText(env.Stdout)
}
