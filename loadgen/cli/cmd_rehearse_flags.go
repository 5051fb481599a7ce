package cli

import (
	"flag"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/emr-eks-loadtest/emr-eks-loadtest/internal/rehearse"
	"github.com/emr-eks-loadtest/emr-eks-loadtest/loadgen/localemr"
)

const rehearseSynopsis = `loadgen rehearse [flags] [run flags]: run a load plan against a local twin of the stack's scheduling
and scaling (real kube-apiserver, kube-scheduler with the stack's binpacking profile, Karpenter core with
its kwok provider launching simulated nodes of the NodePools' instance types; Spark simulated as pods)
before paying for EC2. Needs a checkout of this repository (scripts/testbin.sh builds the binaries; the
first run builds what is missing). Every flag of ` + "`loadgen run`" + ` is taken (load plan, template,
placement, thresholds); the target is the rehearsal's own EMR endpoint. Reports go to <runs-dir>/<session>/
as for run; report.json ("cluster") and report.html carry the cluster section (nodes, pending pods, packing,
latencies, node-hours, cost, and loadgen plan's prediction beside what was measured), cluster.json its source.`

// rehearseFlags are rehearse's own flags; the rest go to run.
type rehearseFlags struct {
	stack, preset, region  string
	timeScale              float64
	nodeStartDelay, settle time.Duration
	runTime                string
	failRatio              float64
	seed                   int64
	compare                string
}

func (f *rehearseFlags) register(fs *flag.FlagSet) {
	fs.StringVar(&f.stack, "stack", "", "stack whose Pulumi.<stack>.yaml (in the working directory) configures the twin, read as `pulumi up` reads it (default: --preset)")
	fs.StringVar(&f.preset, "preset", "dev", "preset to rehearse when no --stack is given")
	fs.StringVar(&f.region, "region", "", "region of the price table (default: the stack's aws:region, else us-west-2)")
	fs.Float64Var(&f.timeScale, "time-scale", 1, "divide job run times and the node start delay by this factor (>= 1) to shorten long plans; the report says so")
	fs.DurationVar(&f.nodeStartDelay, "node-start-delay", rehearse.DefaultNodeStartDelay, "modelled time from Karpenter's launch to a registered node (EC2 launch + boot + join; an assumption: set your account's figure), before --time-scale; 0 for none")
	fs.DurationVar(&f.settle, "settle", 2*time.Minute, "after the run, keep the twin up and watched this long, so Karpenter's consolidation (consolidateAfter 1m in the stack's pools, not time-scaled) and the idle nodes' cost show in the cluster section; 0 to stop at once")
	fs.StringVar(&f.runTime, "local-run-time", localemr.DefaultRunTime, "job run time once the driver runs, `MIN-MAX` durations (uniform), before --time-scale; the default is run's and plan's (the modelled job), so `loadgen plan` with the same flags plans the same jobs")
	fs.Float64Var(&f.failRatio, "local-fail-ratio", 0, "share of jobs whose driver ends Failed, 0..1")
	fs.Int64Var(&f.seed, "local-seed", localemr.DefaultSeed, "random seed of the run-time draws")
	fs.StringVar(&f.compare, "compare", "", "run the same plan a second time on a fresh twin with one thing changed and report both side by side: "+compareDefaultScheduler+" (the default kube-scheduler instead of the binpacking one); "+compareCAS+" is not available here")
}

// splitRehearseArgs separates rehearse's own flags from run's.
func splitRehearseArgs(args []string, stderr io.Writer) (*rehearseFlags, []string, error) {
	f := &rehearseFlags{}
	fs := newFlagSet("loadgen rehearse", rehearseSynopsis, stderr)
	f.register(fs)
	var own, rest []string
	for i := 0; i < len(args); i++ {
		a := args[i]
		name, _, hasValue := strings.Cut(strings.TrimLeft(a, "-"), "=")
		if a == "--help" || a == "-h" || a == "-help" {
			fs.SetOutput(stderr)
			fs.Usage()
			fmt.Fprintln(stderr, "\nand every flag of `loadgen run` (loadgen run --help) but its target flags (--endpoint, --virtual-clusters, --outputs).")
			return nil, nil, flag.ErrHelp
		}
		if !strings.HasPrefix(a, "-") || fs.Lookup(name) == nil {
			rest = append(rest, a)
			continue
		}
		own = append(own, a)
		if !hasValue && i+1 < len(args) {
			i++
			own = append(own, args[i])
		}
	}
	if err := fs.Parse(own); err != nil {
		return nil, nil, usagef("%v", err)
	}
	if f.timeScale < 1 || f.timeScale != f.timeScale {
		return nil, nil, usagef("--time-scale %v: want a factor >= 1 (e.g. 10 runs a 10-minute job in 1 minute)", f.timeScale)
	}
	if f.nodeStartDelay < 0 || f.settle < 0 {
		return nil, nil, usagef("--node-start-delay %v / --settle %v: want 0 or a positive duration", f.nodeStartDelay, f.settle)
	}
	for _, forbidden := range []string{"endpoint", "virtual-clusters", "outputs"} {
		if argGiven(rest, forbidden) {
			return nil, nil, usagef("--%s: a rehearsal runs against its own EMR endpoint on the twin: drop it (use `loadgen run` for another target)", forbidden)
		}
	}
	return f, rest, nil
}

// argGiven reports whether --name or --name=... is among args.
func argGiven(args []string, name string) bool {
	_, ok := argValue(args, name)
	return ok
}

// argValue is the value of --name in args ("" for a bare flag).
func argValue(args []string, name string) (string, bool) {
	for i, a := range args {
		if !strings.HasPrefix(a, "-") {
			continue
		}
		n, v, hasValue := strings.Cut(strings.TrimLeft(a, "-"), "=")
		if n != name {
			continue
		}
		if !hasValue && i+1 < len(args) {
			v = args[i+1]
		}
		return v, true
	}
	return "", false
}
