package cli

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"flag"
	"io/fs"
	"regexp"
	"time"

	"github.com/emr-eks-loadtest/emr-eks-loadtest/loadgen/engine"
	"github.com/emr-eks-loadtest/emr-eks-loadtest/loadgen/pace"
	"github.com/emr-eks-loadtest/emr-eks-loadtest/loadgen/runner"
	"github.com/emr-eks-loadtest/emr-eks-loadtest/loadgen/template"
)

var sessionRe = regexp.MustCompile(`^[a-z0-9][a-z0-9-]{2,39}$`)

// NewSessionID makes lg-YYYYMMDD-HHMMSS-xxxx (UTC).
func NewSessionID(now time.Time) string {
	b := make([]byte, 2)
	_, _ = rand.Read(b)
	return "lg-" + now.UTC().Format("20060102-150405") + "-" + hex.EncodeToString(b)
}

// loadModel validates the load flags and builds the runner configuration.
func loadModel(r *runFlags, set map[string]bool) (runner.Config, error) {
	var errs []error
	cfg := runner.Config{Users: r.users, SpawnRate: r.spawnRate, Duration: r.duration, MaxJobs: r.maxJobs,
		MaxInFlight: r.maxInFlight, LateAfter: r.lateAfter}
	open := r.rate != "" || r.stages != ""
	switch {
	case r.rate != "" && r.stages != "":
		errs = append(errs, usagef("--rate and --stages both given: use --rate for a constant rate or --stages for ramps"))
	case open && (set["users"] || set["think-time"] || set["spawn-rate"]):
		errs = append(errs, usagef("--users/--spawn-rate/--think-time are the closed model; --rate/--stages the open model: give one model"))
	case r.rate != "":
		rate, err := pace.ParseRate(r.rate)
		errs = append(errs, wrapUsage("--rate", err))
		cfg.Pacer = pace.Constant{Per: rate}
	case r.stages != "":
		stages, err := pace.ParseStages(r.stages)
		errs = append(errs, wrapUsage("--stages", err))
		cfg.Pacer = pace.Staged{Stages: stages}
	default:
		think, err := pace.ParseThink(r.think)
		errs = append(errs, wrapUsage("--think-time", err))
		cfg.Think, cfg.Seed = think, uint64(time.Now().UnixNano())
		if r.users < 1 {
			errs = append(errs, usagef("--users %d: want at least 1", r.users))
		}
	}
	for name, d := range map[string]time.Duration{"duration": r.duration, "late-after": r.lateAfter,
		"track-after": r.trackAfter} {
		errs = append(errs, checkNonNegative(name, d))
	}
	if r.maxJobs < 0 || r.maxInFlight < 1 || r.spawnRate < 0 {
		errs = append(errs, usagef("--max-jobs must be >= 0, --max-in-flight >= 1, --spawn-rate >= 0"))
	}
	if r.duration == 0 && r.maxJobs == 0 && r.stages == "" {
		errs = append(errs, usagef("no bound: give --duration, --max-jobs or --stages"))
	}
	if r.trackInterval <= 0 || r.trackFullInterval <= 0 || r.progressEvery <= 0 {
		errs = append(errs, usagef("--track-interval, --track-full-interval and --progress-every must be positive"))
	}
	return cfg, errors.Join(errs...)
}

func wrapUsage(flagName string, err error) error {
	if err == nil {
		return nil
	}
	return usagef("%s: %v", flagName, err)
}

// placement validates the placement flags.
func placement(r *runFlags, t *target) (engine.Placement, error) {
	p := engine.Placement{AZs: t.azs, AZPolicy: r.azPolicy, VCPolicy: r.vcPolicy, DriverNodePool: r.driverPool,
		ExecutorNodePool: r.executorPool, SchedulerName: r.scheduler}
	if p.SchedulerName == "outputs" {
		p.SchedulerName = t.scheduler
	}
	return p, errors.Join(engine.ValidatePolicy("az-policy", r.azPolicy), engine.ValidatePolicy("vc-policy", r.vcPolicy))
}

// loadTemplate reads --template: a file path, or the name of a shipped template.
func loadTemplate(name string, builtin fs.FS) (*template.Template, error) {
	if builtin != nil {
		if data, err := fs.ReadFile(builtin, "templates/"+name+".json"); err == nil {
			return parseTemplate("templates/"+name+".json", data)
		}
	}
	t, err := template.Load(name)
	if err != nil {
		return nil, usagef("--template: %v (give a file, or one of the shipped templates: spark-pi, tpcds)", err)
	}
	return t, nil
}

func parseTemplate(name string, data []byte) (*template.Template, error) {
	t, err := template.Parse(name, data)
	if err != nil {
		return nil, usagef("--template: %v", err)
	}
	return t, nil
}

// planMap records the flags that shaped the run, for the reports.
func planMap(fs *flag.FlagSet, set map[string]bool, target string) map[string]string {
	plan := map[string]string{"target": target}
	fs.VisitAll(func(f *flag.Flag) {
		if set[f.Name] {
			plan[f.Name] = f.Value.String()
		}
	})
	return plan
}
