package engine

import (
	"context"
	"fmt"
	"path/filepath"
	"time"

	"github.com/emr-eks-loadtest/emr-eks-loadtest/loadgen/job"
	"github.com/emr-eks-loadtest/emr-eks-loadtest/loadgen/journal"
)

// Target is where a session's jobs go: the engine knows a target only
// through this (EMR StartJobRun is loadgen/emr's Target, SparkApplications
// loadgen/operator's). See docs/tracking.md for how to add one.
type Target interface {
	// Prepare checks and readies the target before the first submission
	// (the EMR target creates session-owned virtual clusters there,
	// journaling each through record) and returns the places it created,
	// which join Config.VCs.
	Prepare(ctx context.Context, session string, record func(journal.Record)) ([]VC, error)
	// Render builds one job's request as Submit would send it (validate
	// prints it; a template that cannot render fails before the run).
	Render(vars job.Vars, p job.Placement) (any, error)
	// Submit renders job vars with placement p and sends it. A target that
	// retries calls job.CallOf(ctx)'s Attempt before every attempt.
	Submit(ctx context.Context, vars job.Vars, p job.Placement) job.Result
	// NewTracker makes the target's tracker; it reports every change as a
	// journal state record through record.
	NewTracker(sessionStart time.Time, record func(journal.Record)) Tracker
}

// Resolver is a Target that can look a job up by its name: a call cut by a
// deadline (whose answer we never saw) is resolved by it after the run.
type Resolver interface {
	// LookUp returns the id of the job named name on place vc ("" when the
	// target holds no such job).
	LookUp(ctx context.Context, name, vc string, since time.Time) (string, error)
}

// Tracker follows a session's accepted jobs (built on loadgen/track).
type Tracker interface {
	Run(ctx context.Context)
	Poll(ctx context.Context) error
	Add(id, vc string, sent time.Time) // sent: when the call went out (client clock)
	Live() int
	Counts() map[string]int
	Calls() int64 // polling calls made (a watching tracker makes none)
}

// jobName is JobName, with the worker index inside when the run is scaled
// out (workers must not collide on names: SparkApplication names are unique).
func jobName(cfg Config, idx int64) string {
	if cfg.Workers > 1 {
		return fmt.Sprintf("%s-w%d-%06d", cfg.Session, cfg.Worker, idx)
	}
	return JobName(cfg.Session, idx)
}

// runDir is Dir, or its worker-<i> subdirectory when the run is scaled out.
func runDir(cfg Config) string {
	if cfg.Workers > 1 {
		return filepath.Join(Dir(cfg.RunsDir, cfg.Session), fmt.Sprintf("worker-%d", cfg.Worker))
	}
	return Dir(cfg.RunsDir, cfg.Session)
}
