package compare

import (
	"context"
	"fmt"
	"os/exec"
	"path/filepath"
	"strconv"
	"syscall"
	"time"

	"github.com/emr-eks-loadtest/emr-eks-loadtest/loadgen/cli"
	"github.com/emr-eks-loadtest/emr-eks-loadtest/loadgen/emr"
	"github.com/emr-eks-loadtest/emr-eks-loadtest/loadgen/localemr"
)

// Tracking is what following LiveJobs live jobs costs one tool, counted by the server.
type Tracking struct {
	Tool     string
	How      string
	LiveJobs int64 // live jobs on the server while counting
	VCs      int
	// ListJobRunsPerMin and OtherPerMin are calls per minute: ListJobRuns, and every other
	// API call (the old poll's ListVirtualClusters).
	ListJobRunsPerMin, OtherPerMin float64
}

// runTracking puts LiveJobs live jobs over TrackVCs virtual clusters with loadgen, counts
// loadgen's own tracking calls over TrackWindow, stops it, then counts PollRounds rounds of
// the old poll on the same jobs.
func runTracking(ctx context.Context, c Config, loadgen string) ([]Tracking, error) {
	srv, err := startServer(ctx, loadgen, append(serverArgs, "--virtual-clusters", strconv.Itoa(c.TrackVCs))...)
	if err != nil {
		return nil, err
	}
	defer srv.stop()
	ours, err := trackOurs(ctx, c, loadgen, srv)
	if err != nil {
		return nil, err
	}
	old, err := trackOld(ctx, c, srv)
	if err != nil {
		return nil, err
	}
	return []Tracking{old, ours}, nil
}

func trackOurs(ctx context.Context, c Config, loadgen string, srv *server) (Tracking, error) {
	tc := emr.TrackerConfig{Interval: cli.DefaultTrackInterval, FullInterval: c.TrackFullInterval}
	// every job seen running, then the finish scan backed off to its longest interval
	settle := 10*tc.Interval + tc.QuietAfter()
	fill := float64(c.LiveJobs) / 5 // submit them all in ~5 s
	args := append(loadgenArgs(c, srv, "bench-track", c.LiveJobs), "--rate", rateFlag(fill),
		"--vc-policy", "round-robin", "--track-full-interval", c.TrackFullInterval.String(),
		"--track-after", (settle + c.TrackWindow + time.Minute).String())
	cmd := exec.CommandContext(ctx, loadgen, args...)
	stderr := &tailBuffer{}
	cmd.Env, cmd.Stdout, cmd.Stderr = awsEnv(), &tailBuffer{}, stderr
	if err := cmd.Start(); err != nil {
		return Tracking{}, fmt.Errorf("starting loadgen: %w", err)
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	stop := func() error {
		_ = cmd.Process.Signal(syscall.SIGINT)
		return <-done
	}
	if _, err := srv.waitAccepted(ctx, int64(c.LiveJobs), time.Minute); err != nil {
		return Tracking{}, errorsJoin(err, stop(), stderr)
	}
	t := Tracking{Tool: "loadgen tracker", VCs: c.TrackVCs,
		How: fmt.Sprintf("start scans every %s only where jobs are not yet RUNNING (none here once all run); finish scans (final states only, createdAfter) every %s-%s, at %s when no job finishes; counted over %s after %s of settling",
			tc.Interval, tc.FullMin(), tc.FullInterval, tc.FullInterval, c.TrackWindow, settle.Round(time.Second))}
	time.Sleep(settle) // every job seen RUNNING, the finish scan at its longest interval
	before, err := srv.stats(ctx)
	if err != nil {
		return t, errorsJoin(err, stop(), stderr)
	}
	start := time.Now()
	time.Sleep(c.TrackWindow)
	after, err := srv.stats(ctx)
	window := time.Since(start)
	if err := errorsJoin(err, stop(), stderr); err != nil {
		return t, err
	}
	t.LiveJobs = int64(after.Live)
	t.ListJobRunsPerMin, t.OtherPerMin = perMinute(before, after, window.Minutes())
	return t, nil
}

func trackOld(ctx context.Context, c Config, srv *server) (Tracking, error) {
	t := Tracking{Tool: "old state poll", VCs: c.TrackVCs,
		How: "ListVirtualClusters, then ListJobRuns of every state without createdAfter per virtual cluster, all pages, every 60 s"}
	if c.PollInterval != DefaultPollInterval {
		t.How += fmt.Sprintf(" (measured rounds ran every %s; per minute = calls per round)", c.PollInterval)
	}
	before, err := srv.stats(ctx)
	if err != nil {
		return t, err
	}
	cmd := exec.CommandContext(ctx, c.Python, "state_poll.py", "--endpoint-url", srv.URL, "--cluster-name", localCluster,
		"--interval", secs(c.PollInterval), "--rounds", strconv.Itoa(c.PollRounds))
	cmd.Dir = filepath.Join(c.Repo, "bench", "oldtoolkit")
	cmd.Env, cmd.Stdout, cmd.Stderr = awsEnv(), &tailBuffer{}, &tailBuffer{}
	if _, err := measure(ctx, cmd); err != nil {
		return t, fmt.Errorf("old state poll: %w", err)
	}
	after, err := srv.stats(ctx)
	if err != nil {
		return t, err
	}
	t.LiveJobs = int64(after.Live)
	// one round per minute in the old toolkit: calls per round are calls per minute
	t.ListJobRunsPerMin, t.OtherPerMin = perMinute(before, after, float64(c.PollRounds))
	return t, nil
}

// perMinute divides the calls between two stats by minutes: ListJobRuns and all others.
func perMinute(before, after localemr.Stats, minutes float64) (ljr, other float64) {
	var total int64
	for op, n := range after.Calls {
		if op != "StartJobRun" && op != "ListJobRuns" {
			total += n - before.Calls[op]
		}
	}
	return float64(after.Calls["ListJobRuns"]-before.Calls["ListJobRuns"]) / minutes, float64(total) / minutes
}

func errorsJoin(err, stopErr error, stderr *tailBuffer) error {
	if err == nil && stopErr == nil {
		return nil
	}
	if err == nil {
		err = stopErr
	}
	return fmt.Errorf("loadgen tracking run: %w; stderr ends:\n%s", err, stderr)
}
