package cli

import (
	"errors"
	"flag"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/emr-eks-loadtest/emr-eks-loadtest/loadgen/pace"
	"github.com/emr-eks-loadtest/emr-eks-loadtest/loadgen/search"
	"github.com/emr-eks-loadtest/emr-eks-loadtest/loadgen/threshold"
)

// Defaults of the search flags.
const (
	DefaultSearchFrom = "10/min"
	minSettle         = time.Second
)

// searchFlags are the flags of `loadgen search` beyond the run's target and job flags.
type searchFlags struct {
	slos                  listFlag
	from, maxRate         string
	growth, precision     float64
	warmup, window        time.Duration
	settle                time.Duration
	drainBetween          bool
	maxSteps              int
	budgetUSD, costPerJob float64
	// The stack whose prices estimate the spend (cmd_search_budget.go).
	preset, stackDir string
	expectedRunTime  time.Duration
}

// searchFlagTakesValue lists the search's own flags (true: takes a value).
var searchFlagTakesValue = map[string]bool{"slo": true, "from": true, "max-rate": true, "growth": true,
	"precision": true, "step-warmup": true, "step-window": true, "step-settle": true, "drain-between": false,
	"max-steps": true, "budget-usd": true, "cost-per-job-usd": true, "preset": true, "stack-dir": true, "expected-run-time": true}

// runFlagsSearchOwns are run flags that the search sets itself.
var runFlagsSearchOwns = []string{"rate", "stages", "users", "spawn-rate", "think-time", "duration"}

func (s *searchFlags) register(fs *flag.FlagSet) {
	fs.Var(&s.slos, "slo", "service-level objective a sustainable rate must meet, repeatable, in the --threshold syntax, e.g. 'time_to_running_p95<120s', 'failed_ratio<0.01'")
	fs.StringVar(&s.from, "from", DefaultSearchFrom, "first step's arrival `rate`; steps multiply it by --growth until one is not sustainable")
	fs.StringVar(&s.maxRate, "max-rate", "", "never step above this `rate` (empty: no limit)")
	fs.Float64Var(&s.growth, "growth", search.DefaultGrowth, "factor between steps while stepping up (> 1)")
	fs.Float64Var(&s.precision, "precision", search.DefaultPrecision, "bisect until first bad - last good <= this share of last good, e.g. 0.05 = 5%")
	fs.DurationVar(&s.warmup, "step-warmup", 0, "discarded start of every step, at least a job's run time (default: local target: the model's longest queue delay + start latency + run time; other targets: required)")
	fs.DurationVar(&s.window, "step-window", 0, "measured part of every step (default: 2 × --step-warmup)")
	fs.DurationVar(&s.settle, "step-settle", 0, "time after the window, at the step's rate, for tracking to see the window's jobs start (default: 2 × --track-interval, at least 1s)")
	fs.BoolVar(&s.drainBetween, "drain-between", false, "before each step wait until no job of earlier steps is live (default: they keep running into the next step; only a bad step's backlog is let drain)")
	fs.IntVar(&s.maxSteps, "max-steps", search.DefaultMaxSteps, "stop after this many steps")
	fs.Float64Var(&s.budgetUSD, "budget-usd", 0, "stop before a step whose estimated spend would exceed this many dollars, priced by loadgen plan from --stack's Pulumi.<stack>.yaml or --preset (0: no budget)")
	fs.Float64Var(&s.costPerJob, "cost-per-job-usd", 0, "cost of one job for --budget-usd, replacing the plan's figure (the plan's fixed hourly cost still counts when the stack is known)")
	fs.StringVar(&s.preset, "preset", "", "price --budget-usd on this preset (dev, scale) instead of --stack's Pulumi.<stack>.yaml")
	fs.StringVar(&s.stackDir, "stack-dir", ".", "directory holding Pulumi.<stack>.yaml for --stack's prices")
	fs.DurationVar(&s.expectedRunTime, "expected-run-time", 0, "how long a job runs, for --budget-usd's cost per job (default: the mean of --local-run-time)")
}

// splitSearchArgs separates the search's own flags from the run's flags.
func splitSearchArgs(args []string) (mine, rest []string) {
	for i := 0; i < len(args); i++ {
		a := args[i]
		name, _, hasValue := strings.Cut(strings.TrimLeft(a, "-"), "=")
		takes, ok := searchFlagTakesValue[name]
		if !strings.HasPrefix(a, "-") || !ok {
			rest = append(rest, a)
			continue
		}
		mine = append(mine, a)
		if takes && !hasValue && i+1 < len(args) {
			mine = append(mine, args[i+1])
			i++
		}
	}
	return mine, rest
}

// refuseOwnedFlags rejects the run flags whose job the search does.
func refuseOwnedFlags(rest []string) error {
	for _, a := range rest {
		name, _, _ := strings.Cut(strings.TrimLeft(a, "-"), "=")
		if strings.HasPrefix(a, "-") && slices.Contains(runFlagsSearchOwns, name) {
			return usagef("--%s: loadgen search sets the arrival rate and the length of every step itself; use --from, --max-rate, --step-warmup and --step-window instead", name)
		}
	}
	return nil
}

// config checks the flags and builds the search's configuration (warm-up and settle
// defaults are filled in by the command, which knows the target).
func (s *searchFlags) config(maxJobs int64) (search.Config, error) {
	var errs []error
	from, err := pace.ParseRate(s.from)
	if err == nil && from <= 0 {
		err = fmt.Errorf("a zero rate submits nothing: give e.g. 10/min")
	}
	errs = append(errs, wrapUsage("--from", err))
	var maxRate pace.Rate
	if s.maxRate != "" {
		maxRate, err = pace.ParseRate(s.maxRate)
		errs = append(errs, wrapUsage("--max-rate", err))
	}
	if s.growth <= 1 {
		errs = append(errs, usagef("--growth %g: want a factor above 1, e.g. 2", s.growth))
	}
	if !(s.precision > 0 && s.precision < 1) {
		errs = append(errs, usagef("--precision %g: want a share between 0 and 1, e.g. 0.05", s.precision))
	}
	if s.budgetUSD < 0 || s.costPerJob < 0 {
		errs = append(errs, usagef("--budget-usd %g, --cost-per-job-usd %g: want dollars, 0 or more", s.budgetUSD, s.costPerJob))
	}
	errs = append(errs, checkNonNegative("expected-run-time", s.expectedRunTime))
	for _, d := range []struct {
		name string
		v    time.Duration
	}{{"step-warmup", s.warmup}, {"step-window", s.window}, {"step-settle", s.settle}} {
		errs = append(errs, checkNonNegative(d.name, d.v))
	}
	slos, err := threshold.ParseAll(s.slos)
	if err != nil {
		errs = append(errs, fmt.Errorf("%w: --slo: %w", ErrUsage, err))
	}
	cfg := search.Config{Plan: search.Plan{From: from, Growth: s.growth, Precision: s.precision, MaxRate: maxRate},
		SLOs: slos, Rule: search.DefaultStabilityRule(), Warmup: s.warmup, Window: s.window, Settle: s.settle,
		DrainBetween: s.drainBetween, MaxJobs: maxJobs, MaxSteps: s.maxSteps}
	return cfg, errors.Join(errs...)
}
