package sparksim

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"strconv"
	"strings"
	"time"
)

// RunTimeKey is a Spark property a template may set to give its own run
// time in a rehearsal ("90s" or "500s-800s"), in place of RunTime's range.
// Spark ignores it (an unknown spark.* property).
const RunTimeKey = "spark.loadgen.runTime"

// RunTime is how long drivers run once Running, and how many fail.
type RunTime struct {
	// Min and Max bound a uniform run time (Min == Max: constant), in model
	// time; RunTimeKey in the app's conf overrides them.
	Min, Max time.Duration
	// TimeScale F > 1 shortens every run time by F (0 means 1).
	TimeScale float64
	// FailRatio is the share of drivers that end Failed, in [0, 1].
	FailRatio float64
}

// Validate reports every bad field at once, naming it.
func (r RunTime) Validate() error {
	var errs []error
	if r.Min < 0 || r.Max < r.Min {
		errs = append(errs, fmt.Errorf("RunTime.Min/Max: %s-%s is invalid: need 0 <= min <= max", r.Min, r.Max))
	}
	if r.TimeScale < 0 || r.TimeScale != r.TimeScale {
		errs = append(errs, fmt.Errorf("RunTime.TimeScale: %v is invalid: want a factor > 0 (0 means 1)", r.TimeScale))
	}
	if r.FailRatio < 0 || r.FailRatio > 1 || r.FailRatio != r.FailRatio {
		errs = append(errs, fmt.Errorf("RunTime.FailRatio: %v is out of range: want a ratio between 0 and 1", r.FailRatio))
	}
	return errors.Join(errs...)
}

// Sample draws one driver's End: the run time (app's RunTimeKey, else
// [Min, Max]) divided by TimeScale, and whether it fails.
func (r RunTime) Sample(rng *rand.Rand, app App) (End, error) {
	lo, hi := r.Min, r.Max
	if s, ok := app.Conf[RunTimeKey]; ok {
		var err error
		if lo, hi, err = parseRange(s); err != nil {
			return End{}, fmt.Errorf("%s %q: %w", RunTimeKey, s, err)
		}
	}
	d := lo
	if hi > lo {
		d += time.Duration(rng.Int64N(int64(hi-lo) + 1))
	}
	wait, err := executorWait(app)
	if err != nil {
		return End{}, err
	}
	if r.TimeScale > 0 {
		d = time.Duration(float64(d) / r.TimeScale)
		wait = time.Duration(float64(wait) / r.TimeScale)
	}
	return End{After: d.Round(time.Millisecond), Fail: rng.Float64() < r.FailRatio, ExecutorWait: wait.Round(time.Millisecond)}, nil
}

// Spark waits for executors before it schedules work: until
// spark.scheduler.minRegisteredResourcesRatio of them (default 0.8 on
// Kubernetes) have registered, or spark.scheduler.maxRegisteredResourcesWaitingTime
// (default 30s) has passed (https://spark.apache.org/docs/3.5.6/configuration.html#scheduling).
const (
	defaultMinRegisteredRatio = 0.8
	defaultExecutorWait       = 30 * time.Second
)

func executorWait(app App) (time.Duration, error) {
	s := app.Conf.get("spark.scheduler.maxRegisteredResourcesWaitingTime", "")
	if s == "" {
		return defaultExecutorWait, nil
	}
	if n, err := strconv.ParseInt(s, 10, 64); err == nil && n >= 0 {
		return time.Duration(n) * time.Millisecond, nil // Spark's unit for a bare number
	}
	d, err := time.ParseDuration(s)
	if err != nil || d < 0 {
		return 0, fmt.Errorf("spark.scheduler.maxRegisteredResourcesWaitingTime %q: want a duration like 30s", s)
	}
	return d, nil
}

func minRegisteredRatio(app App) (float64, error) {
	s := app.Conf.get("spark.scheduler.minRegisteredResourcesRatio", "")
	if s == "" {
		return defaultMinRegisteredRatio, nil
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil || f < 0 || f > 1 {
		return 0, fmt.Errorf("spark.scheduler.minRegisteredResourcesRatio %q: want a ratio between 0 and 1", s)
	}
	return f, nil
}

func parseRange(s string) (time.Duration, time.Duration, error) {
	a, b, isRange := strings.Cut(strings.TrimSpace(s), "-")
	lo, err := time.ParseDuration(strings.TrimSpace(a))
	if err != nil || lo < 0 {
		return 0, 0, errors.New(`want a duration like "90s" or a range like "500s-800s"`)
	}
	if !isRange {
		return lo, lo, nil
	}
	hi, err := time.ParseDuration(strings.TrimSpace(b))
	if err != nil || hi < lo {
		return 0, 0, errors.New(`want a range like "500s-800s" with min <= max`)
	}
	return lo, hi, nil
}
