package cli

import (
	"flag"

	"github.com/emr-eks-loadtest/emr-eks-loadtest/loadgen/localemr"
)

// DefaultLocalVCs is --local-virtual-clusters' default.
const DefaultLocalVCs = 3

// localFlags shape the in-process local target (refused with any other
// target: localOnly).
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
