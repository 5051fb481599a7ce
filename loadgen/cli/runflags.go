package cli

import (
	"flag"

	"github.com/emr-eks-loadtest/emr-eks-loadtest/loadgen/flagnames"
	"github.com/emr-eks-loadtest/emr-eks-loadtest/loadgen/template"
)

// Defaults of the run flags outside the groups.
const (
	DefaultTemplate = "spark-pi"
	DefaultRunsDir  = "runs"
)

// runFlags are `loadgen run`'s (validate, plan, search and rehearse take
// them too): the groups by concern, each in its own file (flags_*.go), then
// the target's name, the template, the session, and the verdict. The load,
// placement, tracking and call groups are embedded, so their fields read as
// the run's own (r.rate, r.driverPool); the others are named.
type runFlags struct {
	target         targetFlags   // where to submit (flags_target.go)
	local          localFlags    // the in-process local target (flags_local.go)
	operator       operatorFlags // the operator target (flags_operator.go)
	live           liveFlags     // the live page, /metrics and the progress line (flags_live.go)
	scaleOut       scaleOutFlags // workers sharing the plan, and where results go (flags_scaleout.go)
	loadFlags                    // the load model and its bounds (flags_load.go)
	placementFlags               // zones, virtual clusters, NodePools, scheduler (flags_placement.go)
	trackingFlags                // following jobs to their final state (flags_tracking.go)
	callFlags                    // one submission call's deadlines (flags_calls.go)

	targetKind string // --target: emr, local, operator, or "" (chosen from the inputs)
	template   string

	session, runsDir string
	thresholds       listFlag
	verdict          verdictFlags // verdict.go

	fromEnv map[string]bool // flags the environment set (label)
}

func (r *runFlags) register(fs *flag.FlagSet) {
	r.target.register(fs)
	r.local.register(fs)
	r.operator.register(fs)
	r.live.register(fs)
	r.scaleOut.register(fs)
	r.loadFlags.register(fs)
	r.placementFlags.register(fs)
	r.trackingFlags.register(fs)
	r.callFlags.register(fs)
	fs.StringVar(&r.targetKind, "target", "", "submission target: emr, local or operator (SparkApplications through client-go); default: emr with outputs/--endpoint, else local")
	fs.StringVar(&r.template, flagnames.Template, DefaultTemplate, "job template: a StartJobRun --cli-input-json file, or a shipped one: spark-pi, tpcds")
	fs.StringVar(&r.session, "session", "", "session id (default: generated lg-YYYYMMDD-HHMMSS-xxxx); prefixes every job-run name")
	fs.StringVar(&r.runsDir, flagnames.RunsDir, DefaultRunsDir, "directory holding runs/<session>/journal.jsonl and the reports")
	fs.Var(&r.thresholds, "threshold", "pass/fail rule, repeatable, e.g. 'submit_p99<2s', 'failed_ratio<0.01', 'time_to_running_p95<120s'; a breach exits 4")
	r.verdict.register(fs)
}

// templateOverrides are the flags that replace a value written into the
// template itself; values from the stack outputs never do.
func templateOverrides(r *runFlags, set map[string]bool) template.Overrides {
	var o template.Overrides
	if set["execution-role-arn"] {
		o.ExecutionRoleARN = r.target.role
	}
	if set["release-label"] {
		o.ReleaseLabel = r.target.release
	}
	return o
}

// RunFlagNames lists the flags `loadgen run` takes, sorted (for programs that
// write loadgen command lines, e.g. the stack's in-cluster load generator).
func RunFlagNames() []string {
	fs := flag.NewFlagSet("loadgen run", flag.ContinueOnError)
	(&runFlags{}).register(fs)
	var names []string
	fs.VisitAll(func(f *flag.Flag) { names = append(names, f.Name) })
	return names
}
