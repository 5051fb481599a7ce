package engine

import (
	"context"
	"fmt"
	"path/filepath"
	"time"

	"github.com/emr-eks-loadtest/emr-eks-loadtest/loadgen/emr"
	"github.com/emr-eks-loadtest/emr-eks-loadtest/loadgen/journal"
	"github.com/emr-eks-loadtest/emr-eks-loadtest/loadgen/template"
)

// Tracker follows a session's accepted jobs (emr.Tracker lists job runs;
// the operator target watches SparkApplications).
type Tracker interface {
	Run(ctx context.Context)
	Poll(ctx context.Context) error
	Add(id, vc string, sent time.Time) // sent: when the call went out (client clock)
	Live() int
	Counts() map[string]int
	Calls() int64 // polling calls made (a watching tracker makes none)
}

// Target is a submission target other than the EMR API (Config.Target;
// nil selects EMR StartJobRun through Session's API).
type Target interface {
	// Submit renders job vars with placement p and sends it.
	Submit(ctx context.Context, vars template.Vars, p template.Placement) emr.Result
	// NewTracker makes the target's tracker; it reports every change as a
	// journal state record through record.
	NewTracker(sessionStart time.Time, record func(journal.Record)) Tracker
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
