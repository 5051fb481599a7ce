package search

import (
	"context"
	"fmt"
	"time"

	"github.com/emr-eks-loadtest/emr-eks-loadtest/loadgen/pace"
	"github.com/emr-eks-loadtest/emr-eks-loadtest/loadgen/threshold"
)

// System is what a search drives: one continuous load whose arrival rate
// it sets, the jobs it learns about, and the clock they are timed by.
type System interface {
	Now() time.Time
	// Offer sets the arrival rate for d from where the previous offer ended
	// (or now) and returns when that starts. Rate 0 pauses submissions.
	Offer(rate pace.Rate, d time.Duration) time.Time
	// Wait blocks until the system's clock reaches t, or ctx ends (its error).
	Wait(ctx context.Context, t time.Time) error
	Jobs() *Jobs
}

// Config is one search.
type Config struct {
	Plan Plan
	SLOs []threshold.Threshold
	Rule StabilityRule
	// Warmup is discarded at the start of every step (at least a job's run
	// time, so the running set has turned over at the new rate); Window is
	// measured; Settle runs on at the step's rate after the window so that
	// tracking has seen the window's jobs start (a few tracking intervals).
	Warmup, Window, Settle time.Duration
	// DrainBetween waits before each step until no job of earlier steps is
	// live; without it they run on into the next step, and only after a bad
	// step is the backlog (jobs not yet running) let drain first.
	DrainBetween bool
	DrainPoll    time.Duration // how often a drain looks (0: 1s)
	// GeneratorLimit is the share of a window's planned submissions that may
	// be late or dropped before the generator, not the target, is the limit.
	GeneratorLimit float64
	MaxJobs        int64 // stop before a step would plan more jobs in total (0: no limit)
	MaxSteps       int   // 0: DefaultMaxSteps
	// Budget stops the search before a step whose estimated spend (of the
	// jobs planned by its end and the time spent by its end) would exceed
	// Budget.LimitUSD; with figures, every step records its estimated spend.
	Budget Budget
	OnStep func(Step) // called after each judged step (progress)
}

// DefaultGeneratorLimit is Config.GeneratorLimit's default.
const DefaultGeneratorLimit = 0.01

// Run searches until the bracket is within the precision, a bound stops it,
// or ctx ends; the result holds everything found so far either way.
func Run(ctx context.Context, cfg Config, sys System) Result {
	cfg = withDefaults(cfg)
	b := bracket{plan: cfg.Plan}
	res := Result{Plan: cfg.Plan, Warmup: cfg.Warmup, Window: cfg.Window}
	if cfg.Budget.Known() || cfg.Budget.LimitUSD > 0 {
		res.Budget = &cfg.Budget
	}
	start, prevBad := sys.Now(), false
	for n := 1; ; n++ {
		rate, phase, done := b.next()
		if done == "" {
			done = cfg.bound(n, rate, sys, start)
		}
		if done != "" {
			res.Stopped = done
			break
		}
		recovered, err := cfg.recover(ctx, sys, n > 1 && cfg.DrainBetween, prevBad)
		var step Step
		if err == nil {
			step, err = cfg.step(ctx, sys, n, rate, phase)
		}
		if err != nil {
			res.Stopped, res.Interrupted = "interrupted: "+err.Error(), true
			break
		}
		step.Recovered = recovered
		if cfg.Budget.Known() {
			step.SpendUSD = cfg.Budget.Cost(sys.Jobs().Planned(), sys.Now().Sub(start))
		}
		res.Steps = append(res.Steps, step)
		if cfg.OnStep != nil {
			cfg.OnStep(step)
		}
		if step.Verdict == VerdictGenerator {
			res.Stopped = "generator-limited: " + step.Why
			break
		}
		b.record(rate, step.Verdict == VerdictGood)
		prevBad = step.Verdict == VerdictBad
	}
	res.finish(b)
	return res
}

func withDefaults(c Config) Config {
	if c.MaxSteps <= 0 {
		c.MaxSteps = DefaultMaxSteps
	}
	if c.DrainPoll <= 0 {
		c.DrainPoll = time.Second
	}
	if c.Rule.Batches == 0 {
		c.Rule = DefaultStabilityRule()
	}
	if c.GeneratorLimit == 0 {
		c.GeneratorLimit = DefaultGeneratorLimit
	}
	if c.Plan.Growth <= 1 {
		c.Plan.Growth = DefaultGrowth
	}
	if c.Plan.Precision <= 0 {
		c.Plan.Precision = DefaultPrecision
	}
	return c
}

// stepLength is a step's whole duration on the system's clock.
func (c Config) stepLength() time.Duration { return c.Warmup + c.Window + c.Settle }

// bound says why step n at rate may not run ("" when it may).
func (c Config) bound(n int, rate pace.Rate, sys System, start time.Time) string {
	planned := sys.Jobs().Planned()
	next := planned + int(float64(rate)*c.stepLength().Seconds()+0.5)
	switch {
	case n > c.MaxSteps:
		return fmt.Sprintf("%d steps run (the most a search makes)", c.MaxSteps)
	case c.MaxJobs > 0 && int64(next) > c.MaxJobs:
		return fmt.Sprintf("--max-jobs %d: the next step at %s would bring the total to %d jobs", c.MaxJobs, rate, next)
	}
	return c.Budget.exceeded(rate, next, sys.Now().Sub(start)+c.stepLength())
}

// recover pauses submissions before a step: until no job is live (drainAll)
// or, after a bad step, until the backlog is gone, so that a step is not
// judged on the overload of the one before. It gives up after two steps'
// length and returns how long it paused.
func (c Config) recover(ctx context.Context, sys System, drainAll, afterBad bool) (time.Duration, error) {
	if !drainAll && !afterBad {
		return 0, nil
	}
	begin := sys.Now()
	limit := begin.Add(2 * c.stepLength())
	for {
		backlog, live := sys.Jobs().Backlog()
		if (drainAll && live == 0) || (!drainAll && backlog == 0) || !sys.Now().Before(limit) {
			return sys.Now().Sub(begin), nil
		}
		at := sys.Offer(0, c.DrainPoll)
		if err := sys.Wait(ctx, at.Add(c.DrainPoll)); err != nil {
			return sys.Now().Sub(begin), err
		}
	}
}
