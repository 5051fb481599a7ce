// Package compare runs the side-by-side benchmark of the old Locust toolkit's submission path
// (bench/oldtoolkit: Locust users running `aws emr-containers start-job-run` once per job)
// against loadgen's EMR target in the open and the closed model, all against `loadgen
// serve-local`, and the tracking cost of the old job-state poll against loadgen's tracker.
// Every count comes from the server (GET /_local/stats), not from the tools.
package compare

import (
	"errors"
	"fmt"
	"time"

	"github.com/emr-eks-loadtest/emr-eks-loadtest/loadgen/emr"
)

// Defaults of the full run (the documented command).
const (
	DefaultJobs         = 2000
	DefaultRate         = 50.0 // submissions per second
	DefaultUsers        = 50
	DefaultNamespaces   = 2 // the old toolkit's SPARK_JOB_NS_NUM
	DefaultLiveJobs     = 1000
	DefaultTrackVCs     = 4
	DefaultTrackWindow  = 2 * emr.DefaultTrackFullInterval // two of the tracker's quiet finish-scan periods
	DefaultPollInterval = 60 * time.Second                 // the old poll's interval
	DefaultPollRounds   = 2
	DefaultLocust       = "/usr/bin/locust" // Debian python3-locust
	DefaultAWS          = "/usr/bin/aws"    // Debian awscli (a pyenv shim may shadow it on PATH)
	DefaultPython       = "/usr/bin/python3"
	// thinkSpread is the think time's half-range relative to its mean: the old 20-30 s is 25 s ± 20 %.
	thinkSpread = 0.2
)

// Config says what to run. Zero fields take the defaults above (see Defaults).
type Config struct {
	Repo    string // repository root (holds bench/oldtoolkit and ./loadgen)
	Loadgen string // loadgen binary; empty: built with `go build -o` into WorkDir
	WorkDir string // scratch: binaries, journals, Locust CSVs, logs

	Jobs       int     // submissions per scenario
	Rate       float64 // target submissions per second (open model; closed model sized to reach it)
	Users      int     // closed model users, Locust's and loadgen's
	Namespaces int     // virtual clusters the submissions spread over

	LiveJobs     int           // tracking scenario: live jobs
	TrackVCs     int           // tracking scenario: virtual clusters
	TrackWindow  time.Duration // tracking scenario: how long loadgen's ListJobRuns are counted
	PollInterval time.Duration // the old poll's interval (60 s in the old toolkit; shorter in CI)
	PollRounds   int           // old poll rounds counted
	// TrackFullInterval is loadgen's --track-full-interval (default: loadgen's); the small CI
	// run shortens it so that the tracker reaches its steady state within seconds.
	TrackFullInterval time.Duration
	// PodFullInterval is the pod-watch row's --track-full-interval, its safety-net scan
	// interval (default: loadgen's, 30m); PodWindow how long that row is counted, at least
	// PodFullInterval so that a safety-net scan is inside (default: PodFullInterval).
	PodFullInterval, PodWindow time.Duration
	TrackingOnly               bool // skip the submission scenarios (and the Locust / aws CLI checks)

	Locust, AWS, Python string // binaries of the old path
}

// Defaults returns c with zero fields set to the defaults of the full run.
func (c Config) Defaults() Config {
	def := func(v *int, d int) {
		if *v == 0 {
			*v = d
		}
	}
	def(&c.Jobs, DefaultJobs)
	def(&c.Users, DefaultUsers)
	def(&c.Namespaces, DefaultNamespaces)
	def(&c.LiveJobs, DefaultLiveJobs)
	def(&c.TrackVCs, DefaultTrackVCs)
	def(&c.PollRounds, DefaultPollRounds)
	if c.Rate == 0 {
		c.Rate = DefaultRate
	}
	if c.TrackWindow == 0 {
		c.TrackWindow = DefaultTrackWindow
	}
	if c.TrackFullInterval == 0 {
		c.TrackFullInterval = emr.DefaultTrackFullInterval
	}
	if c.PodFullInterval == 0 {
		c.PodFullInterval = emr.DefaultPodFullInterval
	}
	if c.PodWindow == 0 {
		c.PodWindow = c.PodFullInterval
	}
	if c.PollInterval == 0 {
		c.PollInterval = DefaultPollInterval
	}
	for _, p := range []struct {
		v *string
		d string
	}{{&c.Locust, DefaultLocust}, {&c.AWS, DefaultAWS}, {&c.Python, DefaultPython}} {
		if *p.v == "" {
			*p.v = p.d
		}
	}
	return c
}

// Validate reports every bad field at once.
func (c Config) Validate() error {
	var errs []error
	positive := func(name string, v int) {
		if v <= 0 {
			errs = append(errs, fmt.Errorf("%s: %d, want a positive number", name, v))
		}
	}
	positive("jobs", c.Jobs)
	positive("users", c.Users)
	positive("namespaces", c.Namespaces)
	positive("live-jobs", c.LiveJobs)
	positive("track-vcs", c.TrackVCs)
	positive("poll-rounds", c.PollRounds)
	if c.Jobs < 2 {
		errs = append(errs, fmt.Errorf("jobs: %d, want at least 2 (the achieved rate needs two acceptances)", c.Jobs))
	}
	if c.Rate <= 0 {
		errs = append(errs, fmt.Errorf("rate: %g, want submissions per second > 0", c.Rate))
	}
	if c.TrackWindow < 10*time.Second {
		errs = append(errs, fmt.Errorf("track-window: %s, want at least 10s (loadgen's finish scan runs every 30s-5m)", c.TrackWindow))
	}
	if c.PodFullInterval < time.Second {
		errs = append(errs, fmt.Errorf("pod-full-interval: %s, want at least 1s (loadgen's default: %s)", c.PodFullInterval, emr.DefaultPodFullInterval))
	}
	if c.PodWindow < c.PodFullInterval {
		errs = append(errs, fmt.Errorf("pod-window: %s, want at least --pod-full-interval (%s) so that a safety-net scan is counted", c.PodWindow, c.PodFullInterval))
	}
	if c.PollInterval < time.Second {
		errs = append(errs, fmt.Errorf("poll-interval: %s, want at least 1s (the old toolkit: 60s)", c.PollInterval))
	}
	if c.Repo == "" || c.WorkDir == "" {
		errs = append(errs, errors.New("repo and work dir: both are required"))
	}
	return errors.Join(errs...)
}

// Think returns the closed model's think time range: mean Users/Rate (so that Users users
// reach Rate when a submission takes no time), spread like the old 20-30 s.
func (c Config) Think() (lo, hi time.Duration) {
	mean := time.Duration(float64(c.Users) / c.Rate * float64(time.Second))
	spread := time.Duration(float64(mean) * thinkSpread)
	return (mean - spread).Round(time.Millisecond), (mean + spread).Round(time.Millisecond)
}
