package cli

import (
	"flag"
	"time"

	"github.com/emr-eks-loadtest/emr-eks-loadtest/loadgen/emr"
	"github.com/emr-eks-loadtest/emr-eks-loadtest/loadgen/engine"
	"github.com/emr-eks-loadtest/emr-eks-loadtest/loadgen/flagnames"
	"github.com/emr-eks-loadtest/emr-eks-loadtest/loadgen/localemr"
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
	DefaultProgressEvery = 10 * time.Second
	DefaultLocalVCs      = 3
)

// targetFlags say where to submit; shared by run, validate and stop.
type targetFlags struct {
	outputs, stack, endpoint               string
	region, role, bucket, release, account string
	cluster, vcs, namespaces, azs          string
	maxAttempts                            int
	retryMode                              string
}

func (t *targetFlags) register(fs *flag.FlagSet) {
	fs.StringVar(&t.outputs, flagnames.Outputs, "", "stack outputs: a file holding `pulumi stack output --json --show-secrets`, or - for stdin")
	fs.StringVar(&t.stack, "stack", "", "Pulumi stack `name`: runs pulumi stack output --json --show-secrets --stack NAME for you")
	fs.StringVar(&t.endpoint, "endpoint", "", "emr-containers base `URL` (e.g. a `loadgen serve-local` instance); default: AWS, or the in-process local target when no outputs are given")
	fs.StringVar(&t.region, "region", "", "AWS region (default: outputs, then us-east-1 for the local target)")
	fs.StringVar(&t.role, "execution-role-arn", "", "EMR job execution role ARN (default: outputs emrExecutionRoleArn)")
	fs.StringVar(&t.bucket, "bucket", "", "S3 bucket for job logs and data (default: outputs emrBucket)")
	fs.StringVar(&t.release, "release-label", "", "EMR release label (default: outputs emrReleaseLabel, else emr-7.9.0-latest)")
	fs.StringVar(&t.account, "account-id", "", "AWS account id (default: outputs accountId)")
	fs.StringVar(&t.cluster, "cluster-name", "", "EKS cluster name, for --create-virtual-clusters (default: outputs clusterName)")
	fs.StringVar(&t.vcs, "virtual-clusters", "", "virtual clusters to submit to: `NS=ID,...` or ID,... (default: outputs virtualClusterIds)")
	fs.StringVar(&t.namespaces, "namespaces", "", "job namespaces, comma-separated, for --create-virtual-clusters (default: outputs jobNamespaces)")
	fs.StringVar(&t.azs, "azs", "", "availability zones for placement, comma-separated (default: outputs availabilityZones; empty: no zone selector)")
	fs.StringVar(&t.retryMode, "retry-mode", emr.RetryAdaptive, "StartJobRun's SDK retry mode: adaptive (also slows submission down after throttling) or standard (backoff only); tracking, stop and setup always use standard retries on their own client")
	fs.IntVar(&t.maxAttempts, "max-attempts", emr.DefaultMaxAttempts, "StartJobRun calls per request including retries (other calls: 5, standard retries)")
}

type localFlags struct {
	capacity, queueLimit, vcs         int
	queueDelay, startLatency, runTime string
	failRatio, throttle, serverErr    float64
	seed                              int64
}

func (l *localFlags) register(fs *flag.FlagSet) {
	fs.IntVar(&l.capacity, "local-capacity", localemr.DefaultCapacity, "local target: concurrent running jobs the modelled cluster holds (0 = unlimited)")
	fs.IntVar(&l.queueLimit, "local-queue-limit", 0, "local target: jobs waiting per virtual cluster before StartJobRun is refused as queue full (0 = unlimited)")
	fs.IntVar(&l.vcs, "local-virtual-clusters", DefaultLocalVCs, "local target: virtual clusters (namespaces emr-jobs-1..N)")
	fs.StringVar(&l.queueDelay, "local-queue-delay", localemr.DefaultQueueDelay, "local target: PENDING -> SUBMITTED delay, `MIN-MAX` durations")
	fs.StringVar(&l.startLatency, "local-start-latency", localemr.DefaultStartLatency, "local target: SUBMITTED -> RUNNING delay once capacity is free, MIN-MAX")
	fs.StringVar(&l.runTime, "local-run-time", localemr.DefaultRunTime, "local target: RUNNING -> finished, MIN-MAX (the old toolkit's Pi job ran 500-800 s)")
	fs.Float64Var(&l.failRatio, "local-fail-ratio", 0, "local target: share of jobs that end FAILED, 0..1")
	fs.Float64Var(&l.throttle, "local-throttle-ratio", 0, "local target: share of requests answered with ThrottlingException, 0..1")
	fs.Float64Var(&l.serverErr, "local-5xx-ratio", 0, "local target: share of requests answered with a 5xx, 0..1")
	fs.Int64Var(&l.seed, "local-seed", localemr.DefaultSeed, "local target: random seed of the model")
}

type runFlags struct {
	p2        part2Flags
	target    targetFlags
	local     localFlags
	template  string
	createVCs bool

	users               int
	spawnRate           float64
	think, rate, stages string
	duration, lateAfter time.Duration
	maxJobs             int64
	maxInFlight         int

	azPolicy, vcPolicy, driverPool, executorPool, scheduler string

	session, runsDir                         string
	trackInterval, trackAfter, progressEvery time.Duration
	trackFullInterval                        time.Duration
	trackPods                                string
	thresholds                               listFlag
	verdict                                  verdictFlags // verdict.go

	callTimeout, retryGrace time.Duration
	fromEnv                 map[string]bool // flags the environment set (label)
}

func (r *runFlags) register(fs *flag.FlagSet) {
	r.p2.register(fs)
	r.target.register(fs)
	r.local.register(fs)
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
	fs.DurationVar(&r.progressEvery, "progress-every", DefaultProgressEvery, "progress log line interval when stderr is not a terminal (a terminal refreshes every second)")
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
