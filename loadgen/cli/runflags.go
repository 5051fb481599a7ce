package cli

import (
	"flag"
	"time"

	"github.com/emr-eks-loadtest/emr-eks-loadtest/loadgen/emr"
	"github.com/emr-eks-loadtest/emr-eks-loadtest/loadgen/engine"
	"github.com/emr-eks-loadtest/emr-eks-loadtest/loadgen/flagnames"
	"github.com/emr-eks-loadtest/emr-eks-loadtest/loadgen/runner"
	"github.com/emr-eks-loadtest/emr-eks-loadtest/loadgen/template"
)

// Defaults of the run flags.
const (
	DefaultTemplate      = "spark-pi"
	DefaultDuration      = 10 * time.Minute
	DefaultUsers         = 10
	DefaultSpawnRate     = 1.0
	DefaultThink         = "20s-30s"
	DefaultRunsDir       = "runs"
	DefaultTrackInterval = emr.DefaultTrackInterval
	DefaultLocalVCs      = 3
)

// runFlags are `loadgen run`'s (validate, plan, search and rehearse take
// them too): the groups by concern, each in its own file (flags_*.go), then
// the target's name, the template, the load model, placement, tracking,
// deadlines and the verdict.
type runFlags struct {
	target   targetFlags   // where to submit (flags_target.go)
	local    localFlags    // the in-process local target (flags_local.go)
	operator operatorFlags // the operator target (flags_operator.go)
	live     liveFlags     // the live page, /metrics and the progress line (flags_live.go)
	scaleOut scaleOutFlags // workers sharing the plan, and where results go (flags_scaleout.go)

	targetKind string // --target: emr, local, operator, or "" (chosen from the inputs)
	template   string
	createVCs  bool

	users               int
	spawnRate           float64
	think, rate, stages string
	duration, lateAfter time.Duration
	maxJobs             int64
	maxInFlight         int

	azPolicy, vcPolicy, driverPool, executorPool, scheduler string

	session, runsDir          string
	trackInterval, trackAfter time.Duration
	trackFullInterval         time.Duration
	trackPods                 string
	thresholds                listFlag
	verdict                   verdictFlags // verdict.go

	callTimeout, retryGrace time.Duration
	fromEnv                 map[string]bool // flags the environment set (label)
}

func (r *runFlags) register(fs *flag.FlagSet) {
	r.target.register(fs)
	r.local.register(fs)
	r.operator.register(fs)
	r.live.register(fs)
	r.scaleOut.register(fs)
	fs.StringVar(&r.targetKind, "target", "", "submission target: emr, local or operator (SparkApplications through client-go); default: emr with outputs/--endpoint, else local")
	fs.StringVar(&r.template, flagnames.Template, DefaultTemplate, "job template: a StartJobRun --cli-input-json file, or a shipped one: spark-pi, tpcds")
	fs.BoolVar(&r.createVCs, "create-virtual-clusters", false, "create one session-owned virtual cluster per job namespace (removed by loadgen stop)")
	fs.IntVar(&r.users, "users", DefaultUsers, "closed model: concurrent users, each submits, waits for the call, thinks, repeats")
	fs.Float64Var(&r.spawnRate, "spawn-rate", DefaultSpawnRate, "closed model: users started per second (0 = all at once)")
	fs.StringVar(&r.think, "think-time", DefaultThink, "closed model: pause after each submission, `MIN-MAX` (uniform) or one duration")
	fs.StringVar(&r.rate, "rate", "", "open model: constant arrival `rate`, e.g. 150/min, 2/s, 100/h")
	fs.StringVar(&r.stages, "stages", "", "open model: linear ramps `DUR:RATE,...` from 0, e.g. 5m:60/min,10m:150/min,5m:0 (a 0s stage is a step)")
	fs.DurationVar(&r.duration, "duration", DefaultDuration, "stop scheduling after this long (0 = until the plan or --max-jobs ends)")
	fs.Int64Var(&r.maxJobs, "max-jobs", 0, "stop after this many planned submissions (0 = no limit)")
	fs.IntVar(&r.maxInFlight, "max-in-flight", runner.DefaultMaxInFlight, "open model: StartJobRun calls outstanding at most; a submission due beyond it is not sent and counted dropped")
	fs.DurationVar(&r.lateAfter, "late-after", runner.DefaultLateAfter, "open model: a submission that would start this far behind its schedule is not sent and counted late")
	fs.StringVar(&r.azPolicy, "az-policy", engine.PolicyRoundRobin, "AZ per job: random or round-robin")
	fs.StringVar(&r.vcPolicy, "vc-policy", engine.PolicyRoundRobin, "virtual cluster per job: random or round-robin")
	fs.StringVar(&r.driverPool, "driver-nodepool", "", "Karpenter NodePool for drivers (node selector karpenter.sh/nodepool; empty: none)")
	fs.StringVar(&r.executorPool, "executor-nodepool", "", "Karpenter NodePool for executors (empty: none)")
	fs.StringVar(&r.scheduler, "scheduler-name", "", "Kubernetes scheduler for the job's pods (default: outputs schedulerName if --scheduler-name=outputs, else the default scheduler)")
	fs.StringVar(&r.session, "session", "", "session id (default: generated lg-YYYYMMDD-HHMMSS-xxxx); prefixes every job-run name")
	fs.StringVar(&r.runsDir, flagnames.RunsDir, DefaultRunsDir, "directory holding runs/<session>/journal.jsonl and the reports")
	fs.StringVar(&r.trackPods, "track-pods", TrackPodsAuto, trackPodsUsage)
	fs.DurationVar(&r.trackInterval, "track-interval", DefaultTrackInterval, "ListJobRuns start scan interval when polling (not with the pod watch), only on virtual clusters with jobs not yet RUNNING: started times are late by at most this")
	fs.DurationVar(&r.trackFullInterval, "track-full-interval", emr.DefaultTrackFullInterval, "longest pause between ListJobRuns finish scans when polling (15 track intervals while jobs finish, doubling up to this while none does); finish times stay exact, only the live view lags. With the pod watch: its safety-net scan interval, 30m unless given")
	fs.DurationVar(&r.trackAfter, "track-after", 0, "after the last submission keep tracking this long, or until no job is live (e.g. 15m to see jobs finish)")
	fs.DurationVar(&r.callTimeout, "call-timeout", engine.DefaultCallTimeout, "deadline of one StartJobRun call, retries included: a call still unanswered then is recorded as unknown outcome and resolved by tracking")
	fs.DurationVar(&r.retryGrace, "retry-grace", engine.DefaultRetryGrace, "retries stop this long after the end of --duration (a call still retrying then ends with its last error)")
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
