package cli

import (
	"errors"
	"flag"
	"time"
)

// label is how the user gave flag name: "--rate", or "LOADGEN_RATE" when
// it came from the environment (so a message points at what to fix).
func (r *runFlags) label(name string) string {
	if r.fromEnv[name] {
		return EnvName(name)
	}
	return "--" + name
}

// envRecorder wraps getenv and notes which flags the environment set
// (parse consults a variable only for flags not on the command line).
func envRecorder(getenv func(string) string, from map[string]bool, fs *flag.FlagSet) func(string) string {
	names := map[string]string{}
	fs.VisitAll(func(f *flag.Flag) { names[EnvName(f.Name)] = f.Name })
	return func(k string) string {
		v := getenv(k)
		if v != "" {
			from[names[k]] = true
		}
		return v
	}
}

// rangeCheck is one bound on a numeric flag.
type rangeCheck struct {
	name  string
	bad   bool
	value any
	want  string
}

// checkRanges refuses every out-of-range numeric flag, each on its own line
// naming the flag (or variable), the value and what is allowed.
func checkRanges(r *runFlags) error {
	checks := []rangeCheck{
		{"max-jobs", r.maxJobs < 0, r.maxJobs, "want >= 0 (0 = no limit)"},
		{"max-in-flight", r.maxInFlight < 1, r.maxInFlight, "want at least 1 call outstanding"},
		{"spawn-rate", r.spawnRate < 0, r.spawnRate, "want users per second >= 0 (0 = all at once)"},
		{"max-attempts", r.target.maxAttempts < 1, r.target.maxAttempts, "want at least 1 (1 = no retries)"},
		{"local-virtual-clusters", r.local.vcs < 1, r.local.vcs, "want at least 1"},
		{"local-capacity", r.local.capacity < 0, r.local.capacity, "want >= 0 (0 = unlimited)"},
		{"local-queue-limit", r.local.queueLimit < 0, r.local.queueLimit, "want >= 0 (0 = unlimited)"},
		{"local-fail-ratio", !isRatio(r.local.failRatio), r.local.failRatio, "want a share 0..1"},
		{"local-throttle-ratio", !isRatio(r.local.throttle), r.local.throttle, "want a share 0..1"},
		{"local-5xx-ratio", !isRatio(r.local.serverErr), r.local.serverErr, "want a share 0..1"},
	}
	for name, d := range map[string]time.Duration{"duration": r.duration, "late-after": r.lateAfter, "track-after": r.trackAfter} {
		checks = append(checks, rangeCheck{name, d < 0, d, "must not be negative"})
	}
	for name, d := range map[string]time.Duration{"track-interval": r.trackInterval, "track-full-interval": r.trackFullInterval,
		"progress-every": r.live.progressEvery, "call-timeout": r.callTimeout, "retry-grace": r.retryGrace} {
		checks = append(checks, rangeCheck{name, d <= 0, d, "must be positive, e.g. 10s"})
	}
	var errs []error
	for _, c := range checks {
		if c.bad {
			errs = append(errs, usagef("%s %v: %s", r.label(c.name), c.value, c.want))
		}
	}
	return errors.Join(errs...)
}

func isRatio(f float64) bool { return f >= 0 && f <= 1 }
