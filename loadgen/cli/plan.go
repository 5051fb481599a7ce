package cli

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"flag"
	"fmt"
	"regexp"
	"strings"
	"time"

	"github.com/emr-eks-loadtest/emr-eks-loadtest/loadgen/engine"
	"github.com/emr-eks-loadtest/emr-eks-loadtest/loadgen/pace"
	"github.com/emr-eks-loadtest/emr-eks-loadtest/loadgen/runner"
	"github.com/emr-eks-loadtest/emr-eks-loadtest/loadgen/template"
	"github.com/emr-eks-loadtest/emr-eks-loadtest/loadgen/templates"
)

var sessionRe = regexp.MustCompile(`^[a-z0-9][a-z0-9-]{2,39}$`)

// NewSessionID makes lg-YYYYMMDD-HHMMSS-xxxx (UTC).
func NewSessionID(now time.Time) string {
	b := make([]byte, 2)
	_, _ = rand.Read(b)
	return "lg-" + now.UTC().Format("20060102-150405") + "-" + hex.EncodeToString(b)
}

// MaxRatePerWorker bounds the open model's rate on one process: the
// scheduler keeps its lag at ~1 ms up to ~200/s on 2 cores (bench/), and far
// above this bound it only writes late records. Scale out with --workers.
const MaxRatePerWorker = pace.Rate(1000)

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
		if err == nil && rate == 0 {
			err = errors.New("a zero rate submits nothing: give e.g. 1/s or 60/min")
		}
		errs = append(errs, wrapUsage(r.label("rate"), err), checkPeak(r, "rate", rate))
		cfg.Pacer = pace.Constant{Per: rate}
	case r.stages != "":
		stages, err := pace.ParseStages(r.stages)
		st := pace.Staged{Stages: stages}
		if err == nil && st.Total() < 1 {
			err = fmt.Errorf("%q plans no submission (the rate integrated over the stages is %.2g jobs)", r.stages, st.Total())
		}
		errs = append(errs, wrapUsage(r.label("stages"), err), checkPeak(r, "stages", st.Peak()))
		cfg.Pacer = st
	default:
		think, err := pace.ParseThink(r.think)
		errs = append(errs, wrapUsage(r.label("think-time"), err))
		cfg.Think, cfg.Seed = think, uint64(time.Now().UnixNano())
		if r.users < 1 {
			errs = append(errs, usagef("%s %d: want at least 1", r.label("users"), r.users))
		}
		errs = append(errs, openOnly(r, set))
	}
	errs = append(errs, checkRanges(r))
	if r.duration == 0 && r.maxJobs == 0 && r.stages == "" {
		errs = append(errs, usagef("no bound: give --duration, --max-jobs or --stages"))
	}
	return cfg, errors.Join(errs...)
}

// checkPeak refuses an open-model rate beyond what the workers can schedule.
func checkPeak(r *runFlags, name string, peak pace.Rate) error {
	workers := max(1, r.scaleOut.workers)
	if w, err := r.scaleOut.worker(getenv); err == nil { // its errors are prepare's to report
		workers = max(1, w.Count)
	}
	if peak <= MaxRatePerWorker*pace.Rate(workers) {
		return nil
	}
	return usagef("%s %s: %.0f/s is beyond what %d worker(s) can schedule (one worker sends at most %.0f/s); lower it or scale out with --workers N",
		r.label(name), r.rate+r.stages, float64(peak), workers, float64(MaxRatePerWorker))
}

// openOnly refuses the open model's flags in a closed-model run, where they
// would be silently ignored.
func openOnly(r *runFlags, set map[string]bool) error {
	var errs []error
	for _, name := range []string{"max-in-flight", "late-after"} {
		if set[name] {
			errs = append(errs, usagef("%s is an open-model flag (with --rate or --stages); this run uses the closed model (--users)", r.label(name)))
		}
	}
	return errors.Join(errs...)
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
func loadTemplate(name, target string) (*template.Template, error) {
	if t, ok := templates.Lookup(target, name); ok {
		return parseTemplate("templates/"+t.File, t.Data)
	}
	t, err := template.Load(name)
	if err != nil {
		return nil, usagef("--template: %v (give a file, or one of the shipped templates: %s)", err, strings.Join(templates.Names(target), ", "))
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
