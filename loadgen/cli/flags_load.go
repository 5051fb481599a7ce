package cli

import (
	"flag"
	"time"

	"github.com/emr-eks-loadtest/emr-eks-loadtest/loadgen/runner"
)

// Defaults of the load-model flags.
const (
	DefaultDuration  = 10 * time.Minute
	DefaultUsers     = 10
	DefaultSpawnRate = 1.0
	DefaultThink     = "20s-30s"
)

// loadFlags are the load model: the closed model (users, spawn rate, think
// time) or the open one (a rate or ramps), how long it schedules, and the
// bounds that turn a submission away instead of sending it late.
type loadFlags struct {
	users               int
	spawnRate           float64
	think, rate, stages string
	duration, lateAfter time.Duration
	maxJobs             int64
	maxInFlight         int
}

func (l *loadFlags) register(fs *flag.FlagSet) {
	fs.IntVar(&l.users, "users", DefaultUsers, "closed model: concurrent users, each submits, waits for the call, thinks, repeats")
	fs.Float64Var(&l.spawnRate, "spawn-rate", DefaultSpawnRate, "closed model: users started per second (0 = all at once)")
	fs.StringVar(&l.think, "think-time", DefaultThink, "closed model: pause after each submission, `MIN-MAX` (uniform) or one duration")
	fs.StringVar(&l.rate, "rate", "", "open model: constant arrival `rate`, e.g. 150/min, 2/s, 100/h")
	fs.StringVar(&l.stages, "stages", "", "open model: linear ramps `DUR:RATE,...` from 0, e.g. 5m:60/min,10m:150/min,5m:0 (a 0s stage is a step)")
	fs.DurationVar(&l.duration, "duration", DefaultDuration, "stop scheduling after this long (0 = until the plan or --max-jobs ends)")
	fs.Int64Var(&l.maxJobs, "max-jobs", 0, "stop after this many planned submissions (0 = no limit)")
	fs.IntVar(&l.maxInFlight, "max-in-flight", runner.DefaultMaxInFlight, "open model: StartJobRun calls outstanding at most; a submission due beyond it is not sent and counted dropped")
	fs.DurationVar(&l.lateAfter, "late-after", runner.DefaultLateAfter, "open model: a submission that would start this far behind its schedule is not sent and counted late")
}
